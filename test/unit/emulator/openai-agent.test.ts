/**
 * A real model behind the emulator: an OpenAI-compatible chat-completions server written
 * here (node:http, streaming SSE chunks as such servers do) stands in for Ollama / vLLM /
 * a hosted model. Over both protocols: text and reasoning deltas, a weather tool call
 * answered at once, a refund tool call that waits for approval, and a clear error when the
 * endpoint cannot be reached.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {HttpAgent} from '@ag-ui/client';
import type {BaseEvent} from '@ag-ui/core';
import {afterAll, afterEach, beforeAll, expect, test} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {RuntimeClient} from '../../../src/protocol/client.ts';
import {TokenSource} from '../../../src/protocol/token-source.ts';
import type {RunEvent} from '../../../src/protocol/types.ts';
import {mintToken, withEmulator} from '../../helpers/emulator.ts';

interface ChatRequest {
  model: string;
  stream: boolean;
  tools: Array<{function: {name: string}}>;
  messages: Array<{role: string; content: string | null; tool_call_id?: string}>;
}

let model: Server;
let modelUrl = '';
const requests: Array<{body: ChatRequest; authorization: string | undefined}> = [];

/** What the fake model answers: decided by the last message, as a scripted model would. */
function chunksFor(body: ChatRequest): object[] {
  const last = body.messages.at(-1)!;
  const delta = (d: object) => ({choices: [{index: 0, delta: d}]});
  const say = (text: string) => text.match(/.{1,5}/gs)!.map((c) => delta({content: c}));
  if (last.role === 'tool') {
    const result = JSON.parse(last.content ?? '{}') as Record<string, unknown>;
    if ('temperatureC' in result)
      return say(`It is ${String(result['temperatureC'])} °C in ${String(result['city'])}.`);
    if (result['status'] === 'issued') return say('Your refund is on its way.');
    return say('I did not refund anything.');
  }
  const text = last.content ?? '';
  const call = (name: string, args: string) => [
    delta({reasoning_content: 'I should call a tool.'}),
    delta({
      tool_calls: [
        {index: 0, id: `call_${name}`, type: 'function', function: {name, arguments: ''}},
      ],
    }),
    ...args
      .match(/.{1,6}/gs)!
      .map((a) => delta({tool_calls: [{index: 0, function: {arguments: a}}]})),
    {choices: [{index: 0, delta: {}, finish_reason: 'tool_calls'}]},
  ];
  if (text.includes('weather')) return call('get_weather', '{"city":"Paris"}');
  if (text.includes('refund'))
    return call('issue_refund', '{"orderId":"A-7","amount":12.5,"currency":"EUR"}');
  return [delta({reasoning: 'Thinking it over.'}), ...say(`Model says: ${text}`)];
}

beforeAll(async () => {
  model = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += String(c)));
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
      const body = JSON.parse(raw) as ChatRequest;
      requests.push({body, authorization: req.headers.authorization});
      res.writeHead(200, {'Content-Type': 'text/event-stream'});
      for (const chunk of chunksFor(body)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => model.listen(0, '127.0.0.1', r));
  modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  model.closeAllConnections();
  await new Promise((r) => model.close(r));
});

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  requests.length = 0;
});

async function zabyClient(e: RunningEmulator) {
  const {token} = await mintToken(e);
  return new RuntimeClient({
    apiOrigin: e.origin,
    tokens: new TokenSource({fetchToken: async () => token}),
  });
}

/** Starts a Zaby run and streams it; `onEvent` may decide approvals. */
async function zabyRun(
  client: RuntimeClient,
  input: string,
  onEvent: (e: RunEvent) => void = () => undefined,
) {
  const {runId} = await client.startRun({input});
  const events: RunEvent[] = [];
  const finished = await client.streamRun(runId, {
    onEvent: (e) => {
      events.push(e);
      onEvent(e);
    },
  });
  return {runId, events, finished};
}

test('Zaby protocol: reasoning and text deltas from the model, with the key and the tools sent', async () => {
  emu = await withEmulator({openai: {baseUrl: modelUrl, model: 'test-model', apiKey: 'sk-test'}});
  const client = await zabyClient(emu);
  const {events, finished} = await zabyRun(client, 'hello model');
  expect(finished.status).toBe('COMPLETED');
  expect(finished.finalOutput).toBe('Model says: hello model');
  expect(events.filter((e) => e.event === 'text').length).toBeGreaterThan(2);
  expect(events.find((e) => e.event === 'thinking' && e.data.content)?.data).toEqual({
    content: 'Thinking it over.',
  });
  const [request] = requests;
  expect(request!.authorization).toBe('Bearer sk-test');
  expect(request!.body.model).toBe('test-model');
  expect(request!.body.stream).toBe(true);
  expect(request!.body.tools.map((t) => t.function.name)).toEqual(['get_weather', 'issue_refund']);
  // The session's earlier turns go to the model with the next one.
  await zabyRun(client, 'and again');
  expect(requests[1]!.body.messages.map((m) => m.content)).toEqual([
    expect.stringContaining('Zaby emulator agent'),
    'hello model',
    'Model says: hello model',
    'and again',
  ]);
});

