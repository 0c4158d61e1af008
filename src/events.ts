/**
 * The public events of `<zaby-chat>` (shared/spec/zaby-chat-element.md, "Events").
 * All bubble and are composed, so a host hears them on the element or any ancestor.
 */
import type {
  ApprovalRequestData,
  ApprovalResult,
  FeedbackBody,
  Run,
  RunError,
  RunFinishedData,
  StartRunBody,
  TokenRefreshReason,
} from './protocol/types.ts';

const init = {bubbles: true, composed: true} as const;

export interface TokenRefreshDetail {
  reason: TokenRefreshReason;
  currentToken: string | null;
  /** Answer with a token (or a promise of one). The first answer from any source wins. */
  respondWith(token: string | Promise<string>): void;
}

/** The element needs a runtime token. Answer with `event.detail.respondWith(token)`. */
export class ZabyTokenRefreshEvent extends Event {
  readonly detail: TokenRefreshDetail;
  constructor(detail: TokenRefreshDetail) {
    super('zaby-token-refresh', init);
    this.detail = detail;
  }
}

export type RunStartDetail = Pick<Run, 'runId' | 'requestId'> & Pick<StartRunBody, 'input'>;
export class ZabyRunStartEvent extends Event {
  readonly detail: RunStartDetail;
  constructor(detail: RunStartDetail) {
    super('zaby-run-start', init);
    this.detail = detail;
  }
}

export type RunFinishDetail = Pick<Run, 'runId'> &
  Pick<RunFinishedData, 'status' | 'finalOutput' | 'error'>;
export class ZabyRunFinishEvent extends Event {
  readonly detail: RunFinishDetail;
  constructor(detail: RunFinishDetail) {
    super('zaby-run-finish', init);
    this.detail = detail;
  }
}

export type ApprovalRequestDetail = Pick<Run, 'runId'> &
  Pick<ApprovalRequestData, 'approvalId' | 'toolName' | 'arguments' | 'message'>;
export class ZabyApprovalRequestEvent extends Event {
  readonly detail: ApprovalRequestDetail;
  constructor(detail: ApprovalRequestDetail) {
    super('zaby-approval-request', init);
    this.detail = detail;
  }
}

export type ApprovalDecisionDetail = Pick<ApprovalResult, 'runId' | 'approvalId'> & {
  decision: ApprovalResult['status'];
};
export class ZabyApprovalDecisionEvent extends Event {
  readonly detail: ApprovalDecisionDetail;
  constructor(detail: ApprovalDecisionDetail) {
    super('zaby-approval-decision', init);
    this.detail = detail;
  }
}

export type FeedbackDetail = Pick<Run, 'runId'> & FeedbackBody;
export class ZabyFeedbackEvent extends Event {
  readonly detail: FeedbackDetail;
  constructor(detail: FeedbackDetail) {
    super('zaby-feedback', init);
    this.detail = detail;
  }
}

export type ErrorDetail = RunError & {runId?: string; retryable: boolean};
export class ZabyErrorEvent extends Event {
  readonly detail: ErrorDetail;
  constructor(detail: ErrorDetail) {
    super('zaby-error', init);
    this.detail = detail;
  }
}

export interface OpenChangeDetail {
  open: boolean;
}
export class ZabyOpenChangeEvent extends Event {
  readonly detail: OpenChangeDetail;
  constructor(detail: OpenChangeDetail) {
    super('zaby-open-change', init);
    this.detail = detail;
  }
}

export interface CopyDetail {
  /** The reply's run ('' for the greeting). */
  runId: string;
  /** A whole reply (its markdown source) or one code block (its code). */
  kind: 'message' | 'code';
  text: string;
}
/** Text reached the clipboard from a copy button. */
export class ZabyCopyEvent extends Event {
  readonly detail: CopyDetail;
  constructor(detail: CopyDetail) {
    super('zaby-copy', init);
    this.detail = detail;
  }
}

/** `newConversation()` (or its header button) reset the conversation. */
export class ZabyConversationResetEvent extends Event {
  readonly detail: Record<string, never> = {};
  constructor() {
    super('zaby-conversation-reset', init);
  }
}

export interface UnreadChangeDetail {
  count: number;
}
/** The number of replies finished while the launcher panel was closed changed. */
export class ZabyUnreadChangeEvent extends Event {
  readonly detail: UnreadChangeDetail;
  constructor(detail: UnreadChangeDetail) {
    super('zaby-unread-change', init);
    this.detail = detail;
  }
}

/** What `send()` resolves with. */
export type SendResult = Pick<Run, 'runId' | 'status' | 'finalOutput'>;

/** Event name → event class, for every public event of `<zaby-chat>`. */
export interface ZabyEventMap {
  'zaby-token-refresh': ZabyTokenRefreshEvent;
  'zaby-run-start': ZabyRunStartEvent;
  'zaby-run-finish': ZabyRunFinishEvent;
  'zaby-approval-request': ZabyApprovalRequestEvent;
  'zaby-approval-decision': ZabyApprovalDecisionEvent;
  'zaby-feedback': ZabyFeedbackEvent;
  'zaby-error': ZabyErrorEvent;
  'zaby-open-change': ZabyOpenChangeEvent;
  /** `backend="ag-ui"`: the agent state after each `STATE_SNAPSHOT` / `STATE_DELTA` (the ag-ui add-on). */
  'zaby-agent-state': CustomEvent<{snapshot: unknown}>;
  'zaby-copy': ZabyCopyEvent;
  'zaby-conversation-reset': ZabyConversationResetEvent;
  'zaby-unread-change': ZabyUnreadChangeEvent;
}

declare global {
  // Typed `addEventListener` on elements, and on document and window too.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ZabyEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends ZabyEventMap {}
}
