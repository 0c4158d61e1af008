/**
 * The AG-UI backend: the same seam as the Zaby runtime client (src/protocol/backend.ts),
 * over one AG-UI agent endpoint. A send POSTs a `RunAgentInput` (the thread's messages, a
 * fresh `runId` per send, the same one on a retry of that send) and reads its SSE reply;
 * an interrupt ends the AG-UI run and shows an approval card, whose decision POSTs the
 * next run with `resume`; all of that is one turn of the transcript.
 *
 * AG-UI has no cancel (stop aborts the request), no feedback endpoint (the rating is the
 * host's `zaby-feedback`) and no resume cursor: a dropped stream keeps what arrived and
 * ends the reply as interrupted, with a Retry that asks again.
 */
import type {ResumeEntry, RunAgentInput} from '@ag-ui/core';
import {applyPatch, type Operation} from 'fast-json-patch';
import {abortError} from '../../protocol/backoff.ts';
import type {Backend, BackendOptions} from '../../protocol/backend.ts';
import {errorFrom, type StreamOptions} from '../../protocol/client.ts';
import {ZabyError} from '../../protocol/errors.ts';
import {readSse} from '../../protocol/sse.ts';
import {REFRESH_REASON_BY_CODE, type RunEvent, type StartRunBody} from '../../protocol/types.ts';
import {
  loadThread,
  saveThread,
  threadMessages,
  type ThreadData,
  type TurnRecord,
} from './thread.ts';
import {AgUiTranslator, violation, type RunEventBody, type ToolInfo} from './translate.ts';

/** A turn being streamed: its request, and the approvals its last AG-UI run waits for. */
interface LiveTurn {
  abort: AbortController;
  /** The reply of the request that started (or resumed) the turn, not yet read. */
  response: Promise<Response> | undefined;
  tools: Map<string, ToolInfo>;
  /** Pending interrupts, and the answers given so far. */
  waiting: Map<string, ResumeEntry | undefined>;
  /** Hands the resumed run's reply to the stream loop. */
  resumed?: (response: Promise<Response>) => void;
  /** Adds a run event to the turn (and the live transcript). */
  emit?: (body: RunEventBody) => void;
}

/** A stream silent this long counts as dropped (AG-UI servers need not ping). */
const IDLE_MS = 120_000;

export class AgUiBackend implements Backend {
  readonly #o: BackendOptions;
  #thread: ThreadData;
  readonly #live = new Map<string, LiveTurn>();

  constructor(options: BackendOptions) {
    this.#o = options;
    this.#thread = loadThread(options.storage, options.storageKey);
  }

