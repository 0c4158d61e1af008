/**
 * Host tool renderers: a page's own UI for a tool call (a weather card, a refund form),
 * registered page-wide with `registerToolRenderer()` (the add-on registry, so the
 * script-tag bundle and an npm build share them) or per element (`toolRenderers`).
 *
 * What a renderer makes lives in the chat's light DOM, so the page's CSS and frameworks
 * work in it. A container `div[slot=zaby-tool-N]` is appended to `<zaby-chat>` and reaches
 * the tool call through two forwarding slots: one in `<zaby-message>`'s light DOM (in the
 * chat's shadow root), one in `<zaby-tool-call>`'s (in the message's). The slot names are
 * our own counter, never a server string.
 */
import {addons, registerAddon} from '../addons/registry.ts';
import {ZabyErrorEvent} from '../events.ts';
import type {ApprovalDecision} from '../protocol/types.ts';
import type {ToolStatus} from '../state/run-state.ts';

/** What a renderer is given: one tool call, as it stands now (a new object on every change). */
export interface ToolCallView {
  runId: string;
  toolCallId: string;
  toolName: string;
  arguments: Record<string, unknown>;
  status: ToolStatus;
  /** What the tool returned, once it did. */
  output?: unknown;
  /** The result is an error. */
  isError?: boolean;
  /** The approval the call needs, from the moment it is asked for (`decision` once known). */
  approval?: {
    approvalId: string;
    message?: string;
    expiresAt?: string;
    decision?: ApprovalDecision;
    /** Approves through the element (its server call, events and restore); once. */
    approve(): Promise<void>;
    /** Rejects through the element; once. */
    reject(): Promise<void>;
  };
}

/** What a function renderer may return: called on each change, and when the call goes. */
export interface ToolRendererHandle {
  update?(toolCall: ToolCallView): void;
  destroy?(): void;
}

/**
 * A custom element's tag name (created once per tool call, its `toolCall` property set on
 * every change), or a function that renders into `container`; a function that returns no
 * `update` is called again, into the emptied container, on every change.
 */
export type ToolRenderer =
  string | ((toolCall: ToolCallView, container: HTMLElement) => ToolRendererHandle | void);

/**
 * Registers a page-wide renderer for `toolName` (`"*"`: every tool without its own). A
 * chat's `toolRenderers` win over it. Shows in every `<zaby-chat>`, present or future.
 */
export function registerToolRenderer(toolName: string, renderer: ToolRenderer): void {
  registerAddon('toolRenderers', {...addons().toolRenderers, [toolName]: renderer});
}

/** Own properties only: a tool named `constructor` or `__proto__` has no renderer. */
const own = (map: Record<string, ToolRenderer> | undefined, name: string) =>
  map && Object.hasOwn(map, name) ? map[name] : undefined;

interface Mounted {
  renderer: ToolRenderer;
  /** The container (in the chat's light DOM) first, then the two forwarding slots. */
  nodes: HTMLElement[];
  handle: ToolRendererHandle | void;
}

/** What the host needs of its chat. */
type Chat = HTMLElement & {toolRenderers?: Record<string, ToolRenderer>; requestUpdate(): void};

let slots = 0;

const make = <K extends 'div' | 'slot'>(tag: K, props: Partial<HTMLSlotElement>) =>
  Object.assign(document.createElement(tag), props);

/** One chat's renderers: which one a tool call gets, and the mounted ones. */
export class ToolRendererHost {
  readonly #chat: Chat;
  readonly #mounted = new Map<HTMLElement, Mounted>();
  /** Tool calls (run id + call id) whose renderer threw: they show the built-in view. */
  readonly #failed = new Set<string>();
  /** Bumped when a renderer failed (the chat renders its messages again). */
  version = 0;

  constructor(chat: Chat) {
    this.#chat = chat;
  }

  /** The renderer of a tool call: by name (the chat's, then the page's), then `"*"`. */
  find(runId: string, toolCallId: string, toolName: string): ToolRenderer | undefined {
    if (this.#failed.has(`${runId} ${toolCallId}`)) return undefined;
    const local = this.#chat.toolRenderers;
    const page = addons().toolRenderers;
    return own(local, toolName) ?? own(page, toolName) ?? own(local, '*') ?? own(page, '*');
  }

  /**
   * Mounts or updates the renderer of the tool call `el` shows; without a renderer (its
   * message went, or the call has none now) destroys what it made. One that throws is dropped.
   */
  render(el: HTMLElement, renderer?: ToolRenderer, view?: ToolCallView): void {
    let mounted = this.#mounted.get(el);
    if (mounted && mounted.renderer !== renderer) {
      this.#mounted.delete(el);
      try {
        mounted.handle?.destroy?.();
      } catch {
        // Its nodes go all the same.
      }
      for (const node of mounted.nodes) node.remove();
      mounted = undefined;
    }
    if (!renderer || !view) return;
    if (!mounted) {
      // The slot names are our own counter, never a server string.
      const name = `zaby-tool-${++slots}`;
      const message = (el.getRootNode() as ShadowRoot).host;
      mounted = {
        renderer,
        nodes: [
          this.#chat.appendChild(make('div', {slot: name})),
          message.appendChild(make('slot', {name, slot: name})),
          el.appendChild(make('slot', {name})),
        ],
        handle: undefined,
      };
      this.#mounted.set(el, mounted);
    }
    const container = mounted.nodes[0]!;
    const handle = mounted.handle;
    try {
      if (typeof renderer === 'string') {
        const node: Element & {toolCall?: ToolCallView} =
          container.firstElementChild ?? document.createElement(renderer);
        node.toolCall = view;
        if (!node.parentNode) container.append(node);
      } else if (handle?.update) handle.update(view);
      else {
        handle?.destroy?.();
        container.replaceChildren();
        mounted.handle = renderer(view, container);
      }
    } catch (error) {
      this.render(el);
      this.#failed.add(`${view.runId} ${view.toolCallId}`);
      this.version++;
      this.#chat.requestUpdate();
      this.#chat.dispatchEvent(
        new ZabyErrorEvent({
          code: 'renderer_failed',
          message: String(error),
          runId: view.runId,
          retryable: false,
        }),
      );
    }
  }
}
