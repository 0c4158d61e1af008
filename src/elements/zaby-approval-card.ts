import {LitElement, css, html, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import type {ApprovalDecision} from '../protocol/types.ts';
import {defineElement} from './define.ts';
import {formatValue} from './format.ts';
import {ApprovalDecideEvent} from './internal-events.ts';
import shared from './shared.styles.ts';

/**
 * @tagname zaby-approval-card
 * @summary The agent asks a person to approve a tool action: approve or reject, once.
 * @csspart approval - The card.
 * @csspart approve-button - Approves.
 * @csspart reject-button - Rejects.
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
    .decision { font-weight: 600; }
    .decision.APPROVED { color: var(--_success); }
    .decision.REJECTED, .decision.EXPIRED { color: var(--_danger); }
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
    const disabled = decision !== null || this.pending;
    const label = {APPROVED: s.approved, REJECTED: s.rejected, EXPIRED: s.expired};
    const expiry = Date.parse(this.expiresAt);
    return html`<div part="approval" class="card" role="group" aria-labelledby="title">
      <h3 id="title">${s.approvalTitle}: <span class="tool">${this.toolName}</span></h3>
      ${this.message ? html`<p>${this.message}</p>` : nothing}
      <pre tabindex="0" aria-label=${s.arguments}>${formatValue(this.arguments)}</pre>
      ${
        decision
          ? html`<p class="decision ${decision}" role="status">${label[decision]}</p>`
          : !Number.isNaN(expiry)
            ? html`<p class="expiry">${s.expiresAt(new Date(expiry).toLocaleTimeString())}</p>`
            : nothing
      }
      <div class="actions">
        <button part="approve-button" class="approve" type="button" ?disabled=${disabled}
          @click=${() => this.#decide('APPROVED')}>${s.approve}</button>
        <button part="reject-button" class="reject" type="button" ?disabled=${disabled}
          @click=${() => this.#decide('REJECTED')}>${s.reject}</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-approval-card': ZabyApprovalCard;
  }
}
