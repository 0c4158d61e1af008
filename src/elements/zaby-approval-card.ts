import {LitElement, css, html, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {formatTime, resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import type {ApprovalDecision} from '../protocol/types.ts';
import {defineElement} from './define.ts';
import {formatValue} from './format.ts';
import {ApprovalDecideEvent} from './internal-events.ts';
import shared from './shared.styles.ts';

/**
 * @tagname zaby-approval-card
 * @summary The agent asks a person to approve a tool action: approve or reject, once. Once
 * decided (or expired) the card shows the outcome as its heading and has no buttons.
 * @csspart approval - The card.
 * @csspart approve-button - Approves (only while undecided).
 * @csspart reject-button - Rejects (only while undecided).
 */
@defineElement('zaby-approval-card')
export class ZabyApprovalCard extends LitElement {
  static override styles = [
    shared,
    css`
    :host { display: block; }
    .card { border: 2px solid var(--_accent); border-radius: var(--_radius); padding: 0.75rem;
      background: var(--_surface); display: grid; gap: 0.5rem; }
    h3 { margin: 0; font-size: 1em; }
    p { margin: 0; }
    .tool { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: 600; }
    .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    .approve { background: var(--_accent); color: var(--_on-accent); border: 1px solid var(--_accent); padding-inline: 1rem; }
    .reject { background: transparent; color: var(--_text); border: 1px solid var(--_border); padding-inline: 1rem; }
    .state { font-weight: 600; }
    .decided.APPROVED .state { color: var(--_success); }
    .decided.REJECTED .state, .decided.EXPIRED .state { color: var(--_danger); }
    .decided { border-color: var(--_border); }
    .icon { display: inline-block; margin-inline-end: 0.25rem; }
    .expiry { color: var(--_muted); font-size: 0.85em; }
  `,
  ];

  /** The tool awaiting approval. */
  @property({attribute: false}) toolName = '';
  /** The run that asks. */
  @property({attribute: false}) runId = '';
  /** The approval to decide. */
  @property({attribute: false}) approvalId = '';
  /** Its arguments. */
  @property({attribute: false}) arguments: Record<string, unknown> = {};
  /** The agent's explanation. */
  @property({attribute: false}) message = '';
  /** When the request expires (ISO-8601). */
  @property({attribute: false}) expiresAt = '';
  /** The outcome, once known. */
  @property({attribute: false}) decision: ApprovalDecision | null = null;
  /** A decision is being sent. */
  @property({type: Boolean}) pending = false;
  /** UI strings. */
  @property({attribute: false}) strings: ZabyStrings = resolveStrings('en');

  @state() private locallyExpired = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The action button that had focus before a decision started (to put focus back). */
  #focusedPart = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#armExpiry();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('expiresAt')) this.#armExpiry();
    // A button about to be disabled or removed would drop keyboard focus on the page body.
    const active = this.shadowRoot?.activeElement;
    if (active instanceof HTMLButtonElement) this.#focusedPart = active.getAttribute('part') ?? '';
  }

  protected override updated(): void {
    const part = this.#focusedPart;
    if (!part) return;
    const decided = this.decision !== null || this.locallyExpired;
    if (decided) this.renderRoot.querySelector<HTMLElement>('h3')?.focus();
    else if (!this.pending) this.renderRoot.querySelector<HTMLElement>(`[part="${part}"]`)?.focus();
    else return;
    this.#focusedPart = '';
  }

  #armExpiry(): void {
    clearTimeout(this.#timer);
    const at = Date.parse(this.expiresAt);
    if (Number.isNaN(at) || !this.isConnected) return;
    const left = at - Date.now();
    if (left <= 0) this.locallyExpired = true;
    // setTimeout's limit is ~24.8 days; an approval never waits that long.
    else this.#timer = setTimeout(() => (this.locallyExpired = true), Math.min(left, 2 ** 31 - 1));
  }

  #decide(decision: 'APPROVED' | 'REJECTED'): void {
    if (this.decision || this.pending || this.locallyExpired) return;
    this.dispatchEvent(
      new ApprovalDecideEvent({runId: this.runId, approvalId: this.approvalId, decision}),
    );
  }

  protected override render() {
    const s = this.strings;
    const decision = this.decision ?? (this.locallyExpired ? 'EXPIRED' : null);
    const label = {APPROVED: s.approved, REJECTED: s.rejected, EXPIRED: s.expired};
    const icon = {APPROVED: '✓', REJECTED: '✕', EXPIRED: '⏱'};
    const expiry = Date.parse(this.expiresAt);
    // Once decided the heading says the outcome (the live heading announces it) and the
    // buttons go: nothing is left that cannot be used.
    return html`<div part="approval" class="card ${decision ? `decided ${decision}` : ''}" role="group"
      aria-labelledby="title">
      <h3 id="title" tabindex="-1" aria-live="polite"><span class="state">${
        decision
          ? html`<span class="icon" aria-hidden="true">${icon[decision]}</span>${label[decision]}`
          : s.approvalTitle
      }</span>: <span class="tool" dir="auto">${this.toolName}</span></h3>
      ${this.message ? html`<p dir="auto">${this.message}</p>` : nothing}
      <pre tabindex="0" dir="auto" aria-label=${s.arguments}>${formatValue(this.arguments)}</pre>
      ${
        decision
          ? nothing
          : html`${
              !Number.isNaN(expiry)
                ? html`<p class="expiry">${s.expiresAt(formatTime(new Date(expiry), this))}</p>`
                : nothing
            }
      <div class="actions">
        <button part="approve-button" class="approve" type="button" ?disabled=${this.pending}
          aria-label=${s.approveTool(this.toolName)} @click=${() => this.#decide('APPROVED')}>${s.approve}</button>
        <button part="reject-button" class="reject" type="button" ?disabled=${this.pending}
          aria-label=${s.rejectTool(this.toolName)} @click=${() => this.#decide('REJECTED')}>${s.reject}</button>
      </div>`
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-approval-card': ZabyApprovalCard;
  }
}
