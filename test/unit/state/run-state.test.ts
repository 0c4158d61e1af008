import {describe, expect, test} from 'vitest';
import type {RunEvent} from '../../../src/protocol/types.ts';
import {
  createAssistantTurn,
  pendingApproval,
  reduceRun,
  reduceRunEvents,
  assistantText,
  toolStatuses,
  type ToolBlock,
} from '../../../src/state/run-state.ts';

const run = 'run-1';
let seq = 0;
function ev<E extends RunEvent['event']>(
  event: E,
  data: Extract<RunEvent, {event: E}>['data'],
): RunEvent {
  return {seq: ++seq, event, data} as RunEvent;
}

function script(): RunEvent[] {
  seq = 0;
  return [
    ev('thinking', {}),
    ev('thinking', {content: 'Looking up '}),
    ev('thinking', {content: 'the weather.'}),
    ev('tool_call', {toolCallId: 't1', toolName: 'get_weather', arguments: {city: 'Oslo'}}),
    ev('tool_result', {toolCallId: 't1', toolName: 'get_weather', output: {tempC: 3}}),
    ev('text', {content: 'It is '}),
    ev('text', {content: '3 °C.'}),
    ev('RunFinished', {runId: run, status: 'COMPLETED', finalOutput: 'It is 3 °C.', latestSeq: 8}),
  ];
}

describe('reduceRun', () => {
  test('builds thinking, tool and text blocks in order and finishes the turn', () => {
    const turn = reduceRunEvents(createAssistantTurn(run), script());
    expect(turn.blocks.map((b) => b.type)).toEqual(['thinking', 'tool', 'text']);
    expect(turn.blocks[0]).toMatchObject({text: 'Looking up the weather.', done: true});
    expect(turn.blocks[1]).toMatchObject({
      toolName: 'get_weather',
      output: {tempC: 3},
      hasResult: true,
    });
    expect(assistantText(turn)).toBe('It is 3 °C.');
    expect(turn).toMatchObject({status: 'COMPLETED', finalOutput: 'It is 3 °C.', lastSeq: 8});
  });

  test('applying a replayed stream twice changes nothing', () => {
    const events = script();
    const once = reduceRunEvents(createAssistantTurn(run), events.slice(0, 6));
    const twice = reduceRunEvents(once, events.slice(0, 6));
    expect(twice).toBe(once);
    const done = reduceRunEvents(twice, events);
    expect(assistantText(done)).toBe('It is 3 °C.');
  });

  test('untouched blocks keep their identity so they are not re-rendered', () => {
    const events = script();
    const before = reduceRunEvents(createAssistantTurn(run), events.slice(0, 6));
    const after = reduceRun(before, events[6]!);
    expect(after.blocks[0]).toBe(before.blocks[0]);
    expect(after.blocks[1]).toBe(before.blocks[1]);
    expect(after.blocks[2]).not.toBe(before.blocks[2]);
  });

  test('an approval waits, then records its decision', () => {
    seq = 0;
    const start = reduceRunEvents(createAssistantTurn(run), [
      ev('tool_call', {toolCallId: 't1', toolName: 'issue_refund', arguments: {amount: 20}}),
      ev('approval_request', {
        approvalId: 'a1',
        toolCallId: 't1',
        toolName: 'issue_refund',
        arguments: {amount: 20},
        message: 'Refund 20?',
      }),
    ]);
    expect(pendingApproval(start)?.approvalId).toBe('a1');
    const decided = reduceRun(
      start,
      ev('approval_resolved', {approvalId: 'a1', decision: 'REJECTED'}),
    );
    expect(pendingApproval(decided)).toBeUndefined();
    expect(decided.blocks[1]).toMatchObject({type: 'approval', decision: 'REJECTED'});
  });

  test('a failed run keeps its partial text and the error', () => {
    seq = 0;
    const turn = reduceRunEvents(createAssistantTurn(run), [
      ev('text', {content: 'Partial'}),
      ev('RunFinished', {
        runId: run,
        status: 'FAILED',
        error: {code: 'agent_error', message: 'boom'},
        latestSeq: 2,
      }),
    ]);
    expect(turn.status).toBe('FAILED');
    expect(turn.error).toEqual({code: 'agent_error', message: 'boom'});
    expect(assistantText(turn)).toBe('Partial');
  });

  test('a run finished with only finalOutput shows it as text', () => {
    seq = 0;
    const turn = reduceRun(
      createAssistantTurn(run),
      ev('RunFinished', {runId: run, status: 'COMPLETED', finalOutput: 'Hello!', latestSeq: 1}),
    );
    expect(assistantText(turn)).toBe('Hello!');
  });

  test('events after RunFinished are ignored', () => {
    seq = 0;
    const done = reduceRun(
      createAssistantTurn(run),
      ev('RunFinished', {runId: run, status: 'CANCELLED', latestSeq: 1}),
    );
    expect(reduceRun(done, ev('text', {content: 'late'}))).toBe(done);
  });
});

