/**
 * The typed runtime client (shared/spec/runtime-api.md): JSON calls with retries and token
 * refresh, and a resumable SSE stream over `fetch` (never EventSource: it cannot send the
 * Authorization header, and a token must never travel in a URL).
 */
import {abortError, backoffDelay, parseRetryAfter, sleep, type BackoffOptions} from './backoff.ts';
import {isTokenError, ZabyError} from './errors.ts';
import {parseRunEvent, RUN_EVENT_TYPES} from './run-events.ts';
import {readSse} from './sse.ts';
import type {TokenSource} from './token-source.ts';
import {
  API_PREFIX,
  REFRESH_REASON_BY_CODE,
  type ApprovalResult,
  type CancelResult,
  type EventsPage,
  type Feedback,
  type FeedbackBody,
  type Health,
  type Run,
  type RunEvent,
  type RunEventType,
  type RunFinishedData,
  type StartRunBody,
  type StoredRunEvent,
} from './types.ts';

export interface RuntimeClientOptions {
  /** The Zaby server origin, e.g. `http://localhost:9080`. */
  apiOrigin: string;
  tokens: TokenSource;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  retry?: {maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number};
  /** A stream silent this long (no event, no ping) counts as dropped. @defaultValue 45_000 */
  streamIdleTimeoutMs?: number;
  /**
   * A live stream with no byte for this long counts as stalled when the page wakes up (back
   * online, visible again) and reconnects at once; pings come every 15 s. @defaultValue 20_000
   */
  streamStalledMs?: number;
  /** A JSON call with no response after this long fails with `request_timeout` (retryable). @defaultValue 30_000 */
  requestTimeoutMs?: number;
  reconnect?: {baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number};
  random?: () => number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export type StreamState = 'connecting' | 'open' | 'reconnecting';

export interface StreamOptions extends RequestOptions {
  /** Resume after this seq (the last one applied). @defaultValue 0 */
  after?: number;
  onEvent: (event: RunEvent) => void;
  /** A known event whose data is not the spec's shape: it is skipped (reported here). */
  onInvalidEvent?: (error: ZabyError) => void;
  onState?: (state: {state: StreamState; attempt: number; error?: ZabyError}) => void;
  /**
   * A `wake` event (back online, page visible again) reconnects a stalled stream at once;
   * one with `detail: {force: true}` reconnects whatever the stream's state.
   */
  wake?: EventTarget;
}

interface CallOptions extends RequestOptions {
  body?: unknown;
  /** Retry network errors, 5xx and 429 (only for calls that are safe to repeat). */
  retry?: boolean;
}

export class RuntimeClient {
  readonly #base: string;
  readonly #tokens: TokenSource;
  readonly #fetchImpl: typeof fetch;
  readonly #retry: BackoffOptions & {maxAttempts: number};
  readonly #reconnect: BackoffOptions & {maxAttempts: number};
  readonly #idleTimeoutMs: number;
  readonly #stalledMs: number;
  readonly #requestTimeoutMs: number;

