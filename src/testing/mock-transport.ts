/**
 * `MockTransport`: a scripted in-memory Zaby runtime behind a `fetch` function, for a host's
 * own tests with no server. It answers the same paths, JSON and SSE bytes as
 * shared/spec/runtime-api.md, so the element's whole client stack (tokens, retries, resume)
 * runs for real on top of it.
 */
import {
  MAX_INPUT_LENGTH,
  REQUEST_ID_PATTERN,
  sseFrame,
  type RunEvent,
  type RunStatus,
} from '../protocol/types.ts';
import {RunExecution, type RunEnvironment, type RunStep} from '../runtime/run-executor.ts';
import {scriptFor} from '../runtime/scripted-agent.ts';

export type MockStep =
  | {thinking: string}
  | {text: string}
  | {toolCall: {toolName: string; arguments?: Record<string, unknown>; toolCallId?: string}}
  | {toolResult: {toolName: string; output: unknown; isError?: boolean; toolCallId?: string}}
  | {
      approval: {
        toolName: string;
        arguments?: Record<string, unknown>;
        message?: string;
        approvalId?: string;
        expiresInMs?: number;
      };
    }
  | {fail: {code: string; message: string}}
  | {drop: true}
  | {delayMs: number};

export interface MockReply {
  steps: MockStep[];
  approved?: MockStep[];
  rejected?: MockStep[];
}

export interface MockTransportOptions {
  /**
   * Each run's script; default: the emulator's scripted agent ("You said: <input>", and
   * `weather`, `refund`, `markdown`, `long`, `fail`, `slow` as in the emulator). `turn`
   * counts runs from 1.
   */
  reply?: (input: string, turn: number) => MockReply | MockStep[];
  /** Reply text is split into deltas of this many characters. @defaultValue 4 */
  chunkSize?: number;
  /** Delay between events in ms. @defaultValue 0 */
  delayMs?: number;
  /** Return an error code (`token_expired`, …) to answer 401, or null to accept. */
  checkToken?: (token: string | null) => string | null;
}

export interface MockRun {
  runId: string;
  requestId: string;
  input: string;
  status: RunStatus;
  events: RunEvent[];
  feedback?: {rating: number; comment?: string};
  cancelled: boolean;
}

interface RunState extends MockRun {
  execution: RunExecution;
  /** Wakes the run's open streams: a new event or a scripted drop. */
  listeners: Set<() => void>;
  /** Event counts at which a scripted `{drop: true}` cuts the streams. */
  drops: number[];
}

interface Failure {
  status: number;
  code: string;
  path: string | undefined;
  left: number;
  retryAfter: number | undefined;
  message: string | undefined;
}

const encoder = new TextEncoder();

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {'Content-Type': 'application/json', ...headers},
  });
}

function error(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(status, {error: {code, message}}, headers);
}

function chunk(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** The executor's steps for a reply: text split into `size`-character deltas. */
function toRunSteps(steps: readonly MockStep[], reply: MockReply, size: number): RunStep[] {
  return steps.flatMap((step): RunStep[] => {
    if ('delayMs' in step) return [{type: 'pause', ms: step.delayMs}];
    if ('thinking' in step)
      return [{type: 'thinking', ...(step.thinking ? {content: step.thinking} : {})}];
    if ('text' in step) return chunk(step.text, size).map((content) => ({type: 'text', content}));
    if ('toolCall' in step) return [{type: 'tool_call', ...step.toolCall}];
    if ('toolResult' in step) return [{type: 'tool_result', ...step.toolResult}];
    if ('approval' in step) {
      const {expiresInMs, ...approval} = step.approval;
      return [
        {
          type: 'approval',
          ...approval,
          ...(expiresInMs === undefined ? {} : {ttlMs: expiresInMs}),
          approved: toRunSteps(reply.approved ?? [], reply, size),
          rejected: toRunSteps(reply.rejected ?? [], reply, size),
        },
      ];
    }
    if ('fail' in step) return [{type: 'fail', ...step.fail}];
    return [{type: 'drop'}];
  });
}

/**
 * Browser-safe timers: no delay means no timer at all (a microtask), since nested timers
 * are clamped to ≥ 4 ms and a 0 ms script would crawl.
 */
function browserEnvironment(newId: (prefix: string) => string): RunEnvironment {
  return {
    schedule: (callback, ms) => {
      if (ms > 0) {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      }
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) callback();
      });
      return () => {
        cancelled = true;
      };
    },
    now: () => Date.now(),
    newId,
  };
}

/**
 * @example
 * ```ts
 * import {MockTransport} from 'zaby-chat/testing';
 * const chat = document.querySelector('zaby-chat')!;
 * chat.transport = new MockTransport({reply: () => [{text: 'Hi!'}]});
 * chat.token = 'test-token';
 * const result = await chat.send('Hello');   // {runId, status: 'COMPLETED', finalOutput: 'Hi!'}
 * ```
 */
