/**
 * Holds the runtime token in memory and gets a new one when needed: none yet, close to
 * `exp`, or after a 401. Concurrent needs share one refresh; the first answer wins.
 */
import {ZabyError} from './errors.ts';
import type {TokenRefreshReason} from './types.ts';

export interface TokenFetchContext {
  reason: TokenRefreshReason;
  currentToken: string | null;
}

export interface TokenSourceOptions {
  /** Asked for a token whenever one is needed. */
  fetchToken: (ctx: TokenFetchContext) => Promise<string>;
  /** Refresh this many seconds before the token's `exp`. @defaultValue 60 */
  refreshBeforeExpirySeconds?: number;
  /** Give up on a refresh after this long. @defaultValue 30_000 */
  timeoutMs?: number;
  now?: () => number;
}

interface Pending {
  promise: Promise<string>;
  resolve(token: string): void;
}

/** Seconds since the epoch at which the token expires, if its payload says. */
export function tokenExpiry(token: string): number | undefined {
  try {
    // A compact JWS: three parts, the second base64url-encoded JSON (RFC 7519). Read here
    // rather than with jose's decodeJwt, which costs the script-tag bundle 0.7 KiB gzip.
    const [, payload, ...rest] = token.split('.');
    if (rest.length !== 1 || !payload || /[+/]/.test(payload)) return undefined;
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const {exp} = JSON.parse(new TextDecoder('utf-8', {fatal: true}).decode(bytes)) as {
      exp?: unknown;
    };
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined; // not a JWT we can read: used as-is (runtime-api.md, "Runtime token")
  }
}

/** setTimeout's longest delay; a later refresh is scheduled in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/**
 * The timer refreshes at most this often: tokens that live barely longer than the margin,
 * or a clock running fast, would otherwise be refreshed back to back.
 */
const MIN_TIMER_INTERVAL_MS = 10_000;

export class TokenSource {
  #token: string | null = null;
  #pending: Pending | undefined;
  readonly #options: Required<Omit<TokenSourceOptions, 'refreshBeforeExpirySeconds'>>;
  #margin = 60;
  #autoRefresh = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastTimerRefresh = -Infinity;

  constructor(options: TokenSourceOptions) {
    const {refreshBeforeExpirySeconds, ...rest} = options;
    this.#options = {timeoutMs: 30_000, now: Date.now, ...rest};
    this.refreshBeforeExpirySeconds = refreshBeforeExpirySeconds;
  }

  /** Seconds before `exp` to refresh; changing it reschedules the timer. */
  set refreshBeforeExpirySeconds(seconds: number | undefined) {
    // Not a number (an attribute like "60s"), or unset: the default.
    this.#margin = seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : 60;
    this.#schedule();
  }

  /** The token in use, or null. */
  get current(): string | null {
    return this.#token;
  }

  /** Supplies or rotates the token; also answers a refresh that is waiting. */
  set(token: string | null): void {
    this.#token = token;
    if (token && this.#pending) this.#pending.resolve(token);
    this.#schedule();
  }

  /**
   * While on, a token is refreshed (reason `expiring`) `refreshBeforeExpirySeconds` before
   * its `exp` on a timer, not only when a request needs it. The element turns it on while
   * it is connected. A failed refresh is not retried by the timer: the next request asks.
   */
  set autoRefresh(on: boolean) {
    this.#autoRefresh = on;
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const token = this.#token;
    if (!this.#autoRefresh || !token || this.#pending) return;
    const exp = tokenExpiry(token);
    if (exp === undefined) return;
    const now = this.#options.now();
    const due = (exp - this.#margin) * 1000 - now;
    // A token that arrives already inside the margin (it lives shorter than the margin) is
    // refreshed when a request needs it: on a timer it would be refreshed in a loop.
    if (!(due > 0)) return;
    const delay = Math.max(due, this.#lastTimerRefresh + MIN_TIMER_INTERVAL_MS - now);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        if (delay > MAX_DELAY_MS) {
          this.#schedule();
        } else if (this.#token === token) {
          this.#lastTimerRefresh = this.#options.now();
          this.refresh('expiring', token).catch(() => undefined);
        }
      },
      Math.min(delay, MAX_DELAY_MS),
    );
  }

  /** The token to use now, refreshing first when there is none or it is about to expire. */
  async getToken(): Promise<string> {
    if (this.#pending) return this.#pending.promise;
    const token = this.#token;
    if (!token) return this.refresh('missing');
    const exp = tokenExpiry(token);
    if (exp !== undefined) {
      const left = exp * 1000 - this.#options.now();
      if (left <= 0) return this.refresh('expired');
      if (left < this.#margin * 1000) return this.refresh('expiring');
    }
    return token;
  }

  /**
   * A token for a new conversation (reason `new-session`), asked for even while another
   * refresh is under way: after it, so the host sees the new-session request last.
   */
  async newSession(): Promise<string> {
    await this.#pending?.promise.catch(() => undefined);
    return this.refresh('new-session');
  }

  /**
   * Gets a new token. When `failedToken` is given and is no longer current, another caller
   * already replaced it: that token is returned without asking again.
   */
  refresh(reason: TokenRefreshReason, failedToken?: string): Promise<string> {
    if (this.#pending) return this.#pending.promise;
    if (failedToken !== undefined && this.#token && this.#token !== failedToken) {
      return Promise.resolve(this.#token);
    }
    let resolve!: (token: string) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: Pending = {promise, resolve: (t) => resolve(t)};
    this.#pending = pending;
    const timer = setTimeout(
      () =>
        reject(
          new ZabyError(
            'token_unavailable',
            `No runtime token arrived within ${Math.round(this.#options.timeoutMs / 1000)} s.`,
            {retryable: true},
          ),
        ),
      this.#options.timeoutMs,
    );
    Promise.resolve()
      .then(() => this.#options.fetchToken({reason, currentToken: this.#token}))
      .then((token) => {
        if (typeof token !== 'string' || !token) {
          throw new ZabyError('token_unavailable', 'The token source gave no token.', {
            retryable: true,
          });
        }
        resolve(token);
      })
      .catch((error: unknown) =>
        reject(ZabyError.from(error, 'token_unavailable', 'No runtime token could be had')),
      );
    const settle = () => {
      clearTimeout(timer);
      if (this.#pending === pending) this.#pending = undefined;
    };
    pending.promise = promise.then(
      (token) => {
        settle();
        this.#token = token;
        this.#schedule();
        return token;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
    return pending.promise;
  }
}
