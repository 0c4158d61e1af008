import {expect, test} from 'vitest';
import {RuntimeClient, TokenSource, type RunEvent} from '../../../src/protocol/index.ts';
import {MockTransport} from '../../../src/testing/index.ts';

function setup(mock: MockTransport, reasons: string[] = []) {
  const tokens = new TokenSource({
    fetchToken: async ({reason}) => {
      reasons.push(reason);
      return `token-${reasons.length}`;
    },
  });
  const client = new RuntimeClient({
    apiOrigin: 'https://zaby.test',
    tokens,
    fetch: mock.fetch,
    retry: {baseDelayMs: 1, maxDelayMs: 2},
    reconnect: {baseDelayMs: 1, maxDelayMs: 2},
  });
  return {client, reasons};
}

async function run(
  client: RuntimeClient,
  input: string,
  onEvent?: (e: RunEvent, runId: string) => void,
) {
  const started = await client.startRun({input});
  const events: RunEvent[] = [];
  const finished = await client.streamRun(started.runId, {
    onEvent: (e) => {
      events.push(e);
      onEvent?.(e, started.runId);
    },
  });
  return {
    started,
    events,
    finished,
    text: events.flatMap((e) => (e.event === 'text' ? [e.data.content] : [])).join(''),
  };
}

test('a scripted reply streams whole through the real client', async () => {
  const mock = new MockTransport({
    reply: (input) => [
      {thinking: 'hmm'},
      {text: `Echo: ${input} 🌍`},
      {toolCall: {toolName: 'lookup', arguments: {q: input}}},
      {toolResult: {toolName: 'lookup', output: {ok: true}}},
    ],
  });
  const {client} = setup(mock);
  const {events, finished, text} = await run(client, 'hello');
  expect(text).toBe('Echo: hello 🌍');
  expect(finished).toMatchObject({status: 'COMPLETED', finalOutput: 'Echo: hello 🌍'});
  expect(events.map((e) => e.event)).toContain('tool_result');
  expect(mock.runs).toHaveLength(1);
});

test('a dropped stream is resumed with Last-Event-ID and yields the exact text', async () => {
  const mock = new MockTransport({
    reply: () => [{text: 'abcdefghijklmnopqrstuvwxyz'}, {drop: true}, {text: '0123456789'}],
  });
  mock.dropNextStream(3);
  const {client} = setup(mock);
  const {text} = await run(client, 'x');
  expect(text).toBe('abcdefghijklmnopqrstuvwxyz0123456789');
  const resumes = mock.requests.filter((r) => r.path.endsWith('/stream')).map((r) => r.lastEventId);
  expect(resumes[0]).toBeNull();
  expect(resumes[1]).toBe('3');
  expect(resumes.length).toBeGreaterThanOrEqual(3);
});

test('a 401 asks for a new token with its reason and retries with the same requestId', async () => {
  const mock = new MockTransport();
  const {client, reasons} = setup(mock);
  await run(client, 'first');
  mock.failNext(401, 'token_expired', {path: '/runtime/runs'});
  await client.startRun({input: 'second', requestId: 'r-2'});
  expect(reasons).toEqual(['missing', 'expired']);
  const starts = mock.requests.filter((r) => r.path === '/runtime/runs' && r.method === 'POST');
  expect(starts.slice(-2).map((r) => (r.body as {requestId: string}).requestId)).toEqual([
    'r-2',
    'r-2',
  ]);
  expect(starts.at(-1)!.token).toBe('token-2');
});

test('an approval pauses the run until approved', async () => {
  const mock = new MockTransport({
    reply: () => ({
      steps: [{approval: {toolName: 'issue_refund', arguments: {amount: 5}, message: 'OK?'}}],
      approved: [{text: 'Refunded.'}],
      rejected: [{text: 'Not refunded.'}],
    }),
  });
  const {client} = setup(mock);
  const {finished} = await run(client, 'refund', (e, runId) => {
    if (e.event === 'approval_request') void client.approve(runId, e.data.approvalId);
  });
  expect(finished.finalOutput).toBe('Refunded.');
});

