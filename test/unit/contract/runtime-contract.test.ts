/**
 * One contract, two runtimes (STYLE.md, "Add-ons and seams"): the same cases, through the
 * real RuntimeClient, against the emulator over HTTP and against MockTransport. Each case
 * names the rule of runtime-api.md it holds.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ZabyError, type RunEvent, type RuntimeClient} from '../../../src/protocol/index.ts';
import {emulatorRuntime, mockRuntime, type RuntimeUnderTest} from './runtimes.ts';

async function runToEnd(
  client: RuntimeClient,
  input: string,
  onEvent?: (event: RunEvent, runId: string) => void,
) {
  const run = await client.startRun({input});
  const events: RunEvent[] = [];
  const finished = await client.streamRun(run.runId, {
    onEvent: (e) => {
      events.push(e);
      onEvent?.(e, run.runId);
    },
  });
  const text = events.flatMap((e) => (e.event === 'text' ? [e.data.content] : [])).join('');
  return {run, events, finished, text};
}

/** Streams until the first approval_request, then stops listening. */
async function untilApproval(client: RuntimeClient, input: string) {
  const run = await client.startRun({input});
  const abort = new AbortController();
  let approvalId = '';
  await client
    .streamRun(run.runId, {
      signal: abort.signal,
      onEvent: (e) => {
        if (e.event === 'approval_request') {
          approvalId = e.data.approvalId;
          abort.abort();
        }
      },
    })
    .catch((error: unknown) => {
      if (!abort.signal.aborted) throw error;
    });
  return {runId: run.runId, approvalId};
}

function seqs(events: Array<{seq: number}>): number[] {
  return events.map((e) => e.seq);
}

