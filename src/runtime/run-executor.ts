/**
 * The one implementation of run semantics (runtime-api.md, "Endpoints"), shared by the Node
 * emulator and the in-browser MockTransport: events numbered seq 1, 2, 3…, approvals that
 * pause the run (and may expire), cancel → `RunFinished CANCELLED`, a failure →
 * `FAILED`, and `finalOutput` = the joined text deltas.
 *
 * No DOM and no Node APIs (src/runtime/tsconfig.json checks that): timers, the clock and
 * ids come in through {@link RunEnvironment}, so each host supplies its own and a test can
 * supply a fake one.
 */
import type {
  ApprovalDecision,
  FinishedStatus,
  RunEventDataMap,
  RunEventType,
  RunStatus,
  StoredRunEvent,
} from '../protocol/types.ts';

/** One step of a run's script; a `text` step is one delta. */
export type RunStep =
  | {type: 'thinking'; content?: string}
  | {type: 'text'; content: string}
  | {
      type: 'tool_call';
      toolName: string;
      arguments?: Record<string, unknown>;
      /** @defaultValue `call_<seq>` */
      toolCallId?: string;
    }
  | {
      type: 'tool_result';
      toolName: string;
      output: unknown;
      isError?: boolean;
      /** @defaultValue the id of the latest tool_call */
      toolCallId?: string;
    }
  | {
      type: 'approval';
      toolName: string;
      arguments?: Record<string, unknown>;
      message?: string;
      /** @defaultValue the id of the latest tool_call, if any */
      toolCallId?: string;
      /** @defaultValue a new id with the prefix `apr` */
      approvalId?: string;
      /** Expiry; @defaultValue {@link RunExecutorOptions.approvalTtlMs} */
      ttlMs?: number;
      /** Run after an approval, before the steps that follow this one. */
      approved: RunStep[];
      /** Run after a rejection or expiry, before the steps that follow this one. */
      rejected: RunStep[];
    }
  | {type: 'fail'; code: string; message: string}
  /** An extra wait on top of the pace. */
  | {type: 'pause'; ms: number}
  /** A scripted connection drop: reported through {@link RunExecutorOptions.onDrop}. */
  | {type: 'drop'}
  /**
   * Steps made as the run goes (a model's stream): each is run as it comes, at no extra
   * pace; stopping the run closes the iterator.
   */
  | {type: 'generate'; steps: () => AsyncIterable<RunStep>};

/** What a run does, and at which pace. */
export interface RunScript {
  steps: RunStep[];
  /** Delay before each step in ms; undefined = the executor's default. */
  paceMs?: number;
}

/** The host's timers, clock and ids. */
export interface RunEnvironment {
  /**
   * Calls `callback` after `ms` (0: on the host's next turn, so a run never blocks its
   * host); returns a function that cancels the call.
   */
  schedule(callback: () => void, ms: number): () => void;
  /** Epoch ms. */
  now(): number;
  /** A new unique id starting with `prefix`. */
  newId(prefix: string): string;
}

export interface RunExecutorOptions {
  env: RunEnvironment;
  /** Delay before each step unless the script sets its own. */
  paceMs: number;
  /** How long an approval waits; undefined = until decided. */
  approvalTtlMs?: number;
  /** A `drop` step was reached after event `afterSeq`. */
  onDrop?: (afterSeq: number) => void;
}

/** An approval of a run, as the approve/reject endpoints report it. */
export interface ApprovalState {
  approvalId: string;
  status: 'PENDING' | ApprovalDecision;
  decidedAt: string | null;
}

/** The result of {@link RunExecution.decide}: the approval, or the spec's error code. */
export type DecideOutcome =
  | {ok: true; approval: ApprovalState}
  | {ok: false; code: 'approval_not_found'}
  | {ok: false; code: 'approval_already_decided'; approval: ApprovalState};

interface PendingApproval {
  resolve: (decision: ApprovalDecision) => void;
}

