/**
 * Test helpers around the emulator: start one on a free port, mint tokens and call the API
 * over real HTTP on 127.0.0.1.
 */
import {createParser, type EventSourceMessage} from 'eventsource-parser';
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/index.ts';

export const PROVISIONING = '/api/v1/provisioning/agentic-os';

/** An emulator on a free port, as fast as the socket takes unless told otherwise. */
export function withEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({port: 0, host: '127.0.0.1', deltaMs: 0, ...options});
}

export interface Minted {
  token: string;
  tokenId: string;
  familyId: string;
  grantId: string;
  expiresAt: string;
}

export async function mintToken(
  emu: RunningEmulator,
  overrides: Partial<{
    externalUserId: string;
    externalSessionId: string;
    channel: 'web' | 'server' | 'mobile';
    ttlSeconds: number;
    maxUses: number;
    quotaPolicyId: string;
  }> = {},
): Promise<Minted> {
  const result = await api(emu, 'POST', `${PROVISIONING}/runtime-tokens`, {
    apiKey: emu.apiKey,
    body: {
      externalAppId: emu.seed.externalAppId,
      deploymentId: emu.seed.deploymentId,
      quotaPolicyId: emu.seed.quotaPolicyId,
      externalUserId: 'user-1',
      channel: 'web',
      ...overrides,
    },
  });
  if (result.status !== 201)
    throw new Error(`mint failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body as Minted;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function api(
  emu: RunningEmulator,
  method: string,
  path: string,
  options: {
    token?: string;
    apiKey?: string;
    body?: unknown;
    rawBody?: string;
    origin?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = {...options.headers};
  const credential = options.token ?? options.apiKey;
  if (credential) headers['Authorization'] = `Bearer ${credential}`;
  if (options.origin) headers['Origin'] = options.origin;
  if (options.body !== undefined || options.rawBody !== undefined)
    headers['Content-Type'] = 'application/json';
  const response = await fetch(`${emu.origin}${path}`, {
    method,
    headers,
    ...(options.rawBody !== undefined
      ? {body: options.rawBody}
      : options.body !== undefined
        ? {body: JSON.stringify(options.body)}
        : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (SSE or empty)
  }
  return {status: response.status, headers: response.headers, body};
}

/** Reads a whole SSE response (until the server closes it) with eventsource-parser. */
export async function readStream(
  emu: RunningEmulator,
  runId: string,
  options: {
    token: string;
    lastEventId?: string;
    after?: number;
    origin?: string;
    signal?: AbortSignal;
    onComment?: (c: string) => void;
    untilComments?: number;
  },
): Promise<{status: number; events: EventSourceMessage[]; headers: Headers}> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    Accept: 'text/event-stream',
  };
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = options.lastEventId;
  if (options.origin) headers['Origin'] = options.origin;
  const query = options.after === undefined ? '' : `?after=${options.after}`;
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort());
  const response = await fetch(`${emu.origin}/api/v1/runtime/runs/${runId}/stream${query}`, {
    headers,
    signal: controller.signal,
  });
  const events: EventSourceMessage[] = [];
  if (!response.ok || !response.body)
    return {status: response.status, events, headers: response.headers};
  let comments = 0;
  const parser = createParser({
    onEvent: (e) => events.push(e),
    onComment: (c) => {
      comments++;
      options.onComment?.(c);
      if (options.untilComments && comments >= options.untilComments) controller.abort();
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, {stream: true}));
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return {status: response.status, events, headers: response.headers};
}

/** Polls until `check` is true. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets a test page's origin call the runtime (the seeded app's `allowedOrigins`). */
export async function allowOrigins(emu: RunningEmulator, allowedOrigins: string[]): Promise<void> {
  const result = await api(
    emu,
    'PATCH',
    `${PROVISIONING}/external-apps/${emu.seed.externalAppId}`,
    {
      apiKey: emu.apiKey,
      body: {allowedOrigins},
    },
  );
  if (result.status !== 200) throw new Error(`allowOrigins failed: ${result.status}`);
}
