/**
 * The local Zaby server. Built on node:http with no framework: zero dependencies, and full
 * control over what SSE needs (flushing each event, pings, destroying a revoked stream's
 * socket at once, closing keep-alive sockets on shutdown so tests never hang).
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {agUiRoutes} from './ag-ui-routes.ts';
import {checkApiKey, TokenAuthority, type Claims} from './auth.ts';
import {devRoutes} from './dev-routes.ts';
import {FaultInjector, type FaultSpec} from './faults.ts';
import {HttpError, sendError, sendJson, SWALLOWED} from './http.ts';
import {openAiAgent, type OpenAiOptions} from './openai-agent.ts';
import {provisioningRoutes, type ProvisioningContext} from './provisioning-routes.ts';
import {route, Router} from './router.ts';
import {RunEngine} from './runs.ts';
import {runtimeRoutes, type RuntimeContext} from './runtime-routes.ts';
import {DEFAULT_SEED, seed, type DevSeed} from './seed.ts';
import {Store} from './store.ts';

export type {FaultSpec} from './faults.ts';
export type {OpenAiOptions} from './openai-agent.ts';

export const DEFAULT_API_KEY = 'zaby_dev_key_local_emulator';

export interface EmulatorOptions {
  /** 0 = a free port. @defaultValue 9080 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  apiKey?: string;
  /** The seeded app's allowedOrigins. @defaultValue {@link DEFAULT_ALLOWED_ORIGINS} */
  allowedOrigins?: string[];
  /**
   * The seeded objects' ids derive from this, so they are the same on every start with
   * the same seed. @defaultValue {@link DEFAULT_SEED}
   */
  seed?: string;
  /** Delay between streamed events in ms; 0 = as fast as the socket takes. @defaultValue 30 */
  deltaMs?: number;
  /** @defaultValue 15_000 */
  pingIntervalMs?: number;
  /** PENDING → ACTIVE delay of new deployments. @defaultValue 0 */
  deploymentActivationMs?: number;
  /** @defaultValue 10 minutes */
  approvalTtlMs?: number;
  /**
   * An OpenAI-compatible chat-completions endpoint to stream from instead of the scripted
   * agent (both protocols); the CLI takes it from `ZABY_OPENAI_BASE_URL`.
   */
  openai?: OpenAiOptions;
  /** Requests per token family per window; off by default. */
  rateLimit?: {max: number; windowMs: number};
  log?: (line: string) => void;
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
  /** The seeded objects' ids (also at `GET …/dev-seed`). */
  seed: DevSeed;
  /** The seeded app's allowedOrigins. */
  allowedOrigins: readonly string[];
  stats(): EmulatorStats;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** The demo's origins (ports 5173, 4173, 9080 on localhost and 127.0.0.1). */
export const DEFAULT_ALLOWED_ORIGINS = [5173, 4173, 9080].flatMap((port) => [
  `http://localhost:${port}`,
  `http://127.0.0.1:${port}`,
]);

const API = '/api/v1';
const PROVISIONING = `${API}/provisioning/agentic-os`;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const store = new Store();
  const auth = new TokenAuthority(store);
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const engine = new RunEngine({
    deltaMs: options.deltaMs ?? 30,
    approvalTtlMs: options.approvalTtlMs ?? 600_000,
    ...(options.openai ? {agent: openAiAgent(options.openai)} : {}),
  });
  const streams: RuntimeContext['streams'] = new Set();
  const faults = new FaultInjector();
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

  const rctx: RuntimeContext = {store, engine, pingIntervalMs, streams, rateLimit};
  const pctx: ProvisioningContext = {
    store,
    auth,
    deploymentActivationMs: options.deploymentActivationMs ?? 0,
    closeStreams,
  };
  const devSeed: {value?: DevSeed} = {};
  const router = new Router(
    [
      route({
        method: 'GET',
        path: `${API}/health`,
        auth: 'none',
        handle: ({req, res}) =>
          sendJson(req, res, 200, {
            status: 'ok',
            timestamp: new Date().toISOString(),
            uptime: process.uptime(),
          }),
      }),
      ...runtimeRoutes(rctx, API),
      ...provisioningRoutes(pctx, PROVISIONING),
      ...devRoutes({seed: () => devSeed.value!, stats, faults}, PROVISIONING),
      ...agUiRoutes({engine, verify: (req) => auth.verify(req)}),
    ],
    {runtime: (req) => auth.verify(req), apiKey: (req) => checkApiKey(apiKey, req)},
  );

  function stats(): EmulatorStats {
    let feedback = 0;
    for (const r of store.runs.values()) feedback += r.feedback.size;
    // Runs of either protocol (AG-UI runs are not in the store).
    const activeRuns = engine.running;
    return {openStreams: streams.size, activeRuns, runsCreated: store.runsCreated, feedback};
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
    const fault = faults.take(req, path);
    if (fault && !fault.afterHandler) throw fault.error;
    const match = router.match(req.method ?? 'GET', path);
    if (fault) SWALLOWED.add(res);
    try {
      await router.dispatch(match, req, res, url);
    } finally {
      if (fault) {
        SWALLOWED.delete(res);
        if (!res.headersSent) sendError(req, res, fault.error);
        else res.destroy();
      }
    }
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
  const allowedOrigins = [...(options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS)];
  devSeed.value = seed(store, allowedOrigins, options.seed ?? DEFAULT_SEED);

  return {
    origin,
    port,
    apiKey,
    seed: devSeed.value,
    allowedOrigins,
    stats,
    injectFault: (fault: FaultSpec) => faults.inject(fault),
    clearFaults: () => faults.clear(),
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
