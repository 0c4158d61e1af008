/**
 * The one backend seam: what the chat controller needs from a protocol. The Zaby runtime
 * client (client.ts) is one; the ag-ui add-on's AG-UI adapter (src/addons/ag-ui/) is the
 * other, turning AG-UI events into the same run events, so the reducer and the elements
 * never know which protocol they came from.
 */
import type {RequestOptions, StreamOptions} from './client.ts';
import type {ZabyError} from './errors.ts';
import type {TokenSource} from './token-source.ts';
import type {ApprovalResult, CancelResult, FeedbackBody, RunEvent, StartRunBody} from './types.ts';

export interface Backend {
  /** Starts a turn; resolves once the server accepted it. */
  startRun(body: StartRunBody, options?: RequestOptions): Promise<{runId: string}>;
  /** Streams the turn's events (each exactly once, in order) until it finishes. */
  streamRun(runId: string, options: StreamOptions): Promise<unknown>;
  approve(runId: string, approvalId: string): Promise<Pick<ApprovalResult, 'status'>>;
  reject(runId: string, approvalId: string): Promise<Pick<ApprovalResult, 'status'>>;
  /** Resolves null when the protocol has no cancel: the controller stops listening. */
  cancelRun(runId: string): Promise<CancelResult | null>;
  /** Resolves once the rating is recorded (by the server, or by nobody: the host hears `zaby-feedback`). */
  sendFeedback(runId: string, body: FeedbackBody): Promise<unknown>;
  /** A finished or unfinished turn's events, to restore it after a reload. */
  allEvents(
    runId: string,
    options?: RequestOptions & {onInvalidEvent?: (error: ZabyError) => void},
  ): Promise<Array<RunEvent & {createdAt?: string}>>;
  /** The conversation was cleared: forget what the backend keeps of it. */
  reset?(): void;
}

/** What the element hands a backend add-on (`backend="ag-ui"`). */
export interface BackendOptions {
  /** The agent's endpoint (`agent-url`). */
  url: string;
  tokens: TokenSource;
  /** Whether a token source is configured; without one, requests go without a token. */
  hasTokens(): boolean;
  fetch?: typeof fetch;
  /** Where the conversation is kept (beside the run ids), and how (`persist`). */
  storageKey: string;
  storage: Storage | undefined;
  /** The element: backend events (`zaby-agent-state`) are dispatched on it. */
  target: EventTarget;
}

/** Makes a backend; an add-on registers one (`registerAddon('agUi', …)`). */
export type BackendFactory = (options: BackendOptions) => Backend;
