import {LitElement, css, html, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';
import {resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import type {ApprovalBlock, ToolStatus} from '../state/run-state.ts';
import type {
  ToolCallView,
  ToolRenderer,
  ToolRendererHost,
} from '../tool-renderers/tool-renderers.ts';
import {defineElement} from './define.ts';
import {formatValue} from './format.ts';
import {ApprovalDecideEvent} from './internal-events.ts';
import shared, {chevron} from './shared.styles.ts';

/**
 * @tagname zaby-tool-call
 * @summary A tool the agent called: its name and state ("Running…", "Waiting for approval",
 * "Done", "Tool error", "Not run"), and (expanded) the arguments and result, pretty-printed
 * as text. Collapsed by default. With a host renderer for the tool, what it rendered (in
 * the chat's light DOM) shows instead, through a slot.
 * @csspart tool-call - The wrapper.
 * @csspart tool-result - The result block.
 * @csspart tool-renderer - The container of a host renderer's content.
 */
@defineElement('zaby-tool-call')
export class ZabyToolCall extends LitElement {
  static override styles = [
    shared,
    chevron,
    css`
    :host { display: block; }
    details { border: 1px solid var(--_border); border-radius: 8px; background: var(--_surface); }
    summary { cursor: pointer; min-block-size: 44px; display: flex; align-items: center; gap: 0.5rem;
      padding-inline: 0.75rem; font-size: 0.9em; }
    .name { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: 600;
      overflow-wrap: anywhere; }
    .state { margin-inline-start: auto; color: var(--_muted); }
    .error .state { color: var(--_danger); }
    .complete .state { color: var(--_success); }
    .body { padding: 0 0.75rem 0.75rem; display: grid; gap: 0.5rem; }
    h4 { margin: 0; font-size: 0.8em; color: var(--_muted); font-weight: 600; }
    .error [part='tool-result'] pre { outline: 1px solid var(--_danger); }
  `,
  ];

  /** The tool's name. */
  @property({attribute: false}) toolName = '';
  /** The arguments it was called with. */
  @property({attribute: false}) arguments: Record<string, unknown> = {};
  /** What it returned. */
  @property({attribute: false}) output: unknown;
  /**
   * Where the call stands; when unset it follows `hasResult` and `isError`
   * (`running`, `complete` or `error`).
   */
  @property() status: ToolStatus | undefined;
  /** A result has arrived. */
  @property({type: Boolean}) hasResult = false;
  /** The result is an error. */
  @property({type: Boolean}) isError = false;
  /** UI strings. */
  @property({attribute: false}) strings: ZabyStrings = resolveStrings('en');
  /** The run of the call (for a host renderer). */
  @property({attribute: false}) runId = '';
  /** The call's id (for a host renderer). */
  @property({attribute: false}) toolCallId = '';
  /** The approval the call asks for, if any (for a host renderer). */
  @property({attribute: false}) approval: ApprovalBlock | undefined;
  /** The host renderer that shows this call instead of the built-in view. */
  @property({attribute: false}) renderer: ToolRenderer | undefined;
  /** The chat's renderers (mounts `renderer`). */
  @property({attribute: false}) tools: ToolRendererHost | undefined;

  @state() private expanded = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved or re-attached: mount the renderer again (disconnecting destroyed it).
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.tools?.render(this);
  }

  protected override updated(): void {
    this.tools?.render(this, this.renderer, this.#view());
  }

  /** What a host renderer is given: a new object on every change. */
  #view(): ToolCallView {
    const a = this.approval;
    const decide = (decision: 'APPROVED' | 'REJECTED') => async () => {
      // The call's approval as it stands now: one decision, however often this is called.
      if (!a || this.approval?.decision) return;
      const event = new ApprovalDecideEvent({
        runId: this.runId,
        approvalId: a.approvalId,
        decision,
      });
      this.dispatchEvent(event);
      await event.done;
    };
    return {
      runId: this.runId,
      toolCallId: this.toolCallId,
      toolName: this.toolName,
      arguments: this.arguments,
      status: this.#status,
      output: this.output,
      isError: this.isError,
      ...(a && {
        approval: {
          approvalId: a.approvalId,
          message: a.message,
          expiresAt: a.expiresAt,
          decision: a.decision ?? undefined,
          approve: decide('APPROVED'),
          reject: decide('REJECTED'),
        },
      }),
    };
  }

  get #status(): ToolStatus {
    return this.status ?? (!this.hasResult ? 'running' : this.isError ? 'error' : 'complete');
  }

  protected override render() {
    if (this.renderer) return html`<div part="tool-renderer"><slot></slot></div>`;
    const s = this.strings;
    const status = this.#status;
    const label = {
      running: s.toolRunning,
      'awaiting-approval': s.toolAwaitingApproval,
      complete: s.toolDone,
      error: s.toolError,
      denied: s.toolDenied,
    };
    const showResult = this.hasResult && status !== 'denied';
    const isError = status === 'error' || (this.isError && showResult);
    return html`<details part="tool-call" class=${isError ? 'error' : status}
      @toggle=${(e: Event) => (this.expanded = (e.currentTarget as HTMLDetailsElement).open)}>
      <summary><span class="chevron" aria-hidden="true"></span
        ><span class="visually-hidden">${s.toolCall}: </span><span class="name" dir="auto">${this.toolName}</span
        ><span class="visually-hidden">, </span><span class="state">${label[status]}</span
        ><span class="visually-hidden">, ${this.expanded ? s.hideDetails : s.showDetails}</span></summary>
      <div class="body">
        <h4>${s.arguments}</h4>
        <pre tabindex="0" dir="auto">${formatValue(this.arguments)}</pre>
        ${
          showResult
            ? html`<div part="tool-result">
          <h4>${isError ? s.toolError : s.toolResult}</h4>
          <pre tabindex="0" dir="auto">${formatValue(this.output)}</pre>
        </div>`
            : nothing
        }
      </div>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-tool-call': ZabyToolCall;
  }
}
