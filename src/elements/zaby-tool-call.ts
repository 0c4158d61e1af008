import {LitElement, css, html, nothing} from 'lit';
import {property} from 'lit/decorators.js';
import {resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import {defineElement} from './define.ts';
import {formatValue} from './format.ts';
import shared from './shared.styles.ts';

/**
 * @tagname zaby-tool-call
 * @summary A tool the agent called: its name and state, and (expanded) the arguments and
 * result, pretty-printed as text. Collapsed by default.
 * @csspart tool-call - The wrapper.
 * @csspart tool-result - The result block.
 */
@defineElement('zaby-tool-call')
export class ZabyToolCall extends LitElement {
  static override styles = [
    shared,
    css`
    :host { display: block; }
    details { border: 1px solid var(--_border); border-radius: 8px; background: var(--_surface); }
    summary { cursor: pointer; min-block-size: 44px; display: flex; align-items: center; gap: 0.5rem;
      padding-inline: 0.75rem; font-size: 0.9em; }
    .name { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: 600; }
    .state { margin-inline-start: auto; color: var(--_muted); }
    .error .state { color: var(--_danger); }
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
  /** A result has arrived. */
  @property({type: Boolean}) hasResult = false;
  /** The result is an error. */
  @property({type: Boolean}) isError = false;
  /** UI strings. */
  @property({attribute: false}) strings: ZabyStrings = resolveStrings('en');

  protected override render() {
    const s = this.strings;
    const state = !this.hasResult ? s.toolRunning : this.isError ? s.toolError : s.toolDone;
    return html`<details part="tool-call" class=${this.isError ? 'error' : ''}>
      <summary><span class="visually-hidden">${s.toolCall}: </span><span class="name">${this.toolName}</span>
        <span class="state">${state}</span></summary>
      <div class="body">
        <h4>${s.arguments}</h4>
        <pre tabindex="0">${formatValue(this.arguments)}</pre>
        ${
          this.hasResult
            ? html`<div part="tool-result">
          <h4>${this.isError ? s.toolError : s.toolResult}</h4>
          <pre tabindex="0">${formatValue(this.output)}</pre>
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
