/**
 * The element-internal channel: these bubble but are not composed, so they stop at the
 * shadow root that holds the element; `<zaby-message>` and `<zaby-chat>` turn them into
 * the public `zaby-*` events.
 */
const init = {bubbles: true, composed: false} as const;

export class ApprovalDecideEvent extends Event {
  readonly detail: {decision: 'APPROVED' | 'REJECTED'};
  constructor(detail: ApprovalDecideEvent['detail']) {
    super('zaby-internal-approval-decide', init);
    this.detail = detail;
  }
}

export class RatingSubmitEvent extends Event {
  readonly detail: {rating: number; comment?: string};
  constructor(detail: RatingSubmitEvent['detail']) {
    super('zaby-internal-rating-submit', init);
    this.detail = detail;
  }
}

export class ComposerSendEvent extends Event {
  readonly detail: {text: string};
  constructor(detail: ComposerSendEvent['detail']) {
    super('zaby-internal-send', init);
    this.detail = detail;
  }
}

export class ComposerStopEvent extends Event {
  constructor() {
    super('zaby-internal-stop', init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'zaby-internal-approval-decide': ApprovalDecideEvent;
    'zaby-internal-rating-submit': RatingSubmitEvent;
    'zaby-internal-send': ComposerSendEvent;
    'zaby-internal-stop': ComposerStopEvent;
  }
}
