import {LitElement, html, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {defineElement} from './define.ts';
import {guard} from 'lit/directives/guard.js';
import {addons, type AddonChangeEvent} from '../addons/registry.ts';
import {getZabyConfig} from '../config.ts';
import {ChatController} from '../controllers/chat-controller.ts';
import {RunStore, storageFor, storageKey, type PersistMode} from '../browser/run-store.ts';
import {ScrollController} from '../controllers/scroll-controller.ts';
import {whenIdle} from '../browser/idle.ts';
import {requestToken, type TokenProvider} from '../browser/token-request.ts';
import {ZabyCopyEvent, ZabyOpenChangeEvent, type SendResult} from '../events.ts';
import {formatTime, isRtlLocale, resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import {completeForDisplay} from '../markdown/incomplete.ts';
import {plainText} from '../markdown/plain-text.ts';
import {StreamingMarkdownRenderer} from '../markdown/streaming-renderer.ts';
import type {Backend} from '../protocol/backend.ts';
import {RuntimeClient} from '../protocol/client.ts';
import {ZabyError} from '../protocol/errors.ts';
import {TokenSource} from '../protocol/token-source.ts';
import {DEFAULT_API_ORIGIN} from '../protocol/types.ts';
import {assistantText, type AssistantTurn, type Turn} from '../state/run-state.ts';
import {ToolRendererHost, type ToolRenderer} from '../tool-renderers/tool-renderers.ts';
import {
  ApprovalDecideEvent,
  FeedbackSubmitEvent,
  TurnRetryEvent,
  type ComposerSendEvent,
  type CopiedEvent,
} from './internal-events.ts';
import {MessageRegistry} from './message-registry.ts';
import type {ZabyComposer} from './zaby-composer.ts';
import styles from './zaby-chat.styles.ts';
import './zaby-composer.ts';
import './zaby-message.ts';

/** What a host can plug in instead of the network, e.g. `MockTransport` from `zaby-chat/testing`. */
export interface ZabyTransport {
  fetch: typeof fetch;
}

/** Messages per group of the log. */
const GROUP_SIZE = 16;

/**
 * The log's messages in groups of GROUP_SIZE, each group its own layout container: adding
 * or growing a message then lays out the log's few groups and one group's messages, not
 * every message of the conversation (the cost of a new reply stays flat as the
 * conversation grows). Groups are keyed by position, so appending touches only the last.
 */
function groupTurns(turns: Turn[]): Turn[][] {
  const groups: Turn[][] = [];
  for (let i = 0; i < turns.length; i += GROUP_SIZE) groups.push(turns.slice(i, i + GROUP_SIZE));
  return groups;
}

/** A starter prompt: `prompt` is sent; the button says `label` (default: the prompt). */
export interface StarterPrompt {
  label?: string;
  prompt: string;
}

/** The `prompts` attribute: a JSON array; anything else is no prompts (never a throw). */
function parsePrompts(value: string | null): unknown[] {
  try {
    const parsed: unknown = JSON.parse(value ?? '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** Strings and `{label, prompt}` objects with text; other entries are skipped. */
function normalizePrompts(prompts: unknown): Required<StarterPrompt>[] {
  if (!Array.isArray(prompts)) return [];
  return prompts.flatMap((p: unknown) => {
    if (typeof p === 'string') return p.trim() ? [{label: p, prompt: p}] : [];
    const {label, prompt} = (p ?? {}) as Partial<StarterPrompt>;
    return typeof prompt === 'string' && prompt.trim()
      ? [{label: typeof label === 'string' && label.trim() ? label : prompt, prompt}]
      : [];
  });
}

/**
 * @tagname zaby-chat
 * @summary The Zaby chat element: streams an agent's replies, tool calls and approvals, and
 * collects ratings. See shared/spec/zaby-chat-element.md for the contract.
 *
 * @fires {ZabyTokenRefreshEvent} zaby-token-refresh - A runtime token is needed. --bubbles --composed
 * @fires {ZabyRunStartEvent} zaby-run-start - A run started. --bubbles --composed
 * @fires {ZabyRunFinishEvent} zaby-run-finish - A run finished. --bubbles --composed
 * @fires {ZabyApprovalRequestEvent} zaby-approval-request - The agent asks for approval. --bubbles --composed
 * @fires {ZabyApprovalDecisionEvent} zaby-approval-decision - The person decided. --bubbles --composed
 * @fires {ZabyFeedbackEvent} zaby-feedback - A rating reached the server. --bubbles --composed
 * @fires {ZabyErrorEvent} zaby-error - Something failed. --bubbles --composed
 * @fires {ZabyOpenChangeEvent} zaby-open-change - The launcher panel opened or closed. --bubbles --composed
 * @fires {CustomEvent} zaby-agent-state - `backend="ag-ui"`: the agent state after each STATE_SNAPSHOT / STATE_DELTA (`{snapshot}`). --bubbles --composed
 * @fires {ZabyCopyEvent} zaby-copy - A reply or a code block reached the clipboard. --bubbles --composed
 * @fires {ZabyConversationResetEvent} zaby-conversation-reset - `newConversation()` (or its button) reset the conversation. --bubbles --composed
 * @fires {ZabyUnreadChangeEvent} zaby-unread-change - The number of unread replies changed. --bubbles --composed
 *
 * @csspart launcher - The floating button of launcher mode.
 * @csspart panel - The chat panel.
 * @csspart header - The panel header.
 * @csspart title - The agent name in the header.
 * @csspart close-button - Closes the launcher panel.
 * @csspart log - The scrolling transcript.
 * @csspart message - A message bubble (with `user` or `assistant`).
 * @csspart thinking - The thinking indicator.
 * @csspart tool-call - A tool call.
 * @csspart tool-result - A tool's result.
 * @csspart approval - An approval card.
 * @csspart approve-button - Approves.
 * @csspart reject-button - Rejects.
 * @csspart feedback - The rating form.
 * @csspart star - One star.
 * @csspart feedback-comment - The rating comment.
 * @csspart feedback-submit - Sends the rating.
 * @csspart error - The error banner.
 * @csspart retry-button - Retries what failed.
 * @csspart composer - The message composer.
 * @csspart input - The message text area.
 * @csspart send-button - Sends.
 * @csspart stop-button - Stops the reply.
 * @csspart prompt - A starter prompt button.
 * @csspart tool-renderer - The container of a host tool renderer's content (slotted from the light DOM).
 * @csspart new-conversation-button - Starts a new conversation (header).
 * @csspart unread-badge - The number of unread replies, on the launcher button.
 * @csspart jump-button - Back to the latest message; says how many new replies are below.
 * @csspart copy-button - Copies a finished reply's markdown source.
 * @csspart code-copy-button - Copies a code block's code.
 * @csspart timestamp - When a message was sent (`<time datetime>`, in the chat's locale).
 *
 * @cssprop --zaby-color-accent - Accent colour (buttons, user bubbles, links, focus).
 * @cssprop --zaby-color-on-accent - Text on the accent colour.
 * @cssprop --zaby-color-background - Panel background.
 * @cssprop --zaby-color-surface - Header, composer and card background.
 * @cssprop --zaby-color-surface-alt - Assistant bubble background.
 * @cssprop --zaby-color-text - Text colour.
 * @cssprop --zaby-color-muted - Secondary text.
 * @cssprop --zaby-color-border - Borders.
 * @cssprop --zaby-color-danger - Errors.
 * @cssprop --zaby-color-success - Confirmations.
 * @cssprop --zaby-color-user-background - User bubble background.
 * @cssprop --zaby-color-user-text - User bubble text.
 * @cssprop --zaby-color-assistant-background - Assistant bubble background.
 * @cssprop --zaby-code-background - Code background.
 * @cssprop --zaby-link-color - Link colour.
 * @cssprop --zaby-star-color - Chosen star colour.
 * @cssprop --zaby-font-family - Font.
 * @cssprop --zaby-font-size - Base font size.
 * @cssprop --zaby-radius - Corner radius.
 * @cssprop --zaby-spacing - Base spacing.
 * @cssprop --zaby-message-max-width - Widest a bubble grows.
 * @cssprop --zaby-panel-width - Launcher panel width.
 * @cssprop --zaby-panel-height - Launcher panel height.
 * @cssprop --zaby-launcher-size - Launcher button size.
 * @cssprop --zaby-z-index - Stacking order of the launcher and panel.
 */
@defineElement('zaby-chat')
export class ZabyChat extends LitElement {
  static override styles = styles;

  /** The Zaby server origin; defaults to `configureZaby({apiOrigin})`, then the local emulator. */
  @property({attribute: 'api-origin'}) apiOrigin: string | undefined;
  /** URL on the host's backend that answers `POST` with `{"token"}`. */
  @property({attribute: 'token-endpoint'}) tokenEndpoint: string | undefined;
  /** Callback that returns a runtime token. */
  @property({attribute: false}) tokenProvider: TokenProvider | undefined;
  /** `inline` fills its box; `launcher` is a floating button that opens a panel. */
  @property({reflect: true}) mode: 'inline' | 'launcher' = 'inline';
  /** The launcher panel is open. */
  @property({type: Boolean, reflect: true}) open = false;
  /** Header title. */
  @property({attribute: 'agent-name'}) agentName: string | undefined;
  /** A local first assistant message, never sent to the server. */
  @property() greeting: string | undefined;
  /** Composer placeholder. */
  @property() placeholder: string | undefined;
  /** UI language (BCP-47); defaults to `<html lang>`. */
  @property() locale: string | undefined;
  /** Colour scheme. */
  @property({reflect: true}) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Where run ids (never tokens) are kept to restore the transcript after a reload. */
  @property() persist: PersistMode = 'session';
  /** The 1–5 star rating under finished replies. */
  @property() feedback: 'stars' | 'off' = 'stars';
  /** Disables the composer. */
  @property({type: Boolean, reflect: true}) disabled = false;
  /** Seconds before the token's `exp` at which a new one is asked for. */
  @property({type: Number, attribute: 'refresh-before-expiry'}) refreshBeforeExpiry = 60;
  /**
   * The level (1–6) a reply's `#` heading renders at (`##` one deeper, capped at 6), so a
   * reply never breaks the host page's outline. The chat's own title is an `h2`.
   */
  @property({type: Number, attribute: 'heading-level'}) headingLevel = 3;
  /**
   * Starter prompts, shown while the conversation is empty: strings, or `{label, prompt}`
   * (the button says `label` and sends `prompt`). As an attribute, a JSON array.
   */
  @property({converter: {fromAttribute: parsePrompts}}) prompts: Array<string | StarterPrompt> = [];
  /** The header button that starts a new conversation, shown while the transcript is not empty. */
  @property({attribute: 'new-conversation-button'}) newConversationButton: 'on' | 'off' = 'on';
  /** Overrides of the UI strings for the current locale. */
  @property({attribute: false}) strings: Partial<ZabyStrings> | undefined;
  /** Which protocol the element speaks; `ag-ui` needs the ag-ui add-on. */
  @property() backend: 'zaby' | 'ag-ui' = 'zaby';
  /** With `backend="ag-ui"`: the AG-UI agent's endpoint (`POST`, SSE reply). */
  @property({attribute: 'agent-url'}) agentUrl: string | undefined;
  /** With the html add-on: raw HTML in replies is kept, sanitized by DOMPurify (else shown as text). */
  @property({type: Boolean, attribute: 'allow-html'}) allowHtml = false;
  /** Tool renderers of this chat by tool name (`"*"`: every other tool); win over `registerToolRenderer`. */
  @property({attribute: false}) toolRenderers: Record<string, ToolRenderer> | undefined;
  /** Replaces the network (e.g. `MockTransport` from `zaby-chat/testing`). */
  @property({attribute: false}) transport: ZabyTransport | undefined;

  @state() private announcement = '';
  /** What the assertive live region says (an approval waits). */
  @state() private urgent = '';
  /** Announcements waiting for the next frame, polite and assertive. */
  readonly #saying = {announcement: [] as string[], urgent: [] as string[]};
  /** The tool calls and waiting approvals already announced (each is said once). */
  readonly #said = new Set<string>();
  get #composer() {
    return this.renderRoot.querySelector<ZabyComposer>('zaby-composer');
  }
  get #launcherButton() {
    return this.renderRoot.querySelector<HTMLButtonElement>('.launcher');
  }
  /** The message showing each turn, so a streaming turn goes straight to its element. */
  readonly #messages = new MessageRegistry();
  readonly #chat = new ChatController(this, {
    client: () => this.#runtimeClient(),
    store: () => this.#runStore(),
    onSendAccepted: (input) => {
      // Only the text that was sent: a draft edited meanwhile, or typed while the host
      // called send() itself, stays.
      if (this.#composer?.value === input) this.#composer.clear();
    },
    onStreamingTurn: (turn) => (this.#announceBlocks(turn), this.#messages.update(turn)),
    onTurnFinished: (turn) => this.#announceFinished(turn),
  });
  readonly #tools = new ToolRendererHost(this);
  readonly #scroller = new ScrollController(this, () => this.renderRoot.querySelector('.log'));
  /** Its margin before `exp` follows `refreshBeforeExpiry` (set in willUpdate). */
  readonly #tokens = new TokenSource({
    timeoutMs: getZabyConfig().tokenTimeoutMs ?? 30_000,
    fetchToken: (ctx) =>
      requestToken(
        {
          target: this,
          tokenProvider: this.tokenProvider,
          tokenEndpoint: this.tokenEndpoint,
        },
        ctx,
      ),
  });
  #client: Backend | undefined;
  #store: RunStore | undefined;

  /** The current runtime token; setting it supplies or rotates the token. Kept in memory only. */
  @property({attribute: 'token'})
  get token(): string | null {
    return this.#tokens.current;
  }
  set token(value: string | null) {
    const old = this.#tokens.current;
    this.#tokens.set(value || null);
    this.requestUpdate('token', old);
  }

  /** Sends `text` as the user; resolves when the run finishes. */
  send(text: string): Promise<SendResult> {
    return this.#send(text);
  }

  /** Forgets the transcript and the persisted run ids. */
  clear(): void {
    this.#chat.clear();
  }

  /**
   * Starts over: stops (and cancels) a streaming reply, forgets the transcript and the
   * persisted run ids as `clear()` does, then asks for a token with reason `new-session`
   * (so the host can mint one for a new `externalSessionId`) and fires
   * `zaby-conversation-reset`. Rejects when no token could be had (the banner says so).
   */
  newConversation(): Promise<void> {
    // A chat without a token source (an AG-UI agent that needs none) has no session to renew.
    return this.#chat.newConversation(() =>
      this.#hasTokens() ? this.#tokens.newSession() : Promise.resolve(),
    );
  }

  /** Replies that finished while the launcher panel was closed; opening it clears them. */
  get unreadCount(): number {
    return this.#chat.unread;
  }

  /** Opens the launcher panel. */
  show(): void {
    this.#setOpen(true);
  }

  /** Closes the launcher panel. */
  hide(): void {
    this.#setOpen(false);
  }

  /** Focuses the composer (opening the launcher panel first). */
  override focus(options?: FocusOptions): void {
    if (this.mode === 'launcher' && !this.open) this.#setOpen(true);
    void this.updateComplete.then(() => this.#composer?.focus(options));
  }

  #hasTokens(): boolean {
    return !!(this.token || this.tokenEndpoint || this.tokenProvider);
  }

  #runtimeClient(): Backend {
    const fetch = this.transport ? {fetch: this.transport.fetch} : {};
    if (this.backend !== 'ag-ui')
      return (this.#client ??= new RuntimeClient({
        apiOrigin: this.#resolvedOrigin,
        tokens: this.#tokens,
        ...fetch,
      }));
    const make = addons().agUi;
    const error = new ZabyError(
      'backend_unavailable',
      'backend="ag-ui" needs the ag-ui add-on (zaby-chat/ag-ui).',
      {retryable: false},
    );
    return (this.#client ??= make
      ? make({
          url: this.agentUrl ?? '',
          tokens: this.#tokens,
          hasTokens: () => this.#hasTokens(),
          ...fetch,
          storageKey: `${this.#storeKey}:ag-ui`,
          storage: storageFor(this.persist),
          target: this,
        })
      : // Every call fails with that error, and nothing is kept: the add-on may come later.
        new Proxy({} as Backend, {
          get: (_, key) => (key === 'reset' ? undefined : () => Promise.reject(error)),
        }));
  }

  get #storeKey(): string {
    return storageKey(
      this.backend === 'ag-ui' ? (this.agentUrl ?? '') : this.#resolvedOrigin,
      this.id,
    );
  }

  #runStore(): RunStore {
    this.#store ??= new RunStore(this.#storeKey, this.persist);
    return this.#store;
  }

  /** A tool call is announced once when it appears, an approval (assertively) while it waits. */
  #announceBlocks(turn: AssistantTurn): void {
    const s = this.#uiStrings;
    for (const b of turn.blocks) {
      if (b.type !== 'tool' && b.type !== 'approval') continue;
      const urgent = b.type === 'approval';
      const id = urgent ? !b.decision && b.approvalId : b.toolCallId;
      if (!id || this.#said.has(id)) continue;
      this.#said.add(id);
      this.#say(`${urgent ? s.approvalTitle : s.toolCall}: ${b.toolName}`, urgent);
    }
  }

  /**
   * Says `text` in the polite or the assertive live region on the next frame: cleared first,
   * so the same text twice is still announced twice; what comes in one frame is said together.
   */
  #say(text: string, urgent = false): void {
    const key = urgent ? 'urgent' : 'announcement';
    const queue = this.#saying[key];
    if (queue.push(text) > 1) return;
    this[key] = '';
    requestAnimationFrame(() => (this[key] = queue.splice(0).join(' ')));
  }

  /**
   * A reply finished: announced once (as plain text, "failed" added when it failed); counted
   * as unread while the launcher panel is closed (then the count is what is said), and on the
   * jump button while the person reads further up.
   */
  #announceFinished(turn: AssistantTurn): void {
    const s = this.#uiStrings;
    this.#scroller.replyFinished();
    this.#announceBlocks(turn);
    if (this.mode === 'launcher' && !this.open) {
      this.#chat.setUnread(this.#chat.unread + 1);
      this.#say(s.unreadReplies(this.#chat.unread));
      return;
    }
    // The first 1,000 characters: an announcement is a summary (the reply is in the log), and
    // a long reply is not rendered a second time (what the cut leaves open is closed).
    let text = plainText(completeForDisplay(assistantText(turn).slice(0, 1e3)));
    if (!text || turn.status === 'FAILED') text = `${text} ${s.failed}`.trim();
    this.#say(s.newMessage(this.agentName || s.title, text));
  }

  /** A send the controller took (its message is in the log) brings the log to the bottom. */
  #send(text: string): Promise<SendResult> {
    const sending = this.#chat.send(text);
    if (this.#chat.starting) this.#scroller.jumpToLatest();
    return sending;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.visualViewport?.addEventListener('resize', this.#handleViewport);
    addons().addEventListener('change', this.#handleAddons);
    this.#tokens.autoRefresh = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.visualViewport?.removeEventListener('resize', this.#handleViewport);
    addons().removeEventListener('change', this.#handleAddons);
    this.#tokens.autoRefresh = false;
  }

  get #resolvedOrigin(): string {
    return (this.apiOrigin || getZabyConfig().apiOrigin || DEFAULT_API_ORIGIN).replace(/\/+$/, '');
  }

  get #resolvedLocale(): string {
    return this.locale || document.documentElement.lang || navigator.language || 'en';
  }

  #stringsCache:
    {locale: string; overrides: Partial<ZabyStrings> | undefined; value: ZabyStrings} | undefined;

  /** Resolved once per locale and overrides: a new object would re-render every message. */
  get #uiStrings(): ZabyStrings {
    const locale = this.#resolvedLocale;
    const cache = this.#stringsCache;
    if (cache?.locale === locale && cache.overrides === this.strings) return cache.value;
    const value = resolveStrings(locale, this.strings);
    this.#stringsCache = {locale, overrides: this.strings, value};
    return value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const backend = changed.has('backend') || changed.has('agentUrl');
    if (backend || changed.has('apiOrigin') || changed.has('transport')) this.#client = undefined;
    if (backend || changed.has('apiOrigin') || changed.has('persist')) this.#store = undefined;
    if (changed.has('refreshBeforeExpiry'))
      this.#tokens.refreshBeforeExpirySeconds = this.refreshBeforeExpiry;
    if (changed.has('greeting')) this.#chat.setGreeting(this.greeting);
    // The unread count of a persisted conversation; none once the replies can be seen.
    if (!this.hasUpdated) this.#chat.setUnread(this.#runStore().unread);
    if (this.#chat.unread && (this.mode !== 'launcher' || this.open)) this.#chat.setUnread(0);
  }

  protected override firstUpdated(): void {
    void this.#chat.restore();
  }

  protected override updated(): void {
    this.#scroller.afterRender();
    // Replies will render here: have the markdown code compiled before the first one (a
    // closed launcher waits until it is opened: many pages never chat).
    if ((this.mode !== 'launcher' || this.open) && !this.#warm) {
      this.#warm = true;
      StreamingMarkdownRenderer.warmUp();
      // And the timestamps' formatter: the first Intl.DateTimeFormat of a page costs ~12 ms.
      whenIdle(() => formatTime(new Date(), this.#resolvedLocale));
    }
  }

  /** The idle-time warm-ups were asked for (once a reply can show). */
  #warm = false;

  protected override render() {
    const s = this.#uiStrings;
    const launcher = this.mode === 'launcher';
    const dir = isRtlLocale(this.#resolvedLocale) ? 'rtl' : 'ltr';
    const active = this.#chat.activeRun;
    const latest = this.#chat.lastAssistantTurn?.id;
    const unread = this.#chat.unread;
    const locale = this.#resolvedLocale;
    const newReplies = this.#scroller.newReplies;
    // Not a number (heading-level="h3"), or out of range: the nearest level that is.
    const level = Number.isFinite(this.headingLevel)
      ? Math.min(6, Math.max(1, Math.round(this.headingLevel)))
      : 3;
    return html`
      ${
        launcher
          ? html`<button part="launcher" class="launcher" type="button"
          aria-label=${this.open ? s.closeChat : s.openChat} aria-expanded=${this.open ? 'true' : 'false'}
          aria-haspopup="dialog" aria-describedby=${unread ? 'unread' : nothing}
          @click=${() => this.#setOpen(!this.open)}>
          <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>
          ${
            unread
              ? html`<span part="unread-badge" class="badge" id="unread" role="img"
            aria-label=${s.unreadReplies(unread)} data-count=${unread > 99 ? '99+' : unread}></span>`
              : nothing
          }
        </button>`
          : nothing
      }
      <section part="panel" class="panel ${launcher ? 'launcher-panel' : ''}" dir=${dir}
        lang=${this.#resolvedLocale} ?hidden=${launcher && !this.open}
        role=${launcher ? 'dialog' : 'region'} aria-labelledby="title"
        @keydown=${this.#handlePanelKeydown}>
        <header part="header">
          <h2 part="title" id="title" class="title">${this.agentName || s.title}</h2>
          ${
            this.newConversationButton !== 'off' && this.#chat.turns.some((t) => t.kind !== 'note')
              ? html`<button part="new-conversation-button" class="icon" type="button"
            aria-label=${s.newConversation} title=${s.newConversation}
            @click=${this.#handleNewConversation}>+</button>`
              : nothing
          }
          ${
            launcher
              ? html`<button part="close-button" class="close" type="button"
            aria-label=${s.closeChat} @click=${() => this.#setOpen(false, true)}>×</button>`
              : nothing
          }
        </header>
        <div class="log-wrap">
          <div part="log" class="log" role="log" aria-live="off" aria-label=${this.agentName || s.title}
            aria-busy=${active ? 'true' : 'false'} tabindex="0"
            @zaby-internal-approval-decide=${this.#handleApproval}
            @zaby-internal-feedback-submit=${this.#handleFeedback}
            @zaby-internal-turn-retry=${this.#handleTurnRetry}
            @zaby-internal-copied=${this.#handleCopied}>
            <div class="log-content">
              ${groupTurns(this.#chat.turns).map(
                (group) => html`<div class="group">
                ${group.map((t) => {
                  const feedbackEnabled = this.feedback !== 'off';
                  const feedbackState = this.#chat.feedback.get(t.id);
                  const deciding = this.#decidingFor(t);
                  // Older replies show a small "Rate" control instead of the stars.
                  const collapsed = feedbackEnabled && t.id !== latest && !feedbackState;
                  const interrupted =
                    t.kind === 'assistant' &&
                    t.status === 'streaming' &&
                    !this.#chat.isListening(t.runId);
                  // A finished turn whose inputs did not change is skipped outright: the cost of
                  // a streaming update must not grow with the length of the conversation.
                  return guard(
                    [
                      t,
                      s,
                      feedbackEnabled,
                      feedbackState,
                      deciding,
                      interrupted,
                      collapsed,
                      level,
                      this.allowHtml,
                      this.toolRenderers,
                      addons().toolRenderers,
                      this.#tools.version,
                      locale,
                    ],
                    () => html`<zaby-message
                    exportparts="message, user, assistant, thinking, tool-call, tool-result, approval, approve-button, reject-button, feedback, star, feedback-comment, feedback-submit, error, retry-button, tool-renderer, copy-button, code-copy-button, timestamp"
                    .turn=${t} .strings=${s} .locale=${locale} .feedbackEnabled=${feedbackEnabled}
                    .feedbackState=${feedbackState} .feedbackCollapsed=${collapsed}
                    .decidingApprovalId=${deciding} .interrupted=${interrupted}
                    .headingLevel=${level} .registry=${this.#messages}
                    .allowHtml=${this.allowHtml} .tools=${this.#tools}></zaby-message>`,
                  );
                })}</div>`,
              )}
            </div>
          </div>
          ${
            this.#scroller.showJump
              ? html`<button part="jump-button" class="jump" type="button"
            @click=${() => this.#scroller.jumpToLatest()}>${newReplies ? s.newReplies(newReplies) : s.jumpToLatest}</button>`
              : nothing
          }
        </div>
        ${this.#renderPrompts(s)}
        ${
          this.#chat.connection === 'reconnecting'
            ? html`<p class="notice reconnecting" role="status">${s.reconnecting}</p>`
            : nothing
        }
        ${this.#renderError(s)}
        <zaby-composer exportparts="composer, input, send-button, stop-button"
          .strings=${s} .placeholder=${this.placeholder || s.placeholder}
          ?disabled=${this.disabled} ?busy=${this.#chat.busy}
          @zaby-internal-send=${(e: ComposerSendEvent) => void this.#send(e.detail.text).catch(() => undefined)}
          @zaby-internal-stop=${() => void this.#chat.stop()}></zaby-composer>
      </section>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      <div class="visually-hidden" aria-live="assertive">${this.urgent}</div>
    `;
  }

  /** The starter prompts, while nobody has written yet (the greeting does not count). */
  #renderPrompts(s: ZabyStrings) {
    if (this.#chat.turns.some((t) => t.kind !== 'note')) return nothing;
    const prompts = normalizePrompts(this.prompts);
    if (!prompts.length) return nothing;
    return html`<div class="prompts" role="group" aria-label=${s.suggestedPrompts}>
      ${prompts.map(
        ({label, prompt}) => html`<button part="prompt" type="button" dir="auto"
        ?disabled=${this.disabled} @click=${() => (this.#focusLog(), void this.#send(prompt).catch(() => undefined))}>${label}</button>`,
      )}
    </div>`;
  }

  #renderError(s: ZabyStrings) {
    const error = this.#chat.errors.error;
    if (!error) return nothing;
    const message =
      error.code === 'network_error'
        ? s.errorNetwork
        : error.code === 'token_unavailable'
          ? s.errorTokenUnavailable
          : error.message || s.errorGeneric;
    return html`<div part="error" class="notice error" role="alert">
      <span class="error-text">${message}</span>
      ${
        error.retryable
          ? html`<button part="retry-button" type="button"
        @click=${() => (this.#focusLog(), this.#chat.errors.retry())}>${s.retry}</button>`
          : nothing
      }
      <button type="button" aria-label=${s.dismiss} @click=${() => (this.#focusLog(), this.#chat.errors.dismiss())}>×</button>
    </div>`;
  }

  /**
   * Where the focus goes when the control that had it goes (a prompt, Retry, Dismiss): the
   * transcript, never the page; not the composer, whose focus would open a phone's keyboard.
   */
  #focusLog(): void {
    this.renderRoot.querySelector<HTMLElement>('.log')?.focus();
  }

  /** The approval of this turn being decided, if any (no lookup: this runs per turn per render). */
  #decidingFor(turn: Turn): string | undefined {
    if (turn.kind !== 'assistant' || !this.#chat.deciding.size) return undefined;
    for (const block of turn.blocks) {
      if (block.type === 'approval' && this.#chat.deciding.has(block.approvalId))
        return block.approvalId;
    }
    return undefined;
  }

  #setOpen(open: boolean, returnFocus = false): void {
    if (this.open === open) return;
    this.open = open;
    this.dispatchEvent(new ZabyOpenChangeEvent({open}));
    void this.updateComplete.then(() => {
      if (open) this.#composer?.focus();
      else if (returnFocus || this.shadowRoot?.activeElement) this.#launcherButton?.focus();
    });
  }

  readonly #handlePanelKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.mode === 'launcher' && this.open) {
      e.stopPropagation();
      this.#setOpen(false, true);
    }
    // The full-screen panel (narrow screens) keeps focus inside: Tab wraps at either end.
    if (e.key === 'Tab' && this.mode === 'launcher' && innerWidth <= 600) {
      const inner = this.#composer?.shadowRoot;
      const first = this.renderRoot.querySelector<HTMLElement>('.close');
      const last = [
        ...(inner?.querySelectorAll<HTMLElement>('textarea,button:enabled') ?? []),
      ].pop();
      const [from, to] = e.shiftKey ? [first, last] : [last, first];
      if ((inner?.activeElement ?? this.shadowRoot?.activeElement) === from && to) {
        e.preventDefault();
        to.focus();
      }
    }
  };

  // The internal events of a message's controls end here: none reaches the host page.
  readonly #handleApproval = (e: ApprovalDecideEvent) => {
    e.stopPropagation();
    e.done = this.#chat.decide(e.detail.runId, e.detail.approvalId, e.detail.decision);
  };

  readonly #handleFeedback = (e: FeedbackSubmitEvent) => {
    e.stopPropagation();
    void this.#chat.sendFeedback(e.detail.runId, e.detail.rating, e.detail.comment);
  };

  /** Text reached the clipboard from a copy button: "Copied", once, and `zaby-copy`. */
  readonly #handleCopied = (e: CopiedEvent) => {
    e.stopPropagation();
    this.#say(this.#uiStrings.copied);
    this.dispatchEvent(new ZabyCopyEvent(e.detail));
  };

  readonly #handleNewConversation = () => {
    void this.newConversation().catch(() => undefined); // a token failure shows in the banner
    // The button goes with the transcript: the composer keeps the focus.
    void this.updateComplete.then(() => this.#composer?.focus());
  };

  readonly #handleTurnRetry = (e: TurnRetryEvent) => {
    e.stopPropagation();
    const sending = this.#chat.resend(e.detail.runId);
    if (this.#chat.starting) this.#scroller.jumpToLatest();
    sending.catch(() => undefined);
  };

  /**
   * A language was registered: the strings are resolved again, and the log renders only if
   * they changed for this element (a new strings object re-renders every message).
   */
  readonly #handleAddons = (e: Event) => {
    const cache = this.#stringsCache;
    if ((e as AddonChangeEvent).detail === 'agUi' && !this.#client?.reset) this.#client = undefined;
    if ((e as AddonChangeEvent).detail === 'toolRenderers') this.requestUpdate();
    if ((e as AddonChangeEvent).detail !== 'locales' || !cache) return;
    const value = resolveStrings(cache.locale, cache.overrides);
    const keys = Object.keys(value) as Array<keyof ZabyStrings>;
    if (keys.every((key) => value[key] === cache.value[key])) return;
    this.#stringsCache = {...cache, value};
    this.requestUpdate();
  };

  readonly #handleViewport = () => {
    // The on-screen keyboard shrinks the visual viewport: keep the full-screen panel (and
    // so the composer) inside what is visible.
    const height = window.visualViewport?.height;
    if (height) this.style.setProperty('--_viewport-height', `${Math.round(height)}px`);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-chat': ZabyChat;
  }
}