test('Zaby protocol: a weather tool call is answered and the model goes on', async () => {
  emu = await withEmulator({openai: {baseUrl: modelUrl, model: 'm'}});
  const {events, finished} = await zabyRun(await zabyClient(emu), "what's the weather?");
  expect(finished.finalOutput).toBe('It is 18 °C in Paris.');
  const call = events.find((e) => e.event === 'tool_call');
  expect(call?.data).toMatchObject({toolName: 'get_weather', arguments: {city: 'Paris'}});
  expect(events.find((e) => e.event === 'tool_result')?.data).toMatchObject({
    output: {city: 'Paris', temperatureC: 18},
  });
  expect(events.find((e) => e.event === 'thinking' && e.data.content)?.data).toEqual({
    content: 'I should call a tool.',
  });
  // The second round carries the call and its result; no Authorization without a key.
  expect(requests[1]!.body.messages.at(-1)).toMatchObject({
    role: 'tool',
    tool_call_id: 'call_get_weather',
  });
  expect(requests[0]!.authorization).toBeUndefined();
});

test('Zaby protocol: a refund waits for approval; approved, the model hears the result', async () => {
  emu = await withEmulator({openai: {baseUrl: modelUrl, model: 'm'}});
  const client = await zabyClient(emu);
  const {runId} = await client.startRun({input: 'I want a refund'});
  const events: RunEvent[] = [];
  const finished = await client.streamRun(runId, {
    onEvent: (e) => {
      events.push(e);
      if (e.event === 'approval_request') void client.approve(runId, e.data.approvalId);
    },
  });
  const approval = events.find((e) => e.event === 'approval_request');
  expect(approval?.data).toMatchObject({
    toolName: 'issue_refund',
    message: 'Refund 12.5 EUR for order A-7?',
  });
  expect(finished.finalOutput).toBe('Your refund is on its way.');
  expect(events.find((e) => e.event === 'tool_result')?.data).toMatchObject({
    output: {status: 'issued', amount: 12.5},
  });
});

test('AG-UI protocol: the model behind /ag-ui/agent, verified by HttpAgent, interrupt and resume included', async () => {
  emu = await withEmulator({openai: {baseUrl: modelUrl, model: 'm'}});
  const agent = new HttpAgent({url: `${emu.origin}/ag-ui/agent`});
  const events: BaseEvent[] = [];
  agent.subscribe({onEvent: ({event}) => void events.push(event)});
  agent.addMessage({id: 'u1', role: 'user', content: 'weather please'});
  const weather = await agent.runAgent();
  expect(weather.newMessages.some((m) => m.role === 'tool')).toBe(true);
  expect(events.map((e) => e.type)).toContain('REASONING_MESSAGE_CONTENT');
  const text = weather.newMessages
    .filter((m) => m.role === 'assistant')
    .map((m) => m.content ?? '')
    .join('');
  expect(text).toContain('It is 18 °C in Paris.');
  agent.addMessage({id: 'u2', role: 'user', content: 'now a refund'});
  events.length = 0;
  await agent.runAgent();
  const end = events.at(-1) as BaseEvent & {
    outcome?: {type: string; interrupts: Array<{id: string}>};
  };
  expect(end.outcome?.type).toBe('interrupt');
  const resumed = await agent.runAgent({
    resume: [
      {interruptId: end.outcome!.interrupts[0]!.id, status: 'resolved', payload: {approved: false}},
    ],
  });
  const after = resumed.newMessages
    .filter((m) => m.role === 'assistant')
    .map((m) => m.content ?? '')
    .join('');
  expect(after).toContain('I did not refund anything.');
  // The model was told the AG-UI thread: the earlier turn is in its messages.
  expect(requests.at(-3)!.body.messages.map((m) => m.content)).toContain('weather please');
});

test('an unreachable endpoint fails the run with a clear error, over both protocols', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  emu = await withEmulator({openai: {baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm'}});
  const {finished} = await zabyRun(await zabyClient(emu), 'hello');
  expect(finished.status).toBe('FAILED');
  expect(finished.error?.code).toBe('model_unavailable');
  expect(finished.error?.message).toContain(`http://127.0.0.1:${port}/v1 could not be reached`);
  const agent = new HttpAgent({url: `${emu.origin}/ag-ui/agent`});
  const events: BaseEvent[] = [];
  agent.subscribe({onEvent: ({event}) => void events.push(event), onRunFailed: () => undefined});
  agent.addMessage({id: 'u', role: 'user', content: 'hello'});
  await agent.runAgent().catch(() => undefined);
  expect(events.at(-1)).toMatchObject({type: 'RUN_ERROR', code: 'model_unavailable'});
});

test('without the setting, the scripted agent answers (the default)', async () => {
  emu = await withEmulator();
  const {finished} = await zabyRun(await zabyClient(emu), 'hello');
  expect(finished.finalOutput).toContain('scripted agent');
  expect(requests).toHaveLength(0);
});
