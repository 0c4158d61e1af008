/**
 * The runtime endpoints of runtime-api.md: runs, stream, events, approvals, feedback, cancel.
 */
import type {ServerResponse} from 'node:http';
import {
  MAX_FEEDBACK_COMMENT_LENGTH,
  MAX_INPUT_LENGTH,
  REQUEST_ID_PATTERN,
  sseFrame,
  type Run,
  type StoredRunEvent,
} from '../protocol/types.ts';
import type {Claims} from './auth.ts';
import {corsHeaders, HttpError, now, optionalString, readJson, sendJson} from './http.ts';
import {route, type AnyRoute, type RouteContext} from './router.ts';
import type {RunEngine} from './runs.ts';
import {Store, type RunRecord} from './store.ts';

const IDEMPOTENCY_MS = 24 * 60 * 60 * 1000;

export interface RuntimeContext {
  store: Store;
  engine: RunEngine;
  pingIntervalMs: number;
  /** Open SSE responses, so revocation and shutdown can close them. */
  streams: Set<{res: ServerResponse; fam: string; grt: string}>;
  rateLimit: (claims: Claims) => void;
}

type Ctx = RouteContext<'runtime'>;

function ownedRun(ctx: RuntimeContext, claims: Claims, runId: string): RunRecord {
  const record = ctx.store.runs.get(runId);
  if (!record) throw new HttpError(404, 'run_not_found', `No run ${runId}.`);
  if (record.owner.app !== claims.app || record.owner.sub !== (claims.sub ?? '')) {
    throw new HttpError(403, 'forbidden', 'This run belongs to another user or app.');
  }
  return record;
}

function nonNegativeInt(
  value: string | null | undefined,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new HttpError(
      400,
      'invalid_request',
      `\`${name}\` must be a whole number from 0 to ${max}.`,
    );
  }
  return Number(value);
}

