import {decodeJwt, SignJWT} from 'jose';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {TokenSource, tokenExpiry} from '../../../src/protocol/token-source.ts';
import {backoffDelay, parseRetryAfter, sleep} from '../../../src/protocol/backoff.ts';

const key = new TextEncoder().encode('k'.repeat(32));
async function jwt(expInSeconds: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({alg: 'HS256'})
    .setExpirationTime(Math.floor(Date.now() / 1000) + expInSeconds)
    .sign(key);
}

test('asks with reason "missing" when there is no token, then reuses it', async () => {
  const reasons: string[] = [];
  const source = new TokenSource({
    fetchToken: async ({reason}) => {
      reasons.push(reason);
      return jwt(600);
    },
  });
  const first = await source.getToken();
  expect(await source.getToken()).toBe(first);
  expect(reasons).toEqual(['missing']);
});

test('asks with reason "expiring" inside the refresh window, "expired" past exp', async () => {
  const reasons: string[] = [];
  const source = new TokenSource({
    refreshBeforeExpirySeconds: 60,
    fetchToken: async ({reason}) => {
      reasons.push(reason);
      return jwt(600);
    },
  });
  source.set(await jwt(30));
  await source.getToken();
  source.set(await jwt(-5));
  await source.getToken();
  expect(reasons).toEqual(['expiring', 'expired']);
});

test('newSession asks with reason "new-session", after a refresh already under way', async () => {
  const asked: string[] = [];
  let answer!: (token: string) => void;
  const source = new TokenSource({
    fetchToken: ({reason}) => {
      asked.push(reason);
      return reason === 'missing'
        ? new Promise<string>((resolve) => (answer = resolve))
        : Promise.resolve(`token-for-${reason}`);
    },
  });
  const first = source.getToken();
  const renewed = source.newSession();
  await Promise.resolve();
  expect(asked).toEqual(['missing']);
  answer('first-token');
  expect(await first).toBe('first-token');
  expect(await renewed).toBe('token-for-new-session');
  expect(asked).toEqual(['missing', 'new-session']);
  expect(source.current).toBe('token-for-new-session');
});