export class MockTransport {
  readonly runs: MockRun[] = [];
  readonly requests: Array<{
    method: string;
    path: string;
    token: string | null;
    body: unknown;
    lastEventId: string | null;
  }> = [];
  private readonly options: MockTransportOptions;
  private readonly state = new Map<string, RunState>();
  private failures: Failure[] = [];
  private nextDrop: number | undefined;
  private counter = 0;
  /** Approval ids have their own count, so run ids stay run_mock_1, run_mock_2, … */
  private ids = 0;
  private readonly env = browserEnvironment((prefix) => `${prefix}_mock_${++this.ids}`);

  constructor(options: MockTransportOptions = {}) {
    this.options = options;
  }

  /** The next `times` requests whose path contains `path` answer `status` with `code`. */
  failNext(
    status: number,
    code: string,
    options: {times?: number; path?: string; retryAfter?: number; message?: string} = {},
  ): void {
    this.failures.push({
      status,
      code,
      path: options.path,
      left: options.times ?? 1,
      retryAfter: options.retryAfter,
      message: options.message,
    });
  }

  /** The next stream connection drops after `events` events. */
  dropNextStream(events: number): void {
    this.nextDrop = events;
  }

  /** Resolves when no run is unfinished. */
  async whenIdle(): Promise<void> {
    while ([...this.state.values()].some((r) => r.status === 'PENDING')) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Forgets every run and armed failure (a run still going finishes for its open streams). */
  reset(): void {
    this.runs.length = 0;
    this.requests.length = 0;
    this.state.clear();
    this.failures = [];
    this.nextDrop = undefined;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.signal.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const url = new URL(request.url);
    const path = url.pathname.replace(/^.*?\/api\/v1/, '');
    const text = request.method === 'GET' ? '' : await request.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.get('Authorization') ?? '')?.[1] ?? null;
    const lastEventId = request.headers.get('Last-Event-ID');
    this.requests.push({method: request.method, path, token, body, lastEventId});

    const failure = this.failures.find((f) => f.left > 0 && (!f.path || path.includes(f.path)));
    if (failure) {
      failure.left--;
      this.failures = this.failures.filter((f) => f.left > 0);
      return error(
        failure.status,
        failure.code,
        failure.message ?? `Mock ${failure.code}.`,
        failure.retryAfter === undefined ? {} : {'Retry-After': String(failure.retryAfter)},
      );
    }
    if (path === '/health')
      return json(200, {status: 'ok', timestamp: new Date().toISOString(), uptime: 1});
    const tokenError = this.options.checkToken
      ? this.options.checkToken(token)
      : token
        ? null
        : 'token_missing';
    if (tokenError) return error(401, tokenError, `Mock ${tokenError}.`);
    if (request.method === 'POST' && path === '/runtime/runs') return this.start(body);
    const match = /^\/runtime\/runs\/([^/]+)(?:\/(.*))?$/.exec(path);
    const run = match ? this.state.get(decodeURIComponent(match[1]!)) : undefined;
    if (!match) return error(404, 'not_found', `No endpoint ${path}.`);
    if (!run) return error(404, 'run_not_found', 'No such run.');
    const rest = match[2] ?? '';
    if (request.method === 'GET' && rest === '') return json(200, this.runObject(run));
    if (request.method === 'GET' && rest === 'stream') {
      const after = Number(lastEventId ?? url.searchParams.get('after') ?? 0) || 0;
      return this.stream(run, after, request.signal);
    }
    if (request.method === 'GET' && rest === 'events') {
      const after = Number(url.searchParams.get('after') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      if (
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > 500 ||
        !Number.isInteger(after) ||
        after < 0
      ) {
        return error(400, 'invalid_request', 'Bad limit or after.');
      }
      const items = run.execution.events.filter((e) => e.seq > after);
      return json(200, {
        items: items.slice(0, limit),
        latestSeq: run.execution.latestSeq,
        hasMore: items.length > limit,
      });
    }
    const decision = /^approvals\/([^/]+)\/(approve|reject)$/.exec(rest);
    if (request.method === 'POST' && decision)
      return this.decide(run, decision[1]!, decision[2] === 'approve' ? 'APPROVED' : 'REJECTED');
    if (request.method === 'POST' && rest === 'feedback') {
      const {rating, comment} = (body ?? {}) as {rating?: unknown; comment?: unknown};
      if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
        return error(422, 'validation_failed', '`rating` must be 1–5.');
      }
      const existed = run.feedback !== undefined;
      run.feedback = {rating, ...(typeof comment === 'string' ? {comment} : {})};
      return json(existed ? 200 : 201, {
        id: `fb_${run.runId}`,
        runId: run.runId,
        rating,
        comment: typeof comment === 'string' ? comment : null,
        createdAt: new Date().toISOString(),
      });
    }
    if (request.method === 'POST' && rest === 'cancel') {
      run.execution.cancel();
      return json(202, {runId: run.runId, status: run.status});
    }
    return error(404, 'not_found', `No endpoint ${request.method} ${path}.`);
  };