describe('reduceRunEvents', () => {
  /** A small deterministic generator, so a failure names a reproducible seed. */
  function random(seed: number) {
    return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  }
  const pick = <T>(next: () => number, items: readonly T[]): T =>
    items[Math.floor(next() * items.length)]!;

  /** Deltas (some empty or not strings), tool calls, approvals, replays and a finish. */
  function stream(next: () => number): RunEvent[] {
    const events: RunEvent[] = [];
    let s = 0;
    for (let i = 0; i < 60; i++) {
      const kind = pick(next, [
        'text',
        'text',
        'text',
        'thinking',
        'thinking',
        'empty',
        'tool',
        'approval',
        'replay',
        'finish',
      ] as const);
      if (kind === 'replay' && events.length) {
        events.push(...events.slice(Math.floor(next() * events.length)));
        continue;
      }
      const seqNo = ++s;
      if (kind === 'text' || kind === 'thinking') {
        events.push({
          seq: seqNo,
          event: kind,
          data: {content: pick(next, ['a', 'bc', ' d\n', '**'])},
        });
      } else if (kind === 'empty') {
        events.push(
          pick(next, [
            {seq: seqNo, event: 'thinking', data: {}},
            {seq: seqNo, event: 'text', data: {content: ''}},
            {seq: seqNo, event: 'thinking', data: {content: ''}},
          ] as RunEvent[]),
        );
      } else if (kind === 'tool') {
        events.push({
          seq: seqNo,
          event: 'tool_call',
          data: {toolCallId: `t${seqNo}`, toolName: 'x', arguments: {}},
        });
      } else if (kind === 'approval') {
        events.push({
          seq: seqNo,
          event: 'approval_request',
          data: {approvalId: `a${seqNo}`, toolName: 'y', arguments: {}},
        });
      } else if (next() < 0.3) {
        events.push({
          seq: seqNo,
          event: 'RunFinished',
          data: {runId: run, status: 'COMPLETED', latestSeq: seqNo},
        });
      }
    }
    return events;
  }

  test.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
    'joins deltas into the same turn as one at a time (seed %i)',
    (seed) => {
      const events = stream(random(seed));
      const oneByOne = events.reduce(reduceRun, createAssistantTurn(run));
      // Applied in frames of varying size, as the element does while streaming.
      const next = random(seed + 100);
      let framed = createAssistantTurn(run);
      for (let i = 0; i < events.length;) {
        const size = 1 + Math.floor(next() * 12);
        framed = reduceRunEvents(framed, events.slice(i, i + size));
        i += size;
      }
      expect(framed).toEqual(oneByOne);
      expect(reduceRunEvents(createAssistantTurn(run), events)).toEqual(oneByOne);
    },
  );

  test('a frame of 5,000 text deltas gives one text block with every character once', () => {
    const deltas = Array.from({length: 5000}, (_, i): RunEvent => ({
      seq: i + 1,
      event: 'text',
      data: {content: `${i % 10}`},
    }));
    const turn = reduceRunEvents(createAssistantTurn(run), deltas);
    expect(turn.blocks).toHaveLength(1);
    expect(turn.blocks[0]).toMatchObject({
      id: `${run}:1`,
      text: deltas.map((d) => (d.data as {content: string}).content).join(''),
    });
    expect(turn.lastSeq).toBe(5000);
  });
});

describe('toolStatuses', () => {
  const refund = (decision?: 'APPROVED' | 'REJECTED' | 'EXPIRED', finish?: 'COMPLETED') => {
    seq = 0;
    const events = [
      ev('tool_call', {toolCallId: 'c1', toolName: 'issue_refund', arguments: {amount: 5}}),
      ev('approval_request', {
        approvalId: 'a1',
        toolCallId: 'c1',
        toolName: 'issue_refund',
        arguments: {amount: 5},
      }),
    ];
    if (decision) events.push(ev('approval_resolved', {approvalId: 'a1', decision}));
    if (finish) events.push(ev('RunFinished', {runId: run, status: finish, latestSeq: seq + 1}));
    const turn = reduceRunEvents(createAssistantTurn(run), events);
    return toolStatuses(turn).get((turn.blocks[0] as ToolBlock).toolCallId);
  };

  test('a call waiting for its approval is awaiting-approval, then running once approved', () => {
    expect(refund()).toBe('awaiting-approval');
    expect(refund('APPROVED')).toBe('running');
  });

  test('a rejected or expired approval leaves the call denied (not run), not running forever', () => {
    expect(refund('REJECTED')).toBe('denied');
    expect(refund('EXPIRED')).toBe('denied');
    expect(refund('REJECTED', 'COMPLETED')).toBe('denied');
  });

  test('a result makes it complete or error; a run that ended without one leaves it denied', () => {
    const turn = reduceRunEvents(createAssistantTurn(run), script());
    expect(toolStatuses(turn).get((turn.blocks[1] as ToolBlock).toolCallId)).toBe('complete');
    seq = 0;
    const failed = reduceRunEvents(createAssistantTurn(run), [
      ev('tool_call', {toolCallId: 'x', toolName: 'lookup', arguments: {}}),
      ev('tool_result', {toolCallId: 'x', toolName: 'lookup', output: 'boom', isError: true}),
      ev('tool_call', {toolCallId: 'y', toolName: 'lookup', arguments: {}}),
      ev('RunFinished', {runId: run, status: 'CANCELLED', latestSeq: 4}),
    ]);
    expect(toolStatuses(failed).get((failed.blocks[0] as ToolBlock).toolCallId)).toBe('error');
    expect(toolStatuses(failed).get((failed.blocks[1] as ToolBlock).toolCallId)).toBe('denied');
  });
});
