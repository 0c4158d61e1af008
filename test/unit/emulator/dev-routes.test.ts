import {afterAll, beforeAll, expect, test} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {api, PROVISIONING, withEmulator} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

test('dev routes take the API key, checked before the handler runs', async () => {
  for (const [method, path] of [
    ['GET', 'dev-seed'],
    ['GET', 'dev-stats'],
    ['POST', 'dev-faults'],
    ['DELETE', 'dev-faults'],
  ] as const) {
    const body = method === 'POST' ? {body: {}} : {};
    const none = await api(emu, method, `${PROVISIONING}/${path}`, body);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('token_missing');
    const wrong = await api(emu, method, `${PROVISIONING}/${path}`, {apiKey: 'nope', ...body});
    expect(wrong.body.error.code).toBe('token_invalid');
  }
});

test('a fault over HTTP needs one of the spec error codes, then answers with it once', async () => {
  const post = (body: object) =>
    api(emu, 'POST', `${PROVISIONING}/dev-faults`, {apiKey: emu.apiKey, body});
  const unknown = await post({path: '/health', status: 503, code: 'teapot'});
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.code).toBe('invalid_request');
  expect((await api(emu, 'GET', '/api/v1/health')).status).toBe(200);
  expect((await post({path: '/health', status: 503, code: 'unavailable'})).status).toBe(201);
  const faulted = await api(emu, 'GET', '/api/v1/health');
  expect(faulted.status).toBe(503);
  expect(faulted.body.error.code).toBe('unavailable');
  expect((await api(emu, 'GET', '/api/v1/health')).status).toBe(200);
});

test('a path with another method names the methods it takes', async () => {
  const wrong = await api(emu, 'DELETE', '/api/v1/runtime/runs', {});
  expect(wrong.status).toBe(404);
  expect(wrong.body.error).toMatchObject({
    code: 'not_found',
    message: expect.stringContaining('POST'),
  });
});
