/**
 * The local Zaby server. Built on node:http with no framework: zero dependencies, and full
 * control over what SSE needs (flushing each event, pings, destroying a revoked stream's
 * socket at once, closing keep-alive sockets on shutdown so tests never hang).
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {TokenAuthority, type Claims} from './auth.ts';
import {HttpError, sendError, sendJson, SWALLOWED} from './http.ts';
import {
  bodyFor,
  checkApiKey,
  provisioningRoutes,
  type ProvisioningContext,
} from './provisioning-routes.ts';
import {RunEngine} from './runs.ts';
import * as runtime from './runtime-routes.ts';
import {seed, type DevSeed} from './seed.ts';
import {Store} from './store.ts';

export const DEFAULT_API_KEY = 'zaby_dev_key_local_emulator';

export interface EmulatorOptions {
  /** 0 = a free port. @defaultValue 9080 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  apiKey?: string;
  /** The seeded app's allowedOrigins. */
  allowedOrigins?: string[];
  /** Delay between streamed events in ms; 0 = as fast as the socket takes. @defaultValue 30 */
  deltaMs?: number;
  /** @defaultValue 15_000 */
  pingIntervalMs?: number;
  /** PENDING → ACTIVE delay of new deployments. @defaultValue 0 */
  deploymentActivationMs?: number;
  /** @defaultValue 10 minutes */
  approvalTtlMs?: number;
  /** Requests per token family per window; off by default. */
  rateLimit?: {max: number; windowMs: number};
  log?: (line: string) => void;
}

export interface FaultSpec {
  method?: string;
  /** A substring of the URL path. */
  path: string;
  status: number;
  code: string;
  message?: string;
  retryAfter?: number;
  /** @defaultValue 1 */
  times?: number;
  /** Run the real handler first, then answer with the fault instead (a lost response). */
  afterHandler?: boolean;
}

export interface EmulatorStats {
  openStreams: number;
  activeRuns: number;
  runsCreated: number;
  /** Ratings stored (one per user and run). */
  feedback: number;
}