/** A token whose payload says `exp`, made at once (decodeJwt reads it; nothing checks the signature). */
function unsigned(expInSeconds: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({alg: 'HS256'})}.${part({exp: Math.floor(Date.now() / 1000) + expInSeconds})}.sig`;
}

describe('the refresh timer (autoRefresh)', () => {
  beforeEach(() => {
    vi.useFakeTimers({now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date']});
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A source with this margin whose refreshes each give a token living `lifetime` s; `asked` records them. */
  function timedSource(margin: number, lifetime: number) {
    const asked: Array<{reason: string; currentToken: string | null}> = [];
    const source = new TokenSource({
      refreshBeforeExpirySeconds: margin,
      fetchToken: async (ctx) => {
        asked.push(ctx);
        return unsigned(lifetime);
      },
    });
    return {source, asked};
  }

  test('with autoRefresh on, refreshes "expiring" on a timer before exp, and stops when turned off', async () => {
    const {source, asked: calls} = timedSource(60, 600);
    const first = unsigned(65); // exp rounds down to the second: due 4-5 s from now
    source.set(first);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls, 'off by default').toEqual([]);

    const second = unsigned(65);
    source.autoRefresh = true;
    source.set(second);
    await vi.advanceTimersByTimeAsync(3_900);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_200);
    expect(calls).toEqual([{reason: 'expiring', currentToken: second}]);
    expect(source.current).not.toBe(second);
    // The new token lives 600 s: the next refresh is due 540 s later.
    await vi.advanceTimersByTimeAsync(538_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toHaveLength(2);

    source.autoRefresh = false;
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(calls).toHaveLength(2);
  });

  test('with autoRefresh on, a token that lives shorter than the margin is not refreshed in a loop', async () => {
    const {source, asked} = timedSource(60, 30);
    source.autoRefresh = true;
    source.set(unsigned(30));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(asked.length).toBe(0);
    // A request still refreshes it (getToken), and that token is not put on a timer either.
    await source.getToken();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(asked.length).toBe(1);
  });

  test('with autoRefresh on, tokens that live barely longer than the margin are refreshed at most every 10 s', async () => {
    // 62 s tokens, 60 s margin: each one is due for refresh about 2 s after it arrives.
    const {source, asked} = timedSource(60, 62);
    source.autoRefresh = true;
    source.set(unsigned(62));
    await vi.advanceTimersByTimeAsync(2_100);
    expect(asked.length, 'the first on time').toBe(1);
    await vi.advanceTimersByTimeAsync(58_000);
    expect(asked.length, 'then one per 10 s').toBe(6);
  });

  test('a margin that is not a number falls back to 60 s (no refresh storm)', async () => {
    const {source, asked} = timedSource(Number('60s'), 600);
    source.autoRefresh = true;
    source.set(unsigned(600));
    await vi.advanceTimersByTimeAsync(539_000);
    expect(asked.length).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(asked.length).toBe(1);
  });

  test('a margin changed later reschedules the token already held', async () => {
    const {source, asked} = timedSource(60, 600);
    source.autoRefresh = true;
    source.set(unsigned(600)); // due in about 540 s
    source.refreshBeforeExpirySeconds = 590; // now due in about 10 s
    await vi.advanceTimersByTimeAsync(11_000);
    expect(asked).toHaveLength(1);
  });
});

test('a token whose payload cannot be decoded is used as-is', async () => {
  const source = new TokenSource({fetchToken: async () => 'never'});
  source.set('opaque-token');
  expect(tokenExpiry('opaque-token')).toBeUndefined();
  expect(await source.getToken()).toBe('opaque-token');
});

test('tokenExpiry reads exp as jose decodeJwt does, and nothing from what it refuses', async () => {
  const b64url = (text: string) => Buffer.from(text).toString('base64url');
  const signed = await new SignJWT({exp: 1_900_000_000, name: 'Zoë 🐝'})
    .setProtectedHeader({alg: 'HS256'})
    .sign(new TextEncoder().encode('k'.repeat(32)));
  const head = b64url('{"alg":"none"}');
  const tokens = [
    signed,
    `${head}.${b64url('{"exp":1234}')}.`,
    `${head}.${b64url('{"exp":"1234"}')}.sig`,
    `${head}.${b64url('{"sub":"no exp"}')}.sig`,
    `${head}.${b64url('[1234]')}.sig`,
    `${head}.${b64url('null')}.sig`,
    `${head}.${b64url('{"exp":1234')}.sig`, // not JSON
    `${head}.${Buffer.from('{"exp":12}').toString('base64')}.sig`, // padded
    `${head}.${b64url('{"exp":1, "x":"??>>"}')}.sig`, // '-' and '_' in the encoding
    `${head}.${Buffer.from('{"exp":1, "x":"??>>"}').toString('base64')}.sig`, // '+' and '/'
    `${head}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.sig`, // not UTF-8
    `${head}..sig`,
    `${head}.${b64url('{"exp":1234}')}`,
    `${head}.${b64url('{"exp":1234}')}.a.b.c`,
    'opaque-token',
    '',
  ];
  const expected = tokens.map((token) => {
    try {
      const {exp} = decodeJwt(token);
      return typeof exp === 'number' ? exp : undefined;
    } catch {
      return undefined;
    }
  });
  expect(expected.filter((exp) => exp !== undefined)).toEqual([1_900_000_000, 1234, 12, 1]);
  expect(tokens.map(tokenExpiry)).toEqual(expected);
});

test('concurrent callers share one refresh', async () => {
  let calls = 0;
  const source = new TokenSource({
    fetchToken: async () => {
      calls++;
      await sleep(30);
      return jwt(600);
    },
  });
  const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => source.getToken()));
  expect(calls).toBe(1);
  expect(new Set(tokens).size).toBe(1);
  await Promise.all([source.refresh('revoked'), source.refresh('revoked')]);
  expect(calls).toBe(2);
});

test('a refresh for a token already replaced returns the current one without asking', async () => {
  let calls = 0;
  const source = new TokenSource({
    fetchToken: async () => {
      calls++;
      return jwt(600);
    },
  });
  source.set('new-token');
  expect(await source.refresh('expired', 'old-token')).toBe('new-token');
  expect(calls).toBe(0);
});

test('set() answers a pending refresh: the first answer wins', async () => {
  const source = new TokenSource({fetchToken: () => new Promise<string>(() => undefined)});
  const pending = source.getToken();
  source.set('from-host');
  expect(await pending).toBe('from-host');
});

test('no answer within the timeout is a retryable token_unavailable', async () => {
  const source = new TokenSource({
    timeoutMs: 50,
    fetchToken: () => new Promise<string>(() => undefined),
  });
  await expect(source.getToken()).rejects.toMatchObject({
    code: 'token_unavailable',
    retryable: true,
  });
});

test('a failing source becomes token_unavailable', async () => {
  const source = new TokenSource({
    fetchToken: async () => {
      throw new Error('backend down');
    },
  });
  await expect(source.getToken()).rejects.toMatchObject({
    code: 'token_unavailable',
    message: /backend down/,
  });
});

test('backoff grows exponentially within the cap, with full jitter', () => {
  const opts = {baseDelayMs: 100, maxDelayMs: 1_000};
  expect(backoffDelay(0, {...opts, random: () => 0.999})).toBe(100);
  expect(backoffDelay(3, {...opts, random: () => 0.999})).toBe(799);
  expect(backoffDelay(10, {...opts, random: () => 0.999})).toBe(999);
  expect(backoffDelay(10, {...opts, random: () => 0})).toBe(0);
  const samples = Array.from({length: 200}, () => backoffDelay(2, opts));
  expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...samples)).toBeLessThanOrEqual(400);
  expect(new Set(samples).size).toBeGreaterThan(50);
});

test('Retry-After wins, in seconds or as an HTTP date', () => {
  expect(backoffDelay(0, {baseDelayMs: 100, maxDelayMs: 1_000}, 3)).toBe(3_000);
  expect(parseRetryAfter('2')).toBe(2);
  expect(parseRetryAfter(null)).toBeUndefined();
  expect(parseRetryAfter('soon')).toBeUndefined();
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5);
});

test('sleep rejects at once on abort', async () => {
  const controller = new AbortController();
  const t0 = Date.now();
  const slept = sleep(5_000, controller.signal);
  controller.abort();
  await expect(slept).rejects.toMatchObject({code: 'aborted'});
  expect(Date.now() - t0).toBeLessThan(100);
});
