import {afterAll, beforeAll, expect, test} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {longDeltaChars, LONG_REPLY_MS} from '../../../src/runtime/scripted-agent.ts';
import {api, mintToken, readStream, withEmulator} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
beforeAll(async () => {
  // The emulator's default pace, as `npm start` and `npm run emulator` use it.
  emu = await withEmulator({deltaMs: undefined});
});
afterAll(() => emu.close());

test('the long reply arrives in about 5 s at the default pace, in deltas a reader can follow', async () => {
  const {token} = await mintToken(emu, {externalUserId: 'long-paced'});
  const started = await api(emu, 'POST', '/api/v1/runtime/runs', {token, body: {input: 'long'}});
  expect(started.status).toBe(201);
  const at = Date.now();
  const {events} = await readStream(emu, started.body.runId, {token});
  const elapsed = Date.now() - at;
  const finished = JSON.parse(events.at(-1)!.data);
  expect(finished.status).toBe('COMPLETED');
  expect(finished.finalOutput.length).toBeGreaterThan(19_000);
  // Streamed, not dumped: seconds, not 149 s (5,000 deltas of 4 characters at 30 ms).
  expect(elapsed).toBeGreaterThan(3_000);
  expect(elapsed).toBeLessThan(12_000);
  const deltas = events.filter((e) => e.event === 'text').map((e) => JSON.parse(e.data).content);
  expect(deltas.length).toBeGreaterThan(100);
  expect(deltas.length).toBeLessThan(300);
  expect(Math.max(...deltas.map((d: string) => d.length))).toBeLessThanOrEqual(200);
}, 20_000);

test('the delta size keeps the long reply near 5 s at any pace, and 4 characters at pace 0', () => {
  expect(longDeltaChars(20_000, 0)).toBe(4);
  for (const pace of [1, 30, 100, 500]) {
    const size = longDeltaChars(20_000, pace);
    expect(size).toBeGreaterThanOrEqual(4);
    const ms = Math.ceil(20_000 / size) * pace;
    expect(ms).toBeLessThanOrEqual(LONG_REPLY_MS * 1.05);
    if (size > 4) expect(ms).toBeGreaterThan(LONG_REPLY_MS * 0.9);
  }
});
