/**
 * The demo's token backend (demo/backend.ts) against the emulator: it keeps one agent
 * session per browser (a cookie) and starts a new one when the element asks with reason
 * `new-session` (`newConversation()`), so the scripted agent counts turns from one again.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {decodeJwt} from 'jose';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {createTokenHandler} from '../../../demo/backend.ts';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {withEmulator} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
let server: Server;
let endpoint: string;

beforeAll(async () => {
  emu = await withEmulator();
  const handler = createTokenHandler({zabyOrigin: emu.origin, apiKey: emu.apiKey});
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/zaby-token`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await emu.close();
});

/** One browser: its cookies go back with each token request. */
function browser() {
  const cookies = new Map<string, string>();
  return async (reason: string): Promise<string> => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: JSON.stringify({reason}),
    });
    expect(response.status).toBe(200);
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, value] = pair!.split('=');
      cookies.set(name!, value!);
    }
    return ((await response.json()) as {token: string}).token;
  };
}

/** The turn number the scripted agent reports for `input` with `token`. */
async function turnOf(token: string): Promise<number> {
  const start = await fetch(`${emu.origin}/api/v1/runtime/runs`, {
    method: 'POST',
    headers: {Authorization: `Bearer ${token}`, 'Content-Type': 'application/json'},
    body: JSON.stringify({input: 'hello'}),
  });
  const {runId} = (await start.json()) as {runId: string};
  for (;;) {
    const run = await fetch(`${emu.origin}/api/v1/runtime/runs/${runId}`, {
      headers: {Authorization: `Bearer ${token}`},
    });
    const body = (await run.json()) as {status: string; finalOutput?: string};
    if (body.status !== 'PENDING') return Number(/turn (\d+)/.exec(body.finalOutput ?? '')?.[1]);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('keeps the session across refreshes and starts a new one for reason new-session', async () => {
  const ask = browser();
  const first = decodeJwt(await ask('missing'));
  const refreshed = decodeJwt(await ask('expiring'));
  expect(refreshed['sub']).toBe(first['sub']);
  expect(refreshed['sid']).toBe(first['sid']);
  const renewed = decodeJwt(await ask('new-session'));
  expect(renewed['sub']).toBe(first['sub']); // the same user…
  expect(renewed['sid']).not.toBe(first['sid']); // …in a new agent session
  expect(decodeJwt(await ask('expiring'))['sid']).toBe(renewed['sid']); // which it keeps
});

test('the scripted agent counts from one again after a new session', async () => {
  const ask = browser();
  const token = await ask('missing');
  expect(await turnOf(token)).toBe(1);
  expect(await turnOf(token)).toBe(2);
  expect(await turnOf(await ask('new-session'))).toBe(1);
});
