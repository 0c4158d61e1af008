/**
 * A scripted AG-UI agent on the test page's own origin (127.0.0.1), for the element's
 * Chromium tests: Koa middleware under `/ag-ui-script/`. `POST /ag-ui-script/queue` with
 * `{runs}` sets what the next requests to `POST /ag-ui-script/agent` answer, one run each:
 * events written by @ag-ui/encoder (so the bytes are AG-UI's own SSE), optionally raw
 * frames after them, split into `chunkBytes` pieces, dropped mid-stream or held open.
 * `GET /ag-ui-script/log` returns each request's Authorization and RunAgentInput, and how
 * many were closed by the client before their end (stop aborts the request).
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {BaseEvent} from '@ag-ui/core';
import {EventEncoder} from '@ag-ui/encoder';

export interface ScriptedRun {
  events?: BaseEvent[];
  /** Raw SSE text written after the events (malformed frames). */
  frames?: string[];
  /** Write the body in pieces of this many bytes (split inside frames and characters). */
  chunkBytes?: number;
  /** Delay between pieces (or events), ms. */
  delayMs?: number;
  /** Destroy the connection after writing, without ending the response. */
  drop?: boolean;
  /** Keep the response open after writing (until the client goes). */
  hold?: boolean;
  /** Answer with this status and JSON body instead of a stream. */
  status?: number;
  body?: unknown;
}

interface Ctx {
  path: string;
  method: string;
  status: number;
  body: unknown;
  type: string;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function agUiScriptMiddleware() {
  let queue: ScriptedRun[] = [];
  let requests: Array<{authorization: string | null; input: unknown}> = [];
  let closedEarly = 0;

  const read = async (req: IncomingMessage) => {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    return raw ? (JSON.parse(raw) as unknown) : null;
  };

  return async (ctx: Ctx, next: () => Promise<void>) => {
    if (!ctx.path.startsWith('/ag-ui-script/')) return next();
    if (ctx.method === 'POST' && ctx.path === '/ag-ui-script/queue') {
      queue = ((await read(ctx.req)) as {runs: ScriptedRun[]}).runs;
      requests = [];
      closedEarly = 0;
      ctx.status = 204;
      return undefined;
    }
    if (ctx.method === 'GET' && ctx.path === '/ag-ui-script/log') {
      ctx.type = 'json';
      ctx.body = JSON.stringify({requests, closedEarly});
      return undefined;
    }
    if (ctx.method !== 'POST' || ctx.path !== '/ag-ui-script/agent') return next();
    requests.push({
      authorization: ctx.req.headers.authorization ?? null,
      input: await read(ctx.req),
    });
    const run = queue.shift() ?? {
      status: 500,
      body: {error: {code: 'internal', message: 'no run queued'}},
    };
    if (run.status) {
      ctx.status = run.status;
      ctx.type = 'json';
      ctx.body = JSON.stringify(run.body ?? {});
      return undefined;
    }
    ctx.respond = false;
    const {res} = ctx;
    let ended = false;
    res.on('close', () => {
      if (!ended) closedEarly++;
    });
    res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store'});
    res.flushHeaders();
    const encoder = new EventEncoder();
    const text = [...(run.events ?? []).map((e) => encoder.encodeSSE(e)), ...(run.frames ?? [])];
    if (run.chunkBytes) {
      const bytes = Buffer.from(text.join(''));
      for (let i = 0; i < bytes.length && !res.destroyed; i += run.chunkBytes) {
        res.write(bytes.subarray(i, i + run.chunkBytes));
        if (run.delayMs) await sleep(run.delayMs);
      }
    } else {
      for (const frame of text) {
        if (res.destroyed) break;
        res.write(frame);
        if (run.delayMs) await sleep(run.delayMs);
      }
    }
    if (run.drop) {
      await sleep(20);
      res.destroy();
      return undefined;
    }
    if (run.hold) return undefined;
    ended = true;
    res.end();
    return undefined;
  };
}