async function startRun(ctx: RuntimeContext, {req, res, claims}: Ctx): Promise<void> {
  ctx.rateLimit(claims);
  const body = await readJson(req);
  const input = body['input'];
  if (typeof input !== 'string' || !input.trim()) {
    throw new HttpError(400, 'invalid_request', "`input` is required: the user's message.");
  }
  if (input.length > MAX_INPUT_LENGTH) {
    throw new HttpError(
      400,
      'invalid_request',
      `\`input\` is limited to ${MAX_INPUT_LENGTH} characters.`,
    );
  }
  const requestId = optionalString(body, 'requestId');
  if (requestId !== undefined && !REQUEST_ID_PATTERN.test(requestId)) {
    throw new HttpError(
      400,
      'invalid_request',
      '`requestId` must be 1–128 characters of [A-Za-z0-9._:-].',
    );
  }
  const metadata = body['metadata'];
  if (
    metadata !== undefined &&
    (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
  ) {
    throw new HttpError(400, 'invalid_request', '`metadata` must be an object.');
  }
  const sub = claims.sub ?? '';
  if (requestId) {
    const key = `${claims.app}|${sub}|${requestId}`;
    const known = ctx.store.requestIds.get(key);
    const record =
      known && Date.now() - known.at < IDEMPOTENCY_MS ? ctx.store.runs.get(known.runId) : undefined;
    if (record) {
      if (record.input !== input) {
        throw new HttpError(
          409,
          'request_id_conflict',
          'This requestId was used with a different input.',
        );
      }
      sendJson(req, res, 200, record.run);
      return;
    }
  }
  const uses = ctx.store.tokenUses.get(claims.jti) ?? 0;
  if (claims.mxu !== undefined && uses >= claims.mxu) {
    throw new HttpError(
      401,
      'token_exhausted',
      'This runtime token has been used up; get a new one.',
    );
  }
  const policy = ctx.store.policies.get(claims.pol);
  if (
    policy?.maxConcurrentRuns &&
    ctx.store.unfinishedRuns(policy.id, sub) >= policy.maxConcurrentRuns
  ) {
    throw new HttpError(
      429,
      'concurrency_limit',
      `At most ${policy.maxConcurrentRuns} runs may be unfinished at once.`,
      {'Retry-After': '2'},
    );
  }
  ctx.store.tokenUses.set(claims.jti, uses + 1);
  const owner = {
    app: claims.app,
    dep: claims.dep,
    sub,
    sid: claims.sid ?? '',
    pol: claims.pol,
    fam: claims.fam,
    grt: claims.grt,
  };
  const {agentSessionId, turn} = ctx.store.nextTurn(owner);
  // The session's finished turns, for an agent that is told the conversation (a model).
  const history = [...ctx.store.runs.values()].flatMap(({run: r, input: said}) =>
    r.agentSessionId === agentSessionId && r.status === 'COMPLETED'
      ? [
          {role: 'user' as const, content: said},
          {role: 'assistant' as const, content: r.finalOutput ?? ''},
        ]
      : [],
  );
  const runId = Store.id('run');
  const run: Run = {
    workflowId: Store.id('wf'),
    runId,
    deploymentId: claims.dep,
    status: 'PENDING',
    latestSeq: 0,
    agentSessionId,
    externalAppId: claims.app,
    requestId: requestId ?? Store.id('req'),
    createdAt: now(),
  };
  const record: RunRecord = {
    run,
    input,
    owner,
    execution: ctx.engine.start(run, input, turn, history),
    feedback: new Map(),
  };
  ctx.store.runs.set(runId, record);
  ctx.store.runsCreated++;
  if (requestId)
    ctx.store.requestIds.set(`${claims.app}|${sub}|${requestId}`, {runId, at: Date.now()});
  sendJson(req, res, 201, run);
}

function getRun(ctx: RuntimeContext, {req, res, params: p, claims}: Ctx): void {
  sendJson(req, res, 200, ownedRun(ctx, claims, p['runId']!).run);
}

function listEvents(ctx: RuntimeContext, {req, res, params: p, url, claims}: Ctx): void {
  const record = ownedRun(ctx, claims, p['runId']!);
  const limit = nonNegativeInt(url.searchParams.get('limit'), 'limit', 500) ?? 50;
  if (limit < 1) throw new HttpError(400, 'invalid_request', '`limit` must be from 1 to 500.');
  const after = nonNegativeInt(url.searchParams.get('after'), 'after') ?? 0;
  const rest = record.execution.events.filter((e) => e.seq > after);
  sendJson(req, res, 200, {
    items: rest.slice(0, limit),
    latestSeq: record.run.latestSeq,
    hasMore: rest.length > limit,
  });
}

function writeEvent(res: ServerResponse, event: StoredRunEvent): void {
  res.write(sseFrame(event));
}

function stream(ctx: RuntimeContext, {req, res, params: p, url, claims}: Ctx): void {
  const record = ownedRun(ctx, claims, p['runId']!);
  const header = req.headers['last-event-id'];
  const after =
    nonNegativeInt(typeof header === 'string' ? header.trim() : undefined, 'Last-Event-ID') ??
    nonNegativeInt(url.searchParams.get('after'), 'after') ??
    0;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
    ...corsHeaders(req),
  });
  res.flushHeaders();
  for (const event of record.execution.events) if (event.seq > after) writeEvent(res, event);
  if (record.run.status !== 'PENDING') {
    res.end();
    return;
  }
  let lastWrite = Date.now();
  const entry = {res, fam: claims.fam, grt: claims.grt};
  const listener = (event: StoredRunEvent) => {
    writeEvent(res, event);
    lastWrite = Date.now();
    if (event.event === 'RunFinished') res.end();
  };
  const ping = setInterval(() => {
    if (Date.now() - lastWrite >= ctx.pingIntervalMs - 5) {
      res.write(': ping\n\n');
      lastWrite = Date.now();
    }
  }, ctx.pingIntervalMs);
  const unsubscribe = record.execution.subscribe(listener);
  const cleanup = () => {
    clearInterval(ping);
    unsubscribe();
    ctx.streams.delete(entry);
  };
  ctx.streams.add(entry);
  res.on('close', cleanup);
  res.on('finish', cleanup);
}

