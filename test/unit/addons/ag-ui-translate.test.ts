/**
 * The ag-ui add-on's event translation without a browser: partial tool arguments, chunk
 * expansion and the verify rules (the Chromium tests run the same through the element).
 */
import {expect, test} from 'vitest';
import {partialJson} from '../../../src/addons/ag-ui/partial-json.ts';
import {AgUiTranslator, type ToolInfo} from '../../../src/addons/ag-ui/translate.ts';

test('partial JSON shows what has arrived of streaming arguments', () => {
  const full = '{"city": "Par\\"is", "days": [1, 2], "opts": {"unit": "C"}}';
  const seen = Array.from({length: full.length}, (_, i) => partialJson(full.slice(0, i + 1)));
  expect(seen.at(-1)).toEqual(JSON.parse(full));
  expect(partialJson('{"city": "Par')).toEqual({city: 'Par'});
  expect(partialJson('{"city": "Paris", "da')).toEqual({city: 'Paris'});
  expect(partialJson('{"city": "Paris", "days": [1, ')).toEqual({city: 'Paris', days: [1]});
  expect(partialJson('{"city": "Paris", "days":')).toEqual({city: 'Paris'});
  expect(partialJson('')).toBeUndefined();
  // Every prefix that parses at all parses to an object (never a throw).
  for (const value of seen) if (value !== undefined) expect(typeof value).toBe('object');
});

function translator() {
  const states: unknown[] = [];
  const t = new AgUiTranslator(new Map<string, ToolInfo>(), (e) => states.push(e));
  return {t, states};
}

test('chunks expand into start / content / end, one lane per kind', () => {
  const {t} = translator();
  const out = [
    {type: 'RUN_STARTED', threadId: 't', runId: 'r'},
    {type: 'TEXT_MESSAGE_CHUNK', messageId: 'm', delta: 'a'},
    {type: 'TEXT_MESSAGE_CHUNK', delta: 'b'},
    {type: 'TOOL_CALL_CHUNK', toolCallId: 'c', toolCallName: 'f', delta: '{"x":1}'},
    {type: 'RUN_FINISHED', threadId: 't', runId: 'r'},
  ].flatMap((e) => t.push(e));
  expect(out).toEqual([
    {event: 'text', data: {content: 'a'}},
    {event: 'text', data: {content: 'b'}},
    {event: 'tool_call', data: {toolCallId: 'c', toolName: 'f', arguments: {}}},
    {event: 'tool_call', data: {toolCallId: 'c', toolName: 'f', arguments: {x: 1}}},
    {event: 'tool_call', data: {toolCallId: 'c', toolName: 'f', arguments: {x: 1}}},
    {event: 'RunFinished', data: {runId: '', status: 'COMPLETED', latestSeq: 0}},
  ]);
  expect(t.finished).toBe(true);
});

test.each([
  [[{type: 'TEXT_MESSAGE_START', messageId: 'm'}], 'TEXT_MESSAGE_START before RUN_STARTED'],
  [
    [
      {type: 'RUN_STARTED', runId: 'r'},
      {type: 'RUN_STARTED', runId: 'r'},
    ],
    'a second RUN_STARTED',
  ],
  [
    [
      {type: 'RUN_STARTED', runId: 'r'},
      {type: 'TEXT_MESSAGE_START', messageId: 'm'},
      {type: 'RUN_FINISHED'},
    ],
    'RUN_FINISHED while m is still open',
  ],
  [
    [
      {type: 'RUN_STARTED', runId: 'r'},
      {type: 'TEXT_MESSAGE_CHUNK', delta: 'x'},
    ],
    'the first TEXT_MESSAGE_CHUNK without a messageId',
  ],
  [
    [
      {type: 'RUN_STARTED', runId: 'r'},
      {type: 'TOOL_CALL_START', toolCallId: 'c'},
    ],
    'TOOL_CALL_START without a string toolCallName',
  ],
  [
    [
      {type: 'RUN_STARTED', runId: 'r'},
      {type: 'STATE_DELTA', delta: {}},
    ],
    'STATE_DELTA without a delta array',
  ],
  [
    [{type: 'RUN_STARTED', runId: 'r'}, {type: 'RUN_FINISHED'}, {type: 'CUSTOM'}],
    'CUSTOM after the run ended',
  ],
  [[{nope: true}], 'an event without a type'],
])('a stream breaking a rule stops with its reason (%#)', (events, reason) => {
  const {t} = translator();
  expect(() => events.forEach((e) => t.push(e))).toThrow(
    `The agent broke the AG-UI protocol: ${reason}.`,
  );
});

test('CUSTOM, RAW, STEP_* and MESSAGES_SNAPSHOT are ignored; STATE_* go to the state callback', () => {
  const {t, states} = translator();
  t.push({type: 'RUN_STARTED', runId: 'r'});
  for (const type of ['CUSTOM', 'RAW', 'STEP_STARTED', 'MESSAGES_SNAPSHOT', 'ACTIVITY_SNAPSHOT'])
    expect(t.push({type})).toEqual([]);
  t.push({type: 'STATE_SNAPSHOT', snapshot: {a: 1}});
  expect(states).toHaveLength(1);
});