  private start(body: unknown): Response {
    const {input, requestId} = (body ?? {}) as {input?: unknown; requestId?: unknown};
    if (typeof input !== 'string' || !input.trim() || input.length > MAX_INPUT_LENGTH) {
      return error(400, 'invalid_request', '`input` must be 1–32,000 characters.');
    }
    if (
      requestId !== undefined &&
      (typeof requestId !== 'string' || !REQUEST_ID_PATTERN.test(requestId))
    ) {
      return error(400, 'invalid_request', 'Bad requestId.');
    }
    const known = requestId ? this.runs.find((r) => r.requestId === requestId) : undefined;
    if (known) {
      if (known.input !== input)
        return error(409, 'request_id_conflict', 'requestId reused with another input.');
      return json(200, this.runObject(this.state.get(known.runId)!));
    }
    const runId = `run_mock_${++this.counter}`;
    const execution = new RunExecution(runId, {
      env: this.env,
      paceMs: this.options.delayMs ?? 0,
      onDrop: (afterSeq) => {
        run.drops.push(afterSeq);
        this.notify(run);
      },
    });
    const run: RunState = {
      runId,
      requestId: (requestId as string | undefined) ?? `req_mock_${this.counter}`,
      input,
      get status() {
        return execution.status;
      },
      get events() {
        return execution.events;
      },
      get cancelled() {
        return execution.cancelled;
      },
      execution,
      listeners: new Set(),
      drops: [],
    };
    execution.subscribe(() => this.notify(run));
    this.state.set(runId, run);
    this.runs.push(run);
    const turn = this.runs.length;
    const paceMs = this.options.delayMs ?? 0;
    const reply = this.options.reply?.(input, turn);
    if (reply === undefined) {
      execution.start(scriptFor(input, {turn, runId, paceMs}));
    } else {
      const script = Array.isArray(reply) ? {steps: reply} : reply;
      execution.start({steps: toRunSteps(script.steps, script, this.options.chunkSize ?? 4)});
    }
    return json(201, this.runObject(run));
  }

  private runObject(run: RunState) {
    const {execution} = run;
    return {
      workflowId: `wf_${run.runId}`,
      runId: run.runId,
      deploymentId: 'dep_mock',
      status: run.status,
      latestSeq: execution.latestSeq,
      agentSessionId: 'ses_mock',
      externalAppId: 'app_mock',
      requestId: run.requestId,
      createdAt: new Date().toISOString(),
      ...(execution.finalOutput === undefined ? {} : {finalOutput: execution.finalOutput}),
      ...(execution.error ? {error: execution.error} : {}),
    };
  }

  private notify(run: RunState): void {
    for (const listener of run.listeners) listener();
  }

  private decide(run: RunState, approvalId: string, decision: 'APPROVED' | 'REJECTED'): Response {
    const outcome = run.execution.decide(approvalId, decision);
    if (!outcome.ok && outcome.code === 'approval_not_found')
      return error(404, 'approval_not_found', 'No such approval.');
    if (!outcome.ok)
      return error(409, 'approval_already_decided', `Already ${outcome.approval.status}.`);
    return json(200, {
      approvalId,
      runId: run.runId,
      status: decision,
      decidedAt: outcome.approval.decidedAt,
    });
  }

  private stream(run: RunState, after: number, signal: AbortSignal): Response {
    let sent = after;
    let budget = this.nextDrop;
    this.nextDrop = undefined;
    // A scripted drop at event count d cuts every stream that has not yet got past it.
    const isDrop = (at: number) => at > after && run.drops.includes(at);
    let dropped = false;
    let wake: (() => void) | undefined;
    const listener = () => wake?.();
    run.listeners.add(listener);
    const cleanup = () => {
      run.listeners.delete(listener);
    };
    // Pull-driven: one event per read, so a drop never discards events already sent
    // (erroring a stream throws away its queued chunks).
    const body = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          while (sent >= run.events.length) {
            if (signal.aborted) {
              // As fetch does: an aborted request's body errors, so a pending read ends.
              cleanup();
              controller.error(new DOMException('The operation was aborted.', 'AbortError'));
              return;
            }
            await new Promise<void>((resolve) => (wake = resolve));
          }
          if ((budget !== undefined && budget-- <= 0) || (!dropped && isDrop(sent))) {
            dropped = true;
            cleanup();
            controller.error(new TypeError('network error (MockTransport drop)'));
            return;
          }
          const event = run.events[sent]!;
          sent++;
          controller.enqueue(encoder.encode(sseFrame(event)));
          if (event.event === 'RunFinished') {
            cleanup();
            controller.close();
          }
        },
        cancel: () => cleanup(),
      },
      {highWaterMark: 0},
    );
    signal.addEventListener(
      'abort',
      () => {
        cleanup();
        wake?.();
      },
      {once: true},
    );
    return new Response(body, {status: 200, headers: {'Content-Type': 'text/event-stream'}});
  }
}
