import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {
  api,
  mintToken,
  PROVISIONING,
  readStream,
  until,
  withEmulator,
} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
const ORIGIN = 'http://127.0.0.1:5173';

beforeAll(async () => {
  emu = await withEmulator({allowedOrigins: [ORIGIN], pingIntervalMs: 50, approvalTtlMs: 400});
});
afterAll(() => emu.close());

async function startRun(token: string, input: string, requestId?: string) {
  return api(emu, 'POST', '/api/v1/runtime/runs', {
    token,
    body: {input, ...(requestId ? {requestId} : {})},
  });
}

async function finishedRun(token: string, input: string) {
  const started = await startRun(token, input);
  expect(started.status).toBe(201);
  const {events} = await readStream(emu, started.body.runId, {token});
  return {run: started.body, events};
}

describe('health and runs', () => {
  test('GET /health needs no auth', async () => {
    const r = await api(emu, 'GET', '/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({status: 'ok'});
    expect(typeof r.body.uptime).toBe('number');
  });

  test('a run streams seq 1..n and ends with RunFinished carrying the full text', async () => {
    const {token} = await mintToken(emu);
    const {run, events} = await finishedRun(token, 'Hello emulator');
    expect(run).toMatchObject({
      status: 'PENDING',
      deploymentId: emu.seed.deploymentId,
      externalAppId: emu.seed.externalAppId,
    });
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_e, i) => i + 1));
    const last = events.at(-1)!;
    expect(last.event).toBe('RunFinished');
    const text = events
      .filter((e) => e.event === 'text')
      .map((e) => JSON.parse(e.data).content)
      .join('');
    const finished = JSON.parse(last.data);
    expect(finished).toMatchObject({
      status: 'COMPLETED',
      finalOutput: text,
      latestSeq: events.length,
    });
    expect(text).toContain('Hello emulator');
    const got = await api(emu, 'GET', `/api/v1/runtime/runs/${run.runId}`, {token});
    expect(got.body).toMatchObject({
      status: 'COMPLETED',
      finalOutput: text,
      latestSeq: events.length,
    });
  });

  test('each scripted trigger produces its events', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'triggers'});
    const weather = await finishedRun(token, 'weather in Oslo?');
    const call = weather.events.find((e) => e.event === 'tool_call')!;
    expect(JSON.parse(call.data)).toMatchObject({
      toolName: 'get_weather',
      arguments: {city: 'Oslo'},
    });
    expect(weather.events.some((e) => e.event === 'tool_result')).toBe(true);
    const markdown = await finishedRun(token, 'markdown please');
    const md = JSON.parse(markdown.events.at(-1)!.data).finalOutput as string;
    for (const feature of [
      '# ',
      '| ',
      '```ts',
      '```python',
      '```bash',
      '> ',
      '](https://',
      '`inline code`',
      '   - ',
    ]) {
      expect(md).toContain(feature);
    }
    const long = await finishedRun(token, 'long');
    const longText = JSON.parse(long.events.at(-1)!.data).finalOutput as string;
    expect(longText.length).toBeGreaterThan(19_000);
    expect(long.events.filter((e) => e.event === 'text').length).toBeGreaterThan(4_500);
    const fail = await finishedRun(token, 'please fail');
    expect(JSON.parse(fail.events.at(-1)!.data)).toMatchObject({
      status: 'FAILED',
      error: {code: 'agent_error'},
    });
  });

  test('the slow trigger spaces deltas 500 ms apart', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'slow'});
    const started = await startRun(token, 'slow');
    await new Promise((r) => setTimeout(r, 1_100));
    const page = await api(emu, 'GET', `/api/v1/runtime/runs/${started.body.runId}/events`, {
      token,
    });
    expect(page.body.items.length).toBeGreaterThanOrEqual(1);
    expect(page.body.items.length).toBeLessThanOrEqual(4);
    await api(emu, 'POST', `/api/v1/runtime/runs/${started.body.runId}/cancel`, {token});
  });

  test('agent sessions count the turns across runs and refreshed tokens', async () => {
    const a = await mintToken(emu, {externalUserId: 'turns', externalSessionId: 's1'});
    const first = await finishedRun(a.token, 'hi');
    const b = await mintToken(emu, {externalUserId: 'turns', externalSessionId: 's1'});
    const second = await finishedRun(b.token, 'hi again');
    expect(second.run.agentSessionId).toBe(first.run.agentSessionId);
    expect(JSON.parse(second.events.at(-1)!.data).finalOutput).toContain('turn 2');
    const other = await mintToken(emu, {externalUserId: 'turns', externalSessionId: 's2'});
    expect((await finishedRun(other.token, 'hi')).run.agentSessionId).not.toBe(
      first.run.agentSessionId,
    );
  });
});

