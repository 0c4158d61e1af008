import {LitElement, css, html, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';
import {resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import {defineElement} from './define.ts';
import shared, {chevron} from './shared.styles.ts';

/**
 * @tagname zaby-thinking
 * @summary Shows that the agent is working, and its reasoning summary when it sends one
 * (collapsed by default, behind a "Show reasoning" / "Hide reasoning" summary).
 * @csspart thinking - The wrapper.
 */
@defineElement('zaby-thinking')
export class ZabyThinking extends LitElement {
  static override styles = [
    shared,
    chevron,
    css`
    :host { display: block; color: var(--_muted); font-size: 0.9em; }
    details summary { cursor: pointer; min-block-size: 44px; display: flex; align-items: center; gap: 0.25rem; }
    .reasoning { margin: 0.25rem 0 0; white-space: pre-wrap; font-style: italic; }
  `,
  ];

  /** The reasoning summary so far (may be empty). */
  @property({attribute: false}) text = '';
  /** Still thinking. */
  @property({type: Boolean, reflect: true}) active = false;
  /** UI strings. */
  @property({attribute: false}) strings: ZabyStrings = resolveStrings('en');

  @state() private expanded = false;

  protected override render() {
    const label = this.active ? html`<span role="status">${this.strings.thinking}</span>` : nothing;
    if (!this.text) return html`<div part="thinking">${label}</div>`;
    return html`<div part="thinking">
      <details @toggle=${(e: Event) => (this.expanded = (e.currentTarget as HTMLDetailsElement).open)}>
        <summary><span class="chevron" aria-hidden="true"></span
        >${
          this.active
            ? this.strings.thinking
            : this.expanded
              ? this.strings.hideReasoning
              : this.strings.showReasoning
        }</summary>
        <p class="reasoning" dir="auto">${this.text}</p>
      </details>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-thinking': ZabyThinking;
  }
}
