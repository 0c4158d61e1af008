/**
 * Streaming markdown: the open tail block is re-parsed (at most once per call to render(),
 * which the element calls at most once per frame) and patched into the tail's DOM (what is
 * the same stays: see patch()); every block before it is parsed, built and committed to
 * the DOM once and never touched again. So the work per delta depends on the tail, not on
 * the length of the message. Inside a long tail block the same holds (#enter): a fenced
 * code block grows by its finished lines (in groups of 64, each its own layout block), a
 * list by its finished items and a table by its finished rows, and only the open line,
 * item or row is re-parsed; once the block ends it is parsed once more, whole, and
 * committed. DOM comes only from render.ts.
 */
import type {Links, MarkedToken, Token, Tokens} from 'marked';
import {whenIdle} from '../browser/idle.ts';
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

/** Every block and inline construct the renderer knows. */
const SAMPLE = `# H
S
-
A **b**, *e*, ~~d~~, \`c\`, [l](/ "t"), https://e.com, [r][r], <b>K</b> \\*

1. o
   - [x] t

> q

| a | b |
| :- | -: |
| **b** | c |

\`\`\`ts
x
\`\`\`
***
[r]: /r
*u
`;

/**
 * What warmUp() streams: the sample twice, the second time after an em dash. V8 compiles a
 * regular expression apart for text with a character past U+00FF (`—`, `€`, emoji), which
 * turns a whole string two-byte.
 */
const WARM_UP_SAMPLE = `${SAMPLE}\n\u2014\n\n${SAMPLE}`;

let warmUpState: 'no' | 'scheduled' | 'done' = 'no';

const BLANK_LINE_AT_END = /\n[ \t]*\n[ \t]*$/;
/** The open block so far is only digits: it may yet become an item of the list above. */
const ITEM_NUMBER = /^ *\d+$/;

/**
 * A tight list's item as marked makes it in a loose list (see marked's list tokenizer): its
 * text a paragraph, with a task's checkbox in it.
 */
function loosen(item: Tokens.ListItem): void {
  const [box, first] = item.tokens as Tokens.Generic[];
  if (box!.type === 'checkbox' && first?.tokens) first.tokens.unshift(item.tokens.shift()!);
  for (const t of item.tokens) if (t.type === 'text') t.type = 'paragraph';
}

const REFERENCE_LIKE = /\[[^\]\n]+\]/;

/**
 * Same kind of node: text, or an element of the same name and attributes. Never a code
 * block's frame: the highlight add-on fills the code element it was handed, later.
 */
const same = (a: Node, b: Node): boolean =>
  a.nodeName === b.nodeName &&
  (a as Element).className !== 'code-block' &&
  (!(a instanceof Element) ||
    (a.attributes.length === (b as Element).attributes.length &&
      [...a.attributes].every((x) => (b as Element).getAttribute(x.name) === x.value)));

/**
 * Makes `to`'s children what `from`'s are (the open tail, rendered again), keeping every node
 * that is the same: a growing paragraph keeps its elements and its text nodes, which grow by
 * the new text. The browser then restyles and lays out only what changed, and a selection in
 * the streaming text stays.
 */