/**
 * One run being executed: its stored events, approvals and status. Start it with
 * {@link RunExecution.start}; listeners get each event as it is appended.
 */
export class RunExecution {
  readonly runId: string;
  /** Every event so far, seq 1 first. */
  readonly events: StoredRunEvent[] = [];
  readonly approvals = new Map<string, ApprovalState>();
  status: RunStatus = 'PENDING';
  finalOutput: string | undefined;
  error: {code: string; message: string} | undefined;

  readonly #options: RunExecutorOptions;
  readonly #listeners = new Set<(event: StoredRunEvent) => void>();
  readonly #pending = new Map<string, PendingApproval>();
  /** Ends the current wait early, so cancel and halt act at once. */
  #wake: (() => void) | undefined;
  #cancelRequested = false;
  #halted = false;
  #lastToolCallId: string | undefined;

  /**
   * @param runId - the run's id, used in `RunFinished`
   * @param options - the host's environment and pace
   */
  constructor(runId: string, options: RunExecutorOptions) {
    this.runId = runId;
    this.#options = options;
  }

  /** The seq of the last event, 0 before the first. */
  get latestSeq(): number {
    return this.events.length;
  }

  /** Whether a cancel was asked for (the run may not have finished yet). */
  get cancelled(): boolean {
    return this.#cancelRequested;
  }

