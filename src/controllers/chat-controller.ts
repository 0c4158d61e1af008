/**
 * The conversation behind `<zaby-chat>`: starts runs, streams them, applies their events
 * through the pure reducer at most once per frame, restores persisted runs, and carries
 * approvals, feedback and stop to the server. The element renders what this holds.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {
  ZabyApprovalDecisionEvent,
  ZabyApprovalRequestEvent,
  ZabyConversationResetEvent,
  ZabyFeedbackEvent,
  ZabyRunFinishEvent,
  ZabyRunStartEvent,
  ZabyUnreadChangeEvent,
  type SendResult,
} from '../events.ts';
import type {Backend} from '../protocol/backend.ts';
import {abortError} from '../protocol/backoff.ts';
import {isRetryableCode, isTokenError, ZabyError} from '../protocol/errors.ts';
import {MAX_INPUT_LENGTH, type RunEvent} from '../protocol/types.ts';
import {
  createAssistantTurn,
  lastAssistantTurn,
  reduceRunEvents,
  setApprovalDecision,
  type AssistantTurn,
  type Turn,
} from '../state/run-state.ts';
import {ErrorBanner} from './error-banner.ts';
import {restoreRuns} from './restore-runs.ts';
import {FrameQueue} from '../browser/frame-queue.ts';
import type {RunStore} from '../browser/run-store.ts';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface FeedbackState {
  rating: number;
  pending: boolean;
  submitted: boolean;
}

/**
 * What the controller needs from its element, as callbacks (like Lit Task's `onComplete`):
 * nothing of it is public API on the element.
 */
export interface ChatControllerOptions {
  /** The backend (the Zaby runtime client, or an add-on's) for the element's current settings. */
  client(): Backend;
  /** Where the conversation's run ids are kept. */
  store(): RunStore;
  /** A run for `input` started: the composer empties if it still holds exactly that text. */
  onSendAccepted(input: string): void;
  /** A live run's assistant turn finished (for the screen-reader announcement). */
  onTurnFinished(turn: AssistantTurn): void;
  /**
   * A still-streaming turn changed: hand it straight to its message, without rendering the
   * whole log. Returns false when no message shows it yet (then the log renders).
   */
  onStreamingTurn(turn: AssistantTurn): boolean;
}

interface Waiter {
  resolve(result: SendResult): void;
  reject(error: unknown): void;
}

export class ChatController implements ReactiveController {
  turns: Turn[] = [];
  connection: ConnectionState = 'idle';
  /** The error banner (what failed, and its Retry). */
  readonly errors: ErrorBanner;
  /** A send is being accepted (start request in flight): further sends are ignored. */
  starting = false;
  /** Bumped by clear(): a send or restore still in flight from before it is dropped. */
  #generation = 0;
  /** Stop was pressed before the run had an id. */
  #stopRequested = false;
  readonly feedback = new Map<string, FeedbackState>();
  /** Approvals whose decision request is in flight. */
  readonly deciding = new Set<string>();
  /** Replies finished while the launcher panel was closed (the element counts them). */
  unread = 0;

  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #options: ChatControllerOptions;
  /** Streaming updates: at most one per frame and one per 50 ms (see FrameQueue). */
  readonly #frames = new FrameQueue(() => this.#applyQueued(), 50);
  readonly #queued = new Map<string, RunEvent[]>();
  readonly #streams = new Map<string, AbortController>();
  readonly #waiters = new Map<string, Waiter>();
  readonly #announcedApprovals = new Set<string>();
  readonly #wake = new EventTarget();
  #restored = false;
  #connected = false;

