/**
 * Retry timing: exponential backoff with full jitter, capped, and the server's
 * `Retry-After` when it gave one.
 */
import {ZabyError} from './errors.ts';

export interface BackoffOptions {
  /** Delay scale of the first retry, in ms. */
  baseDelayMs: number;
  /** No delay exceeds this (except a longer `Retry-After`, capped at 60 s). */
  maxDelayMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): a random value in
 * `[0, min(max, base * 2^attempt)]` ("full jitter"), or `retryAfterSeconds` when given.
 * @returns milliseconds
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  retryAfterSeconds?: number,
): number {
  if (
    retryAfterSeconds !== undefined &&
    Number.isFinite(retryAfterSeconds) &&
    retryAfterSeconds >= 0
  ) {
    return Math.min(retryAfterSeconds * 1000, 60_000);
  }
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round((options.random ?? Math.random)() * ceiling);
}

/**
 * Parses `Retry-After`: delta-seconds or an HTTP date.
 * @returns seconds, or undefined when absent or unreadable
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** Waits `ms`, or rejects with `aborted` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

export function abortError(): ZabyError {
  return new ZabyError('aborted', 'The request was aborted.', {retryable: false});
}
