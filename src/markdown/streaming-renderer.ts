/**
 * Streaming markdown: the open tail block is re-parsed (at most once per call to render(),
 * which the element calls at most once per frame); every block before it is parsed,
 * built and committed to the DOM once and never touched again. So the work per delta
 * depends on the tail, not on the length of the message. DOM comes only from render.ts.
 */
import type {Links, Token} from 'marked';
import {completeForDisplay} from './incomplete.ts';
import {lex, renderMarkdown, renderTokens} from './render.ts';

/** Counts characters lexed by all renderers (tests check that it stays flat per delta). */
export const lexStats = {chars: 0};

/** A committed block whose brackets may be a reference link defined later in the message. */
interface Provisional {
  source: string;
  nodes: ChildNode[];
  linkCount: number;
}

/** Every block and inline construct the renderer knows, streamed by warmUp() in 40-character deltas. */
const WARM_UP_SAMPLE = `# Heading

Setext heading
---

A paragraph with **strong**, *emphasis*, ~~strikethrough~~, \`code\`, a [link](https://example.com "title"),
an autolink https://example.com, a reference [link][ref], <kbd>Ctrl</kbd> and an escaped \\* star.

1. ordered
2. list
   - nested
   - [x] task

> a quote
> on two lines

| left | right | center |
| :--- | ---: | :---: |
| a | **b** | \`c\` |

\`\`\`ts
const answer = 42;
\`\`\`

***

[ref]: https://example.com/ref
Done, **unclosed
`;

let warmUpState: 'no' | 'scheduled' | 'done' = 'no';

const BLANK_LINE_AT_END = /\n[ \t]*\n[ \t]*$/;
const REFERENCE_LIKE = /\[[^\]\n]+\]/;

export class StreamingMarkdownRenderer {
  readonly #root: HTMLElement;
  #source = '';
  #heldCR = false;
  #committedTo = 0;
  #renderedLength = -1;
  readonly #links: Links = {};
  #tail: HTMLElement | undefined;
  readonly #provisional: Provisional[] = [];
  #done = false;
  #blocks = 0;

  readonly #headingLevel: number;

  /** @param headingLevel - the level a `#` heading renders at (see renderTokens) */
  constructor(root: HTMLElement, headingLevel = 1) {
    this.#root = root;
    this.#headingLevel = headingLevel;
  }

  /** One-shot render of a complete message (restored from history). */
  static renderFinished(root: HTMLElement, text: string, headingLevel = 1): void {
    lexStats.chars += text.length;
    root.replaceChildren(renderMarkdown(text, headingLevel));
  }

  /**
   * Once per page, when the browser is idle: streams a short sample through a renderer into
   * a detached element. The first reply otherwise pays for compiling the lexer's regular
   * expressions and the parsing and rendering code: about 35 ms on the bench machine, which
   * a reply that arrives all at once would add to the time its final text appears.
   */
  static warmUp(): void {
    if (warmUpState !== 'no') return;
    warmUpState = 'scheduled';
    const run = () => {
      const chars = lexStats.chars;
      const renderer = new StreamingMarkdownRenderer(document.createElement('div'));
      for (let i = 0; i < WARM_UP_SAMPLE.length; i += 40) {
        renderer.append(WARM_UP_SAMPLE.slice(i, i + 40));
        renderer.render();
      }
      renderer.finish();
      lexStats.chars = chars;
      warmUpState = 'done';
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, {timeout: 2000});
    else setTimeout(run, 200);
  }

  /** Whether warmUp() has run (for tests). */
  static get warmedUp(): boolean {
    return warmUpState === 'done';
  }

  /** The text received so far (line endings normalized). */
  get text(): string {
    return this.#source;
  }

  /** Blocks committed to the DOM so far. */
  get committedBlocks(): number {
    return this.#blocks;
  }