  constructor(host: ReactiveControllerHost & EventTarget, options: ChatControllerOptions) {
    this.#options = options;
    this.errors = new ErrorBanner(host);
    (this.#host = host).addController(this);
  }

  /**
   * Whether the reply of `runId` is being listened to. A streaming reply that is not stopped
   * arriving on an error and waits for Retry (or for the element to be connected again).
   */
  isListening(runId: string): boolean {
    return this.#streams.has(runId);
  }

  /** The run currently streaming, if any. */
  get activeRun(): AssistantTurn | undefined {
    return lastAssistantTurn(this.turns, (t) => t.status === 'streaming');
  }

  /** The newest assistant turn, finished or not. */
  get lastAssistantTurn(): AssistantTurn | undefined {
    return lastAssistantTurn(this.turns);
  }

  get busy(): boolean {
    return this.starting || this.activeRun !== undefined;
  }

  hostConnected(): void {
    this.#connected = true;
    window.addEventListener('online', this.#handleWake);
    document.addEventListener('visibilitychange', this.#handleWake);
    // Re-attached mid-stream (moved in the DOM): pick the unfinished runs up again.
    for (const turn of this.turns) {
      if (turn.kind === 'assistant' && turn.status === 'streaming') this.#stream(turn.runId);
    }
  }

  hostDisconnected(): void {
    this.#connected = false;
    window.removeEventListener('online', this.#handleWake);
    document.removeEventListener('visibilitychange', this.#handleWake);
    // A detached element must not keep streams open; the runs go on on the server.
    for (const controller of this.#streams.values()) controller.abort();
    this.#streams.clear();
    this.#frames.flush();
  }

  /** Restores the persisted conversation once (after the element has its attributes). */
  async restore(): Promise<void> {
    if (this.#restored) return;
    this.#restored = true;
    const runs = this.#options.store().load();
    if (!runs.length) return;
    const generation = this.#generation;
    const restored = await restoreRuns(
      this.#options.client(),
      runs,
      () => generation === this.#generation, // not cleared while loading
      (e, runId) => this.#reportInvalid(e, runId),
    );
    if (!restored) return;
    if (restored.gone.size) this.#options.store().remove(restored.gone);
    if (restored.failure !== undefined) {
      // Not all of it could be loaded (offline, say): show nothing half, offer a retry.
      this.errors.fail(restored.failure, () => {
        this.#restored = false;
        void this.restore();
      });
      return;
    }
    // Restored history goes after the local greeting and before anything sent meanwhile.
    const notes = this.turns.filter((t) => t.kind === 'note');
    this.turns = [...notes, ...restored.turns, ...this.turns.filter((t) => t.kind !== 'note')];
    for (const turn of restored.turns) {
      if (turn.kind !== 'assistant') continue;
      this.#announceApprovals(turn);
      if (turn.status === 'streaming') this.#stream(turn.runId);
    }
    this.#host.requestUpdate();
  }

  /** Adds a local assistant message that is never sent (the greeting). */
  setGreeting(text: string | undefined): void {
    this.turns = this.turns.filter((t) => t.id !== 'greeting');
    if (text) this.turns = [{kind: 'note', id: 'greeting', text}, ...this.turns];
    this.#host.requestUpdate();
  }

  /**
   * Starts a run for `input` and resolves when it finishes. The composer text is cleared
   * only once the server accepted the run, so a failed send loses nothing.
   */
  send(input: string, requestId: string = crypto.randomUUID()): Promise<SendResult> {
    if (!input.trim()) {
      return Promise.reject(new ZabyError('invalid_request', 'Cannot send an empty message.'));
    }
    if (input.length > MAX_INPUT_LENGTH) {
      return Promise.reject(
        new ZabyError(
          'input_too_long',
          `Messages are limited to ${MAX_INPUT_LENGTH} characters; this one has ${input.length}.`,
          {retryable: false},
        ),
      );
    }
    if (this.busy) {
      return Promise.reject(
        new ZabyError(
          'run_in_progress',
          'Wait for the current reply to finish (or stop it) before sending.',
          {retryable: false},
        ),
      );
    }
    this.starting = true;
    this.errors.dismiss();
    const userTurn: Turn = {
      kind: 'user',
      id: `user:${requestId}`,
      text: input,
      requestId,
      runId: undefined,
      createdAt: new Date().toISOString(),
    };
    this.turns = [...this.turns, userTurn];
    this.#host.requestUpdate();
    return new Promise<SendResult>((resolve, reject) => {
      void this.#start(input, requestId, {resolve, reject});
    });
  }

  async #start(input: string, requestId: string, waiter: Waiter): Promise<void> {
    const generation = this.#generation;
    let runId: string | undefined;
    let failure: unknown;
    try {
      runId = (await this.#options.client().startRun({input, requestId})).runId;
    } catch (error) {
      failure = error;
    }
    if (generation !== this.#generation) {
      // clear() came while the server was starting it: forget it, and stop it if we can.
      if (runId)
        this.#options
          .client()
          .cancelRun(runId)
          .catch(() => undefined);
      waiter.reject(abortError());
      return;
    }
    if (runId === undefined) {
      this.starting = false;
      this.turns = this.turns.filter((t) => t.id !== `user:${requestId}`);
      this.errors.fail(failure, () => {
        this.send(input, requestId).then(waiter.resolve, waiter.reject);
      });
      waiter.reject(failure);
      return;
    }
    this.starting = false;
    const stopNow = this.#stopRequested;
    this.#stopRequested = false;
    this.turns = this.turns.map((t) =>
      t.id === `user:${requestId}` ? ({...t, runId} as Turn) : t,
    );
    if (!this.turns.some((t) => t.id === runId)) {
      this.turns = [
        ...this.turns,
        {...createAssistantTurn(runId), createdAt: new Date().toISOString()},
      ];
    }
    this.#waiters.set(runId, waiter);
    this.#options.store().add({runId, requestId, input});
    this.#options.onSendAccepted(input);
    this.#host.dispatchEvent(new ZabyRunStartEvent({runId, requestId, input}));
    this.#host.requestUpdate();
    this.#stream(runId);
    if (stopNow) void this.stop();
  }

  #stream(runId: string): void {
    if (!this.#connected || this.#streams.has(runId)) return;
    const turn = this.#findTurn(runId);
    if (!turn || turn.status !== 'streaming') return;
    const abort = new AbortController();
    this.#streams.set(runId, abort);
    this.connection = 'connecting';
    this.#host.requestUpdate();
    this.#options
      .client()
      .streamRun(runId, {
        after: turn.lastSeq,
        signal: abort.signal,
        wake: this.#wake,
        onInvalidEvent: (error) => this.#reportInvalid(error, runId),
        onEvent: (event) => {
          const list = this.#queued.get(runId) ?? [];
          list.push(event);
          this.#queued.set(runId, list);
          if (event.event === 'RunFinished') {
            // The end: show the final text now, not a frame later.
            queueMicrotask(() => {
              this.#frames.cancel();
              this.#applyQueued();
            });
            return;
          }
          // Anything but a text or thinking delta (a tool call, an approval) shows on the next frame.
          this.#frames.schedule(event.event !== 'text' && event.event !== 'thinking');
        },
        onState: ({state}) => {
          if (this.connection !== state) {
            this.connection = state;
            this.#host.requestUpdate();
          }
        },
      })
      .then(
        () => {
          this.#frames.flush();
        },
        (error: unknown) => {
          this.#frames.flush();
          if (abort.signal.aborted) return;
          const turn = this.#findTurn(runId);
          if (isTokenError(error)) {
            // The token was still refused after a refresh: the run goes on on the server, so
            // offer to listen again (with a fresh token) rather than end the reply.
            this.errors.show(
              {code: error.code, message: error.message, retryable: true, runId},
              () => this.#stream(runId),
            );
            return;
          }
          if (
            error instanceof ZabyError &&
            !error.retryable &&
            error.code !== 'aborted' &&
            turn?.status === 'streaming'
          ) {
            // Nothing to resume (the run is gone, or not ours): end the reply as failed.
            this.#endLocally(turn, {
              status: 'FAILED',
              error: {code: error.code, message: error.message},
            });
            return;
          }
          this.errors.fail(error, () => this.#stream(runId), runId);
        },
      )
      .finally(() => {
        if (this.#streams.get(runId) === abort) this.#streams.delete(runId);
        if (!this.#streams.size) this.connection = 'idle';
        this.#host.requestUpdate();
      });
  }

  /** Applies every queued event: one reducer pass and one render per frame. */
  #applyQueued(): void {
    if (!this.#queued.size) return;
    const batches = [...this.#queued];
    this.#queued.clear();
    let wholeLog = false;
    for (const [runId, events] of batches) {
      const before = this.#findTurn(runId);
      if (!before) continue;
      const after = reduceRunEvents(before, events);
      if (after === before) continue;
      this.#replaceTurn(before, after);
      this.#announceApprovals(after);
      if (before.status === 'streaming' && after.status !== 'streaming') {
        this.#finished(after);
        wholeLog = true;
      } else if (!this.#options.onStreamingTurn(after)) {
        wholeLog = true;
      }
    }
    // A delta changes one message: the log (and its repeat over every turn) renders only
    // when something else changed, so a frame's cost does not grow with the conversation.
    if (wholeLog) this.#host.requestUpdate();
  }

  #finished(turn: AssistantTurn): void {
    const status = turn.status === 'streaming' ? 'COMPLETED' : turn.status;
    this.#host.dispatchEvent(
      new ZabyRunFinishEvent({
        runId: turn.runId,
        status,
        ...(turn.finalOutput !== undefined ? {finalOutput: turn.finalOutput} : {}),
        ...(turn.error ? {error: turn.error} : {}),
      }),
    );
    if (turn.status === 'FAILED') {
      // The failed message says so itself (with its Retry): no second banner, but hosts
      // still hear of it.
      const {code, message} = turn.error ?? {
        code: 'internal',
        message: 'The agent could not finish.',
      };
      this.errors.report({code, message, retryable: isRetryableCode(code), runId: turn.runId});
    }
    this.#options.onTurnFinished(turn);
    const waiter = this.#waiters.get(turn.runId);
    this.#waiters.delete(turn.runId);
    waiter?.resolve({
      runId: turn.runId,
      status,
      ...(turn.finalOutput !== undefined ? {finalOutput: turn.finalOutput} : {}),
    });
  }

  #announceApprovals(turn: AssistantTurn): void {
    for (const block of turn.blocks) {
      if (
        block.type !== 'approval' ||
        block.decision !== null ||
        this.#announcedApprovals.has(block.approvalId)
      )
        continue;
      this.#announcedApprovals.add(block.approvalId);
      this.#host.dispatchEvent(
        new ZabyApprovalRequestEvent({
          runId: turn.runId,
          approvalId: block.approvalId,
          toolName: block.toolName,
          arguments: block.arguments,
          ...(block.message !== undefined ? {message: block.message} : {}),
        }),
      );
    }
  }

  /** Sends the person's decision on an approval; the run resumes on the server. */
  async decide(
    runId: string,
    approvalId: string,
    decision: 'APPROVED' | 'REJECTED',
  ): Promise<void> {
    if (this.deciding.has(approvalId)) return;
    this.deciding.add(approvalId);
    this.#host.requestUpdate();
    try {
      const client = this.#options.client();
      const result =
        decision === 'APPROVED'
          ? await client.approve(runId, approvalId)
          : await client.reject(runId, approvalId);
      this.#updateTurn(runId, (t) => ({
        ...t,
        blocks: setApprovalDecision(t.blocks, approvalId, result.status),
      }));
      this.#host.dispatchEvent(
        new ZabyApprovalDecisionEvent({runId, approvalId, decision: result.status}),
      );
    } catch (error) {
      if (error instanceof ZabyError && error.code === 'approval_already_decided') {
        // Decided elsewhere or expired: the run's approval_resolved event shows the outcome.
        this.#stream(runId);
      } else {
        this.errors.fail(error, () => void this.decide(runId, approvalId, decision), runId);
      }
    } finally {
      this.deciding.delete(approvalId);
      this.#host.requestUpdate();
    }
  }

  /** Sends the input of a failed turn again, as a new run (the failed one stays as it was). */
  resend(runId: string): Promise<SendResult> {
    const user = this.turns.find((t) => t.kind === 'user' && t.runId === runId);
    if (user?.kind !== 'user')
      return Promise.reject(new ZabyError('run_not_found', 'No such turn.'));
    return this.send(user.text);
  }

  /** Sends a 1–5 rating (and comment) for a finished reply. */
  async sendFeedback(runId: string, rating: number, comment?: string): Promise<void> {
    const state = this.feedback.get(runId);
    if (state?.pending) return;
    this.feedback.set(runId, {rating, pending: true, submitted: false});
    this.#host.requestUpdate();
    try {
      await this.#options.client().sendFeedback(runId, {rating, ...(comment ? {comment} : {})});
      this.feedback.set(runId, {rating, pending: false, submitted: true});
      this.#host.dispatchEvent(
        new ZabyFeedbackEvent({runId, rating, ...(comment ? {comment} : {})}),
      );
    } catch (error) {
      this.feedback.set(runId, {rating, pending: false, submitted: false});
      this.errors.fail(error, () => void this.sendFeedback(runId, rating, comment), runId);
    }
    this.#host.requestUpdate();
  }