async function decide(
  ctx: RuntimeContext,
  {req, res, params: p, claims}: Ctx,
  decision: 'APPROVED' | 'REJECTED',
): Promise<void> {
  const record = ownedRun(ctx, claims, p['runId']!);
  const binding = ctx.store.binding(claims.app, claims.dep);
  if (!binding?.allowApprovals) {
    throw new HttpError(
      403,
      'approvals_not_allowed',
      "The app's binding does not allow approvals.",
    );
  }
  const body = await readJson(req);
  optionalString(body, 'comment');
  const outcome = record.execution.decide(p['approvalId']!, decision);
  if (!outcome.ok && outcome.code === 'approval_not_found')
    throw new HttpError(404, 'approval_not_found', `No approval ${p['approvalId']} in this run.`);
  if (!outcome.ok) {
    throw new HttpError(
      409,
      'approval_already_decided',
      `This approval is already ${outcome.approval.status}.`,
    );
  }
  const {approval} = outcome;
  sendJson(req, res, 200, {
    approvalId: approval.approvalId,
    runId: record.run.runId,
    status: approval.status,
    decidedAt: approval.decidedAt,
  });
}

async function feedback(ctx: RuntimeContext, {req, res, params: p, claims}: Ctx): Promise<void> {
  const record = ownedRun(ctx, claims, p['runId']!);
  const body = await readJson(req);
  const rating = body['rating'];
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw new HttpError(422, 'validation_failed', '`rating` must be a whole number from 1 to 5.');
  }
  const comment = body['comment'];
  if (
    comment !== undefined &&
    comment !== null &&
    (typeof comment !== 'string' || comment.length > MAX_FEEDBACK_COMMENT_LENGTH)
  ) {
    throw new HttpError(
      422,
      'validation_failed',
      `\`comment\` must be a string of at most ${MAX_FEEDBACK_COMMENT_LENGTH} characters.`,
    );
  }
  const user = claims.sub ?? '';
  const existing = record.feedback.get(user);
  const entry = {
    id: existing?.id ?? Store.id('fb'),
    runId: record.run.runId,
    rating,
    comment: typeof comment === 'string' ? comment : null,
    createdAt: now(),
  };
  record.feedback.set(user, entry);
  sendJson(req, res, existing ? 200 : 201, entry);
}

function cancel(ctx: RuntimeContext, {req, res, params: p, claims}: Ctx): void {
  const record = ownedRun(ctx, claims, p['runId']!);
  record.execution.cancel();
  sendJson(req, res, 202, {runId: record.run.runId, status: record.run.status});
}

/**
 * The runtime endpoints, each taking a runtime token (the router verifies it).
 * @param prefix - the API's path prefix, `/api/v1`
 */
export function runtimeRoutes(ctx: RuntimeContext, prefix: string): AnyRoute[] {
  const runs = `${prefix}/runtime/runs`;
  const auth = 'runtime' as const;
  return [
    route({method: 'POST', path: runs, auth, handle: (r) => startRun(ctx, r)}),
    route({method: 'GET', path: `${runs}/:runId`, auth, handle: (r) => getRun(ctx, r)}),
    route({method: 'GET', path: `${runs}/:runId/stream`, auth, handle: (r) => stream(ctx, r)}),
    route({method: 'GET', path: `${runs}/:runId/events`, auth, handle: (r) => listEvents(ctx, r)}),
    route({
      method: 'POST',
      path: `${runs}/:runId/approvals/:approvalId/approve`,
      auth,
      handle: (r) => decide(ctx, r, 'APPROVED'),
    }),
    route({
      method: 'POST',
      path: `${runs}/:runId/approvals/:approvalId/reject`,
      auth,
      handle: (r) => decide(ctx, r, 'REJECTED'),
    }),
    route({method: 'POST', path: `${runs}/:runId/feedback`, auth, handle: (r) => feedback(ctx, r)}),
    route({method: 'POST', path: `${runs}/:runId/cancel`, auth, handle: (r) => cancel(ctx, r)}),
  ];
}
