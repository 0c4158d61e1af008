import {describe, expect, test} from 'vitest';
import {ZabyError} from '../../../src/protocol/errors.ts';
import {parseRunEvent} from '../../../src/protocol/run-events.ts';
import type {RunEvent} from '../../../src/protocol/types.ts';
import {createAssistantTurn, reduceRunEvents} from '../../../src/state/run-state.ts';

function parsed(seq: number, type: RunEvent['event'], data: unknown): RunEvent {
  const event = parseRunEvent(seq, type, JSON.stringify(data));
  if (event instanceof ZabyError) throw event;
  return event;
}

describe('parseRunEvent', () => {
  test('every event type of the spec parses to the same data', () => {
    const cases: Array<[RunEvent['event'], unknown]> = [
      ['thinking', {}],
      ['thinking', {content: 'hmm'}],
      ['text', {content: 'Hi'}],
      ['tool_call', {toolCallId: 'c', toolName: 'get_weather', arguments: {city: 'Oslo'}}],
      [
        'tool_result',
        {toolCallId: 'c', toolName: 'get_weather', output: [1, {a: null}], isError: true},
      ],
      [
        'approval_request',
        {
          approvalId: 'a',
          toolCallId: 'c',
          toolName: 'x',
          arguments: {},
          message: 'ok?',
          expiresAt: 'T',
        },
      ],
      ['approval_resolved', {approvalId: 'a', decision: 'EXPIRED'}],
      ['RunFinished', {runId: 'r', status: 'COMPLETED', finalOutput: 'Hi', latestSeq: 9}],
      [
        'RunFinished',
        {runId: 'r', status: 'FAILED', error: {code: 'e', message: 'm'}, latestSeq: 9},
      ],
    ];
    for (const [type, data] of cases) {
      expect(parsed(3, type, data), type).toEqual({seq: 3, event: type, data});
    }
  });

  test('unknown fields are ignored; a missing arguments object is empty', () => {
    expect(parsed(1, 'text', {content: 'a', extra: 1}).data).toEqual({content: 'a'});
    expect(parsed(1, 'tool_call', {toolCallId: 'c', toolName: 't'}).data).toEqual({
      toolCallId: 'c',
      toolName: 't',
      arguments: {},
    });
  });

  test('a numeric toolCallId still pairs the result with its call', () => {
    const turn = reduceRunEvents(createAssistantTurn('run'), [
      parsed(1, 'tool_call', {toolCallId: 7, toolName: 'get_weather', arguments: {}}),
      parsed(2, 'tool_result', {toolCallId: 7, toolName: 'get_weather', output: 'ok'}),
    ]);
    expect(turn.blocks).toHaveLength(1);
    expect(turn.blocks[0]).toMatchObject({type: 'tool', hasResult: true, output: 'ok'});
  });

  test('an unknown or non-string RunFinished status counts as FAILED', () => {
    for (const status of [42, 'DONE', null]) {
      const turn = reduceRunEvents(createAssistantTurn('run'), [
        parsed(1, 'RunFinished', {runId: 'run', status, latestSeq: 1}),
      ]);
      expect(turn.status).toBe('FAILED');
    }
  });

  test.each([
    ['text', 'not json', /not JSON/],
    ['text', '[1,2]', /not a JSON object/],
    ['text', '{"content": 7}', /`content` must be a string/],
    ['thinking', '{"content": {"a": 1}}', /`content` must be a string/],
    ['tool_call', '{"toolName": "x"}', /`toolCallId` must be a string id/],
    [
      'tool_call',
      '{"toolCallId": "c", "toolName": "x", "arguments": [1]}',
      /`arguments` must be an object/,
    ],
    ['tool_result', '{"toolCallId": "c", "isError": "yes"}', /`isError` must be a boolean/],
    ['approval_request', '{"approvalId": "a", "arguments": {}}', /`toolName` must be a string/],
    [
      'approval_resolved',
      '{"approvalId": "a", "decision": "MAYBE"}',
      /`decision` "MAYBE" is unknown/,
    ],
    ['RunFinished', '{"status": "COMPLETED", "error": "boom"}', /`error` must be an object/],
  ] as const)('a malformed %s event (%s) is a bad_response error naming it', (type, data, why) => {
    const result = parseRunEvent(12, type, data);
    expect(result).toBeInstanceOf(ZabyError);
    expect((result as ZabyError).code).toBe('bad_response');
    expect((result as ZabyError).message).toMatch(`Event 12 (${type})`);
    expect((result as ZabyError).message).toMatch(why);
  });

  test('stored events (already parsed JSON) are checked the same way', () => {
    expect(parseRunEvent(1, 'text', {content: 'a'})).toEqual({
      seq: 1,
      event: 'text',
      data: {content: 'a'},
    });
    expect(parseRunEvent(1, 'text', {content: 1})).toBeInstanceOf(ZabyError);
  });
});