  async startRun(body: StartRunBody): Promise<{runId: string}> {
    const runId = body.requestId ?? crypto.randomUUID();
    let turn = this.#turn(runId);
    if (!turn) this.#thread.turns.push((turn = {runId, input: body.input, events: []}));
    const live: LiveTurn = {
      abort: new AbortController(),
      response: undefined,
      tools: new Map(),
      waiting: new Map(),
    };
    try {
      live.response = Promise.resolve(await this.#post(turn, runId, undefined, live.abort.signal));
    } catch (error) {
      this.#thread.turns = this.#thread.turns.filter((t) => t !== turn);
      throw error;
    }
    this.#live.set(runId, live);
    this.#save();
    return {runId};
  }

  async streamRun(runId: string, options: StreamOptions): Promise<void> {
    const turn = this.#turn(runId);
    const live = this.#live.get(runId);
    if (!turn) throw new ZabyError('run_not_found', `No turn ${runId}.`, {retryable: false});
    const emit = (body: RunEventBody) => {
      const event = {...body, seq: turn.events.length + 1} as RunEvent;
      if (event.event === 'RunFinished') {
        const text = turn.events.flatMap((e) => (e.event === 'text' ? [e.data.content] : []));
        event.data = {
          ...event.data,
          runId,
          latestSeq: event.seq,
          ...(event.data.status === 'COMPLETED' ? {finalOutput: text.join('')} : {}),
        };
      }
      turn.events.push(event);
      options.onEvent(event);
    };
    const end = (error: ZabyError) => {
      emit({
        event: 'RunFinished',
        data: {
          runId,
          status: 'FAILED',
          error: {code: error.code, message: error.message},
          latestSeq: 0,
        },
      });
      this.#save();
    };
    // Nothing to read (a reload, or the element was moved mid-reply): AG-UI cannot resume.
    if (!live?.response) return end(interrupted());
    live.emit = emit;
    const stop = () => live.abort.abort();
    options.signal?.addEventListener('abort', stop, {once: true});
    try {
      for (;;) {
        const translator = new AgUiTranslator(live.tools, (e) => this.#state(e));
        const response = await live.response;
        live.response = undefined;
        options.onState?.({state: 'open', attempt: 0});
        await readSse(response.body!, {
          idleTimeoutMs: IDLE_MS,
          abort: stop,
          onMessage: (message) => {
            let data: unknown;
            try {
              data = JSON.parse(message.data);
            } catch {
              throw violation('an event that is not JSON');
            }
            for (const body of translator.push(data)) emit(body);
            return translator.finished;
          },
        });
        if (!translator.finished) throw interrupted();
        this.#save();
        if (!translator.interrupts.length) return;
        // Wait for the person: approve()/reject() POST the resumed run and hand it over.
        live.waiting = new Map(translator.interrupts.map((i) => [i.id, undefined]));
        live.response = new Promise<Promise<Response>>((resolve, reject) => {
          live.resumed = resolve;
          options.signal?.addEventListener('abort', () => reject(abortError()), {once: true});
        }).then((next) => next);
      }
    } catch (error) {
      if (options.signal?.aborted) throw abortError();
      const e = ZabyError.from(error, 'network_error', 'The agent stream failed');
      end(e.code === 'bad_response' || e.status === 401 ? e : interrupted());
    } finally {
      options.signal?.removeEventListener('abort', stop);
      this.#live.delete(runId);
    }
  }

  approve(runId: string, approvalId: string) {
    return this.#decide(runId, approvalId, 'APPROVED');
  }

  reject(runId: string, approvalId: string) {
    return this.#decide(runId, approvalId, 'REJECTED');
  }

  /** AG-UI has no cancel: the controller stops listening, which aborts the request. */
  cancelRun(): Promise<null> {
    return Promise.resolve(null);
  }

  /** AG-UI has no feedback endpoint: the host records the rating from `zaby-feedback`. */
  sendFeedback(): Promise<void> {
    return Promise.resolve();
  }

  allEvents(runId: string): Promise<RunEvent[]> {
    const turn = this.#turn(runId);
    return turn
      ? Promise.resolve(turn.events)
      : Promise.reject(new ZabyError('run_not_found', `No turn ${runId}.`, {status: 404}));
  }

  reset(): void {
    for (const live of this.#live.values()) live.abort.abort();
    this.#live.clear();
    this.#thread = {threadId: crypto.randomUUID(), turns: []};
    this.#o.storage?.removeItem(this.#o.storageKey);
  }

  async #decide(runId: string, approvalId: string, status: 'APPROVED' | 'REJECTED') {
    const live = this.#live.get(runId);
    const turn = this.#turn(runId);
    if (!live?.waiting.has(approvalId) || !turn)
      throw new ZabyError('approval_not_found', `No approval ${approvalId} is waiting.`, {
        retryable: false,
      });
    live.waiting.set(approvalId, {
      interruptId: approvalId,
      status: 'resolved',
      payload: {approved: status === 'APPROVED'},
    });
    const resume = [...live.waiting.values()];
    if (resume.every(Boolean)) {
      // Every interrupt answered: the next run continues from them (a fresh runId).
      const response = this.#post(
        turn,
        crypto.randomUUID(),
        resume as ResumeEntry[],
        live.abort.signal,
      );
      await response;
      live.waiting.clear();
      live.resumed?.(response);
    }
    // Kept with the turn, so a restored transcript shows the decision too.
    live.emit?.({event: 'approval_resolved', data: {approvalId, decision: status}});
    return {status};
  }

  /** One POST with the thread so far; a 401 refreshes the token once and tries again. */
  async #post(
    turn: TurnRecord,
    runId: string,
    resume: ResumeEntry[] | undefined,
    signal: AbortSignal,
  ): Promise<Response> {
    const input: RunAgentInput = {
      threadId: this.#thread.threadId,
      runId,
      protocolVersion: '1.0',
      messages: threadMessages(this.#thread, turn),
      tools: [],
      context: [],
      ...(this.#thread.state === undefined ? {} : {state: this.#thread.state}),
      ...(resume ? {resume} : {}),
    };
    let refreshed = false;
    for (;;) {
      const token = this.#o.hasTokens() || refreshed ? await this.#o.tokens.getToken() : null;
      let response: Response;
      try {
        response = await (this.#o.fetch ?? fetch)(this.#o.url, {
          method: 'POST',
          headers: {
            Accept: 'text/event-stream',
            'Content-Type': 'application/json',
            ...(token ? {Authorization: `Bearer ${token}`} : {}),
          },
          body: JSON.stringify(input),
          cache: 'no-store',
          credentials: 'omit',
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw abortError();
        throw ZabyError.from(error, 'network_error', 'The agent could not be reached');
      }
      if (response.ok && response.body) return response;
      const error = await errorFrom(response);
      if (response.status !== 401 || refreshed) throw error;
      refreshed = true;
      await this.#o.tokens.refresh(
        REFRESH_REASON_BY_CODE[error.code] ?? 'invalid',
        token ?? undefined,
      );
    }
  }

  /** STATE_SNAPSHOT / STATE_DELTA (RFC 6902): applied, kept with the thread, reported. */
  #state(event: {type: string; [key: string]: unknown}): void {
    let snapshot: unknown;
    try {
      snapshot =
        event.type === 'STATE_SNAPSHOT'
          ? event['snapshot']
          : applyPatch(this.#thread.state ?? {}, event['delta'] as Operation[], true, false)
              .newDocument;
    } catch (error) {
      throw violation(`a STATE_DELTA that does not apply (${String(error)})`);
    }
    this.#thread.state = snapshot;
    this.#o.target.dispatchEvent(
      new CustomEvent('zaby-agent-state', {detail: {snapshot}, bubbles: true, composed: true}),
    );
  }

  #turn(runId: string): TurnRecord | undefined {
    return this.#thread.turns.find((t) => t.runId === runId);
  }

  #save(): void {
    saveThread(this.#o.storage, this.#o.storageKey, this.#thread);
  }
}

function interrupted(): ZabyError {
  return new ZabyError(
    'network_error',
    'Interrupted: the connection to the agent dropped, and AG-UI cannot resume a reply. Retry asks again.',
  );
}
