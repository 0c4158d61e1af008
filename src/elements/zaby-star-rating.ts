import {LitElement, css, html, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {resolveStrings, type ZabyStrings} from '../i18n/index.ts';
import {MAX_FEEDBACK_COMMENT_LENGTH} from '../protocol/types.ts';
import {defineElement} from './define.ts';
import {FeedbackSubmitEvent} from './internal-events.ts';
import shared from './shared.styles.ts';

/**
 * @tagname zaby-star-rating
 * @summary A 1–5 star rating of a reply: a labelled radio group of stars (arrow keys work
 * natively); the optional comment and the submit button appear once a star is chosen, then
 * a thank-you. `collapsed` shows only a small "Rate" button that opens the stars.
 * @csspart feedback - The form.
 * @csspart star - One star (a radio's label).
 * @csspart feedback-comment - The comment field.
 * @csspart feedback-submit - The submit button.
 * @cssprop --zaby-star-color - Colour of a chosen star.
 */
@defineElement('zaby-star-rating')
export class ZabyStarRating extends LitElement {
  static override styles = [
    shared,
    css`
    :host { display: block; --_star: var(--zaby-star-color, #b45309); }
    form { display: grid; gap: 0.5rem; }
    fieldset { border: none; margin: 0; padding: 0; min-inline-size: 0; }
    legend { padding: 0; }
    .stars { display: flex; }
    input[type='radio'] { position: absolute; opacity: 0; inline-size: 1px; block-size: 1px; margin: 0; }
    label.star { display: grid; place-items: center; inline-size: 44px; block-size: 44px; font-size: 1.6em;
      color: var(--_border); cursor: pointer; border-radius: 8px; line-height: 1; }
    label.star.on { color: var(--_star); }
    @media (forced-colors: active) {
      label.star { forced-color-adjust: none; color: GrayText; }
      label.star.on { color: Highlight; }
    }
    input:focus-visible + label.star { outline: 3px solid var(--_accent); outline-offset: -3px; }
    textarea { font: inherit; font-size: 16px; padding: 0.5rem; border: 1px solid var(--_border);
      border-radius: 8px; background: var(--_surface); color: var(--_text); resize: vertical; min-block-size: 44px; }
    .row { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    .submit { background: var(--_accent); color: var(--_on-accent); border: none; padding-inline: 1rem; }
    .thanks { margin: 0; color: var(--_success); font-size: 0.9em; }
    .comment-label { font-size: 0.85em; color: var(--_muted); }
    .rate { background: transparent; color: var(--_muted); border: 1px solid var(--_border);
      padding-inline: 0.75rem; display: inline-flex; align-items: center; gap: 0.25rem; font-size: 0.9em; }
    .rate span { color: var(--_star); }
  `,
  ];

  /** The chosen rating (0 = none). */
  @property({type: Number}) value = 0;
  /** The run whose answer is rated. */
  @property({attribute: false}) runId = '';
  /** The rating reached the server: show the thank-you. */
  @property({type: Boolean}) submitted = false;
  /** A rating is being sent. */
  @property({type: Boolean}) pending = false;
  /** Disables the form. */
  @property({type: Boolean}) disabled = false;
  /** Show only a small "Rate" button until the person opens the stars (older replies). */
  @property({type: Boolean, reflect: true}) collapsed = false;
  /** UI strings. */
  @property({attribute: false}) strings: ZabyStrings = resolveStrings('en');

  @state() private picked = 0;
  @state() private comment = '';
  @state() private opened = false;
  /** The person submitted from here: the thank-you takes the focus (the form goes). */
  #focusThanks = false;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('submitted') || !this.submitted || !this.#focusThanks) return;
    this.#focusThanks = false;
    this.renderRoot.querySelector<HTMLElement>('.thanks')?.focus();
  }

  protected override render() {
    const s = this.strings;
    if (this.submitted) {
      return html`<div part="feedback"><p class="thanks" role="status" tabindex="-1">${s.thanks}</p></div>`;
    }
    // A star already picked (or a comment begun) stays open when a newer reply collapses this one.
    if (this.collapsed && !this.opened && !this.picked) {
      return html`<div part="feedback"><button class="rate" type="button" aria-label=${s.rateThisReply}
        ?disabled=${this.disabled} @click=${this.#handleOpen}><span aria-hidden="true">★</span>${s.rate}</button></div>`;
    }
    const value = this.picked || this.value;
    const disabled = this.disabled || this.pending;
    return html`<form part="feedback" @submit=${this.#handleSubmit}>
      <fieldset ?disabled=${disabled}>
        <legend class="visually-hidden">${s.rateThisReply}</legend>
        <div class="stars">
          ${[1, 2, 3, 4, 5].map(
            (n) => html`
            <input type="radio" id="star-${n}" name="rating" value=${n} .checked=${value === n}
              @change=${() => (this.picked = n)} />
            <label part="star" class="star ${n <= value ? 'on' : ''}" for="star-${n}"
              title=${s.star(n)}><span aria-hidden="true">★</span><span class="visually-hidden">${s.star(n)}</span></label>`,
          )}
        </div>
      </fieldset>
      ${
        value
          ? html`
        <label class="comment-label" for="comment">${s.commentLabel}</label>
        <textarea part="feedback-comment" id="comment" rows="2" maxlength=${MAX_FEEDBACK_COMMENT_LENGTH}
          ?disabled=${disabled} .value=${this.comment}
          @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>
        <div class="row">
          <button part="feedback-submit" class="submit" type="submit" ?disabled=${disabled}>
            ${s.submitFeedback}</button>
        </div>`
          : nothing
      }
    </form>`;
  }

  readonly #handleOpen = async () => {
    this.opened = true;
    await this.updateComplete;
    // Focus follows into the stars: the chosen one, else the first.
    const radios = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    (radios.find((r) => r.checked) ?? radios[0])?.focus();
  };

  readonly #handleSubmit = (e: Event) => {
    e.preventDefault();
    const rating = this.picked || this.value;
    if (!rating || this.pending || this.disabled) return;
    const comment = this.comment.trim();
    this.#focusThanks = true;
    this.dispatchEvent(
      new FeedbackSubmitEvent({runId: this.runId, rating, ...(comment ? {comment} : {})}),
    );
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-star-rating': ZabyStarRating;
  }
}
