import {expect, test} from 'vitest';
import {
  RunExecution,
  type RunEnvironment,
  type RunStep,
} from '../../../src/runtime/run-executor.ts';

/** A hand-driven clock: nothing runs until `advance`, so every case is exact and instant. */
function fakeEnvironment() {
  let now = Date.UTC(2026, 0, 1);
  let ids = 0;
  const timers = new Set<{at: number; callback: () => void}>();
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const env: RunEnvironment = {
    schedule: (callback, ms) => {
      const timer = {at: now + Math.max(0, ms), callback};
      timers.add(timer);
      return () => timers.delete(timer);
    },
    now: () => now,
    newId: (prefix) => `${prefix}_${++ids}`,
  };
  return {
    env,
    pending: () => timers.size,
    /** Moves the clock on, firing each timer that falls due in order. */
    advance: async (ms: number) => {
      const end = now + ms;
      await flush();
      for (;;) {
        const due = [...timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.delete(due);
        now = due.at;
        due.callback();
        await flush();
      }
      now = end;
    },
  };
}

function execute(steps: RunStep[], options: {approvalTtlMs?: number; paceMs?: number} = {}) {
  const clock = fakeEnvironment();
  const execution = new RunExecution('run_1', {
    env: clock.env,
    paceMs: options.paceMs ?? 10,
    ...(options.approvalTtlMs === undefined ? {} : {approvalTtlMs: options.approvalTtlMs}),
  });
  execution.start({steps});
  return {execution, ...clock, kinds: () => execution.events.map((e) => e.event)};
}

const refund = (after: RunStep[] = []): RunStep[] => [
  {type: 'tool_call', toolName: 'issue_refund'},
  {
    type: 'approval',
    toolName: 'issue_refund',
    approved: [{type: 'tool_result', toolName: 'issue_refund', output: 'ok'}],
    rejected: [{type: 'text', content: 'Nothing was done.'}],
  },
  ...after,
];

test('events are paced, numbered from 1, and the text joins into finalOutput', async () => {
  const run = execute([
    {type: 'text', content: 'Hel'},
    {type: 'text', content: 'lo'},
  ]);
  await run.advance(15);
  expect(run.kinds()).toEqual(['text']);
  await run.advance(100);
  expect(run.execution.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  expect(run.execution.events.at(-1)).toMatchObject({
    event: 'RunFinished',
    data: {runId: 'run_1', status: 'COMPLETED', finalOutput: 'Hello', latestSeq: 3},
  });
  expect(run.execution.finalOutput).toBe('Hello');
  expect(run.pending()).toBe(0);
});

test('tool ids default to call_<seq>; a result and an approval refer to the latest call', async () => {
  const run = execute(refund(), {approvalTtlMs: 1_000});
  await run.advance(100);
  const [call, request] = run.execution.events;
  expect(call).toMatchObject({event: 'tool_call', data: {toolCallId: 'call_1'}});
  expect(request).toMatchObject({
    event: 'approval_request',
    data: {approvalId: 'apr_1', toolCallId: 'call_1', expiresAt: expect.any(String)},
  });
  run.execution.decide('apr_1', 'APPROVED');
  await run.advance(100);
  expect(run.execution.events[3]).toMatchObject({
    event: 'tool_result',
    data: {toolCallId: 'call_1'},
  });
});

test('an approval expires at its ttl: EXPIRED, then the rejected branch; deciding later conflicts', async () => {
  const run = execute(refund(), {approvalTtlMs: 1_000});
  await run.advance(999 + 20);
  expect(run.kinds().at(-1)).toBe('approval_request');
  const request = run.execution.events[1]!;
  expect(request.event === 'approval_request' && request.data.expiresAt).toBe(
    new Date(Date.UTC(2026, 0, 1) + 20 + 1_000).toISOString(),
  );
  await run.advance(100);
  expect(run.execution.events[2]).toMatchObject({
    event: 'approval_resolved',
    data: {decision: 'EXPIRED'},
  });
  expect(run.execution.finalOutput).toBe('Nothing was done.');
  expect(run.execution.decide('apr_1', 'APPROVED')).toMatchObject({
    ok: false,
    code: 'approval_already_decided',
  });
  expect(run.execution.decide('apr_9', 'APPROVED')).toEqual({
    ok: false,
    code: 'approval_not_found',
  });
});

test('without a ttl an approval waits until decided', async () => {
  const run = execute(refund());
  await run.advance(3_600_000);
  expect(run.execution.status).toBe('PENDING');
  expect(run.kinds().at(-1)).toBe('approval_request');
  expect(run.execution.events[1]!.data).not.toHaveProperty('expiresAt');
});

test('cancel during a pause ends the run at once with CANCELLED', async () => {
  const run = execute([
    {type: 'pause', ms: 60_000},
    {type: 'text', content: 'never'},
  ]);
  await run.advance(20);
  run.execution.cancel();
  await run.advance(0);
  expect(run.kinds()).toEqual(['RunFinished']);
  expect(run.execution.status).toBe('CANCELLED');
  expect(run.execution.finalOutput).toBeUndefined();
  expect(run.pending()).toBe(0);
});

test('cancel while an approval waits rejects it, then CANCELLED, with no rejected branch', async () => {
  const run = execute(refund());
  await run.advance(100);
  run.execution.cancel();
  await run.advance(100);
  expect(run.kinds()).toEqual([
    'tool_call',
    'approval_request',
    'approval_resolved',
    'RunFinished',
  ]);
  expect(run.execution.events[2]!.data).toMatchObject({decision: 'REJECTED'});
  expect(run.execution.status).toBe('CANCELLED');
});

test('a fail inside a branch ends the run: nothing after RunFinished FAILED', async () => {
  const run = execute([
    {
      type: 'approval',
      toolName: 'x',
      approved: [{type: 'fail', code: 'agent_error', message: 'boom'}],
      rejected: [],
    },
    {type: 'text', content: 'after'},
  ]);
  await run.advance(100);
  run.execution.decide('apr_1', 'APPROVED');
  await run.advance(1_000);
  expect(run.kinds()).toEqual(['approval_request', 'approval_resolved', 'RunFinished']);
  expect(run.execution.error).toEqual({code: 'agent_error', message: 'boom'});
  expect(run.execution.status).toBe('FAILED');
});

test('halt stops a run where it is, with no further event and no timer left', async () => {
  const run = execute([...refund(), {type: 'text', content: 'x'}], {approvalTtlMs: 1_000});
  await run.advance(100);
  const before = run.execution.events.length;
  run.execution.halt();
  await run.advance(10_000);
  expect(run.execution.events).toHaveLength(before);
  expect(run.execution.status).toBe('PENDING');
  expect(run.pending()).toBe(0);
});

test('listeners get each event once; a drop step is reported after the events before it', async () => {
  const clock = fakeEnvironment();
  const drops: number[] = [];
  const execution = new RunExecution('run_2', {
    env: clock.env,
    paceMs: 0,
    onDrop: (afterSeq) => drops.push(afterSeq),
  });
  const seen: number[] = [];
  const unsubscribe = execution.subscribe((e) => seen.push(e.seq));
  execution.start({
    steps: [{type: 'text', content: 'a'}, {type: 'drop'}, {type: 'text', content: 'b'}],
  });
  await clock.advance(1);
  expect(drops).toEqual([1]);
  expect(seen).toEqual([1, 2, 3]);
  unsubscribe();
});
