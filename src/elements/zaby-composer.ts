import {LitElement, css, html, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';
import {resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import {MAX_INPUT_LENGTH} from '../protocol/types.ts';
import {defineElement} from './define.ts';
import {ComposerSendEvent, ComposerStopEvent} from './internal-events.ts';
import shared from './shared.styles.ts';

/**
 * @tagname zaby-composer
 * @summary The message composer: an auto-growing text area; Enter sends, Shift+Enter adds
 * a line; the send button is disabled while there is nothing but white space to send, and
 * turns into stop while a reply streams. It keeps its text until
 * the shell calls `clear()` after the run started, so a failed send loses nothing.
 * @csspart composer - The wrapper.
 * @csspart input - The text area.
 * @csspart send-button - Sends.
 * @csspart stop-button - Stops the reply.
 */
@defineElement('zaby-composer')
export class ZabyComposer extends LitElement {
  static override styles = [
    shared,
    css`
    :host { display: block; background: var(--_surface); }
    .composer { display: flex; gap: 0.5rem; align-items: flex-end; padding: 0.5rem 0.75rem;
      padding-block-end: max(0.5rem, env(safe-area-inset-bottom, 0px)); }
    textarea { flex: 1; box-sizing: border-box; font: inherit; font-size: 16px; line-height: 1.4;
      padding: 0.6rem 0.75rem; min-block-size: 44px; max-block-size: 10rem; resize: none;
      border: 1px solid var(--_border); border-radius: 22px; background: var(--_surface); color: var(--_text);
      field-sizing: content; overflow-y: auto; }
    textarea:focus-visible { outline: 3px solid var(--_accent); outline-offset: 0; }
    textarea[aria-invalid='true'] { border-color: var(--_danger); }
    button { border: none; border-radius: 50%; inline-size: 44px; block-size: 44px; padding: 0;
      display: grid; place-items: center; background: var(--_accent); color: var(--_on-accent); flex: none; }
    button.stop { background: var(--_text); color: var(--_surface); }
    svg { inline-size: 20px; block-size: 20px; }
    :host(:dir(rtl)) .send svg { transform: scaleX(-1); }
    .limit { margin: 0 0.75rem 0.5rem; color: var(--_danger); font-size: 0.85em; }
  `,
  ];

  /** Disables typing and sending. */
  @property({type: Boolean, reflect: true}) disabled = false;
  /** A reply is streaming: the button stops it instead of sending. */
  @property({type: Boolean, reflect: true}) busy = false;
  /** Placeholder text. */
  @property() placeholder = '';
  /** The longest message that can be sent. */
  @property({type: Number}) maxLength = MAX_INPUT_LENGTH;
  /** UI strings. */
  @property({attribute: false}) strings: ZabyStrings = resolveStrings('en');

  @state() private tooLong = 0;
  /** The text is empty or only whitespace: nothing to send. */
  @state() private blank = true;
  get #textarea() {
    // No render root before the first connect: a value set then waits in #pendingValue.
    return this.shadowRoot?.querySelector('textarea') ?? null;
  }
  #pendingValue = '';

  /** The text typed so far. */
  get value(): string {
    return this.#textarea?.value ?? this.#pendingValue;
  }
  set value(text: string) {
    this.#pendingValue = text;
    if (this.#textarea) {
      this.#textarea.value = text;
      this.#handleInput();
    }
  }

  /** Empties the composer (after a message was accepted). */
  clear(): void {
    this.value = '';
  }

  override focus(options?: FocusOptions): void {
    this.#textarea?.focus(options);
  }

  protected override firstUpdated(): void {
    if (this.#pendingValue && this.#textarea) {
      this.#textarea.value = this.#pendingValue;
      this.#handleInput();
    }
  }

  protected override render() {
    const s = this.strings;
    return html`<div part="composer" class="composer">
        <label for="input" class="visually-hidden">${s.inputLabel}</label>
        <textarea part="input" id="input" rows="1" enterkeyhint="send" autocomplete="off"
          placeholder=${this.placeholder || s.placeholder} ?disabled=${this.disabled}
          aria-invalid=${this.tooLong ? 'true' : 'false'} aria-describedby=${this.tooLong ? 'limit' : nothing}
          @keydown=${this.#handleKeydown} @input=${this.#handleInput} @paste=${this.#handlePaste}></textarea>
        ${
          this.busy
            ? html`<button part="stop-button" class="stop" type="button" aria-label=${s.stop} title=${s.stop}
              @click=${() => (this.#textarea?.focus(), this.dispatchEvent(new ComposerStopEvent()))}>
              <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><rect x="6" y="6" width="12" height="12" rx="2"/></svg>
            </button>`
            : html`<button part="send-button" class="send" type="button" aria-label=${s.send} title=${s.send}
              ?disabled=${this.disabled || this.blank} @click=${this.#send}>
              <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z"/></svg>
            </button>`
        }
      </div>
      ${this.tooLong ? html`<p id="limit" class="limit" role="alert">${s.inputTooLong(this.tooLong, this.maxLength)}</p>` : nothing}`;
  }

  readonly #handleInput = () => {
    const area = this.#textarea;
    if (!area) return;
    const length = area.value.length;
    // Only a length check per keystroke: no copy or scan of the text, so a 1 MB paste stays cheap
    // (the blank test stops at the first character that is not white space).
    this.tooLong = length > this.maxLength ? length : 0;
    this.blank = !/\S/.test(area.value);
    if (!CSS.supports('field-sizing', 'content')) {
      area.style.blockSize = 'auto';
      area.style.blockSize = `${Math.min(area.scrollHeight, 160)}px`;
    }
  };

  /**
   * A paste that would go over the limit is refused with the message, before the browser
   * inserts it: laying out a megabyte in a text area alone blocks the page for ~200 ms.
   */
  readonly #handlePaste = (e: ClipboardEvent) => {
    const area = this.#textarea;
    const pasted = e.clipboardData?.getData('text/plain') ?? '';
    if (!area || !pasted) return;
    const selected = area.selectionEnd - area.selectionStart;
    const length = area.value.length - selected + pasted.length;
    if (length <= this.maxLength) return;
    e.preventDefault();
    this.tooLong = length;
  };

  readonly #handleKeydown = (e: KeyboardEvent) => {
    // keyCode 229: Safari reports IME composition this way instead of isComposing.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    if (!this.busy) this.#send();
  };

  readonly #send = () => {
    if (this.disabled || this.busy) return;
    const text = this.value;
    if (!text.trim()) return;
    if (text.length > this.maxLength) {
      this.tooLong = text.length;
      return;
    }
    this.dispatchEvent(new ComposerSendEvent({text}));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-composer': ZabyComposer;
  }
}
