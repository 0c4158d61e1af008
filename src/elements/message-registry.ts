/**
 * The connected `<zaby-message>` of each turn, filled by the messages themselves. The chat
 * hands a streaming turn straight to its message through this (one map lookup per frame),
 * instead of rendering the whole log or walking the DOM to find it.
 */
import type {Turn} from '../state/run-state.ts';

/** What the registry needs of a message element. */
export interface TurnView {
  turn: Turn | undefined;
}

export class MessageRegistry {
  readonly #views = new Map<string, TurnView>();

  /** A message now shows the turn `id` (called by the message when connected or re-bound). */
  add(id: string, view: TurnView): void {
    this.#views.set(id, view);
  }

  /** A message no longer shows the turn `id`. */
  remove(id: string, view: TurnView): void {
    if (this.#views.get(id) === view) this.#views.delete(id);
  }

  /**
   * Gives the turn to the message showing it.
   * @returns false when no message shows it yet (the log has to render one)
   */
  update(turn: Turn): boolean {
    const view = this.#views.get(turn.id);
    if (!view) return false;
    view.turn = turn;
    return true;
  }
}
