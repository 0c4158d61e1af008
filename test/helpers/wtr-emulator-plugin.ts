/**
 * A @web/test-runner plugin that runs the local Zaby emulator beside the test server, so
 * element tests in Chromium talk to a real server over real HTTP on 127.0.0.1. Browser
 * tests reach it through `executeServerCommand('zaby-emulator', {op, ...})`
 * (test/browser/helpers/emulator.ts wraps that).
 */
import {startEmulator, type FaultSpec, type RunningEmulator} from '../../src/emulator/index.ts';
import {startCutProxy, type CutProxy} from './cut-proxy.ts';
import {sseFrame} from '../../src/protocol/types.ts';

const PROVISIONING = '/api/v1/provisioning/agentic-os';

export interface EmulatorCommand {
  op:
    | 'info'
    | 'mint'
    | 'revoke-family'
    | 'revoke-grant'
    | 'stats'
    | 'fault'
    | 'clear-faults'
    | 'provisioning'
    | 'proxy'
    | 'proxy-stats'
    | 'close-proxies';
  payload?: Record<string, unknown>;
}

export function emulatorPlugin(options: {allowedOrigins: string[]; deltaMs?: number}) {
  let emulator: RunningEmulator | undefined;
  const proxies = new Map<string, CutProxy>();

  const provisioning = async (method: string, path: string, body?: unknown) => {
    const emu = emulator!;
    const response = await fetch(`${emu.origin}${PROVISIONING}${path}`, {
      method,
      headers: {Authorization: `Bearer ${emu.apiKey}`, 'Content-Type': 'application/json'},
      ...(body === undefined ? {} : {body: JSON.stringify(body)}),
    });
    const text = await response.text();
    return {status: response.status, body: text ? JSON.parse(text) : null};
  };

  /**
   * A same-origin token endpoint like a host backend's (`token-endpoint="/__zaby-token"`):
   * Koa middleware for the test server. The user comes from `?user=`.
   */
  const tokenMiddleware = async (
    ctx: {
      path: string;
      method: string;
      query: Record<string, unknown>;
      status: number;
      body: unknown;
      type: string;
    },
    next: () => Promise<void>,
  ) => {
    if (ctx.path !== '/__zaby-token') return next();
    if (ctx.method !== 'POST' || !emulator) {
      ctx.status = 405;
      return undefined;
    }
    const {seed} = emulator;
    const minted = await provisioning('POST', '/runtime-tokens', {
      externalAppId: seed.externalAppId,
      deploymentId: seed.deploymentId,
      quotaPolicyId: seed.quotaPolicyId,
      externalUserId: String(ctx.query['user'] ?? 'endpoint-user'),
      channel: 'web',
    });
    ctx.type = 'json';
    ctx.status = 200;
    ctx.body = JSON.stringify({token: (minted.body as {token: string}).token});
    return undefined;
  };

  /**
   * A hostile runtime server on the test page's own origin, under `/hostile`: it speaks the
   * protocol but every string it sends is a payload the test chose (`POST /hostile/script`
   * with `{steps}` stores the events the next run streams). Real HTTP, real SSE bytes.
   */
  let hostileScript: Array<{event: string; data: unknown}> = [];
  let hostileStartError: {status: number; body: string} | undefined;
  const hostileMiddleware = async (
    ctx: {
      path: string;
      method: string;
      status: number;
      body: unknown;
      type: string;
      set(name: string, value: string): void;
      req: AsyncIterable<Buffer>;
      respond?: boolean;
      res: import('node:http').ServerResponse;
    },
    next: () => Promise<void>,
  ) => {
    if (!ctx.path.startsWith('/hostile/')) return next();
    if (ctx.method === 'POST' && ctx.path === '/hostile/script') {
      let raw = '';
      for await (const chunk of ctx.req) raw += chunk;
      const body = JSON.parse(raw) as {
        events: typeof hostileScript;
        startError?: typeof hostileStartError;
      };
      hostileScript = body.events;
      hostileStartError = body.startError;
      ctx.status = 204;
      return undefined;
    }
    if (ctx.method === 'POST' && ctx.path === '/hostile/api/v1/runtime/runs') {
      if (hostileStartError) {
        ctx.status = hostileStartError.status;
        ctx.type = 'json';
        ctx.body = hostileStartError.body;
        return undefined;
      }
      ctx.status = 201;
      ctx.type = 'json';
      ctx.body = JSON.stringify({
        workflowId: 'wf',
        runId: `hostile_${Date.now()}`,
        deploymentId: 'dep',
        status: 'PENDING',
        latestSeq: 0,
        agentSessionId: 'ses',
        externalAppId: 'app',
        requestId: 'r',
        createdAt: new Date().toISOString(),
      });
      return undefined;
    }
    if (
      ctx.method === 'GET' &&
      /^\/hostile\/api\/v1\/runtime\/runs\/[^/]+\/stream$/.test(ctx.path)
    ) {
      ctx.respond = false;
      ctx.res.writeHead(200, {'Content-Type': 'text/event-stream'});
      hostileScript.forEach((e, i) => ctx.res.write(sseFrame({seq: i + 1, ...e})));
      ctx.res.end();
      return undefined;
    }
    ctx.status = 404;
    ctx.type = 'json';
    ctx.body = JSON.stringify({error: {code: 'not_found', message: 'no such hostile route'}});
    return undefined;
  };

  return {
    name: 'zaby-emulator',
    tokenMiddleware,
    hostileMiddleware,
    async serverStart() {
      emulator = await startEmulator({
        port: 0,
        host: '127.0.0.1',
        allowedOrigins: options.allowedOrigins,
        deltaMs: options.deltaMs ?? 1,
      });
    },
    async serverStop() {
      for (const proxy of proxies.values()) await proxy.close();
      await emulator?.close();
    },
    async executeCommand({command, payload}: {command: string; payload?: unknown}) {
      if (command !== 'zaby-emulator' || !emulator) return undefined;
      const {op, payload: args = {}} = payload as EmulatorCommand;
      switch (op) {
        case 'info':
          return {origin: emulator.origin, seed: emulator.seed};
        case 'mint': {
          const {seed} = emulator;
          const result = await provisioning('POST', '/runtime-tokens', {
            externalAppId: seed.externalAppId,
            deploymentId: seed.deploymentId,
            quotaPolicyId: seed.quotaPolicyId,
            externalUserId: 'browser-user',
            channel: 'web',
            ...args,
          });
          return result.body;
        }
        case 'revoke-family':
          return (
            await provisioning('POST', `/runtime-token-families/${String(args['familyId'])}/revoke`)
          ).status;
        case 'revoke-grant':
          return (
            await provisioning('POST', `/runtime-token-grants/${String(args['grantId'])}/revoke`, {
              reason: 'test',
            })
          ).status;
        case 'stats':
          return emulator.stats();
        case 'fault':
          emulator.injectFault(args as unknown as FaultSpec);
          return true;
        case 'clear-faults':
          emulator.clearFaults();
          return true;
        case 'proxy': {
          // A TCP proxy in front of the emulator that cuts streams (test/helpers/cut-proxy.ts).
          const proxy = await startCutProxy(
            emulator.origin,
            args as {afterEvents: number; drops?: number; bytesIntoFrame?: number},
          );
          proxies.set(proxy.origin, proxy);
          return {origin: proxy.origin};
        }
        case 'proxy-stats': {
          const proxy = proxies.get(String(args['origin']));
          return proxy ? {cuts: proxy.cuts, lastEventIds: proxy.lastEventIds} : null;
        }
        case 'close-proxies':
          for (const proxy of proxies.values()) await proxy.close();
          proxies.clear();
          return true;
        case 'provisioning':
          return provisioning(String(args['method']), String(args['path']), args['body']);
        default:
          return undefined;
      }
    },
  };
}
