/**
 * The stream as hostile networks and proxies deliver it: bytes split at every position
 * (multi-byte UTF-8 included), CRLF and CR line endings, pings between events, and events
 * replayed twice after a reconnect. The client must yield the exact text every time.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {RuntimeClient, TokenSource, type RunEvent} from '../../../src/protocol/index.ts';

const TEXT = ['Grüße ', '🌦️ aus ', 'Zürich — ', '日本語', ' ✅ done'];
const FINAL = TEXT.join('');

function frames(eol: string, pings: boolean): string {
  const events = TEXT.map(
    (content, i) =>
      `id: ${i + 1}${eol}event: text${eol}data: ${JSON.stringify({content})}${eol}${eol}`,
  );
  events.push(
    `id: ${TEXT.length + 1}${eol}event: RunFinished${eol}data: ${JSON.stringify({
      runId: 'r',
      status: 'COMPLETED',
      finalOutput: FINAL,
      latestSeq: TEXT.length + 1,
    })}${eol}${eol}`,
  );
  return events.join(pings ? `: ping${eol}${eol}` : '');
}

let server: Server;
let origin = '';
/** How the next stream is delivered. */
let plan: {body: Buffer; splitAt: number[]; cutAfterBytes?: number} = {
  body: Buffer.alloc(0),
  splitAt: [],
};
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push(req.headers['last-event-id'] as string | undefined);
    res.writeHead(200, {'Content-Type': 'text/event-stream'});
    // Only the first connection is cut; a resume replays everything again (a sloppy
    // server): the client must drop the duplicates.
    const {body, splitAt, cutAfterBytes} =
      seen.length > 1 ? {...plan, cutAfterBytes: undefined} : plan;
    let at = 0;
    for (const cut of [...splitAt, body.length]) {
      if (cutAfterBytes !== undefined && cut > cutAfterBytes) {
        res.write(body.subarray(at, cutAfterBytes));
        await new Promise((r) => setTimeout(r, 5));
        res.destroy();
        return;
      }
      res.write(body.subarray(at, cut));
      at = cut;
      await new Promise((r) => setImmediate(r));
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

async function streamText(): Promise<string> {
  const client = new RuntimeClient({
    apiOrigin: origin,
    tokens: new TokenSource({fetchToken: async () => 't'}),
    reconnect: {baseDelayMs: 1, maxDelayMs: 2},
  });
  const events: RunEvent[] = [];
  await client.streamRun('r', {onEvent: (e) => events.push(e)});
  expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
  return events.flatMap((e) => (e.event === 'text' ? [e.data.content] : [])).join('');
}

describe('SSE framing', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    test(`${name} line endings with pings, split into two chunks at every byte`, async () => {
      const body = Buffer.from(frames(eol, true), 'utf8');
      for (let cut = 1; cut < body.length; cut++) {
        seen.length = 0;
        plan = {body, splitAt: [cut]};
        expect(await streamText(), `cut at byte ${cut}`).toBe(FINAL);
      }
    }, 60_000);
  }

  test('one byte at a time', async () => {
    seen.length = 0;
    const body = Buffer.from(frames('\n', true), 'utf8');
    plan = {body, splitAt: Array.from({length: body.length - 1}, (_v, i) => i + 1)};
    expect(await streamText()).toBe(FINAL);
  });

  test('a connection cut at every byte, then events replayed twice on the resume', async () => {
    const body = Buffer.from(frames('\r\n', false), 'utf8');
    for (let cut = 1; cut < body.length; cut += 3) {
      seen.length = 0;
      plan = {body, splitAt: [], cutAfterBytes: cut};
      expect(await streamText(), `cut at byte ${cut}`).toBe(FINAL);
      expect(seen.length).toBe(2);
    }
  }, 60_000);
});
