import {LitElement, html, type PropertyValues} from 'lit';
import {property} from 'lit/decorators.js';
import {defineElement} from './define.ts';
import {StreamingMarkdownRenderer} from '../markdown/streaming-renderer.ts';
import markdownStyles from '../markdown/markdown.styles.ts';
import {addons, highlightAll} from '../addons/registry.ts';

/**
 * @tagname zaby-markdown
 * @summary One block of assistant markdown, rendered as it streams.
 *
 * The text only ever grows while `streaming`: each update hands the renderer the new
 * suffix, and the renderer re-parses only the open tail block. Finished blocks are
 * committed to the DOM once and never touched again. The DOM is built from marked's
 * tokens (see src/markdown/render.ts): no text is ever parsed as HTML.
 */
@defineElement('zaby-markdown')
export class ZabyMarkdown extends LitElement {
  static override styles = markdownStyles;

  /** The markdown so far. */
  @property({attribute: false}) text = '';
  /** More text may follow; when it turns false the block is finished for good. */
  @property({type: Boolean}) streaming = false;

  #renderer: StreamingMarkdownRenderer | undefined;
  #consumed = 0;
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
  #handleAddons = () => highlightAll(this.renderRoot);

  protected override render() {
    return html`<div class="md"></div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!(changed.has('text') || changed.has('streaming'))) return;
    const root = this.renderRoot.querySelector<HTMLElement>('.md');
    if (!root) return;
    if (this.#finishedText !== undefined || (!this.#renderer && !this.streaming)) {
      // Restored or already complete: one render, no streaming machinery. A finished reply
      // never changes; a host's text can (a new greeting): only a different text renders.
      if (this.text !== this.#finishedText && !this.streaming) {
        StreamingMarkdownRenderer.renderFinished(root, this.text);
        this.#finishedText = this.text;
      }
      return;
    }
    this.#renderer ??= new StreamingMarkdownRenderer(root);
    if (this.text.length < this.#consumed) {
      // Shrunk: not an append (the reducer never does this). Start over rather than show wrong text.
      root.replaceChildren();
      this.#renderer = new StreamingMarkdownRenderer(root);
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
