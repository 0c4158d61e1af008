import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {
  RuntimeClient,
  TokenSource,
  ZabyError,
  type RunEvent,
  type TokenFetchContext,
} from '../../../src/protocol/index.ts';
import {startCutProxy} from '../../helpers/cut-proxy.ts';
import {api, mintToken, PROVISIONING, until, withEmulator} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

const fast = {retry: {baseDelayMs: 5, maxDelayMs: 20}, reconnect: {baseDelayMs: 5, maxDelayMs: 20}};

function clientFor(
  user: string,
  origin = emu.origin,
  extra: Partial<ConstructorParameters<typeof RuntimeClient>[0]> = {},
) {
  const asked: TokenFetchContext[] = [];
  const tokens = new TokenSource({
    fetchToken: async (ctx) => {
      asked.push(ctx);
      return (await mintToken(emu, {externalUserId: user})).token;
    },
  });
  return {client: new RuntimeClient({apiOrigin: origin, tokens, ...fast, ...extra}), tokens, asked};
}

async function runToEnd(client: RuntimeClient, input: string, onApproval?: (e: RunEvent) => void) {
  const run = await client.startRun({input});
  const events: RunEvent[] = [];
  const finished = await client.streamRun(run.runId, {
    onEvent: (e) => {
      events.push(e);
      if (e.event === 'approval_request') onApproval?.(e);
    },
  });
  const text = events.flatMap((e) => (e.event === 'text' ? [e.data.content] : [])).join('');
  return {run, events, finished, text};
}