  constructor(options: RuntimeClientOptions) {
    this.#base = `${options.apiOrigin.replace(/\/+$/, '')}${API_PREFIX}`;
    this.#tokens = options.tokens;
    this.#fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    const random = options.random ?? Math.random;
    this.#retry = {maxAttempts: 5, baseDelayMs: 300, maxDelayMs: 8_000, random, ...options.retry};
    this.#reconnect = {
      maxAttempts: Infinity,
      baseDelayMs: 250,
      maxDelayMs: 5_000,
      random,
      ...options.reconnect,
    };
    this.#idleTimeoutMs = options.streamIdleTimeoutMs ?? 45_000;
    this.#stalledMs = options.streamStalledMs ?? 20_000;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  /**
   * Starts a run. Retries use the same `requestId`, so the server starts it at most once.
   * @returns the run (201 new, or 200 for a replayed requestId)
   */
  startRun(body: StartRunBody, options: RequestOptions = {}): Promise<Run> {
    const requestId = body.requestId ?? crypto.randomUUID();
    return this.#call<Run>('POST', '/runtime/runs', {
      ...options,
      body: {...body, requestId},
      retry: true,
    });
  }

  getRun(runId: string, options: RequestOptions = {}): Promise<Run> {
    return this.#call<Run>('GET', `/runtime/runs/${encodeURIComponent(runId)}`, {
      ...options,
      retry: true,
    });
  }

  listEvents(
    runId: string,
    options: RequestOptions & {after?: number; limit?: number} = {},
  ): Promise<EventsPage> {
    const query = new URLSearchParams({
      after: String(options.after ?? 0),
      limit: String(options.limit ?? 50),
    });
    return this.#call<EventsPage>(
      'GET',
      `/runtime/runs/${encodeURIComponent(runId)}/events?${query}`,
      {...options, retry: true},
    );
  }

  /**
   * Every stored event after `after`, paging through `hasMore`, parsed as the stream's are
   * (unknown types skipped, malformed ones reported through `onInvalidEvent` and skipped).
   */
  async allEvents(
    runId: string,
    options: RequestOptions & {after?: number; onInvalidEvent?: (error: ZabyError) => void} = {},
  ): Promise<StoredRunEvent[]> {
    const events: StoredRunEvent[] = [];
    let after = options.after ?? 0;
    for (;;) {
      const page = await this.listEvents(runId, {...options, after, limit: 500});
      for (const item of page.items) {
        if (item.seq <= after || !RUN_EVENT_TYPES.has(item.event)) continue;
        const event = parseOrReport(item.seq, item.event, item.data, options);
        if (event) events.push({...event, createdAt: item.createdAt} as StoredRunEvent);
      }
      const last = page.items[page.items.length - 1];
      if (!page.hasMore || !last) return events;
      after = last.seq;
    }
  }

  approve(
    runId: string,
    approvalId: string,
    body: {comment?: string} = {},
    options: RequestOptions = {},
  ) {
    return this.#decide(runId, approvalId, 'approve', body, options);
  }

  reject(
    runId: string,
    approvalId: string,
    body: {comment?: string} = {},
    options: RequestOptions = {},
  ) {
    return this.#decide(runId, approvalId, 'reject', body, options);
  }

  sendFeedback(runId: string, body: FeedbackBody, options: RequestOptions = {}): Promise<Feedback> {
    return this.#call<Feedback>('POST', `/runtime/runs/${encodeURIComponent(runId)}/feedback`, {
      ...options,
      body,
      retry: true,
    });
  }

  /** Cancels a run; resolves null when the server has no cancel (404 `not_found`). */
  async cancelRun(runId: string, options: RequestOptions = {}): Promise<CancelResult | null> {
    try {
      return await this.#call<CancelResult>(
        'POST',
        `/runtime/runs/${encodeURIComponent(runId)}/cancel`,
        {...options, body: {}, retry: true},
      );
    } catch (error) {
      if (error instanceof ZabyError && error.code === 'not_found') return null;
      throw error;
    }
  }

  async health(options: RequestOptions = {}): Promise<Health> {
    const response = await this.#send('GET', '/health', undefined, null, options.signal);
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as Health;
  }

  /**
   * Streams a run's events in seq order, each exactly once, reconnecting with
   * `Last-Event-ID` after any drop until `RunFinished`.
   * @returns the RunFinished data
   */
  async streamRun(runId: string, options: StreamOptions): Promise<RunFinishedData> {
    let last = options.after ?? 0;
    let attempt = 0;
    // One refresh per 401 streak: a token source that keeps minting tokens the server
    // rejects must end in an error, not a tight loop of refreshes.
    let refreshed = false;
    const path = `/runtime/runs/${encodeURIComponent(runId)}/stream`;
    for (;;) {
      if (options.signal?.aborted) throw abortError();
      options.onState?.({state: attempt ? 'reconnecting' : 'connecting', attempt});
      const connection = new AbortController();
      const onAbort = () => connection.abort();
      options.signal?.addEventListener('abort', onAbort, {once: true});
      let lastByte = Date.now();
      const onWake = (event: Event) => {
        const force = (event as CustomEvent<{force?: boolean} | null>).detail?.force === true;
        if (force || Date.now() - lastByte > this.#stalledMs) connection.abort();
      };
      options.wake?.addEventListener('wake', onWake);
      let failure: ZabyError | undefined;
      let finished: RunFinishedData | undefined;
      let complete = false;
      let token: string | undefined;
      try {
        token = await this.#tokens.getToken();
        const headers: Record<string, string> = {Accept: 'text/event-stream'};
        if (last > 0) headers['Last-Event-ID'] = String(last);
        const response = await this.#send(
          'GET',
          path,
          undefined,
          token,
          connection.signal,
          headers,
        );
        if (!response.ok || !response.body) throw await errorFrom(response);
        options.onState?.({state: 'open', attempt});
        refreshed = false;
        await readSse(response.body, {
          idleTimeoutMs: this.#idleTimeoutMs,
          abort: () => connection.abort(),
          onBytes: () => {
            lastByte = Date.now();
          },
          onMessage: (message) => {
            const seq = Number(message.id);
            if (!Number.isInteger(seq) || seq <= last) return false; // a duplicate after a resume
            if (seq > last + 1) {
              throw new ZabyError(
                'bad_response',
                `Events ${last + 1}–${seq - 1} are missing; resuming.`,
                {retryable: true},
              );
            }
            if (message.event && RUN_EVENT_TYPES.has(message.event)) {
              const event = parseOrReport(
                seq,
                message.event as RunEventType,
                message.data,
                options,
              );
              if (event) options.onEvent(event);
              if (event?.event === 'RunFinished') finished = event.data;
            }
            last = seq; // unknown event types are skipped, but still advance the resume point
            return finished !== undefined;
          },
        });
        // A body read to its end needs no abort (an abort shows as a failed request).
        complete = true;
        if (finished) return finished;
        attempt = 0; // the server closed a healthy stream early: resume at once
      } catch (error) {
        if (options.signal?.aborted) throw abortError();
        failure = ZabyError.from(error, 'network_error', 'The stream failed');
        if (isTokenError(failure) && token && !refreshed) {
          refreshed = true;
          await this.#tokens.refresh(REFRESH_REASON_BY_CODE[failure.code] ?? 'invalid', token);
          continue;
        }
        if (failure.status >= 400 && failure.status < 500 && failure.status !== 429) throw failure;
        if (failure.code === 'token_unavailable') throw failure;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        options.wake?.removeEventListener('wake', onWake);
        if (!complete) connection.abort();
      }
      if (attempt >= this.#reconnect.maxAttempts)
        throw failure ?? new ZabyError('network_error', 'Stream lost.');
      options.onState?.({
        state: 'reconnecting',
        attempt: attempt + 1,
        ...(failure ? {error: failure} : {}),
      });
      await this.#waitToReconnect(
        backoffDelay(attempt, this.#reconnect, failure?.retryAfter),
        options,
      );
      attempt += 1;
    }
  }

  /** Sleeps before a reconnect; a `wake` (online again, page visible) cuts it short. */
  async #waitToReconnect(ms: number, options: StreamOptions): Promise<void> {
    const early = new AbortController();
    const onWake = () => early.abort();
    const onAbort = () => early.abort();
    options.wake?.addEventListener('wake', onWake);
    options.signal?.addEventListener('abort', onAbort);
    try {
      await sleep(ms, early.signal);
    } catch {
      if (options.signal?.aborted) throw abortError();
    } finally {
      options.wake?.removeEventListener('wake', onWake);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  #decide(
    runId: string,
    approvalId: string,
    action: 'approve' | 'reject',
    body: {comment?: string},
    options: RequestOptions,
  ): Promise<ApprovalResult> {
    return this.#call<ApprovalResult>(
      'POST',
      `/runtime/runs/${encodeURIComponent(runId)}/approvals/${encodeURIComponent(approvalId)}/${action}`,
      {...options, body, retry: true},
    );
  }

  /**
   * One JSON call: the token from the source; a 401 refreshes it and retries once (same
   * body, so the same requestId); network errors, 5xx and 429 retry with backoff.
   */
  async #call<T>(method: string, path: string, options: CallOptions): Promise<T> {
    let attempt = 0;
    let refreshed = false;
    for (;;) {
      const token = await this.#tokens.getToken();
      let error: ZabyError;
      // A server that accepts the connection and then hangs must not hang the UI.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), this.#requestTimeoutMs);
      const onAbort = () => timeout.abort();
      options.signal?.addEventListener('abort', onAbort, {once: true});
      try {
        const response = await this.#send(method, path, options.body, token, timeout.signal);
        if (response.ok) {
          try {
            return (await response.json()) as T;
          } catch (cause) {
            throw new ZabyError(
              'bad_response',
              `${method} ${path} answered ${response.status} with malformed JSON.`,
              {status: response.status, retryable: false, cause},
            );
          }
        }
        error = await errorFrom(response);
      } catch (cause) {
        if (options.signal?.aborted) throw abortError();
        error = timeout.signal.aborted
          ? new ZabyError(
              'request_timeout',
              `${method} ${path} got no answer within ${Math.round(
                this.#requestTimeoutMs / 1000,
              )} s.`,
              {status: 0, retryable: true},
            )
          : ZabyError.from(cause, 'network_error', 'The network request failed');
        if (error.code === 'bad_response') throw error;
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      }
      if (isTokenError(error) && !refreshed) {
        refreshed = true;
        await this.#tokens.refresh(REFRESH_REASON_BY_CODE[error.code] ?? 'invalid', token);
        continue;
      }
      const transient = error.status === 0 || error.status === 429 || error.status >= 500;
      if (!options.retry || !transient || attempt + 1 >= this.#retry.maxAttempts) throw error;
      await sleep(backoffDelay(attempt, this.#retry, error.retryAfter), options.signal);
      attempt += 1;
    }
  }

  #send(
    method: string,
    path: string,
    body: unknown,
    token: string | null,
    signal: AbortSignal | undefined,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {Accept: 'application/json', ...extraHeaders};
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.#fetchImpl(`${this.#base}${path}`, {
      method,
      headers,
      cache: 'no-store',
      credentials: 'omit', // the runtime API is token-authenticated; never send cookies
      ...(body === undefined ? {} : {body: JSON.stringify(body)}),
      ...(signal ? {signal} : {}),
    });
  }
}

