/**
 * The two runtimes the contract suite holds to runtime-api.md: the emulator over real HTTP
 * on 127.0.0.1 (a free port, closed by the suite) and MockTransport behind `fetch`. Both are
 * driven through the project's real {@link RuntimeClient}; only how a client is made and how
 * a stream is cut differ.
 */
import {
  RuntimeClient,
  TokenSource,
  type RuntimeClientOptions,
} from '../../../src/protocol/index.ts';
import {MockTransport} from '../../../src/testing/index.ts';
import {startCutProxy} from '../../helpers/cut-proxy.ts';
import {mintToken, withEmulator} from '../../helpers/emulator.ts';

/** A client of one runtime, for one end user. */
export interface ContractClient {
  client: RuntimeClient;
  /** A raw call through the same fetch and token, for what the client hides (201 vs 200). */
  raw(method: string, path: string, body?: unknown): Promise<{status: number; body: unknown}>;
}

export interface RuntimeUnderTest {
  /** A client for a new end user. */
  client(): Promise<ContractClient>;
  /**
   * A client whose next stream drops after `events` events; `resumes()` lists the
   * `Last-Event-ID`s its reconnects sent.
   */
  droppingClient(events: number): Promise<ContractClient & {resumes(): string[]}>;
  close(): Promise<void>;
}

export interface RuntimeFactory {
  name: string;
  start(): Promise<RuntimeUnderTest>;
}

const fast: Partial<RuntimeClientOptions> = {
  retry: {baseDelayMs: 1, maxDelayMs: 5},
  reconnect: {baseDelayMs: 1, maxDelayMs: 5},
};

function contractClient(
  apiOrigin: string,
  fetchImpl: typeof fetch,
  mint: () => Promise<string>,
): ContractClient {
  const tokens = new TokenSource({fetchToken: mint});
  const client = new RuntimeClient({apiOrigin, tokens, fetch: fetchImpl, ...fast});
  return {
    client,
    raw: async (method, path, body) => {
      const response = await fetchImpl(`${apiOrigin}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await tokens.getToken()}`,
          ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
        },
        ...(body === undefined ? {} : {body: JSON.stringify(body)}),
      });
      const text = await response.text();
      return {status: response.status, body: text ? JSON.parse(text) : null};
    },
  };
}

/** The emulator on a free port at socket speed (the scripted `slow` keeps its own pace). */
export const emulatorRuntime: RuntimeFactory = {
  name: 'emulator',
  start: async () => {
    const emu = await withEmulator();
    const proxies: Array<{close(): Promise<void>}> = [];
    let users = 0;
    const mintFor = () => {
      const user = `contract-${++users}`;
      return async () => (await mintToken(emu, {externalUserId: user})).token;
    };
    const realFetch: typeof fetch = (input, init) => fetch(input, init);
    return {
      client: async () => contractClient(emu.origin, realFetch, mintFor()),
      droppingClient: async (events) => {
        const proxy = await startCutProxy(emu.origin, {afterEvents: events, drops: 1});
        proxies.push(proxy);
        return {
          ...contractClient(proxy.origin, realFetch, mintFor()),
          resumes: () => [...proxy.lastEventIds],
        };
      },
      close: async () => {
        await Promise.all(proxies.map((p) => p.close()));
        await emu.close();
      },
    };
  },
};

/** MockTransport with its default script: the emulator's scripted agent. */
export const mockRuntime: RuntimeFactory = {
  name: 'MockTransport',
  start: async () => {
    const mocks: MockTransport[] = [];
    const make = () => {
      const mock = new MockTransport();
      mocks.push(mock);
      return mock;
    };
    return {
      client: async () => {
        const mock = make();
        return contractClient('https://zaby.test', mock.fetch, async () => 'mock-token');
      },
      droppingClient: async (events) => {
        const mock = make();
        mock.dropNextStream(events);
        return {
          ...contractClient('https://zaby.test', mock.fetch, async () => 'mock-token'),
          resumes: () =>
            mock.requests
              .filter((r) => r.path.endsWith('/stream') && r.lastEventId !== null)
              .map((r) => r.lastEventId!),
        };
      },
      close: async () => {
        for (const mock of mocks) mock.reset();
      },
    };
  },
};