describe('RuntimeClient against the emulator', () => {
  test('each scripted trigger runs to the end with text equal to finalOutput', async () => {
    const {client} = clientFor('triggers');
    for (const input of ['hello', 'weather in Lima', 'markdown', 'long']) {
      const {events, finished, text} = await runToEnd(client, input);
      expect(finished.status).toBe('COMPLETED');
      expect(text).toBe(finished.finalOutput);
      expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
    }
    const failed = await runToEnd(client, 'fail now');
    expect(failed.finished).toMatchObject({status: 'FAILED', error: {code: 'agent_error'}});
  });

  test('refund: approve and reject through the client', async () => {
    const {client} = clientFor('refunds');
    for (const decision of ['approve', 'reject'] as const) {
      const run = await client.startRun({input: 'refund 555'});
      const finished = await client.streamRun(run.runId, {
        onEvent: (e) => {
          if (e.event !== 'approval_request') return;
          void (decision === 'approve'
            ? client.approve(run.runId, e.data.approvalId)
            : client.reject(run.runId, e.data.approvalId));
        },
      });
      expect(finished.status).toBe('COMPLETED');
      expect(finished.finalOutput).toMatch(
        decision === 'approve' ? /issued a refund/ : /did \*\*not\*\*/,
      );
    }
  });

  test.each([1, 2, 7, -2])(
    'a stream cut after %i events resumes with Last-Event-ID and yields the exact text',
    async (k) => {
      const {client: direct} = clientFor('cuts');
      const reference = await runToEnd(direct, 'weather in Cusco');
      const total = reference.events.length;
      const afterEvents = k < 0 ? total + k : k;
      const proxy = await startCutProxy(emu.origin, {afterEvents, drops: 2});
      try {
        const {client} = clientFor('cuts', proxy.origin);
        const states: string[] = [];
        const run = await client.startRun({input: 'weather in Cusco'});
        const events: RunEvent[] = [];
        const finished = await client.streamRun(run.runId, {
          onEvent: (e) => events.push(e),
          onState: ({state}) => states.push(state),
        });
        // The replay after a late cut may be too short to be cut again.
        expect(proxy.cuts).toBeGreaterThanOrEqual(1);
        expect(states).toContain('reconnecting');
        expect(proxy.lastEventIds[0]).toBe(String(afterEvents));
        expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
        const text = events.flatMap((e) => (e.event === 'text' ? [e.data.content] : [])).join('');
        expect(text).toBe(finished.finalOutput);
        expect(text).toBe(reference.text);
      } finally {
        await proxy.close();
      }
    },
  );

  test('a cut inside an event (mid-UTF-8) loses and repeats nothing', async () => {
    const proxy = await startCutProxy(emu.origin, {afterEvents: 3, bytesIntoFrame: 31, drops: 3});
    try {
      const {client} = clientFor('midframe', proxy.origin);
      const {text, finished} = await runToEnd(
        client,
        'Grüße 🌦️ aus Zürich — 日本語も少し、お願いします',
      );
      expect(proxy.cuts).toBe(3);
      expect(text).toContain('日本語も少し');
      expect(text).toBe(finished.finalOutput);
    } finally {
      await proxy.close();
    }
  });

  test('a 503 with a lost response on start makes exactly one run', async () => {
    const {client} = clientFor('lost');
    const before = emu.stats().runsCreated;
    emu.injectFault({
      method: 'POST',
      path: '/runtime/runs',
      status: 503,
      code: 'unavailable',
      afterHandler: true,
    });
    const run = await client.startRun({input: 'hello once'});
    expect(run.runId).toBeTruthy();
    expect(emu.stats().runsCreated).toBe(before + 1);
  });

  test('429 honours Retry-After; other 4xx are not retried', async () => {
    const {client} = clientFor('retry-after');
    emu.injectFault({
      method: 'POST',
      path: '/runtime/runs',
      status: 429,
      code: 'rate_limited',
      retryAfter: 1,
    });
    const t0 = Date.now();
    await client.startRun({input: 'hi'});
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const before = emu.stats().runsCreated;
    emu.injectFault({
      method: 'POST',
      path: '/runtime/runs',
      status: 403,
      code: 'forbidden',
      times: 5,
    });
    await expect(client.startRun({input: 'hi'})).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
      retryable: false,
    });
    emu.clearFaults();
    expect(emu.stats().runsCreated).toBe(before);
  });

  test('a revoked family: the source is asked with reason "revoked" and the start retries with the same requestId', async () => {
    const {client, tokens, asked} = clientFor('revoked-user');
    await client.startRun({input: 'first'});
    const family = JSON.parse(
      Buffer.from(tokens.current!.split('.')[1]!, 'base64url').toString(),
    ).fam;
    await api(emu, 'POST', `${PROVISIONING}/runtime-token-families/${family}/revoke`, {
      apiKey: emu.apiKey,
    });
    const run = await client.startRun({input: 'second', requestId: 'same-req-1'});
    expect(asked.map((a) => a.reason)).toEqual(['missing', 'revoked']);
    expect(asked[1]!.currentToken).toBeTruthy();
    expect(run.requestId).toBe('same-req-1');
  });

  test('401 token_exhausted and token_expired map to their reasons', async () => {
    const asked: string[] = [];
    let ttl = 600;
    // The client's clock runs 30 s late, so only the server can tell that the token expired.
    const tokens = new TokenSource({
      now: () => Date.now() - 30_000,
      refreshBeforeExpirySeconds: 0,
      fetchToken: async ({reason}) => {
        asked.push(reason);
        return (await mintToken(emu, {externalUserId: 'reasons', maxUses: 1, ttlSeconds: ttl}))
          .token;
      },
    });
    const client = new RuntimeClient({apiOrigin: emu.origin, tokens, ...fast});
    await client.startRun({input: 'a'});
    await client.startRun({input: 'b'});
    expect(asked).toEqual(['missing', 'exhausted']);
    ttl = 1;
    tokens.set(null);
    const run = await client.startRun({input: 'c'});
    await new Promise((r) => setTimeout(r, 2_100));
    ttl = 600;
    await client.getRun(run.runId);
    expect(asked.slice(2)).toEqual(['missing', 'expired']);
  });

  test('a token past exp by the client clock is refreshed before use, with reason "expired"', async () => {
    const asked: string[] = [];
    const tokens = new TokenSource({
      fetchToken: async ({reason}) => {
        asked.push(reason);
        return (await mintToken(emu, {externalUserId: 'early'})).token;
      },
    });
    tokens.set((await mintToken(emu, {externalUserId: 'early', ttlSeconds: 1})).token);
    await new Promise((r) => setTimeout(r, 1_100));
    await new RuntimeClient({apiOrigin: emu.origin, tokens, ...fast}).startRun({input: 'x'});
    expect(asked).toEqual(['expired']);
  });

  test('aborting closes the stream on the server side', async () => {
    const {client} = clientFor('aborter');
    const run = await client.startRun({input: 'slow'});
    const controller = new AbortController();
    const streaming = client.streamRun(run.runId, {
      signal: controller.signal,
      onEvent: () => undefined,
    });
    await until(() => emu.stats().openStreams > 0);
    controller.abort();
    await expect(streaming).rejects.toMatchObject({code: 'aborted'});
    await until(() => emu.stats().openStreams === 0, 1000);
    expect(await client.cancelRun(run.runId)).toMatchObject({runId: run.runId});
  });

  test('cancel ends the run CANCELLED; allEvents pages through hasMore', async () => {
    const {client} = clientFor('cancel-pages');
    const run = await client.startRun({input: 'slow'});
    const finishing = client.streamRun(run.runId, {onEvent: () => undefined});
    await client.cancelRun(run.runId);
    expect((await finishing).status).toBe('CANCELLED');
    const long = await runToEnd(client, 'long');
    const all = await client.allEvents(long.run.runId);
    expect(all.length).toBe(long.events.length);
    expect(all.length).toBeGreaterThan(500);
    expect(all.map((e) => e.seq)).toEqual(long.events.map((e) => e.seq));
  });
});