  /** Buffers a delta: O(1), no parsing. */
  append(delta: string): void {
    if (this.#done || !delta) return;
    let text = (this.#heldCR ? '\r' : '') + delta;
    // A CRLF split across two deltas must not become two line breaks.
    this.#heldCR = text.endsWith('\r');
    if (this.#heldCR) text = text.slice(0, -1);
    this.#source += text.replace(/\r\n?/g, '\n');
  }

  /** Commits finished blocks and redraws the open tail; a no-op when nothing arrived. */
  render(): void {
    if (this.#done || this.#source.length === this.#renderedLength) return;
    this.#renderedLength = this.#source.length;
    const rest = this.#source.slice(this.#committedTo);
    lexStats.chars += rest.length;
    // A definition in the open tail may still be half-typed (`[docs]: h`): only committed
    // blocks add to the known definitions.
    const tokens = lex(rest, {...this.#links});
    let last = tokens.length - 1;
    while (last >= 0 && tokens[last]!.type === 'space') last--;
    let committed = false;
    if (last > 0) {
      let start = 0;
      for (let i = 0; i < last; i++) start += tokens[i]!.raw.length;
      // Commit only when the open block began after a blank line: before that, a setext
      // underline, a lazy continuation or a table row could still change the block above.
      if (
        rest.slice(start, start + tokens[last]!.raw.length) === tokens[last]!.raw &&
        BLANK_LINE_AT_END.test(rest.slice(0, start))
      ) {
        this.#commit(rest.slice(0, start), tokens.slice(0, last));
        this.#committedTo += start;
        committed = true;
      }
    }
    const tail = this.#source.slice(this.#committedTo);
    const display = completeForDisplay(tail);
    // Most frames commit nothing and complete nothing: then the tail was just lexed.
    let tailTokens: Token[] = tokens;
    if (committed || display !== tail) {
      lexStats.chars += display.length;
      tailTokens = lex(display, {...this.#links});
    }
    this.#tailElement().replaceChildren(renderTokens(tailTokens, this.#headingLevel));
  }

  /** Renders the true final text (no display completion) and stops. */
  finish(): void {
    if (this.#done) return;
    if (this.#heldCR) {
      this.#source += '\n';
      this.#heldCR = false;
    }
    const tail = this.#source.slice(this.#committedTo);
    lexStats.chars += tail.length;
    const tokens = lex(tail, this.#links);
    Object.assign(this.#links, tokens.links);
    const fragment = renderTokens(tokens, this.#headingLevel);
    if (this.#tail) this.#tail.replaceWith(fragment);
    else this.#root.append(fragment);
    this.#tail = undefined;
    // Reference definitions that arrived after a block was committed: re-render just those.
    const linkCount = Object.keys(this.#links).length;
    for (const block of this.#provisional) {
      if (block.linkCount === linkCount || !block.nodes[0]?.parentNode) continue;
      const tokens = lex(block.source, this.#links);
      block.nodes[0].before(renderTokens(tokens, this.#headingLevel));
      for (const node of block.nodes) node.remove();
    }
    this.#done = true;
  }

  #commit(source: string, tokens: Token[]): void {
    for (const token of tokens) {
      if (token.type === 'def' && !(token.tag in this.#links)) {
        this.#links[token.tag] = {href: token.href, title: token.title};
      }
    }
    const fragment = renderTokens(tokens, this.#headingLevel);
    const nodes = [...fragment.childNodes];
    this.#root.insertBefore(fragment, this.#tail ?? null);
    this.#blocks += tokens.filter((t) => t.type !== 'space').length;
    if (REFERENCE_LIKE.test(source)) {
      this.#provisional.push({source, nodes, linkCount: Object.keys(this.#links).length});
    }
  }

  #tailElement(): HTMLElement {
    if (!this.#tail) {
      this.#tail = document.createElement('div');
      this.#tail.className = 'zaby-tail';
      this.#root.append(this.#tail);
    }
    return this.#tail;
  }
}