  /**
   * Runs the script in the background; a script that throws ends the run `FAILED` with
   * code `internal`.
   */
  start(script: RunScript): void {
    const paceMs = script.paceMs ?? this.#options.paceMs;
    void this.#run(script.steps, paceMs)
      .then(() => this.#finish(this.#cancelRequested ? 'CANCELLED' : 'COMPLETED'))
      .catch((error: unknown) =>
        this.#finish('FAILED', {code: 'internal', message: `Agent crashed: ${String(error)}`}),
      );
  }

  /**
   * Calls `listener` with each event appended from now on.
   * @returns a function that unsubscribes
   */
  subscribe(listener: (event: StoredRunEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Approves or rejects a pending approval. The same decision again is accepted (the spec's
   * idempotent 200); the opposite one, or any after expiry, is `approval_already_decided`.
   */
  decide(approvalId: string, decision: 'APPROVED' | 'REJECTED'): DecideOutcome {
    const state = this.approvals.get(approvalId);
    if (!state) return {ok: false, code: 'approval_not_found'};
    this.#pending.get(approvalId)?.resolve(decision);
    if (state.status !== decision)
      return {ok: false, code: 'approval_already_decided', approval: state};
    return {ok: true, approval: state};
  }

  /** Cancels a pending run: a waiting approval is rejected, then `RunFinished CANCELLED`. */
  cancel(): void {
    if (this.status !== 'PENDING' || this.#cancelRequested) return;
    this.#cancelRequested = true;
    for (const pending of [...this.#pending.values()]) pending.resolve('REJECTED');
    this.#wake?.();
  }

  /** Stops the run where it is, with no further event (the host shuts down). */
  halt(): void {
    this.#halted = true;
    for (const pending of [...this.#pending.values()]) pending.resolve('EXPIRED');
    this.#wake?.();
  }

  async #run(steps: readonly RunStep[], paceMs: number): Promise<void> {
    for (const step of steps) {
      if (this.#stopped()) return;
      await this.#sleep(paceMs);
      if (this.#stopped()) return;
      switch (step.type) {
        case 'thinking':
          this.#append('thinking', step.content === undefined ? {} : {content: step.content});
          break;
        case 'text':
          this.#append('text', {content: step.content});
          break;
        case 'tool_call':
          this.#lastToolCallId = step.toolCallId ?? `call_${this.latestSeq + 1}`;
          this.#append('tool_call', {
            toolCallId: this.#lastToolCallId,
            toolName: step.toolName,
            arguments: step.arguments ?? {},
          });
          break;
        case 'tool_result':
          this.#append('tool_result', {
            toolCallId: step.toolCallId ?? this.#lastToolCallId ?? `call_${this.latestSeq + 1}`,
            toolName: step.toolName,
            output: step.output,
            ...(step.isError ? {isError: true} : {}),
          });
          break;
        case 'approval': {
          const decision = await this.#approval(step);
          if (this.#stopped()) return;
          await this.#run(decision === 'APPROVED' ? step.approved : step.rejected, paceMs);
          break;
        }
        case 'fail':
          this.#finish('FAILED', {code: step.code, message: step.message});
          return;
        case 'pause':
          await this.#sleep(step.ms);
          break;
        case 'drop':
          this.#options.onDrop?.(this.latestSeq);
          break;
        case 'generate':
          for await (const next of step.steps()) {
            if (this.#stopped()) return;
            await this.#run([next], 0);
          }
          break;
        default:
          return assertNever(step);
      }
    }
  }

  /** Halted, cancelled or already finished (a `fail` inside an approval's branch). */
  #stopped(): boolean {
    return this.#halted || this.#cancelRequested || this.status !== 'PENDING';
  }

  #approval(step: Extract<RunStep, {type: 'approval'}>): Promise<ApprovalDecision> {
    const {env} = this.#options;
    const approvalId = step.approvalId ?? env.newId('apr');
    const ttlMs = step.ttlMs ?? this.#options.approvalTtlMs;
    const state: ApprovalState = {approvalId, status: 'PENDING', decidedAt: null};
    this.approvals.set(approvalId, state);
    let cancelExpiry: (() => void) | undefined;
    const decided = new Promise<ApprovalDecision>((resolve) => {
      this.#pending.set(approvalId, {
        resolve: (decision) => {
          if (state.status !== 'PENDING') return;
          this.#pending.delete(approvalId);
          cancelExpiry?.();
          state.status = decision;
          state.decidedAt = new Date(env.now()).toISOString();
          if (!this.#halted) this.#append('approval_resolved', {approvalId, decision});
          resolve(decision);
        },
      });
    });
    const toolCallId = step.toolCallId ?? this.#lastToolCallId;
    this.#append('approval_request', {
      approvalId,
      ...(toolCallId === undefined ? {} : {toolCallId}),
      toolName: step.toolName,
      arguments: step.arguments ?? {},
      ...(step.message === undefined ? {} : {message: step.message}),
      ...(ttlMs === undefined ? {} : {expiresAt: new Date(env.now() + ttlMs).toISOString()}),
    });
    if (ttlMs !== undefined) {
      cancelExpiry = env.schedule(() => this.#pending.get(approvalId)?.resolve('EXPIRED'), ttlMs);
    }
    return decided;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        cancel();
        this.#wake = undefined;
        resolve();
      };
      const cancel = this.#options.env.schedule(done, ms);
      this.#wake = done;
    });
  }

  #finish(status: FinishedStatus, error?: {code: string; message: string}): void {
    if (this.status !== 'PENDING' || this.#halted) return;
    const finalOutput = this.events
      .flatMap((e) => (e.event === 'text' ? [e.data.content] : []))
      .join('');
    this.status = status;
    if (status === 'COMPLETED') this.finalOutput = finalOutput;
    if (error) this.error = error;
    this.#append('RunFinished', {
      runId: this.runId,
      status,
      ...(status === 'COMPLETED' ? {finalOutput} : {}),
      ...(error ? {error} : {}),
      latestSeq: this.latestSeq + 1,
    });
  }

  #append<K extends RunEventType>(event: K, data: RunEventDataMap[K]): void {
    const stored = {
      seq: this.latestSeq + 1,
      event,
      data,
      createdAt: new Date(this.#options.env.now()).toISOString(),
    } as StoredRunEvent;
    this.events.push(stored);
    for (const listener of [...this.#listeners]) listener(stored);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected step ${JSON.stringify(value)}`);
}