describe('stream resume', () => {
  test('Last-Event-ID and ?after= replay exactly the remaining events at several cut points', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'resume'});
    const {run, events} = await finishedRun(token, 'weather in Rome');
    const n = events.length;
    for (const cut of [0, 1, Math.floor(n / 2), n - 1, n]) {
      const viaHeader = await readStream(emu, run.runId, {token, lastEventId: String(cut)});
      expect(viaHeader.events.map((e) => e.id)).toEqual(events.slice(cut).map((e) => e.id));
      const viaQuery = await readStream(emu, run.runId, {token, after: cut});
      expect(viaQuery.events.map((e) => e.data)).toEqual(events.slice(cut).map((e) => e.data));
    }
    const both = await readStream(emu, run.runId, {token, lastEventId: '3', after: 1});
    expect(both.events[0]!.id).toBe('4');
  });

  test('a live stream sends pings while idle and resumes mid-run', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'pings'});
    const started = await startRun(token, 'refund order 1234');
    const pings: string[] = [];
    const partial = await readStream(emu, started.body.runId, {
      token,
      untilComments: 2,
      onComment: (c) => pings.push(c),
    });
    expect(pings[0]?.trim()).toBe('ping');
    expect(partial.events.at(-1)!.event).toBe('approval_request');
    const approvalId = JSON.parse(partial.events.at(-1)!.data).approvalId;
    await api(
      emu,
      'POST',
      `/api/v1/runtime/runs/${started.body.runId}/approvals/${approvalId}/approve`,
      {token, body: {}},
    );
    const rest = await readStream(emu, started.body.runId, {
      token,
      lastEventId: partial.events.at(-1)!.id!,
    });
    expect(rest.events[0]!.event).toBe('approval_resolved');
    expect(rest.events.at(-1)!.event).toBe('RunFinished');
  });

  test('events endpoint pages with limit, after and hasMore', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'paging'});
    const {run, events} = await finishedRun(token, 'weather');
    const page1 = await api(
      emu,
      'GET',
      `/api/v1/runtime/runs/${run.runId}/events?limit=3&after=0`,
      {token},
    );
    expect(page1.body.items.map((e: {seq: number}) => e.seq)).toEqual([1, 2, 3]);
    expect(page1.body).toMatchObject({hasMore: true, latestSeq: events.length});
    const last = await api(
      emu,
      'GET',
      `/api/v1/runtime/runs/${run.runId}/events?limit=500&after=3`,
      {token},
    );
    expect(last.body.items.length).toBe(events.length - 3);
    expect(last.body.hasMore).toBe(false);
    expect(typeof last.body.items[0].createdAt).toBe('string');
  });
});

