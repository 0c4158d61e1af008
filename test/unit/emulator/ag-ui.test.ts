/**
 * The emulator's AG-UI endpoint, consumed by code nobody here wrote: @ag-ui/client's
 * HttpAgent, whose own verifier (and the chunk transform and event appliers) must accept
 * every scripted run, over real HTTP on 127.0.0.1.
 */
import {HttpAgent, type AgentSubscriber} from '@ag-ui/client';
import type {BaseEvent, Message} from '@ag-ui/core';
import {afterAll, beforeAll, expect, test} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {mintToken, withEmulator} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

function agentFor(headers: Record<string, string> = {}) {
  const agent = new HttpAgent({url: `${emu.origin}/ag-ui/agent`, headers});
  const events: BaseEvent[] = [];
  const errors: unknown[] = [];
  const subscriber: AgentSubscriber = {
    onEvent: ({event}) => {
      events.push(event);
    },
    onRunFailed: ({error}) => {
      errors.push(error);
    },
  };
  agent.subscribe(subscriber);
  return {agent, events, errors};
}

async function say(agent: HttpAgent, text: string) {
  agent.addMessage({id: crypto.randomUUID(), role: 'user', content: text});
  return agent.runAgent();
}

const types = (events: BaseEvent[]): string[] => events.map((e) => e.type);

function assistantText(messages: Message[]): string {
  return messages
    .filter((m) => m.role === 'assistant')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('');
}

test('plain input: reasoning then a text message, verified by HttpAgent', async () => {
  const {agent, events, errors} = agentFor();
  const {newMessages} = await say(agent, 'hello there');
  expect(types(events)[0]).toBe('RUN_STARTED');
  expect(types(events).at(-1)).toBe('RUN_FINISHED');
  expect(types(events)).toContain('REASONING_MESSAGE_CONTENT');
  expect(assistantText(newMessages)).toContain('> hello there');
  expect(assistantText(newMessages)).toContain('turn 1');
  // The thread goes on: the second run sees two user messages.
  const second = await say(agent, 'again');
  expect(assistantText(second.newMessages)).toContain('turn 2');
  expect(errors).toEqual([]);
});

test('weather: a tool call with streamed arguments and its result', async () => {
  const {agent, events} = agentFor();
  const {newMessages} = await say(agent, 'What is the weather in Paris?');
  const args = events.filter((e) => e.type === 'TOOL_CALL_ARGS');
  expect(args.length).toBeGreaterThan(1);
  const call = newMessages.find((m) => m.role === 'assistant' && m.toolCalls?.length);
  expect(call?.role === 'assistant' && call.toolCalls?.[0]?.function.name).toBe('get_weather');
  expect(
    JSON.parse((call?.role === 'assistant' && call.toolCalls?.[0]?.function.arguments) || '{}'),
  ).toEqual({city: 'Paris'});
  const result = newMessages.find((m) => m.role === 'tool');
  expect(JSON.parse(String(result?.content))).toMatchObject({city: 'Paris', temperatureC: 18});
  expect(assistantText(newMessages)).toContain('**Paris**');
});

test('refund: the run ends with an interrupt; resume with approval continues it', async () => {
  const {agent, events} = agentFor();
  await say(agent, 'I want a refund for order 12345');
  const finished = events.at(-1) as BaseEvent & {
    outcome?: {
      type: string;
      interrupts: Array<{id: string; toolCallId?: string; message?: string}>;
    };
  };
  expect(finished.type).toBe('RUN_FINISHED');
  expect(finished.outcome?.type).toBe('interrupt');
  const interrupt = finished.outcome!.interrupts[0]!;
  expect(interrupt.message).toContain('12345');
  expect(interrupt.toolCallId).toMatch(/^call_refund/);
  events.length = 0;
  const {newMessages} = await agent.runAgent({
    resume: [{interruptId: interrupt.id, status: 'resolved', payload: {approved: true}}],
  });
  expect(types(events)[0]).toBe('RUN_STARTED');
  expect(types(events)).toContain('TOOL_CALL_RESULT');
  expect(assistantText(newMessages)).toContain('Done: I issued a refund');
});

test('refund rejected: resume with approved false', async () => {
  const {agent, events} = agentFor();
  await say(agent, 'refund order 777');
  const finished = events.at(-1) as BaseEvent & {outcome?: {interrupts: Array<{id: string}>}};
  const {newMessages} = await agent.runAgent({
    resume: [
      {
        interruptId: finished.outcome!.interrupts[0]!.id,
        status: 'resolved',
        payload: {approved: false},
      },
    ],
  });
  expect(assistantText(newMessages)).toContain('did **not** issue a refund');
});

test('markdown and long replies arrive whole', async () => {
  const {agent} = agentFor();
  const markdown = await say(agent, 'show me some markdown');
  expect(assistantText(markdown.newMessages)).toContain('```');
  const long = await say(agent, 'a long answer please');
  expect(assistantText(long.newMessages).length).toBeGreaterThan(10_000);
});

test('fail: a RUN_ERROR after partial text, which HttpAgent reports as the run failing', async () => {
  const {agent, events, errors} = agentFor();
  await say(agent, 'please fail').catch((e: unknown) => errors.push(e));
  const error = events.at(-1) as BaseEvent & {message?: string; code?: string};
  expect(error.type).toBe('RUN_ERROR');
  expect(error.code).toBe('agent_error');
  expect(error.message).toContain('scripted failure');
  expect(types(events)).toContain('TEXT_MESSAGE_CONTENT');
});

test('slow: paced, still verified; aborting the request cancels the run', async () => {
  const {agent, events} = agentFor();
  const running = say(agent, 'slow please').catch(() => undefined);
  await expect
    .poll(() => types(events).includes('REASONING_MESSAGE_CONTENT'), {timeout: 5_000})
    .toBe(true);
  agent.abortRun();
  await running;
  expect(types(events)).not.toContain('RUN_FINISHED');
  // The aborted request cancelled the execution on the emulator (no run left running).
  await expect.poll(() => emu.stats().activeRuns).toBe(0);
});

test('a bearer token is checked when sent: a bad one is a 401, a minted one is accepted', async () => {
  const bad = await fetch(`${emu.origin}/ag-ui/agent`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: 'Bearer nope'},
    body: JSON.stringify({threadId: 't', runId: 'r', messages: []}),
  });
  expect(bad.status).toBe(401);
  const {token} = await mintToken(emu);
  const {agent} = agentFor({Authorization: `Bearer ${token}`});
  const {newMessages} = await say(agent, 'hello with a token');
  expect(assistantText(newMessages)).toContain('hello with a token');
});

test('malformed input is a 400 with the spec error body', async () => {
  const response = await fetch(`${emu.origin}/ag-ui/agent`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({threadId: 't', messages: []}),
  });
  expect(response.status).toBe(400);
  expect(((await response.json()) as {error: {code: string}}).error.code).toBe('invalid_request');
  const unknown = await fetch(`${emu.origin}/ag-ui/agent`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({
      threadId: 't',
      runId: 'r',
      messages: [],
      resume: [{interruptId: 'nope', status: 'resolved'}],
    }),
  });
  expect(unknown.status).toBe(404);
});