test('a 503 on start is retried and makes exactly one run', async () => {
  const mock = new MockTransport();
  mock.failNext(503, 'unavailable', {path: '/runtime/runs', times: 2});
  const {client} = setup(mock);
  await client.startRun({input: 'once'});
  expect(mock.runs).toHaveLength(1);
});

test('feedback, cancel and validation behave as the spec says', async () => {
  const mock = new MockTransport({delayMs: 5, reply: () => [{text: 'x'.repeat(400)}]});
  const {client} = setup(mock);
  const started = await client.startRun({input: 'long'});
  const finishing = client.streamRun(started.runId, {onEvent: () => undefined});
  await client.cancelRun(started.runId);
  expect((await finishing).status).toBe('CANCELLED');
  expect(await client.sendFeedback(started.runId, {rating: 4})).toMatchObject({rating: 4});
  await expect(client.sendFeedback(started.runId, {rating: 9})).rejects.toMatchObject({
    code: 'validation_failed',
    status: 422,
  });
  await expect(client.startRun({input: ''})).rejects.toMatchObject({code: 'invalid_request'});
});

test('without a reply the script is the emulator scripted agent', async () => {
  const mock = new MockTransport();
  const {client} = setup(mock);
  const hello = await run(client, 'hello there');
  expect(hello.text).toMatch(/^You said:/);
  expect(hello.text).toContain('hello there');
  expect(hello.text).toContain('turn 1');
  const weather = await run(client, 'weather in Oslo');
  expect(weather.events.find((e) => e.event === 'tool_call')).toMatchObject({
    data: {toolName: 'get_weather', arguments: {city: 'Oslo'}},
  });
  expect((await run(client, 'hi again')).text).toContain('turn 3');
});

test('reply text is split into chunkSize deltas', async () => {
  const mock = new MockTransport({chunkSize: 3, reply: () => [{text: 'abcdefgh'}]});
  const {client} = setup(mock);
  const {events} = await run(client, 'x');
  expect(events.flatMap((e) => (e.event === 'text' ? [e.data.content] : []))).toEqual([
    'abc',
    'def',
    'gh',
  ]);
});

test('an approval with expiresInMs expires into the rejected branch', async () => {
  const mock = new MockTransport({
    reply: () => ({
      steps: [{toolCall: {toolName: 'refund'}}, {approval: {toolName: 'refund', expiresInMs: 30}}],
      approved: [{text: 'Refunded.'}],
      rejected: [{text: 'Not refunded.'}],
    }),
  });
  const {client} = setup(mock);
  const {events, finished} = await run(client, 'refund');
  const request = events.find((e) => e.event === 'approval_request');
  expect(request).toMatchObject({data: {toolCallId: 'call_1', expiresAt: expect.any(String)}});
  expect(events.find((e) => e.event === 'approval_resolved')).toMatchObject({
    data: {decision: 'EXPIRED'},
  });
  expect(finished.finalOutput).toBe('Not refunded.');
});

test('aborting a stream mid-run ends the read, as fetch does', async () => {
  const mock = new MockTransport({
    reply: () => ({steps: [{text: 'waiting'}, {approval: {toolName: 'refund'}}], approved: []}),
  });
  const {client} = setup(mock);
  const started = await client.startRun({input: 'x'});
  const abort = new AbortController();
  const reading = client.streamRun(started.runId, {
    signal: abort.signal,
    onEvent: (e) => {
      if (e.event === 'approval_request') abort.abort();
    },
  });
  await expect(reading).rejects.toMatchObject({code: 'aborted'});
  await client.cancelRun(started.runId);
  await mock.whenIdle();
  expect(mock.runs[0]!.status).toBe('CANCELLED');
});
