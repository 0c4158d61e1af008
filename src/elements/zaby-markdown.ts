import {LitElement, html, type PropertyValues} from 'lit';
import {property} from 'lit/decorators.js';
import {defineElement} from './define.ts';
import {framed} from '../markdown/render.ts';
import {StreamingMarkdownRenderer} from '../markdown/streaming-renderer.ts';
import markdownStyles from '../markdown/markdown.styles.ts';
import {addons, highlightAll, withHtml, type AddonChangeEvent} from '../addons/registry.ts';
import {en} from '../i18n/en.ts';
import type {ZabyStrings} from '../i18n/index.ts';
import {copyStyles, labelCodeButtons} from './copy.ts';

/**
 * @tagname zaby-markdown
 * @summary One block of assistant markdown, rendered as it streams.
 *
 * The text only ever grows while `streaming`: each update hands the renderer the new
 * suffix, and the renderer re-parses only the open tail block. Finished blocks are
 * committed to the DOM once and never touched again. The DOM is built from marked's
 * tokens (see src/markdown/render.ts): no text is ever parsed as HTML.
 *
 * @cssprop --zaby-code-background - Code surface, block and inline (light #e5e7eb; the chat's dark theme: #0b1220).
 * @cssprop --zaby-code-text - Code text colour (default: the text colour).
 * @cssprop --zaby-code-border - Code block border (default: `--zaby-color-border`, #d1d5db).
 * @cssprop --zaby-code-keyword - Highlight add-on: keywords (light #8e24aa, dark #d8b4fe).
 * @cssprop --zaby-code-string - Highlight add-on: strings (light #0f6b2c, dark #86efac).
 * @cssprop --zaby-code-comment - Highlight add-on: comments (light #4b5563, dark #9ca3af).
 * @cssprop --zaby-code-number - Highlight add-on: numbers, booleans, constants (light #9a3412, dark #fdba74).
 * @cssprop --zaby-code-function - Highlight add-on: function names (light #1d4ed8, dark #93c5fd).
 * @cssprop --zaby-code-type - Highlight add-on: class and type names, builtins, titles (light #8a5300, dark #fcd34d).
 * @cssprop --zaby-code-attr - Highlight add-on: attribute names, properties, keys (light #0e6371, dark #67e8f9).
 * @cssprop --zaby-code-tag - Highlight add-on: tags (light #b3261e, dark #fca5a5).
 * @cssprop --zaby-code-variable - Highlight add-on: variables, parameters (light #a3154c, dark #f9a8d4).
 * @cssprop --zaby-code-inserted - Highlight add-on: inserted diff lines (light #166534, dark #86efac).
 * @cssprop --zaby-code-deleted - Highlight add-on: deleted diff lines (light #b3261e, dark #fca5a5).
 */
@defineElement('zaby-markdown')
export class ZabyMarkdown extends LitElement {
  static override styles = [markdownStyles, copyStyles];

  /** The markdown so far. */
  @property({attribute: false}) text = '';
  /** More text may follow; when it turns false the block is finished for good. */
  @property({type: Boolean}) streaming = false;
  /** The level a `#` heading renders at (`##` one deeper, capped at 6). */
  @property({type: Number, attribute: 'heading-level'}) headingLevel = 1;
  /** Raw HTML is kept, sanitized, when the html add-on is registered (else shown as text). */
  @property({type: Boolean, attribute: 'allow-html'}) allowHtml = false;
  /** UI strings: the code blocks' copy buttons are labelled with them. */
  @property({attribute: false}) strings: ZabyStrings = en;

  #renderer: StreamingMarkdownRenderer | undefined;
  #consumed = 0;
  /** `framed.count` when the copy buttons were last labelled. */
  #labelled = -1;
  /** The text of the finished render; undefined while streaming (or before the first). */
  #finishedText: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    addons().addEventListener('change', this.#handleAddons);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    addons().removeEventListener('change', this.#handleAddons);
  }

  /** An add-on registered after this text rendered: highlight the finished code blocks. */
  #handleAddons = (e: Event) => {
    const name = (e as AddonChangeEvent).detail;
    if (name === 'highlight') highlightAll(this.renderRoot);
    // The html add-on came after a finished render that showed raw HTML as text.
    if (name === 'html' && this.allowHtml && this.#finishedText !== undefined) {
      this.#finishedText = undefined;
      this.#renderer = undefined;
      this.requestUpdate('text');
    }
  };

  protected override render() {
    return html`<div class="md" dir="auto"></div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    withHtml(this.allowHtml, () => this.#update(changed));
  }

  #update(changed: PropertyValues<this>): void {
    this.#renderText(changed);
    // Looked for only when some code block was framed since (not over the reply every frame).
    const all = changed.has('strings');
    const root = this.renderRoot.querySelector('.md');
    if (root && (all || this.#labelled !== framed.count)) {
      this.#labelled = framed.count;
      labelCodeButtons(root, this.strings, all);
    }
  }

  #renderText(changed: PropertyValues<this>): void {
    const relevel =
      (changed.has('headingLevel') && changed.get('headingLevel') !== undefined) ||
      (changed.has('allowHtml') && changed.get('allowHtml') !== undefined);
    if (!(changed.has('text') || changed.has('streaming') || relevel)) return;
    const root = this.renderRoot.querySelector<HTMLElement>('.md');
    if (!root) return;
    if (this.#finishedText !== undefined || (!this.#renderer && !this.streaming)) {
      // Restored or already complete: one render, no streaming machinery. A finished reply
      // never changes; a host's text (a new greeting) or heading level can: only then it renders.
      if ((this.text !== this.#finishedText || relevel) && !this.streaming) {
        StreamingMarkdownRenderer.renderFinished(root, this.text, this.headingLevel);
        this.#finishedText = this.text;
      }
      return;
    }
    this.#renderer ??= new StreamingMarkdownRenderer(root, this.headingLevel);
    if (this.text.length < this.#consumed) {
      // Shrunk: not an append (the reducer never does this). Start over rather than show wrong text.
      root.replaceChildren();
      this.#renderer = new StreamingMarkdownRenderer(root, this.headingLevel);
      this.#consumed = 0;
    }
    if (this.text.length > this.#consumed) {
      this.#renderer.append(this.text.slice(this.#consumed));
      this.#consumed = this.text.length;
    }
    if (this.streaming) {
      this.#renderer.render();
    } else {
      this.#renderer.finish();
      this.#finishedText = this.text;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zaby-markdown': ZabyMarkdown;
  }
}
