import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {api, mintToken, PROVISIONING, withEmulator} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
const ORIGIN = 'http://127.0.0.1:5173';
/** Every code the spec's error table defines; each test adds what it provoked. */
const provoked = new Set<string>();

beforeAll(async () => {
  emu = await withEmulator({allowedOrigins: [ORIGIN], rateLimit: {max: 1_000, windowMs: 60_000}});
});
afterAll(async () => {
  await emu.close();
});

function expectError(
  r: {status: number; body: {error?: {code: string; message: string}}},
  status: number,
  code: string,
) {
  expect(r.status).toBe(status);
  expect(r.body.error?.code).toBe(code);
  expect(typeof r.body.error?.message).toBe('string');
  provoked.add(code);
}

async function run(token: string, input = 'hi') {
  return api(emu, 'POST', '/api/v1/runtime/runs', {token, body: {input}});
}

describe('error table', () => {
  test('400 invalid_request for malformed requests', async () => {
    const {token} = await mintToken(emu);
    const post = (extra: object) => api(emu, 'POST', '/api/v1/runtime/runs', {token, ...extra});
    expectError(await post({rawBody: '{"input": '}), 400, 'invalid_request');
    expectError(await post({rawBody: '[1,2]'}), 400, 'invalid_request');
    expectError(await post({body: {}}), 400, 'invalid_request');
    expectError(await post({body: {input: '   '}}), 400, 'invalid_request');
    expectError(await post({body: {input: 42}}), 400, 'invalid_request');
    expectError(await post({body: {input: 'x'.repeat(32_001)}}), 400, 'invalid_request');
    expect((await post({body: {input: 'x'.repeat(32_000)}})).status).toBe(201);
    expectError(await post({body: {input: 'hi', requestId: 'has space'}}), 400, 'invalid_request');
    expectError(
      await post({body: {input: 'hi', requestId: 'x'.repeat(129)}}),
      400,
      'invalid_request',
    );
    expectError(
      await post({rawBody: JSON.stringify({input: 'x'.repeat(1_100_000)})}),
      400,
      'invalid_request',
    );
    const {body} = await run(token);
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'after=-1', 'after=1.5']) {
      expectError(
        await api(emu, 'GET', `/api/v1/runtime/runs/${body.runId}/events?${query}`, {token}),
        400,
        'invalid_request',
      );
    }
  });

  test('401 for each token problem', async () => {
    expectError(await run(''), 401, 'token_missing');
    expectError(
      await api(emu, 'POST', '/api/v1/runtime/runs', {body: {input: 'x'}}),
      401,
      'token_missing',
    );
    expectError(await run('not.a.jwt'), 401, 'token_invalid');
    const {token} = await mintToken(emu);
    const [h, p] = token.split('.');
    expectError(await run(`${h}.${p}.${'A'.repeat(43)}`), 401, 'token_invalid');
    const short = await mintToken(emu, {ttlSeconds: 1});
    await new Promise((r) => setTimeout(r, 2_100));
    expectError(await run(short.token), 401, 'token_expired');
    const revoked = await mintToken(emu, {externalUserId: 'rev'});
    await api(emu, 'POST', `${PROVISIONING}/runtime-token-families/${revoked.familyId}/revoke`, {
      apiKey: emu.apiKey,
    });
    expectError(await run(revoked.token), 401, 'token_revoked');
    const once = await mintToken(emu, {externalUserId: 'once', maxUses: 1});
    expect((await run(once.token)).status).toBe(201);
    expectError(await run(once.token), 401, 'token_exhausted');
  });

  test('403 for origin, channel, approvals and ownership', async () => {
    const {token} = await mintToken(emu);
    expectError(
      await api(emu, 'POST', '/api/v1/runtime/runs', {
        token,
        origin: 'https://evil.example',
        body: {input: 'x'},
      }),
      403,
      'origin_not_allowed',
    );
    expect(
      (await api(emu, 'POST', '/api/v1/runtime/runs', {token, origin: ORIGIN, body: {input: 'x'}}))
        .status,
    ).toBe(201);

    const app = await api(emu, 'POST', `${PROVISIONING}/external-apps`, {
      apiKey: emu.apiKey,
      body: {name: 'Server only', slug: 'server-only', allowedOrigins: [ORIGIN]},
    });
    expect(app.status).toBe(201);
    const bound = await api(emu, 'POST', `${PROVISIONING}/external-apps/${app.body.id}/bindings`, {
      apiKey: emu.apiKey,
      body: {deploymentId: emu.seed.deploymentId, allowServerRuntime: true},
    });
    expect(bound.status).toBe(201);
    const policy = await api(emu, 'POST', `${PROVISIONING}/runtime-token-policies`, {
      apiKey: emu.apiKey,
      body: {name: 'p', externalAppId: app.body.id, deploymentId: emu.seed.deploymentId},
    });
    const mint = (channel: string) =>
      api(emu, 'POST', `${PROVISIONING}/runtime-tokens`, {
        apiKey: emu.apiKey,
        body: {
          externalAppId: app.body.id,
          deploymentId: emu.seed.deploymentId,
          quotaPolicyId: policy.body.id,
          externalUserId: 'u',
          channel,
        },
      });
    const web = await mint('web');
    expectError(await run(web.body.token), 403, 'runtime_not_allowed');
    const server = await mint('server');
    const started = await run(server.body.token, 'refund');
    expect(started.status).toBe(201);
    expectError(
      await api(emu, 'POST', `/api/v1/runtime/runs/${started.body.runId}/approvals/x/approve`, {
        token: server.body.token,
      }),
      403,
      'approvals_not_allowed',
    );
    const stranger = await mintToken(emu, {externalUserId: 'stranger'});
    expectError(
      await api(emu, 'GET', `/api/v1/runtime/runs/${started.body.runId}`, {token: stranger.token}),
      403,
      'forbidden',
    );
    await api(emu, 'POST', `/api/v1/runtime/runs/${started.body.runId}/cancel`, {
      token: server.body.token,
    });
  });

  test('404s', async () => {
    const {token} = await mintToken(emu);
    expectError(
      await api(emu, 'GET', '/api/v1/runtime/runs/run_missing', {token}),
      404,
      'run_not_found',
    );
    const {body} = await run(token);
    expectError(
      await api(emu, 'POST', `/api/v1/runtime/runs/${body.runId}/approvals/nope/reject`, {token}),
      404,
      'approval_not_found',
    );
    expectError(await api(emu, 'GET', '/api/v1/nothing-here'), 404, 'not_found');
    expectError(
      await api(emu, 'GET', `${PROVISIONING}/agents/missing`, {apiKey: emu.apiKey}),
      404,
      'not_found',
    );
  });

  test('409s, 422s and 429s', async () => {
    const {token} = await mintToken(emu, {externalUserId: 'conflicts'});
    await api(emu, 'POST', '/api/v1/runtime/runs', {token, body: {input: 'a', requestId: 'same'}});
    expectError(
      await api(emu, 'POST', '/api/v1/runtime/runs', {
        token,
        body: {input: 'b', requestId: 'same'},
      }),
      409,
      'request_id_conflict',
    );
    const agent = {name: 'A', slug: 'dup-slug'};
    expect(
      (await api(emu, 'POST', `${PROVISIONING}/agents`, {apiKey: emu.apiKey, body: agent})).status,
    ).toBe(201);
    expectError(
      await api(emu, 'POST', `${PROVISIONING}/agents`, {apiKey: emu.apiKey, body: agent}),
      409,
      'conflict',
    );

    const {body} = await run(token);
    const feedback = `/api/v1/runtime/runs/${body.runId}/feedback`;
    expectError(
      await api(emu, 'POST', feedback, {token, body: {rating: 6}}),
      422,
      'validation_failed',
    );
    expectError(
      await api(emu, 'POST', feedback, {token, body: {rating: 2.5}}),
      422,
      'validation_failed',
    );
    expectError(
      await api(emu, 'POST', feedback, {token, body: {rating: 3, comment: 'x'.repeat(2_001)}}),
      422,
      'validation_failed',
    );

    const limited = await withEmulator({rateLimit: {max: 2, windowMs: 60_000}});
    try {
      const t = (await mintToken(limited)).token;
      await api(limited, 'POST', '/api/v1/runtime/runs', {token: t, body: {input: 'a'}});
      await api(limited, 'POST', '/api/v1/runtime/runs', {token: t, body: {input: 'b'}});
      const r = await api(limited, 'POST', '/api/v1/runtime/runs', {token: t, body: {input: 'c'}});
      expectError(r, 429, 'rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  test('approval_already_decided, concurrency_limit, internal and unavailable', async () => {
    const policy = await api(emu, 'POST', `${PROVISIONING}/runtime-token-policies`, {
      apiKey: emu.apiKey,
      body: {
        name: 'one',
        externalAppId: emu.seed.externalAppId,
        deploymentId: emu.seed.deploymentId,
        maxConcurrentRuns: 1,
      },
    });
    const {token} = await mintToken(emu, {externalUserId: 'limits', quotaPolicyId: policy.body.id});
    const started = await run(token, 'refund');
    expectError(await run(token, 'another'), 429, 'concurrency_limit');
    let approvalId = '';
    for (let i = 0; i < 100 && !approvalId; i++) {
      const page = await api(
        emu,
        'GET',
        `/api/v1/runtime/runs/${started.body.runId}/events?limit=500`,
        {token},
      );
      approvalId =
        page.body.items.find((e: {event: string}) => e.event === 'approval_request')?.data
          .approvalId ?? '';
      if (!approvalId) await new Promise((r) => setTimeout(r, 10));
    }
    const base = `/api/v1/runtime/runs/${started.body.runId}/approvals/${approvalId}`;
    expect((await api(emu, 'POST', `${base}/reject`, {token})).status).toBe(200);
    expectError(
      await api(emu, 'POST', `${base}/approve`, {token}),
      409,
      'approval_already_decided',
    );

    const noPolicy = await api(emu, 'POST', `${PROVISIONING}/runtime-tokens`, {
      apiKey: emu.apiKey,
      body: {
        externalAppId: emu.seed.externalAppId,
        deploymentId: emu.seed.deploymentId,
        externalUserId: 'u',
      },
    });
    expectError(noPolicy, 500, 'internal');
    expect(noPolicy.body.error.message).toBe(
      'Cloudflare runtime sync snapshot is missing quotaPolicyId',
    );
    emu.injectFault({path: '/health', status: 503, code: 'unavailable', retryAfter: 1});
    const down = await api(emu, 'GET', '/api/v1/health');
    expectError(down, 503, 'unavailable');
    expect(down.headers.get('retry-after')).toBe('1');
    expect((await api(emu, 'GET', '/api/v1/health')).status).toBe(200);
  });

  test('every code of the spec table was provoked', () => {
    expect([...provoked].sort()).toEqual([
      'approval_already_decided',
      'approval_not_found',
      'approvals_not_allowed',
      'concurrency_limit',
      'conflict',
      'forbidden',
      'internal',
      'invalid_request',
      'not_found',
      'origin_not_allowed',
      'rate_limited',
      'request_id_conflict',
      'run_not_found',
      'runtime_not_allowed',
      'token_exhausted',
      'token_expired',
      'token_invalid',
      'token_missing',
      'token_revoked',
      'unavailable',
      'validation_failed',
    ]);
  });
});