  /** Stops the active run: cancels it on the server, or only stops listening if unsupported. */
  async stop(): Promise<void> {
    const turn = this.activeRun;
    if (!turn) {
      // Pressed while the run is still being started: cancel it as soon as it has an id.
      if (this.starting) this.#stopRequested = true;
      return;
    }
    let result = null;
    try {
      result = await this.#options.client().cancelRun(turn.runId);
    } catch (error) {
      this.errors.fail(error, () => void this.stop(), turn.runId);
      return;
    }
    if (result !== null) {
      // The stream ends with RunFinished CANCELLED. If it had stopped on an error, listen
      // again for that end (the banner's Retry would do the same).
      if (!this.#streams.has(turn.runId)) {
        if (this.errors.error?.runId === turn.runId) this.errors.dismiss();
        this.#stream(turn.runId);
      }
      return;
    }
    // No cancel on this server: stop listening and mark the reply stopped locally, unless
    // the events already received finish it.
    this.#streams.get(turn.runId)?.abort();
    this.#streams.delete(turn.runId);
    this.#frames.flush();
    const latest = this.#findTurn(turn.runId);
    if (latest?.status === 'streaming') this.#endLocally(latest, {status: 'CANCELLED'});
  }

  /** Forgets the transcript and the persisted run ids. */
  clear(): void {
    this.#generation += 1;
    this.starting = false;
    this.#stopRequested = false;
    // Every send() still waiting settles now, as aborted.
    for (const waiter of this.#waiters.values()) waiter.reject(abortError());
    this.#waiters.clear();
    for (const controller of this.#streams.values()) controller.abort();
    this.#streams.clear();
    this.#queued.clear();
    this.#frames.cancel();
    this.turns = this.turns.filter((t) => t.kind === 'note');
    this.feedback.clear();
    this.errors.dismiss();
    this.connection = 'idle';
    this.#options.store().clear();
    this.#options.client().reset?.();
    this.setUnread(0);
    this.#host.requestUpdate();
  }

  /**
   * Starts over: stops (and cancels on the server) a streaming run, forgets the transcript
   * and the persisted run ids as clear() does, then waits for `renew` (a token for a new
   * session) and tells the host. A token that cannot be had shows in the banner (Retry
   * asks again) and rejects; the screen is reset either way.
   */
  async newConversation(renew: () => Promise<unknown>): Promise<void> {
    const active = this.activeRun;
    if (active)
      this.#options
        .client()
        .cancelRun(active.runId)
        .catch(() => undefined);
    this.clear();
    try {
      await renew();
    } catch (error) {
      this.errors.fail(error, () => void renew().catch(() => undefined));
      throw error;
    } finally {
      this.#host.dispatchEvent(new ZabyConversationResetEvent());
    }
  }

  /** The unread count: kept with the run ids, and told to the host when it changes. */
  setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    this.#options.store().unread = count;
    this.#host.dispatchEvent(new ZabyUnreadChangeEvent({count}));
    this.#host.requestUpdate();
  }

  /** A malformed event the client skipped. */
  #reportInvalid(error: ZabyError, runId: string): void {
    this.errors.report({code: error.code, message: error.message, retryable: false, runId});
  }