export interface RunningEmulator {
  origin: string;
  port: number;
  apiKey: string;
  seed: DevSeed;
  stats(): EmulatorStats;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export const DEFAULT_ALLOWED_ORIGINS = [5173, 4173, 9080].flatMap((port) => [
  `http://localhost:${port}`,
  `http://127.0.0.1:${port}`,
]);

const API = '/api/v1';
const PROVISIONING = `${API}/provisioning/agentic-os`;

type Route = [
  method: string,
  pattern: RegExp,
  keys: string[],
  handler: (
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string>,
    url: URL,
  ) => Promise<void> | void,
];

function compile(path: string): [RegExp, string[]] {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return [new RegExp(`^${source}$`), keys];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const store = new Store();
  const auth = new TokenAuthority(store);
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const engine = new RunEngine({
    deltaMs: options.deltaMs ?? 30,
    approvalTtlMs: options.approvalTtlMs ?? 600_000,
  });
  const streams: runtime.RuntimeContext['streams'] = new Set();
  const faults: Array<FaultSpec & {left: number}> = [];
  const windows = new Map<string, {start: number; count: number}>();
  const log = options.log ?? (() => undefined);

  const rateLimit = (claims: Claims) => {
    const limit = options.rateLimit;
    if (!limit) return;
    const now = Date.now();
    const w = windows.get(claims.fam);
    if (!w || now - w.start >= limit.windowMs) {
      windows.set(claims.fam, {start: now, count: 1});
      return;
    }
    w.count += 1;
    if (w.count > limit.max) {
      const retry = Math.max(1, Math.ceil((w.start + limit.windowMs - now) / 1000));
      throw new HttpError(429, 'rate_limited', 'Too many requests; slow down.', {
        'Retry-After': String(retry),
      });
    }
  };

  const closeStreams = (match: {fam?: string; grt?: string}) => {
    for (const entry of [...streams]) {
      if ((match.fam && entry.fam === match.fam) || (match.grt && entry.grt === match.grt)) {
        streams.delete(entry);
        entry.res.destroy(); // revocation interrupts the session at once (seed 002)
      }
    }
  };

  const rctx: runtime.RuntimeContext = {store, auth, engine, pingIntervalMs, streams, rateLimit};
  const pctx: ProvisioningContext = {
    store,
    auth,
    apiKey,
    deploymentActivationMs: options.deploymentActivationMs ?? 0,
    closeStreams,
  };

  const routes: Route[] = [];
  const add = (method: string, path: string, handler: Route[3]) =>
    routes.push([method, ...compile(path), handler]);
  add('GET', `${API}/health`, (req, res) =>
    sendJson(req, res, 200, {
      status: 'ok',
      timestamp: new Date().toISOString(),
      uptime: process.uptime(),
    }),
  );
  add('POST', `${API}/runtime/runs`, (req, res) => runtime.startRun(rctx, req, res));
  add('GET', `${API}/runtime/runs/:runId`, (req, res, p) => runtime.getRun(rctx, req, res, p));
  add('GET', `${API}/runtime/runs/:runId/stream`, (req, res, p, url) =>
    runtime.stream(rctx, req, res, p, url),
  );
  add('GET', `${API}/runtime/runs/:runId/events`, (req, res, p, url) =>
    runtime.listEvents(rctx, req, res, p, url),
  );
  add('POST', `${API}/runtime/runs/:runId/approvals/:approvalId/approve`, (req, res, p) =>
    runtime.decide(rctx, req, res, p, 'APPROVED'),
  );
  add('POST', `${API}/runtime/runs/:runId/approvals/:approvalId/reject`, (req, res, p) =>
    runtime.decide(rctx, req, res, p, 'REJECTED'),
  );
  add('POST', `${API}/runtime/runs/:runId/feedback`, (req, res, p) =>
    runtime.feedback(rctx, req, res, p),
  );
  add('POST', `${API}/runtime/runs/:runId/cancel`, (req, res, p) =>
    runtime.cancel(rctx, req, res, p),
  );
  for (const [method, path, handler] of provisioningRoutes) {
    add(method, `${PROVISIONING}${path}`, async (req, res, p, url) => {
      checkApiKey(pctx, req);
      await handler(pctx, req, res, await bodyFor(req), p, url);
    });
  }
  const devSeed: {value?: DevSeed} = {};
  add('GET', `${PROVISIONING}/dev-seed`, (req, res) => {
    checkApiKey(pctx, req);
    sendJson(req, res, 200, devSeed.value);
  });
  add('GET', `${PROVISIONING}/dev-stats`, (req, res) => {
    checkApiKey(pctx, req);
    sendJson(req, res, 200, stats());
  });
  add('POST', `${PROVISIONING}/dev-faults`, async (req, res) => {
    checkApiKey(pctx, req);
    const body = (await bodyFor(req)) as unknown as FaultSpec;
    if (
      typeof body.path !== 'string' ||
      typeof body.status !== 'number' ||
      typeof body.code !== 'string'
    ) {
      throw new HttpError(400, 'invalid_request', 'A fault needs `path`, `status` and `code`.');
    }
    injectFault(body);
    sendJson(req, res, 201, body);
  });
  add('DELETE', `${PROVISIONING}/dev-faults`, (req, res) => {
    checkApiKey(pctx, req);
    faults.length = 0;
    sendJson(req, res, 200, {cleared: true});
  });

  function stats(): EmulatorStats {
    let activeRuns = 0;
    let feedback = 0;
    for (const r of store.runs.values()) {
      if (r.run.status === 'PENDING') activeRuns++;
      feedback += r.feedback.size;
    }
    return {openStreams: streams.size, activeRuns, runsCreated: store.runsCreated, feedback};
  }

  function injectFault(fault: FaultSpec): void {
    faults.push({...fault, left: fault.times ?? 1});
  }

  function takeFault(req: IncomingMessage, path: string): (FaultSpec & {left: number}) | undefined {
    const fault = faults.find(
      (f) =>
        f.left > 0 && path.includes(f.path) && (!f.method || f.method.toUpperCase() === req.method),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(faults.indexOf(fault), 1);
    return fault;
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const path = url.pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...(req.headers.origin
          ? {'Access-Control-Allow-Origin': req.headers.origin, Vary: 'Origin'}
          : {}),
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    const fault = takeFault(req, path);
    const faultError =
      fault &&
      new HttpError(
        fault.status,
        fault.code,
        fault.message ?? `Injected ${fault.code}.`,
        fault.retryAfter === undefined ? {} : {'Retry-After': String(fault.retryAfter)},
      );
    if (faultError && !fault.afterHandler) throw faultError;
    let allowed: string[] = [];
    for (const [method, pattern, keys, handler] of routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      allowed.push(method);
      if (method !== req.method) continue;
      const params = Object.fromEntries(
        keys.map((k, i) => [k, decodeURIComponent(match[i + 1] ?? '')]),
      );
      if (faultError) SWALLOWED.add(res);
      try {
        await handler(req, res, params, url);
      } finally {
        if (faultError) {
          SWALLOWED.delete(res);
          if (!res.headersSent) sendError(req, res, faultError);
          else res.destroy();
        }
      }
      return;
    }
    allowed = [...new Set(allowed)];
    if (allowed.length)
      throw new HttpError(404, 'not_found', `Use ${allowed.join(' or ')} on ${path}.`);
    throw new HttpError(404, 'not_found', `No endpoint ${req.method} ${path}.`);
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .catch((error: unknown) => {
        const httpError =
          error instanceof HttpError
            ? error
            : new HttpError(
                500,
                'internal',
                'The emulator failed on this request; it keeps serving.',
              );
        if (!(error instanceof HttpError))
          log(`internal error on ${req.method} ${req.url}: ${String(error)}`);
        if (!res.headersSent) sendError(req, res, httpError);
        else res.destroy();
      })
      .finally(() => log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    res.on('error', () => undefined);
  });
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9080, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const {port} = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  devSeed.value = seed(store, options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS);

  return {
    origin,
    port,
    apiKey,
    seed: devSeed.value,
    stats,
    injectFault,
    clearFaults: () => {
      faults.length = 0;
    },
    close: async () => {
      engine.stop();
      for (const entry of streams) entry.res.destroy();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