describe.each([emulatorRuntime, mockRuntime])('the runtime contract: $name', (factory) => {
  let runtime: RuntimeUnderTest;
  beforeAll(async () => {
    runtime = await factory.start();
  });
  afterAll(() => runtime.close());

  test('a plain reply streams seq 1..n, RunFinished last, finalOutput = the joined text deltas', async () => {
    const {client} = await runtime.client();
    const {run, events, finished, text} = await runToEnd(client, 'Hello contract');
    expect(seqs(events)).toEqual(events.map((_e, i) => i + 1));
    expect(events.at(-1)!.event).toBe('RunFinished');
    expect(events.filter((e) => e.event === 'RunFinished')).toHaveLength(1);
    expect(events.filter((e) => e.event === 'text').length).toBeGreaterThan(1);
    expect(text).toContain('Hello contract');
    expect(finished).toMatchObject({
      runId: run.runId,
      status: 'COMPLETED',
      finalOutput: text,
      latestSeq: events.length,
    });
    expect(await client.getRun(run.runId)).toMatchObject({
      status: 'COMPLETED',
      finalOutput: text,
      latestSeq: events.length,
    });
  });

  test('a tool call is followed by its result with the same toolCallId', async () => {
    const {client} = await runtime.client();
    const {events, finished} = await runToEnd(client, 'weather in Oslo?');
    const call = events.findIndex((e) => e.event === 'tool_call');
    const result = events.findIndex((e) => e.event === 'tool_result');
    expect(call).toBeGreaterThanOrEqual(0);
    expect(result).toBeGreaterThan(call);
    const callEvent = events[call]!;
    const resultEvent = events[result]!;
    if (callEvent.event !== 'tool_call' || resultEvent.event !== 'tool_result') throw new Error();
    expect(callEvent.data).toMatchObject({toolName: 'get_weather', arguments: {city: 'Oslo'}});
    expect(resultEvent.data).toMatchObject({
      toolName: 'get_weather',
      toolCallId: callEvent.data.toolCallId,
      output: {city: 'Oslo'},
    });
    expect(finished.status).toBe('COMPLETED');
  });

  test('an approval pauses the run; approve continues it; the same decision again is 200, the opposite 409', async () => {
    const {client} = await runtime.client();
    const {runId, approvalId} = await untilApproval(client, 'refund order 1234');
    expect(approvalId).not.toBe('');
    await new Promise((r) => setTimeout(r, 100));
    const paused = await client.listEvents(runId, {limit: 500});
    expect(paused.items.at(-1)!.event).toBe('approval_request');
    expect((await client.getRun(runId)).status).toBe('PENDING');

    expect(await client.approve(runId, approvalId)).toMatchObject({
      approvalId,
      runId,
      status: 'APPROVED',
    });
    expect(await client.approve(runId, approvalId)).toMatchObject({status: 'APPROVED'});
    await expect(client.reject(runId, approvalId)).rejects.toMatchObject({
      status: 409,
      code: 'approval_already_decided',
    });
    const events: RunEvent[] = [];
    const finished = await client.streamRun(runId, {
      after: paused.latestSeq,
      onEvent: (e) => events.push(e),
    });
    expect(events[0]).toMatchObject({
      event: 'approval_resolved',
      data: {approvalId, decision: 'APPROVED'},
    });
    expect(events.some((e) => e.event === 'tool_result')).toBe(true);
    expect(finished.status).toBe('COMPLETED');
    expect(finished.finalOutput).toContain('1234');
  });

  test('reject takes the rejected branch; approve after it is 409', async () => {
    const {client} = await runtime.client();
    const {runId, approvalId} = await untilApproval(client, 'refund order 5678');
    expect(await client.reject(runId, approvalId)).toMatchObject({status: 'REJECTED'});
    expect(await client.reject(runId, approvalId)).toMatchObject({status: 'REJECTED'});
    await expect(client.approve(runId, approvalId)).rejects.toMatchObject({
      status: 409,
      code: 'approval_already_decided',
    });
    const events: RunEvent[] = [];
    const finished = await client.streamRun(runId, {onEvent: (e) => events.push(e)});
    expect(events.some((e) => e.event === 'tool_result')).toBe(false);
    expect(finished.status).toBe('COMPLETED');
    expect(finished.finalOutput).toContain('not');
    await expect(client.approve(runId, 'apr_unknown')).rejects.toMatchObject({
      status: 404,
      code: 'approval_not_found',
    });
  });

  test('cancel ends the stream with RunFinished CANCELLED', async () => {
    const {client} = await runtime.client();
    const run = await client.startRun({input: 'slow'});
    const events: RunEvent[] = [];
    const streaming = client.streamRun(run.runId, {onEvent: (e) => events.push(e)});
    const cancelled = await client.cancelRun(run.runId);
    expect(cancelled).toMatchObject({runId: run.runId});
    const finished = await streaming;
    expect(finished.status).toBe('CANCELLED');
    expect(finished.finalOutput).toBeUndefined();
    expect(events.at(-1)!.event).toBe('RunFinished');
    expect(seqs(events)).toEqual(events.map((_e, i) => i + 1));
    expect((await client.getRun(run.runId)).status).toBe('CANCELLED');
  });

  test('a failing run ends FAILED with an error and no finalOutput', async () => {
    const {client} = await runtime.client();
    const {run, finished, text} = await runToEnd(client, 'please fail');
    expect(text.length).toBeGreaterThan(0);
    expect(finished).toMatchObject({status: 'FAILED', error: {code: 'agent_error'}});
    expect(typeof finished.error!.message).toBe('string');
    expect(finished.finalOutput).toBeUndefined();
    expect(await client.getRun(run.runId)).toMatchObject({
      status: 'FAILED',
      error: {code: 'agent_error'},
    });
  });

  test('the same requestId with the same input is the same run (200); another input is 409', async () => {
    const {client, raw} = await runtime.client();
    const requestId = `contract-${crypto.randomUUID()}`;
    const first = await raw('POST', '/runtime/runs', {input: 'hello', requestId});
    expect(first.status).toBe(201);
    const again = await raw('POST', '/runtime/runs', {input: 'hello', requestId});
    expect(again.status).toBe(200);
    const firstRun = first.body as {runId: string};
    expect((again.body as {runId: string}).runId).toBe(firstRun.runId);
    expect((await client.startRun({input: 'hello', requestId})).runId).toBe(firstRun.runId);
    const conflict = await client.startRun({input: 'other', requestId}).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ZabyError);
    expect(conflict).toMatchObject({status: 409, code: 'request_id_conflict'});
    await client.streamRun(firstRun.runId, {onEvent: () => undefined});
  });

  test('the events endpoint pages with limit, after and hasMore', async () => {
    const {client} = await runtime.client();
    const {run, events} = await runToEnd(client, 'weather in Rome');
    const first = await client.listEvents(run.runId, {limit: 3, after: 0});
    expect(seqs(first.items)).toEqual([1, 2, 3]);
    expect(first).toMatchObject({hasMore: true, latestSeq: events.length});
    const rest = await client.listEvents(run.runId, {limit: 500, after: 3});
    expect(seqs(rest.items)).toEqual(seqs(events).slice(3));
    expect(rest.hasMore).toBe(false);
    expect(typeof rest.items[0]!.createdAt).toBe('string');
    const exact = await client.listEvents(run.runId, {limit: events.length, after: 0});
    expect(exact.hasMore).toBe(false);
    const all = await client.allEvents(run.runId);
    expect(all.map(({seq, event, data}) => ({seq, event, data}))).toEqual(events);
    await expect(client.listEvents(run.runId, {limit: 501})).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
  });

  test('resuming after any seq replays exactly the rest: nothing lost, nothing repeated', async () => {
    const {client} = await runtime.client();
    const {run, events} = await runToEnd(client, 'weather in Lima');
    for (const cut of [1, Math.floor(events.length / 2), events.length - 1]) {
      const rest: RunEvent[] = [];
      await client.streamRun(run.runId, {after: cut, onEvent: (e) => rest.push(e)});
      expect(rest).toEqual(events.slice(cut));
    }
  });

  test('a stream dropped mid-run resumes with Last-Event-ID and yields the exact text', async () => {
    const {client, resumes} = await runtime.droppingClient(3);
    const {events, finished, text} = await runToEnd(client, 'Hello resume');
    expect(seqs(events)).toEqual(events.map((_e, i) => i + 1));
    expect(text).toBe(finished.finalOutput);
    expect(resumes()[0]).toBe('3');
  });

  test('feedback is 201 the first time, 200 when replaced; a rating out of range is 422', async () => {
    const {client, raw} = await runtime.client();
    const {run} = await runToEnd(client, 'rate me');
    const path = `/runtime/runs/${run.runId}/feedback`;
    const first = await raw('POST', path, {rating: 5, comment: 'great'});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({runId: run.runId, rating: 5, comment: 'great'});
    const second = await raw('POST', path, {rating: 2});
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({rating: 2});
    expect((second.body as {id: string}).id).toBe((first.body as {id: string}).id);
    expect(await client.sendFeedback(run.runId, {rating: 4})).toMatchObject({rating: 4});
    for (const rating of [0, 6, 2.5]) {
      await expect(client.sendFeedback(run.runId, {rating})).rejects.toMatchObject({
        status: 422,
        code: 'validation_failed',
      });
    }
  });

  test('an unknown run is 404 run_not_found', async () => {
    const {client} = await runtime.client();
    await expect(client.getRun('run_missing')).rejects.toMatchObject({
      status: 404,
      code: 'run_not_found',
    });
  });
});