function patch(to: Node, from: Node): void {
  let old = to.firstChild;
  for (let node = from.firstChild; node;) {
    const next = node.nextSibling;
    if (old && same(old, node)) {
      if (old instanceof Text) {
        const text = (node as Text).data;
        if (text.startsWith(old.data)) old.appendData(text.slice(old.data.length));
        else old.data = text;
      } else patch(old, node);
      old = old.nextSibling;
    } else to.insertBefore(node, old);
    node = next;
  }
  while (old) {
    const next = old.nextSibling;
    old.remove();
    old = next;
  }
}

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
  /** Grows the open long block by this frame's text; false when it ended (see #enter). */
  #open: (() => boolean) | undefined;
  /** Where a long block was given up on: it is not entered again. */
  #openAt = -1;

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
   * a reply that arrives all at once would add to the time its final text appears. The
   * sample goes a delta at a time, each idle period taking what fits in it, so the warm-up
   * is no long task of its own (it would be 140 ms on a phone-class CPU).
   */
  static warmUp(): void {
    if (warmUpState !== 'no') return;
    warmUpState = 'scheduled';
    const renderer = new StreamingMarkdownRenderer(document.createElement('div'));
    let at = 0;
    const run = (idle?: IdleDeadline) => {
      const chars = lexStats.chars;
      do {
        renderer.append(WARM_UP_SAMPLE.slice(at, (at += 16)));
        renderer.render();
      } while (at < WARM_UP_SAMPLE.length && idle?.timeRemaining());
      if (at < WARM_UP_SAMPLE.length) whenIdle(run);
      else {
        renderer.finish();
        warmUpState = 'done';
      }
      lexStats.chars = chars;
    };
    whenIdle(run);
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
    if (this.#open?.()) return;
    const rest = this.#source.slice(this.#committedTo);
    // A definition in the open tail may still be half-typed (`[docs]: h`): only committed
    // blocks add to the known definitions.
    const tokens = this.#lex(rest);
    let last = tokens.length - 1;
    while (last >= 0 && tokens[last]!.type === 'space') last--;
    let committed = false;
    if (last > 0) {
      let start = 0;
      for (let i = 0; i < last; i++) start += tokens[i]!.raw.length;
      // Commit only when the open block began after a blank line or a code block: before
      // that, a setext underline, a lazy continuation or a table row could still change the
      // block above.
      if (
        rest.slice(start, start + tokens[last]!.raw.length) === tokens[last]!.raw &&
        (BLANK_LINE_AT_END.test(rest.slice(0, start)) || tokens[last - 1]!.type === 'code') &&
        !ITEM_NUMBER.test(tokens[last]!.raw)
      ) {
        this.#commit(rest.slice(0, start), tokens.slice(0, last));
        this.#committedTo += start;
        committed = true;
      }
    }
    if (!committed && this.#openAt !== this.#committedTo && this.#enter(tokens)) return;
    const tail = this.#source.slice(this.#committedTo);
    const display = completeForDisplay(tail);
    // Most frames commit nothing and complete nothing: then the tail was just lexed.
    patch(
      this.#tailElement(),
      this.#render(committed || display !== tail ? this.#lex(display) : tokens),
    );
  }

  /**
   * When the tail is one fenced code block, list or table, from here on each frame parses
   * only a window (the fence line or the table's header rows, and what follows the last
   * finished line, item or row), adds what finished since to the block's DOM and redraws
   * the open rest: O(delta) however long the block grows. A list that turns loose is entered
   * again (parsed once, whole). When the window shows anything but the block, the block is
   * given up on: it is then handled as any tail is, until it is committed.
   */
  #enter(tokens: Token[]): boolean {
    const [t, more] = tokens.filter((x) => x.type !== 'space') as MarkedToken[];
    const tail = this.#source.slice(this.#committedTo);
    const type = t?.type;
    const list = type === 'list';
    const prefix = list
      ? ''
      : (type === 'table'
          ? /^.*\n.*\n/
          : type === 'code' && !t.codeBlockStyle
            ? /^.*\n/
            : /(?!)/
        ).exec(tail)?.[0];
    if (more || prefix === undefined) return false;
    const loose = list && t.loose;
    const box = this.#render([{...t, items: [], rows: [], text: '', raw: ''} as Token])
      .firstChild as HTMLTableElement;
    const code = type === 'code' ? box.querySelector('code')! : undefined;
    // A code block grows in groups of lines, each its own block: a new line lays out only its
    // group, not every line above it (one text run would be laid out whole on every frame).
    const newGroup = () => {
      const group = code!.appendChild(document.createElement('span'));
      group.className = 'zaby-lines';
      return group;
    };
    let parent: HTMLElement = list ? box : code ? newGroup() : box.createTBody();
    let linesInGroup = 0;
    let from = this.#committedTo + prefix.length;
    let shown: ChildNode[] = [];
    // A fence's closing line, as marked's: the opening run, then backticks, tildes, spaces.
    const close = RegExp(`^ {0,3}${/[`~]+/.exec(prefix)}[~\`]* *$`, 'm');
    type Units = (Tokens.ListItem | Tokens.TableCell[] | string)[];
    const units = (x: MarkedToken): Units =>
      x.type === 'list'
        ? x.items
        : x.type === 'table'
          ? x.rows
          : // A last line that is empty shows only once a line follows, as in a one-shot render.
            (x as Tokens.Code).text
            ? (x as Tokens.Code).text.replace(/\n$/, '').split('\n')
            : [];
    const draw = (x: MarkedToken, u: Units): ChildNode[] => {
      if (x.type === 'code') return [new Text(`${u.join('\n')}\n`)];
      if (loose && x.type === 'list' && !x.loose)
        for (const item of u) loosen(item as Tokens.ListItem);
      const el = this.#render([{...x, items: u, rows: u} as Token]).firstChild as HTMLTableElement;
      return [...((list ? el : el.tBodies[0])?.childNodes ?? [])];
    };
    this.#tailElement().replaceChildren(box);
    this.#open = () => {
      let window = prefix + this.#source.slice(from);
      const [x, ...after] = this.#lex(window) as MarkedToken[];
      const [next, other] = after.filter((a) => a.type !== 'space');
      if (next && !other && ITEM_NUMBER.test(next.raw)) return true;
      if (
        !x ||
        x.type !== type ||
        next ||
        (type === 'code' && close.test(window.slice(prefix.length)))
      ) {
        this.#open = undefined;
        this.#openAt = this.#committedTo;
        return false;
      }
      if (x.type === 'list' && x.loose && !loose) {
        this.#open = undefined; // turned loose: entered again, from the whole list
        return false;
      }
      for (const node of shown) node.remove();
      const u = units(x);
      if (u.length > 1) {
        const done = u.slice(0, -1);
        parent.append(...draw(x, done));
        if (code && (linesInGroup += done.length) > 63) {
          parent = newGroup();
          linesInGroup = 0;
        }
        for (const unit of done)
          from = list
            ? from + (unit as Tokens.ListItem).raw.length
            : this.#source.indexOf('\n', from) + 1;
        window = prefix + this.#source.slice(from);
      }
      const y = this.#lex(completeForDisplay(window))[0] as MarkedToken | undefined;
      shown = y?.type === type ? draw(y, units(y)) : [];
      parent.append(...shown);
      return true;
    };
    return this.#open();
  }

  /** Renders the true final text (no display completion) and stops. */
  finish(): void {
    if (this.#done) return;
    this.#open = undefined;
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

  #lex(text: string): Token[] {
    lexStats.chars += text.length;
    return lex(text, {...this.#links});
  }

  #render(tokens: Token[]): DocumentFragment {
    return renderTokens(tokens, this.#headingLevel);
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
