/**
 * The bench's SSE server: speaks the runtime protocol's start and stream endpoints (enough
 * for `<zaby-chat>` and the baseline pages), streams the workload the driver set, flood or
 * paced, and records when the last byte left. It also serves the contender pages.
 */
import {readFile} from 'node:fs/promises';
import {createServer, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface Stream {
  deltas: string[];
  /** ms between deltas; 0 = flood (as fast as the socket takes). */
  intervalMs: number;
}

export interface StreamRecord {
  startedAt: number;
  lastByteAt: number;
  /** [Date.now(), deltas sent so far], sampled as it goes. */
  progress: Array<[number, number]>;
}

export async function startBenchServer(
  assets: Record<string, string>,
  files: Record<string, string>,
) {
  let next: (input: string) => Stream = () => ({deltas: ['hi'], intervalMs: 0});
  const runs = new Map<string, Stream>();
  const records: StreamRecord[] = [];
  let counter = 0;

  const sse = async (res: ServerResponse, stream: Stream) => {
    const record: StreamRecord = {startedAt: Date.now(), lastByteAt: 0, progress: []};
    records.push(record);
    res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store'});
    const write = (chunk: string) =>
      new Promise<void>((resolve) => {
        if (res.write(chunk)) resolve();
        else res.once('drain', resolve);
      });
    const t0 = Date.now();
    for (let i = 0; i < stream.deltas.length; i++) {
      if (stream.intervalMs > 0) {
        const due = t0 + i * stream.intervalMs;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      await write(
        `id: ${i + 1}\nevent: text\ndata: ${JSON.stringify({content: stream.deltas[i]})}\n\n`,
      );
      if (i % 10 === 0) record.progress.push([Date.now(), i + 1]);
    }
    const n = stream.deltas.length;
    await write(
      `id: ${n + 1}\nevent: RunFinished\ndata: ${JSON.stringify({
        runId: 'r',
        status: 'COMPLETED',
        finalOutput: stream.deltas.join(''),
        latestSeq: n + 1,
      })}\n\n`,
    );
    record.lastByteAt = Date.now();
    record.progress.push([record.lastByteAt, n]);
    res.end();
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    try {
      if (req.method === 'POST' && url.pathname === '/api/v1/runtime/runs') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const {input} = JSON.parse(body) as {input: string};
        const runId = `run_${++counter}`;
        runs.set(runId, next(input));
        res.writeHead(201, {'Content-Type': 'application/json'});
        res.end(
          JSON.stringify({
            workflowId: 'wf',
            runId,
            deploymentId: 'dep',
            status: 'PENDING',
            latestSeq: 0,
            agentSessionId: 'ses',
            externalAppId: 'app',
            requestId: runId,
            createdAt: new Date().toISOString(),
          }),
        );
        return;
      }
      const stream = /^\/api\/v1\/runtime\/runs\/([^/]+)\/stream$/.exec(url.pathname);
      if (req.method === 'GET' && stream) {
        await sse(res, runs.get(stream[1]!)!);
        return;
      }
      const file = files[url.pathname];
      const asset = assets[url.pathname];
      if (file || asset !== undefined) {
        const type = url.pathname.endsWith('.html') ? 'text/html' : 'text/javascript';
        res.writeHead(200, {'Content-Type': `${type}; charset=utf-8`});
        res.end(asset ?? (await readFile(file!)));
        return;
      }
      res.writeHead(404).end();
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    records,
    setWorkload(fn: (input: string) => Stream) {
      next = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