describe('approvals, feedback, cancel', () => {
  async function pendingApproval(user: string) {
    const {token} = await mintToken(emu, {externalUserId: user});
    const started = await startRun(token, 'refund please');
    let approvalId = '';
    await until(async () => {
      const page = await api(
        emu,
        'GET',
        `/api/v1/runtime/runs/${started.body.runId}/events?limit=500`,
        {token},
      );
      const request = page.body.items.find((e: {event: string}) => e.event === 'approval_request');
      approvalId = request?.data.approvalId ?? '';
      return Boolean(approvalId);
    });
    return {token, runId: started.body.runId as string, approvalId};
  }

  test('approve is idempotent, the opposite decision conflicts, and the run completes', async () => {
    const {token, runId, approvalId} = await pendingApproval('approver');
    const path = `/api/v1/runtime/runs/${runId}/approvals/${approvalId}`;
    const ok = await api(emu, 'POST', `${path}/approve`, {token, body: {comment: 'fine'}});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({approvalId, runId, status: 'APPROVED'});
    expect((await api(emu, 'POST', `${path}/approve`, {token})).status).toBe(200);
    const conflict = await api(emu, 'POST', `${path}/reject`, {token});
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('approval_already_decided');
    const {events} = await readStream(emu, runId, {token});
    expect(events.some((e) => e.event === 'tool_result')).toBe(true);
    expect(JSON.parse(events.at(-1)!.data).status).toBe('COMPLETED');
  });

  test('reject says nothing was done; an unknown approval is 404', async () => {
    const {token, runId, approvalId} = await pendingApproval('rejecter');
    expect(
      (
        await api(emu, 'POST', `/api/v1/runtime/runs/${runId}/approvals/${approvalId}/reject`, {
          token,
        })
      ).status,
    ).toBe(200);
    const {events} = await readStream(emu, runId, {token});
    expect(JSON.parse(events.at(-1)!.data).finalOutput).toContain('not');
    const missing = await api(emu, 'POST', `/api/v1/runtime/runs/${runId}/approvals/nope/approve`, {
      token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('approval_not_found');
  });

  test('an approval expires', async () => {
    const {token, runId, approvalId} = await pendingApproval('expirer');
    const {events} = await readStream(emu, runId, {token});
    const resolved = events.find((e) => e.event === 'approval_resolved')!;
    expect(JSON.parse(resolved.data)).toEqual({approvalId, decision: 'EXPIRED'});
    const late = await api(
      emu,
      'POST',
      `/api/v1/runtime/runs/${runId}/approvals/${approvalId}/approve`,
      {token},
    );
    expect(late.status).toBe(409);
  });

  test('feedback is created, then replaced', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'rater'});
    const {run} = await finishedRun(token, 'hi');
    const path = `/api/v1/runtime/runs/${run.runId}/feedback`;
    const first = await api(emu, 'POST', path, {token, body: {rating: 5, comment: 'great'}});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({runId: run.runId, rating: 5, comment: 'great'});
    const second = await api(emu, 'POST', path, {token, body: {rating: 2}});
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  test('cancel ends the stream with RunFinished CANCELLED', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'canceller'});
    const started = await startRun(token, 'slow');
    const stream = readStream(emu, started.body.runId, {token});
    const cancelled = await api(emu, 'POST', `/api/v1/runtime/runs/${started.body.runId}/cancel`, {
      token,
    });
    expect(cancelled.status).toBe(202);
    const {events} = await stream;
    expect(JSON.parse(events.at(-1)!.data).status).toBe('CANCELLED');
  });
});

