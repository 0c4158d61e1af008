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
}

/** True for the 401 codes that a new token can cure. */
export function isTokenError(error: unknown): error is ZabyError {
  return error instanceof ZabyError && error.status === 401;
}