  /** The assistant turn of a run; searched from the end, where the live runs are (every frame). */
  #findTurn(runId: string): AssistantTurn | undefined {
    return lastAssistantTurn(this.turns, (t) => t.runId === runId);
  }

  #replaceTurn(before: Turn, after: Turn): void {
    this.turns = this.turns.map((t) => (t === before ? after : t));
  }

  #updateTurn(runId: string, update: (turn: AssistantTurn) => AssistantTurn): void {
    const turn = this.#findTurn(runId);
    if (turn) this.#replaceTurn(turn, update(turn));
  }

  /** Ends a streaming reply that the server will not end for us (no stream, no cancel). */
  #endLocally(
    turn: AssistantTurn,
    end: Pick<AssistantTurn, 'status'> & Partial<Pick<AssistantTurn, 'error'>>,
  ): void {
    const ended: AssistantTurn = {...turn, ...end};
    this.#replaceTurn(turn, ended);
    this.#finished(ended);
  }

  readonly #handleWake = (event: Event) => {
    if (document.visibilityState === 'hidden') return;
    // Back online: a connection from before the outage may be dead without knowing it, so
    // reconnect at once (the resume loses nothing). Visible again: only if it is stalled.
    this.#wake.dispatchEvent(new CustomEvent('wake', {detail: {force: event.type === 'online'}}));
  };
}
