/**
 * Keeps the ids of this conversation's runs (and what the user typed, which the events
 * endpoint does not return) so a reload can restore the transcript. Never a token.
 */
export type PersistMode = 'session' | 'local' | 'none';

export interface PersistedRun {
  runId: string;
  requestId: string;
  input: string;
}

const MAX_RUNS = 200;

export function storageFor(mode: PersistMode): Storage | undefined {
  if (mode === 'none') return undefined;
  try {
    return mode === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined; // storage disabled (privacy mode, sandboxed iframe): just don't persist
  }
}

function isPersistedRun(value: unknown): value is PersistedRun {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['runId'] === 'string' &&
    typeof v['requestId'] === 'string' &&
    typeof v['input'] === 'string'
  );
}

/** Reads and writes one conversation's run list under `key`. */
export class RunStore {
  readonly #key: string;
  readonly #mode: PersistMode;

  constructor(key: string, mode: PersistMode) {
    this.#key = key;
    this.#mode = mode;
  }

  load(): PersistedRun[] {
    const raw = storageFor(this.#mode)?.getItem(this.#key);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isPersistedRun) : [];
    } catch {
      return [];
    }
  }

  add(run: PersistedRun): void {
    const runs = this.load().filter((r) => r.runId !== run.runId);
    runs.push(run);
    this.#save(runs.slice(-MAX_RUNS));
  }

  /** Forgets these runs (e.g. ones the server no longer has). */
  remove(runIds: ReadonlySet<string>): void {
    this.#save(this.load().filter((r) => !runIds.has(r.runId)));
  }

  /** Replies that finished while the launcher panel was closed; kept beside the run ids. */
  get unread(): number {
    const count = Number(storageFor(this.#mode)?.getItem(`${this.#key}:unread`));
    return count > 0 ? Math.floor(count) : 0;
  }

  set unread(count: number) {
    try {
      const storage = storageFor(this.#mode);
      if (count) storage?.setItem(`${this.#key}:unread`, String(count));
      else storage?.removeItem(`${this.#key}:unread`);
    } catch {
      // quota exceeded: the badge still counts; only a reload forgets it
    }
  }

  clear(): void {
    storageFor(this.#mode)?.removeItem(this.#key);
    this.unread = 0;
  }

  #save(runs: PersistedRun[]): void {
    try {
      storageFor(this.#mode)?.setItem(this.#key, JSON.stringify(runs));
    } catch {
      // quota exceeded: the live conversation goes on; only restore is affected
    }
  }
}

/** The storage key of a conversation: one per API origin and element id. */
export function storageKey(apiOrigin: string, elementId: string): string {
  return `zaby-chat:v1:${apiOrigin}:${elementId || 'default'}`;
}