describe('RuntimeClient against bad servers', () => {
  let server: Server;
  let origin = '';
  const connections: Array<() => void> = [];
  const streamRequests: Array<string | undefined> = [];
  let rejected = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.includes('/runs/reject-all/')) {
        rejected += 1;
        res.writeHead(401, {'Content-Type': 'application/json'});
        res.end('{"error":{"code":"token_invalid","message":"not for this runtime"}}');
        return;
      }
      if (req.url?.endsWith('/stream')) {
        streamRequests.push(req.headers['last-event-id'] as string | undefined);
        res.writeHead(200, {'Content-Type': 'text/event-stream'});
        res.write('id: 1\nevent: text\ndata: {"content":"hi"}\n\n');
        connections.push(() => res.destroy());
        return; // then silence: no event, no ping
      }
      if (req.url?.includes('/hang')) {
        connections.push(() => res.destroy());
        return; // accepts, then never answers
      }
      if (req.url?.endsWith('/cancel')) {
        res.writeHead(404, {'Content-Type': 'application/json'});
        res.end('{"error":{"code":"not_found","message":"no cancel here"}}');
        return;
      }
      res.writeHead(502, {'Content-Type': 'text/html'});
      res.end('<h1>Bad gateway</h1>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const close of connections) close();
    await new Promise((r) => server.close(r));
  });

  const tokens = () => new TokenSource({fetchToken: async () => 'opaque-token'});

  test('a silent stream counts as dropped after the idle timeout and reconnects', async () => {
    const client = new RuntimeClient({
      apiOrigin: origin,
      tokens: tokens(),
      streamIdleTimeoutMs: 150,
      reconnect: {baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2},
    });
    const errors: string[] = [];
    const events: RunEvent[] = [];
    await expect(
      client.streamRun('r1', {
        onEvent: (e) => events.push(e),
        onState: ({error}) => error && errors.push(error.code),
      }),
    ).rejects.toBeInstanceOf(ZabyError);
    expect(errors[0]).toBe('stream_timeout');
    expect(events).toHaveLength(1); // the replayed seq 1 was applied once
  });

  test('a wake (back online, page visible) reconnects a stalled stream at once, a live one not', async () => {
    const client = new RuntimeClient({
      apiOrigin: origin,
      tokens: tokens(),
      streamIdleTimeoutMs: 30_000,
      streamStalledMs: 200,
      reconnect: {baseDelayMs: 10_000, maxDelayMs: 10_000},
    });
    const wake = new EventTarget();
    const stop = new AbortController();
    const states: string[] = [];
    const events: RunEvent[] = [];
    const before = streamRequests.length;
    const streaming = client.streamRun('r2', {
      wake,
      signal: stop.signal,
      onEvent: (e) => events.push(e),
      onState: ({state}) => states.push(state),
    });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    wake.dispatchEvent(new Event('wake')); // a byte arrived just now: not stalled
    await new Promise((r) => setTimeout(r, 50));
    expect(states).toEqual(['connecting', 'open']);
    await new Promise((r) => setTimeout(r, 250));
    wake.dispatchEvent(new Event('wake')); // silent for > 200 ms: reconnect now
    // The reconnect would wait 10 s for its backoff; a second wake cuts that short too.
    await vi.waitFor(() => expect(states).toContain('reconnecting'));
    wake.dispatchEvent(new Event('wake'));
    await vi.waitFor(() => expect(streamRequests.length - before).toBe(2), {timeout: 2_000});
    expect(streamRequests.at(-1)).toBe('1'); // resumed after the event it had
    expect(events).toHaveLength(1); // the replayed seq 1 is not applied twice
    // Back online: reconnect at once even though a byte just came (the old connection may be dead).
    await vi.waitFor(() => expect(states.at(-1)).toBe('open'));
    const mark = states.length;
    wake.dispatchEvent(new CustomEvent('wake', {detail: {force: true}}));
    await vi.waitFor(() => expect(states.slice(mark)).toContain('reconnecting'));
    wake.dispatchEvent(new Event('wake')); // cut the 10 s backoff short
    await vi.waitFor(() => expect(streamRequests.length - before).toBe(3), {timeout: 2_000});
    expect(events).toHaveLength(1);
    stop.abort();
    await expect(streaming).rejects.toMatchObject({code: 'aborted'});
  });

  test('a token source whose every token is rejected ends in the 401 error after one refresh, not a loop', async () => {
    let minted = 0;
    const client = new RuntimeClient({
      apiOrigin: origin,
      tokens: new TokenSource({fetchToken: async () => `t${++minted}`}),
      reconnect: {baseDelayMs: 1, maxDelayMs: 1},
    });
    const before = rejected;
    await expect(client.streamRun('reject-all', {onEvent: () => undefined})).rejects.toMatchObject({
      code: 'token_invalid',
      status: 401,
    });
    expect(rejected - before).toBe(2);
    expect(minted).toBe(2);
  });

  test('a non-JSON error page becomes a typed error after the retries', async () => {
    const client = new RuntimeClient({
      apiOrigin: origin,
      tokens: tokens(),
      retry: {maxAttempts: 2, baseDelayMs: 1},
    });
    await expect(client.getRun('x')).rejects.toMatchObject({
      code: 'internal',
      status: 502,
      retryable: true,
    });
  });

  test('a server that accepts and then hangs gives a clear, retryable timeout error', async () => {
    const client = new RuntimeClient({
      apiOrigin: origin,
      tokens: tokens(),
      requestTimeoutMs: 100,
      retry: {maxAttempts: 2, baseDelayMs: 1},
    });
    const t0 = Date.now();
    await expect(client.getRun('hang')).rejects.toMatchObject({
      code: 'request_timeout',
      retryable: true,
      message: /no answer within/,
    });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  test('cancel on a server without it resolves null', async () => {
    const client = new RuntimeClient({apiOrigin: origin, tokens: tokens()});
    expect(await client.cancelRun('x')).toBeNull();
  });
});