/** Turns an error response into a ZabyError carrying the spec's `code`. */
export async function errorFrom(response: Response): Promise<ZabyError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let code = response.status >= 500 ? 'internal' : 'bad_response';
  let message = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as {error?: {code?: unknown; message?: unknown}};
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // not JSON (a proxy's error page): keep the status-based code
  }
  return new ZabyError(code, message, {
    status: response.status,
    ...(retryAfter === undefined ? {} : {retryAfter}),
  });
}

/**
 * Parses one event at the wire. A malformed event is reported through `onInvalidEvent` and
 * skipped (its seq still counts, so a resume does not fetch it again); a malformed
 * `RunFinished` still ends the run, as FAILED with the parse error, so nothing waits forever.
 */
function parseOrReport(
  seq: number,
  type: RunEventType,
  data: unknown,
  options: {onInvalidEvent?: (error: ZabyError) => void},
): RunEvent | undefined {
  const parsed = parseRunEvent(seq, type, data);
  if (!(parsed instanceof ZabyError)) return parsed;
  options.onInvalidEvent?.(parsed);
  if (type !== 'RunFinished') return undefined;
  return {
    seq,
    event: 'RunFinished',
    data: {
      runId: '',
      status: 'FAILED',
      error: {code: parsed.code, message: parsed.message},
      latestSeq: seq,
    },
  };
}
