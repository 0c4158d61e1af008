import {LitElement, html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property} from 'lit/decorators.js';
import {defineElement} from './define.ts';
import type {FeedbackState} from '../controllers/chat-controller.ts';
import {formatTime, resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import {isRetryableCode} from '../protocol/errors.ts';
import {
  assistantText,
  toolStatuses,
  type ApprovalBlock,
  type AssistantTurn,
  type Block,
  type ToolStatus,
  type Turn,
} from '../state/run-state.ts';
import type {ToolRendererHost} from '../tool-renderers/tool-renderers.ts';
import {codeOf, copyStyles, copyText} from './copy.ts';
import {CopiedEvent, TurnRetryEvent} from './internal-events.ts';
import type {MessageRegistry} from './message-registry.ts';
import styles from './zaby-message.styles.ts';
import './zaby-approval-card.ts';
import './zaby-markdown.ts';
import './zaby-star-rating.ts';
import './zaby-thinking.ts';
import './zaby-tool-call.ts';

/**
 * @tagname zaby-message
 * @summary One turn of the conversation: the user's message, or the agent's reply with its
 * thinking, tool calls, approvals and rating.
 *
 * Re-renders only when its `turn` object changes; the reducer keeps finished turns (and
 * finished blocks) identical, so they are never rendered again. While connected it is in
 * the chat's `MessageRegistry`, so a streaming turn reaches it without a log render.
 *
 * @csspart message - The message bubble; also `user` or `assistant`.
 * @csspart copy-button - Copies a finished reply's markdown source.
 * @csspart code-copy-button - Copies one code block's code.
 * @csspart timestamp - When the message was sent (`<time datetime>`).
 */
@defineElement('zaby-message')
export class ZabyMessage extends LitElement {
  static override styles = [styles, copyStyles];

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
  /** An older reply: its rating shows as a small "Rate" control. */
  @property({attribute: false}) feedbackCollapsed = false;
  /** The level a reply's `#` heading renders at. */
  @property({attribute: false}) headingLevel = 3;
  /** Raw HTML in replies is kept, sanitized (with the html add-on). */
  @property({attribute: false}) allowHtml = false;
  /** The chat's tool renderers; set again whenever they change. */
  @property({attribute: false, hasChanged: () => true}) tools: ToolRendererHost | undefined;
  /** Where this message says which turn it shows. */
  @property({attribute: false}) registry: MessageRegistry | undefined;
  /** The chat's locale (BCP-47): the timestamp's format. */
  @property({attribute: false}) locale = 'en';

  #registered: {id: string; registry: MessageRegistry} | undefined;
  /** What the clipboard refused: shown, selected, for the person to copy. */
  #copySource: string | undefined;

  constructor() {
    super();
    // The code blocks' copy buttons are the renderer's, inside the markdown's shadow root.
    this.addEventListener('click', this.#handleCodeCopy);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#register();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#registered?.registry.remove(this.#registered.id, this);
    this.#registered = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('turn') || changed.has('registry')) this.#register();
  }

  #register(): void {
    const id = this.turn?.id;
    const registry = this.registry;
    if (this.#registered?.id === id && this.#registered?.registry === registry) return;
    this.#registered?.registry.remove(this.#registered.id, this);
    this.#registered = id && registry && this.isConnected ? {id, registry} : undefined;
    if (this.#registered) registry!.add(id!, this);
  }

  protected override render() {
    const turn = this.turn;
    if (!turn) return nothing;
    if (turn.kind === 'user') {
      // No whitespace inside: the bubble keeps the user's own line breaks (pre-wrap).
      return html`<div part="message user" class="bubble user" dir="auto"><span class="visually-hidden" dir="auto">${this.strings.you}: </span>${turn.text}</div>${this.#renderTime(turn)}`;
    }
    if (turn.kind === 'note') {
      return html`<div part="message assistant" class="bubble assistant">
        <zaby-markdown exportparts="code-copy-button" .text=${turn.text} .strings=${this.strings}
          .headingLevel=${this.headingLevel}></zaby-markdown>
        ${this.#renderCopySource()}
      </div>`;
    }
    return this.#renderAssistant(turn);
  }

  /** The `timestamp` part: when the turn was sent (a greeting has none), in the chat's locale. */
  #renderTime(turn: Turn) {
    const date = new Date((turn.kind !== 'note' && turn.createdAt) || NaN);
    return date.getTime()
      ? html`<time part="timestamp" class="time" datetime=${date.toISOString()}>${formatTime(date, this.locale)}</time>`
      : nothing; // none yet, or not a date
  }

  /** The `copy-button` of a finished reply with text. */
  #renderCopy(turn: AssistantTurn) {
    const text = assistantText(turn);
    return text
      ? html`<button part="copy-button" class="copy" type="button" aria-label=${this.strings.copyReply}
      @click=${(e: Event) => this.#copy('message', text, e.currentTarget as HTMLElement)}></button>`
      : nothing;
  }

  /**
   * Where the clipboard refused: the text, selected in a read-only field whose label says
   * so, for the person to copy themselves; it goes when they leave it.
   */
  #renderCopySource() {
    return this.#copySource === undefined
      ? nothing
      : html`<label class="copy-source">${this.strings.copyFailed}<textarea readonly
      .value=${this.#copySource} @blur=${() => this.#showSource(undefined)}></textarea></label>`;
  }

  #showSource(text: string | undefined): void {
    this.#copySource = text;
    this.requestUpdate();
  }

  /** A click on a code block's copy button (built by the renderer, in the markdown's shadow root). */
  readonly #handleCodeCopy = (e: Event) => {
    const button = e.composedPath()[0] as HTMLElement;
    const code = button.matches("[part~='code-copy-button']") && codeOf(button);
    if (code) void this.#copy('code', code.textContent!.replace(/\n$/, ''), button);
  };

  async #copy(kind: 'message' | 'code', text: string, button: HTMLElement): Promise<void> {
    if (await copyText(text, button, this.strings.copied)) {
      const turn = this.turn;
      const runId = turn?.kind === 'assistant' ? turn.runId : '';
      this.dispatchEvent(new CopiedEvent({runId, kind, text}));
      return;
    }
    this.#showSource(text);
    await this.updateComplete;
    const field = this.renderRoot.querySelector('textarea');
    field?.focus();
    field?.select();
  }

  #renderAssistant(turn: AssistantTurn): TemplateResult {
    const streaming = turn.status === 'streaming';
    const working = streaming && !this.interrupted;
    const statuses = turn.blocks.some((b) => b.type === 'tool') ? toolStatuses(turn) : undefined;
    const last = turn.blocks[turn.blocks.length - 1];
    return html`<div part="message assistant" class="bubble assistant ${turn.status.toLowerCase()}">
      <span class="visually-hidden">${this.strings.assistant}: </span>
      ${turn.blocks.map((b) => this.#renderBlock(turn, b, streaming && b === last, statuses))}
      ${
        working &&
        (!last ||
          (last.type === 'tool' && last.hasResult) ||
          (last.type === 'approval' && last.decision !== null))
          ? html`<zaby-thinking exportparts="thinking" active .strings=${this.strings}></zaby-thinking>`
          : nothing
      }
      ${turn.status === 'CANCELLED' ? html`<p class="status">${this.strings.stopped}</p>` : nothing}
      ${turn.status === 'FAILED' ? this.#renderFailure(turn) : nothing}
      ${streaming ? nothing : this.#renderCopy(turn)} ${this.#renderCopySource()}
      ${turn.status === 'COMPLETED' && this.feedbackEnabled ? this.#renderFeedback(turn) : nothing}
    </div>${this.#renderTime(turn)}`;
  }

  #renderBlock(
    turn: AssistantTurn,
    block: Block,
    open: boolean,
    statuses: Map<string, ToolStatus> | undefined,
  ): TemplateResult | typeof nothing {
    switch (block.type) {
      case 'thinking':
        return html`<zaby-thinking exportparts="thinking" .strings=${this.strings}
          .text=${block.text} ?active=${!block.done && !this.interrupted}></zaby-thinking>`;
      case 'text':
        return html`<zaby-markdown exportparts="code-copy-button" .text=${block.text}
          ?streaming=${open} .strings=${this.strings} .headingLevel=${this.headingLevel}
          .allowHtml=${this.allowHtml}></zaby-markdown>`;
      case 'tool':
        return html`<zaby-tool-call exportparts="tool-call, tool-result, tool-renderer"
          .strings=${this.strings} .toolName=${block.toolName} .arguments=${block.arguments}
          .output=${block.output} .hasResult=${block.hasResult} .isError=${block.isError}
          .status=${statuses?.get(block.toolCallId)} .runId=${turn.runId}
          .toolCallId=${block.toolCallId} .tools=${this.tools}
          .renderer=${this.#rendererOf(turn, block.toolCallId)}
          .approval=${turn.blocks.find((b): b is ApprovalBlock => b.type === 'approval' && b.toolCallId === block.toolCallId)}></zaby-tool-call>`;
      case 'approval':
        // A tool call with a host renderer: the renderer asks for the decision.
        if (this.#rendererOf(turn, block.toolCallId)) return nothing;
        return html`<zaby-approval-card exportparts="approval, approve-button, reject-button"
          .strings=${this.strings} .toolName=${block.toolName} .arguments=${block.arguments}
          .message=${block.message ?? ''} .expiresAt=${block.expiresAt ?? ''} .decision=${block.decision}
          .pending=${this.decidingApprovalId === block.approvalId}
          .runId=${turn.runId} .approvalId=${block.approvalId}></zaby-approval-card>`;
    }
  }

  /** The host renderer of the turn's tool call `toolCallId`, if it has one. */
  #rendererOf(turn: AssistantTurn, toolCallId: string | undefined) {
    const tool = turn.blocks.find((b) => b.type === 'tool' && b.toolCallId === toolCallId);
    return tool?.type === 'tool'
      ? this.tools?.find(turn.runId, tool.toolCallId, tool.toolName)
      : undefined;
  }

  #renderFeedback(turn: AssistantTurn): TemplateResult {
    const state = this.feedbackState;
    return html`<zaby-star-rating exportparts="feedback, star, feedback-comment, feedback-submit"
      .strings=${this.strings} .runId=${turn.runId} .value=${state?.rating ?? 0}
      .pending=${state?.pending ?? false} .submitted=${state?.submitted ?? false}
      .collapsed=${this.feedbackCollapsed}></zaby-star-rating>`;
  }

  /** The one place a failed run says so: what failed, and a retry when trying again may help. */
  #renderFailure(turn: AssistantTurn): TemplateResult {
    const s = this.strings;
    const retryable = turn.error !== undefined && isRetryableCode(turn.error.code);
    return html`<div part="error" class="status error">
      <span>${s.failed}${turn.error?.message ? html` <span class="reason">${turn.error.message}</span>` : nothing}</span>
      ${
        retryable
          ? html`<button part="retry-button" type="button"
        @click=${() => this.dispatchEvent(new TurnRetryEvent({runId: turn.runId}))}>${s.retry}</button>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-message': ZabyMessage;
  }
}