describe('RuntimeClient parses events at the wire', () => {
  let server: Server;
  let origin = '';
  const streams: Record<string, string> = {
    // A malformed text event (seq 2) between two good ones, then the end.
    malformed:
      'id: 1\nevent: text\ndata: {"content":"a"}\n\n' +
      'id: 2\nevent: text\ndata: {"content":7}\n\n' +
      'id: 3\nevent: mystery\ndata: {}\n\n' +
      'id: 4\nevent: text\ndata: {"content":"b"}\n\n' +
      'id: 5\nevent: RunFinished\ndata: {"runId":"malformed","status":"COMPLETED","latestSeq":5}\n\n',
    // The last event itself is not JSON: the run still ends, as FAILED.
    'bad-finish':
      'id: 1\nevent: text\ndata: {"content":"a"}\n\n' +
      'id: 2\nevent: RunFinished\ndata: {oops\n\n',
  };
  let requests = 0;
  /** How the last `/runs/slow-close/stream` response ended: by the server, or cut by the client. */
  let slowClose: Promise<'ended' | 'cut by the client'> = Promise.resolve('ended');
  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = /\/runs\/([^/]+)\/stream/.exec(req.url ?? '')?.[1] ?? '';
      requests += 1;
      res.writeHead(200, {'Content-Type': 'text/event-stream'});
      if (name === 'slow-close') {
        // RunFinished, then the end of the body a moment later, as a server flushing it.
        res.write(
          'id: 1\nevent: RunFinished\ndata: {"runId":"x","status":"COMPLETED","latestSeq":1}\n\n',
        );
        slowClose = new Promise((resolve) => {
          res.on('close', () => resolve(res.writableFinished ? 'ended' : 'cut by the client'));
          setTimeout(() => res.end(), 150);
        });
        return;
      }
      res.end(streams[name] ?? '');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const client = () =>
    new RuntimeClient({
      apiOrigin: origin,
      tokens: new TokenSource({fetchToken: async () => 'opaque-token'}),
      ...fast,
    });

  test('a malformed event is reported and skipped; the rest arrive once and the run ends', async () => {
    const events: RunEvent[] = [];
    const invalid: ZabyError[] = [];
    requests = 0;
    const finished = await client().streamRun('malformed', {
      onEvent: (e) => events.push(e),
      onInvalidEvent: (e) => invalid.push(e),
    });
    expect(finished.status).toBe('COMPLETED');
    expect(events.map((e) => [e.seq, e.event])).toEqual([
      [1, 'text'],
      [4, 'text'],
      [5, 'RunFinished'],
    ]);
    expect(invalid.map((e) => [e.code, e.message])).toEqual([
      ['bad_response', 'Event 2 (text) was skipped: `content` must be a string.'],
    ]);
    expect(requests).toBe(1); // skipped, not a reason to reconnect and fetch it again
  });

  test('a malformed RunFinished ends the run as FAILED with the parse error', async () => {
    const invalid: ZabyError[] = [];
    const finished = await client().streamRun('bad-finish', {
      onEvent: () => undefined,
      onInvalidEvent: (e) => invalid.push(e),
    });
    expect(finished).toMatchObject({status: 'FAILED', error: {code: 'bad_response'}});
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.message).toMatch(/Event 2 \(RunFinished\).*not JSON/);
  });

  test('after RunFinished the client reads the body to its end instead of aborting it', async () => {
    const finished = await client().streamRun('slow-close', {onEvent: () => undefined});
    expect(finished.status).toBe('COMPLETED');
    expect(await slowClose).toBe('ended');
  });
});