describe('tokens, revocation and limits', () => {
  test('revoking the family ends an open stream at once; later calls are token_revoked', async () => {
    const {token, familyId} = await mintToken(emu, {externalUserId: 'revoked'});
    const started = await startRun(token, 'slow');
    const stream = readStream(emu, started.body.runId, {token});
    await until(() => emu.stats().openStreams > 0);
    const at = Date.now();
    const revoke = await api(
      emu,
      'POST',
      `${PROVISIONING}/runtime-token-families/${familyId}/revoke`,
      {apiKey: emu.apiKey},
    );
    expect(revoke.status).toBe(200);
    await expect(stream).rejects.toThrow();
    expect(Date.now() - at).toBeLessThan(1000);
    const after = await api(emu, 'GET', `/api/v1/runtime/runs/${started.body.runId}`, {token});
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('token_revoked');
    const fresh = await mintToken(emu, {externalUserId: 'revoked'});
    expect(fresh.familyId).not.toBe(familyId);
    expect(
      (await api(emu, 'GET', `/api/v1/runtime/runs/${started.body.runId}`, {token: fresh.token}))
        .status,
    ).toBe(200);
    await api(emu, 'POST', `/api/v1/runtime/runs/${started.body.runId}/cancel`, {
      token: fresh.token,
    });
  });

  test('revoking a grant needs a reason and ends its streams', async () => {
    const {token, grantId} = await mintToken(emu, {
      externalUserId: 'granted',
      externalSessionId: 'g',
    });
    const started = await startRun(token, 'slow');
    const stream = readStream(emu, started.body.runId, {token});
    await until(() => emu.stats().openStreams > 0);
    const noReason = await api(
      emu,
      'POST',
      `${PROVISIONING}/runtime-token-grants/${grantId}/revoke`,
      {apiKey: emu.apiKey, body: {}},
    );
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('validation_failed');
    expect(
      (
        await api(emu, 'POST', `${PROVISIONING}/runtime-token-grants/${grantId}/revoke`, {
          apiKey: emu.apiKey,
          body: {reason: 'User deactivated'},
        })
      ).status,
    ).toBe(200);
    await expect(stream).rejects.toThrow();
    expect(
      (await api(emu, 'GET', `/api/v1/runtime/runs/${started.body.runId}`, {token})).body.error
        .code,
    ).toBe('token_revoked');
  });

  test('an idempotent replay consumes no use; a conflicting input is 409', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'idem', maxUses: 1});
    const first = await startRun(token, 'hello', 'req-1');
    expect(first.status).toBe(201);
    const replay = await startRun(token, 'hello', 'req-1');
    expect(replay.status).toBe(200);
    expect(replay.body.runId).toBe(first.body.runId);
    const conflict = await startRun(token, 'other input', 'req-1');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('request_id_conflict');
    const exhausted = await startRun(token, 'hello', 'req-2');
    expect(exhausted.status).toBe(401);
    expect(exhausted.body.error.code).toBe('token_exhausted');
    expect(emu.stats().runsCreated).toBeGreaterThan(0);
  });

  test('a fault after the handler loses the response but creates exactly one run', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'lost'});
    const before = emu.stats().runsCreated;
    emu.injectFault({
      method: 'POST',
      path: '/runtime/runs',
      status: 503,
      code: 'unavailable',
      afterHandler: true,
    });
    const lost = await startRun(token, 'hi', 'lost-1');
    expect(lost.status).toBe(503);
    expect(lost.body.error.code).toBe('unavailable');
    const retried = await startRun(token, 'hi', 'lost-1');
    expect(retried.status).toBe(200);
    expect(emu.stats().runsCreated).toBe(before + 1);
  });

  test('the policy limits concurrent unfinished runs', async () => {
    const policy = await api(emu, 'POST', `${PROVISIONING}/runtime-token-policies`, {
      apiKey: emu.apiKey,
      body: {
        name: 'one at a time',
        externalAppId: emu.seed.externalAppId,
        deploymentId: emu.seed.deploymentId,
        maxConcurrentRuns: 1,
      },
    });
    const {token} = await mintToken(emu, {externalUserId: 'busy', quotaPolicyId: policy.body.id});
    const first = await startRun(token, 'slow');
    const second = await startRun(token, 'slow');
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('concurrency_limit');
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    await api(emu, 'POST', `/api/v1/runtime/runs/${first.body.runId}/cancel`, {token});
  });

  test('expired tokens are token_expired', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'expiring', ttlSeconds: 1});
    await new Promise((r) => setTimeout(r, 2_100));
    const r = await startRun(token, 'hi');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token_expired');
  });
});
