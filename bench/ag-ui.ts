/**
 * `npm run bench:ag-ui`: what a streamed reply costs per delta over AG-UI against the
 * Zaby protocol, in the same run: the 20,000-character reply of workload A (flood: ~4
 * characters a delta; paced: 2,000 deltas at 100/s), the same deltas as Zaby `text` events
 * and as AG-UI `TEXT_MESSAGE_CONTENT` events written by @ag-ui/encoder, into the built
 * script-tag bundles in Debian's Chromium. Main-thread task time from the DevTools
 * Protocol, per delta; the ratio AG-UI / Zaby should stay near 1.
 *
 *   npm run bench:ag-ui                # 3 runs per protocol and mode (medians)
 *   npm run bench:ag-ui -- --runs 1
 */
import {readFileSync} from 'node:fs';
import {createServer, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {EventType, type BaseEvent} from '@ag-ui/core';
import {EventEncoder} from '@ag-ui/encoder';
import {launchChromium} from '../test/helpers/chromium.ts';
import type {Stream} from './server.ts';
import {SENTINEL, streamA} from './workload.ts';
import type {Stream as _Stream} from './server.ts';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const scripts: Record<string, Buffer> = {
  '/zaby-chat.iife.js': readFileSync(here('../dist/zaby-chat.iife.js')),
  '/zaby-chat-ag-ui.iife.js': readFileSync(here('../dist/zaby-chat-ag-ui.iife.js')),
};
const page = (backend: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>bench</title><link rel="icon" href="data:,"><style>body{margin:0}zaby-chat{height:100vh}</style></head>
<body><zaby-chat persist="none" feedback="off" token="bench" backend="${backend}"></zaby-chat>
<script src="/zaby-chat-ag-ui.iife.js"></script><script src="/zaby-chat.iife.js"></script></body></html>`;

let stream: Stream = streamA(false);
const encoder = new EventEncoder();

async function write(res: ServerResponse, frames: Iterable<string>, intervalMs: number) {
  const t0 = Date.now();
  let i = 0;
  for (const frame of frames) {
    const wait = t0 + i++ * intervalMs - Date.now();
    if (intervalMs > 0 && wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!res.write(frame)) await new Promise((r) => res.once('drain', r));
  }
  res.end();
}

function* zabyFrames(s: Stream) {
  for (const [i, content] of s.deltas.entries())
    yield `id: ${i + 1}\nevent: text\ndata: ${JSON.stringify({content})}\n\n`;
  const n = s.deltas.length + 1;
  yield `id: ${n}\nevent: RunFinished\ndata: ${JSON.stringify({runId: 'r', status: 'COMPLETED', latestSeq: n})}\n\n`;
}

function* agUiFrames(s: Stream) {
  const e = (event: Record<string, unknown>) => encoder.encodeSSE(event as unknown as BaseEvent);
  yield e({type: EventType.RUN_STARTED, threadId: 't', runId: 'r'});
  yield e({type: EventType.TEXT_MESSAGE_START, messageId: 'm', role: 'assistant'});
  for (const delta of s.deltas)
    yield e({type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta});
  yield e({type: EventType.TEXT_MESSAGE_END, messageId: 'm'});
  yield e({type: EventType.RUN_FINISHED, threadId: 't', runId: 'r'});
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://bench');
  req.resume();
  const sse = {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store'};
  if (url.pathname === '/') {
    res
      .writeHead(200, {'Content-Type': 'text/html'})
      .end(page(url.searchParams.get('backend') ?? 'zaby'));
  } else if (scripts[url.pathname]) {
    res.writeHead(200, {'Content-Type': 'text/javascript'}).end(scripts[url.pathname]);
  } else if (req.method === 'POST' && url.pathname === '/api/v1/runtime/runs') {
    res.writeHead(201, {'Content-Type': 'application/json'});
    res.end(JSON.stringify({runId: `run_${Date.now()}`, status: 'PENDING', latestSeq: 0}));
  } else if (url.pathname.endsWith('/stream')) {
    res.writeHead(200, sse);
    void write(res, zabyFrames(stream), stream.intervalMs);
  } else if (req.method === 'POST' && url.pathname === '/ag-ui/agent') {
    res.writeHead(200, sse);
    void write(res, agUiFrames(stream), stream.intervalMs);
  } else res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium(['--js-flags=--expose-gc']);

/** Main-thread task ms of one reply, from page load to the sentinel in the DOM. */
async function once(backend: 'zaby' | 'ag-ui'): Promise<number> {
  const tab = await browser.newPage({viewport: {width: 420, height: 800}});
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Performance.enable', {timeDomain: 'threadTicks'});
  await tab.goto(`${origin}/?backend=${backend}`);
  await tab.waitForFunction(() => customElements.get('zaby-chat') !== undefined);
  await tab.evaluate(
    ({url}) => {
      const chat = document.querySelector('zaby-chat') as HTMLElement & {
        apiOrigin: string;
        agentUrl: string;
        send(t: string): Promise<unknown>;
      };
      chat.apiOrigin = location.origin;
      chat.agentUrl = url;
      return (chat as unknown as {updateComplete: Promise<unknown>}).updateComplete;
    },
    {url: `${origin}/ag-ui/agent`},
  );
  const task = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!
      .value;
  const before = await task();
  await tab.evaluate(async () => {
    const chat = document.querySelector('zaby-chat') as HTMLElement & {
      send(t: string): Promise<unknown>;
    };
    await chat.send('go');
  });
  // A string: tsx's helpers for named functions do not exist in the page.
  await tab.waitForFunction(`(() => {
    const text = (node) => node.nodeType === Node.TEXT_NODE ? (node.textContent ?? '')
      : [...(node.shadowRoot?.childNodes ?? []), ...node.childNodes].map(text).join('');
    return text(document.querySelector('zaby-chat')).includes(${JSON.stringify(SENTINEL)});
  })()`);
  const ms = ((await task()) - before) * 1000;
  await tab.close();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: Array<Record<string, string | number>> = [];
for (const paced of [false, true]) {
  stream = streamA(paced);
  const n = stream.deltas.length;
  const result: Record<string, number> = {};
  for (const backend of ['zaby', 'ag-ui'] as const) {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await once(backend));
    result[backend] = median(samples);
  }
  rows.push({
    mode: paced ? 'paced' : 'flood',
    deltas: n,
    'zaby µs/delta': Math.round((result['zaby']! / n) * 1000),
    'ag-ui µs/delta': Math.round((result['ag-ui']! / n) * 1000),
    'ratio ag-ui/zaby': Number((result['ag-ui']! / result['zaby']!).toFixed(2)),
  });
}
console.table(rows);
await browser.close();
server.closeAllConnections();
server.close();
