import {LitElement, html, nothing, type TemplateResult} from 'lit';
import {property} from 'lit/decorators.js';
import {defineElement} from './define.ts';
import {repeat} from 'lit/directives/repeat.js';
import type {FeedbackState} from '../controllers/chat-controller.ts';
import {resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import type {AssistantTurn, Block, Turn} from '../state/run-state.ts';
import type {ApprovalDecideEvent, RatingSubmitEvent} from './internal-events.ts';
import styles from './zaby-message.styles.ts';
import './zaby-approval-card.ts';
import './zaby-markdown.ts';
import './zaby-star-rating.ts';
import './zaby-thinking.ts';
import './zaby-tool-call.ts';

/** A person decided on an approval shown in this message. Internal: stops at `<zaby-chat>`. */
export class MessageApprovalEvent extends Event {
  readonly detail: {runId: string; approvalId: string; decision: 'APPROVED' | 'REJECTED'};
  constructor(detail: MessageApprovalEvent['detail']) {
    super('zaby-internal-message-approval', {bubbles: true, composed: false});
    this.detail = detail;
  }
}

/** A person rated this message. Internal: stops at `<zaby-chat>`. */
export class MessageRatingEvent extends Event {
  readonly detail: {runId: string; rating: number; comment?: string};
  constructor(detail: MessageRatingEvent['detail']) {
    super('zaby-internal-message-rating', {bubbles: true, composed: false});
    this.detail = detail;
  }
}

/**
 * @tagname zaby-message
 * @summary One turn of the conversation: the user's message, or the agent's reply with its
 * thinking, tool calls, approvals and rating.
 *
 * Re-renders only when its `turn` object changes; the reducer keeps finished turns (and
 * finished blocks) identical, so they are never rendered again.
 *
 * @csspart message - The message bubble; also `user` or `assistant`.
 */
@defineElement('zaby-message')
export class ZabyMessage extends LitElement {
  static override styles = styles;

  /** The turn to show. */
  @property({attribute: false}) turn: Turn | undefined;
  /** UI strings. */
  @property({attribute: false}) strings: ZabyStrings = resolveStrings('en');
  /** Show the star rating under finished replies. */
  @property({attribute: false}) feedbackEnabled = true;
  /** The rating state of this reply, if any. */
  @property({attribute: false}) feedbackState: FeedbackState | undefined;
  /** The approval whose decision is being sent, if any. */
  @property({attribute: false}) decidingApprovalId: string | undefined;
  /** The reply stopped arriving on an error (the chat offers Retry): nothing is in progress. */
  @property({attribute: false}) interrupted = false;

  protected override render() {
    const turn = this.turn;
    if (!turn) return nothing;
    if (turn.kind === 'user') {
      // No whitespace inside: the bubble keeps the user's own line breaks (pre-wrap).
      return html`<div part="message user" class="bubble user" dir="auto"><span class="visually-hidden" dir="auto">${this.strings.you}: </span>${turn.text}</div>`;
    }
    if (turn.kind === 'note') {
      return html`<div part="message assistant" class="bubble assistant">
        <zaby-markdown .text=${turn.text}></zaby-markdown>
      </div>`;
    }
    return this.#renderAssistant(turn);
  }

  #renderAssistant(turn: AssistantTurn): TemplateResult {
    const streaming = turn.status === 'streaming';
    const working = streaming && !this.interrupted;
    const last = turn.blocks[turn.blocks.length - 1];
    return html`<div part="message assistant" class="bubble assistant ${turn.status.toLowerCase()}">
      <span class="visually-hidden">${this.strings.assistant}: </span>
      ${repeat(
        turn.blocks,
        (b) => b.id,
        (b) => this.#renderBlock(turn, b, streaming && b === last),
      )}
      ${
        working &&
        (!last ||
          (last.type === 'tool' && last.hasResult) ||
          (last.type === 'approval' && last.decision !== null))
          ? html`<zaby-thinking exportparts="thinking" active .strings=${this.strings}></zaby-thinking>`
          : nothing
      }
      ${turn.status === 'CANCELLED' ? html`<p class="status">${this.strings.stopped}</p>` : nothing}
      ${turn.status === 'FAILED' ? html`<p class="status error">${this.strings.failed}</p>` : nothing}
      ${turn.status === 'COMPLETED' && this.feedbackEnabled ? this.#renderFeedback(turn) : nothing}
    </div>`;
  }

  #renderBlock(turn: AssistantTurn, block: Block, open: boolean): TemplateResult {
    switch (block.type) {
      case 'thinking':
        return html`<zaby-thinking exportparts="thinking" .strings=${this.strings}
          .text=${block.text} ?active=${!block.done && !this.interrupted}></zaby-thinking>`;
      case 'text':
        return html`<zaby-markdown .text=${block.text} ?streaming=${open}></zaby-markdown>`;
      case 'tool':
        return html`<zaby-tool-call exportparts="tool-call, tool-result" .strings=${this.strings}
          .toolName=${block.toolName} .arguments=${block.arguments} .output=${block.output}
          .hasResult=${block.hasResult} .isError=${block.isError}></zaby-tool-call>`;
      case 'approval':
        return html`<zaby-approval-card exportparts="approval, approve-button, reject-button"
          .strings=${this.strings} .toolName=${block.toolName} .arguments=${block.arguments}
          .message=${block.message ?? ''} .expiresAt=${block.expiresAt ?? ''} .decision=${block.decision}
          .pending=${this.decidingApprovalId === block.approvalId}
          @zaby-internal-approval-decide=${(e: ApprovalDecideEvent) => {
            e.stopPropagation();
            this.dispatchEvent(
              new MessageApprovalEvent({
                runId: turn.runId,
                approvalId: block.approvalId,
                decision: e.detail.decision,
              }),
            );
          }}></zaby-approval-card>`;
    }
  }

  #renderFeedback(turn: AssistantTurn): TemplateResult {
    const state = this.feedbackState;
    return html`<zaby-star-rating exportparts="feedback, star, feedback-comment, feedback-submit"
      .strings=${this.strings} .value=${state?.rating ?? 0} .pending=${state?.pending ?? false}
      .submitted=${state?.submitted ?? false}
      @zaby-internal-rating-submit=${(e: RatingSubmitEvent) => {
        e.stopPropagation();
        this.dispatchEvent(
          new MessageRatingEvent({
            runId: turn.runId,
            rating: e.detail.rating,
            ...(e.detail.comment ? {comment: e.detail.comment} : {}),
          }),
        );
      }}></zaby-star-rating>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-message': ZabyMessage;
  }
  interface GlobalEventHandlersEventMap {
    'zaby-internal-message-approval': MessageApprovalEvent;
    'zaby-internal-message-rating': MessageRatingEvent;
  }
}
