/**
 * The element-internal channel. Each user action is one event from the control the person
 * used to `<zaby-chat>`, which acts on it and stops it there, and none is in the global
 * event maps (they are not public API). Those from inside a message are composed (they
 * cross `<zaby-message>`'s shadow root): no bubbling listener of the page hears them, but a
 * capture listener on `window` or `document` does, retargeted to `<zaby-chat>` (as with any
 * composed event). The composer's live in the chat's own shadow root and are not composed.
 */
import type {CopyDetail} from '../events.ts';
import type {ApprovalResult, FeedbackBody} from '../protocol/types.ts';

const fromMessage = {bubbles: true, composed: true} as const;
const fromComposer = {bubbles: true, composed: false} as const;

/** The person approved or rejected a tool action. */
export class ApprovalDecideEvent extends Event {
  static readonly type = 'zaby-internal-approval-decide';
  readonly detail: {runId: string; approvalId: string; decision: ApprovalResult['status']};
  /** Set by the chat: settles once the decision was sent (or failed). */
  done: Promise<void> | undefined;
  constructor(detail: ApprovalDecideEvent['detail']) {
    super(ApprovalDecideEvent.type, fromMessage);
    this.detail = detail;
  }
}

/** The person sent feedback (a rating, maybe a comment) on an assistant turn. */
export class FeedbackSubmitEvent extends Event {
  static readonly type = 'zaby-internal-feedback-submit';
  readonly detail: {runId: string} & FeedbackBody;
  constructor(detail: FeedbackSubmitEvent['detail']) {
    super(FeedbackSubmitEvent.type, fromMessage);
    this.detail = detail;
  }
}

/** The person asked to run a failed turn's input again. */
export class TurnRetryEvent extends Event {
  static readonly type = 'zaby-internal-turn-retry';
  readonly detail: {runId: string};
  constructor(detail: TurnRetryEvent['detail']) {
    super(TurnRetryEvent.type, fromMessage);
    this.detail = detail;
  }
}

/** A copy button's text reached the clipboard (the chat says "Copied" and fires `zaby-copy`). */
export class CopiedEvent extends Event {
  static readonly type = 'zaby-internal-copied';
  readonly detail: CopyDetail;
  constructor(detail: CopyDetail) {
    super(CopiedEvent.type, fromMessage);
    this.detail = detail;
  }
}

/** The person sent what the composer holds. */
export class ComposerSendEvent extends Event {
  static readonly type = 'zaby-internal-send';
  readonly detail: {text: string};
  constructor(detail: ComposerSendEvent['detail']) {
    super(ComposerSendEvent.type, fromComposer);
    this.detail = detail;
  }
}

/** The person asked to stop the reply. */
export class ComposerStopEvent extends Event {
  static readonly type = 'zaby-internal-stop';
  constructor() {
    super(ComposerStopEvent.type, fromComposer);
  }
}