describe('CORS', () => {
  test('preflight answers 204 with the spec headers', async () => {
    const r = await fetch(`${emu.origin}/api/v1/runtime/runs`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(r.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, Last-Event-ID',
    );
    expect(r.headers.get('access-control-max-age')).toBe('600');
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('errors and successes carry the CORS headers, never credentials', async () => {
    const {token} = await mintToken(emu);
    for (const r of [
      await api(emu, 'POST', '/api/v1/runtime/runs', {origin: ORIGIN, body: {input: 'x'}}),
      await api(emu, 'POST', '/api/v1/runtime/runs', {
        token,
        origin: 'https://evil.example',
        body: {input: 'x'},
      }),
      await api(emu, 'POST', '/api/v1/runtime/runs', {token, origin: ORIGIN, body: {input: 'x'}}),
    ]) {
      expect(r.headers.get('access-control-allow-origin')).not.toBeNull();
      expect(r.headers.get('vary')).toBe('Origin');
      expect(r.headers.get('access-control-expose-headers')).toBe('Retry-After');
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('robustness', () => {
  test('garbage never crashes the server', async () => {
    const {token} = await mintToken(emu);
    for (const rawBody of [
      '',
      'null',
      '"str"',
      '{"input": null}',
      '\u0000\u0001',
      '{"input": {"$gt": 1}}',
    ]) {
      const r = await api(emu, 'POST', '/api/v1/runtime/runs', {token, rawBody});
      expect(r.status).toBe(400);
    }
    const weird = await fetch(`${emu.origin}/api/v1/runtime/runs/%E0%A4%A/stream`, {
      headers: {Authorization: `Bearer ${token}`},
    });
    expect(weird.status).toBeGreaterThanOrEqual(400);
    expect((await api(emu, 'GET', '/api/v1/health')).status).toBe(200);
  });
});
