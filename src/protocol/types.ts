/**
 * Wire types of the Zaby runtime protocol v1 (`shared/spec/runtime-api.md`).
 * Shared by the browser client and the Node emulator: no DOM, no Lit, no Node APIs here.
 */

/** Every error `code` the spec's table defines, plus the client-side ones. */
export const ERROR_CODES = [
  'invalid_request',
  'token_missing',
  'token_invalid',
  'token_expired',
  'token_revoked',
  'token_exhausted',
  'origin_not_allowed',
  'runtime_not_allowed',
  'approvals_not_allowed',
  'forbidden',
  'run_not_found',
  'approval_not_found',
  'not_found',
  'conflict',
  'request_id_conflict',
  'approval_already_decided',
  'validation_failed',
  'concurrency_limit',
  'rate_limited',
  'internal',
  'unavailable',
] as const;

/** An error code sent by a server (spec table). */
export type ServerErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes that only the client produces: the network failed, a stream stayed silent,
 * no token could be had, a response could not be parsed, the caller aborted.
 */
export type ClientErrorCode =
  | 'network_error'
  | 'stream_timeout'
  | 'token_unavailable'
  | 'bad_response'
  | 'aborted'
  | 'request_timeout'
  | 'run_in_progress'
  | 'input_too_long'
  | 'renderer_failed';

export type ErrorCode = ServerErrorCode | ClientErrorCode;

/** A run's or a response's error: the spec's `code` and a human `message`. */
export interface RunError {
  code: string;
  message: string;
}

/** The body of every error response: `{"error": {"code", "message"}}`. */
export interface ErrorBody {
  error: RunError;
}

export type RunStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type FinishedStatus = Exclude<RunStatus, 'PENDING'>;

/** The run object returned by `POST /runtime/runs` and `GET /runtime/runs/{runId}`. */
export interface Run {
  workflowId: string;
  runId: string;
  deploymentId: string;
  status: RunStatus;
  latestSeq: number;
  agentSessionId: string;
  externalAppId: string;
  requestId: string;
  createdAt: string;
  finalOutput?: string;
  error?: RunError;
}

export interface StartRunBody {
  input: string;
  requestId?: string;
  metadata?: Record<string, unknown>;
}

export interface ThinkingData {
  content?: string;
}
export interface TextData {
  content: string;
}
export interface ToolCallData {
  toolCallId: string;
  toolName: string;
  arguments: Record<string, unknown>;
}
export interface ToolResultData {
  toolCallId: string;
  toolName: string;
  output: unknown;
  isError?: boolean;
}
export interface ApprovalRequestData {
  approvalId: string;
  toolCallId?: string;
  toolName: string;
  arguments: Record<string, unknown>;
  message?: string;
  expiresAt?: string;
}
export type ApprovalDecision = 'APPROVED' | 'REJECTED' | 'EXPIRED';
export interface ApprovalResolvedData {
  approvalId: string;
  decision: ApprovalDecision;
}
export interface RunFinishedData {
  runId: string;
  status: FinishedStatus;
  finalOutput?: string;
  error?: RunError;
  latestSeq: number;
}

/** Event type → data, for every event type the spec defines. */
export interface RunEventDataMap {
  thinking: ThinkingData;
  text: TextData;
  tool_call: ToolCallData;
  tool_result: ToolResultData;
  approval_request: ApprovalRequestData;
  approval_resolved: ApprovalResolvedData;
  RunFinished: RunFinishedData;
}

export type RunEventType = keyof RunEventDataMap;

/** One event of a run, as streamed (`id:` is the seq) or as stored. */
export type RunEvent = {
  [K in RunEventType]: {seq: number; event: K; data: RunEventDataMap[K]};
}[RunEventType];

/** A stored event from `GET /runtime/runs/{runId}/events`. */
export type StoredRunEvent = RunEvent & {createdAt: string};

export interface EventsPage {
  items: StoredRunEvent[];
  latestSeq: number;
  hasMore: boolean;
}

export interface ApprovalResult {
  approvalId: string;
  runId: string;
  status: 'APPROVED' | 'REJECTED';
  decidedAt: string;
}

export interface FeedbackBody {
  rating: number;
  comment?: string;
}

export interface Feedback {
  id: string;
  runId: string;
  rating: number;
  comment: string | null;
  createdAt: string;
}

export interface CancelResult {
  runId: string;
  status: RunStatus;
}

export interface Health {
  status: 'ok';
  timestamp: string;
  uptime: number;
}

/**
 * Why a token is needed (the element contract's `reason`); `new-session` comes from
 * `newConversation()`: the host may mint a token for a new `externalSessionId`.
 */
export type TokenRefreshReason =
  'missing' | 'expiring' | 'expired' | 'revoked' | 'exhausted' | 'invalid' | 'new-session';

/** The 401 code → refresh reason mapping of the element contract. */
export const REFRESH_REASON_BY_CODE: Readonly<Record<string, TokenRefreshReason>> = {
  token_missing: 'missing',
  token_expired: 'expired',
  token_revoked: 'revoked',
  token_exhausted: 'exhausted',
  token_invalid: 'invalid',
};

/** Claims the server puts in a runtime token (the browser reads only `exp`). */
export interface RuntimeTokenClaims {
  jti: string;
  fam: string;
  grt: string;
  app: string;
  dep: string;
  pol: string;
  sub?: string;
  sid?: string;
  ch: 'server' | 'web' | 'mobile';
  scp: string[];
  iat: number;
  exp: number;
  mxu?: number;
}

/** `requestId` rule of the spec: 1–128 chars of `[A-Za-z0-9._:-]`. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The longest `input` the server accepts. */
export const MAX_INPUT_LENGTH = 32_000;

/** The longest feedback comment the server accepts. */
export const MAX_FEEDBACK_COMMENT_LENGTH = 2_000;

/** Path prefix of every endpoint. */
export const API_PREFIX = '/api/v1';

/** Where the local emulator listens by default (seed 001). */
export const DEFAULT_API_ORIGIN = 'http://localhost:9080';

/** One run event as an SSE frame, the way a Zaby server writes it (`id` is the seq). */
export function sseFrame(event: {seq: number; event: string; data: unknown}): string {
  return `id: ${event.seq}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
