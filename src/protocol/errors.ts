import type {ErrorCode} from './types.ts';

/** Codes worth retrying with the same `requestId` (transient on the server's side). */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'internal',
  'unavailable',
  'rate_limited',
  'concurrency_limit',
  'network_error',
  'stream_timeout',
  'request_timeout',
  'token_unavailable',
]);

export interface ZabyErrorInit {
  /** HTTP status when the error came from a response; `0` for network and client errors. */
  status?: number;
  /** Overrides the default derived from `code` and `status`. */
  retryable?: boolean;
  /** Seconds from a `Retry-After` header. */
  retryAfter?: number;
  runId?: string;
  cause?: unknown;
}

/**
 * The one error type of the runtime client. Branch on {@link ZabyError.code}, never on
 * `message` (runtime-api.md: "Clients branch on `code`").
 */
export class ZabyError extends Error {
  override readonly name = 'ZabyError';
  /** The spec's error code, or a client-side one such as `network_error`. */
  readonly code: ErrorCode | (string & {});
  /** HTTP status, `0` when no response was received. */
  readonly status: number;
  /** Whether trying again (same requestId) may succeed. */
  readonly retryable: boolean;
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;
  readonly runId: string | undefined;

  constructor(code: ErrorCode | (string & {}), message: string, init: ZabyErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : {cause: init.cause});
    this.code = code;
    this.status = init.status ?? 0;
    this.retryable = init.retryable ?? (RETRYABLE_CODES.has(code) || this.status >= 500);
    this.retryAfter = init.retryAfter;
    this.runId = init.runId;
  }

  /**
   * The one way an unknown failure becomes a ZabyError: a ZabyError is returned as it is;
   * anything else (a TypeError from `fetch`, a host callback's throw) is wrapped, keeping
   * it as the `cause`.
   * @param error - what was thrown
   * @param code - the code for a wrapped error; its retryability follows from it
   * @param context - what was being done, put before the original message
   */
  static from(error: unknown, code: ErrorCode = 'internal', context?: string): ZabyError {
    if (error instanceof ZabyError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    return new ZabyError(code, context ? `${context}: ${detail}` : detail, {cause: error});
  }
}

/** Whether an error with this code may succeed when tried again. */
export function isRetryableCode(code: string): boolean {
  return RETRYABLE_CODES.has(code);
}

/** True for the 401 codes that a new token can cure. */
export function isTokenError(error: unknown): error is ZabyError {
  return error instanceof ZabyError && error.status === 401;
}
