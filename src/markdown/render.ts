/**
 * The only path from model text to DOM: marked's lexer turns markdown into tokens, and this
 * module builds the DOM from those tokens with `createElement` and text nodes. No string is
 * ever parsed as HTML, so there is nothing to sanitize after the fact: an element exists
 * only if a markdown construct (or one of the few inline tags below) made it, server text
 * only ever becomes a text node, and the only attributes taken from the text are a link's
 * `href` (http, https, mailto or relative, judged on the parsed URL) and `title`. Raw HTML
 * in a reply shows as the text it is (unless a chat has `allow-html` and the html add-on,
 * which sanitizes it with DOMPurify: `rawHtml`). Nothing here needs a Trusted Types policy.
 */
import {Lexer, getDefaults, type Links, type MarkedToken, type Token, type Tokens} from 'marked';
import {codeBlock, rawHtml} from '../addons/registry.ts';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** True for http(s) and mailto URLs, and relative ones; judged on the parsed URL, not the raw text. */
export function isSafeUrl(href: string): boolean {
  try {
    return SAFE_PROTOCOLS.has(new URL(href, 'https://relative.invalid/').protocol);
  } catch {
    return false;
  }
}

/** Inline HTML tags a reply may use (`<kbd>Ctrl</kbd>`, `x<sup>2</sup>`); written without attributes only. */
const INLINE_TAGS = /^(?:b|i|em|strong|s|del|u|mark|code|kbd|sup|sub|small)$/;
const BR_TAG = /^<br\s*\/?>$/i;
const SIMPLE_TAG = /^<(\/?)([a-z]+)>$/i;

/**
 * The named character references decoded without the parser below, and the only ones where
 * `Document.parseHTML` is missing (browsers without the Sanitizer API): with numeric ones,
 * that fallback decodes what markdown and code most need; any other name then stays as written.
 */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  semi: ';', // the one name whose text ends in `;` (see named())
};
const decoded = new Map<string, string>();
const CHARACTER_REFERENCE = /&(?:#(\d{1,7})|#x([\da-f]{1,6})|(\w+));/gi;

/**
 * A named reference (`&ouml;`, all of HTML's), through the browser's own HTML parser: the
 * Sanitizer API's `Document.parseHTML`, which is no Trusted Types sink and is only given the
 * reference itself (no `<` in it), once per name. HTML also decodes a known prefix (`&notit;`
 * → `¬it;`); CommonMark only whole names, so a result that still ends in `;` is no match.
 */
function named(ref: string, name: string): string {
  let text = ENTITIES[name] ?? decoded.get(name);
  if (text === undefined) {
    const parse = (Document as {parseHTML?: (html: string) => Document}).parseHTML;
    text = parse?.call(Document, ref).body.textContent ?? ref;
    if (text.endsWith(';')) text = ref;
    decoded.set(name, text);
  }
  return text;
}

/** Decodes the character references in marked's text (the HTML renderer leaves that to the HTML parser). */
function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(CHARACTER_REFERENCE, (ref, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return named(ref, name);
    const code = dec === undefined ? Number.parseInt(hex!, 16) : Number.parseInt(dec, 10);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
      ? '\ufffd'
      : String.fromCodePoint(code);
  });
}

/** The plain text of inline tokens, as marked's text renderer makes an image's `alt`. */
const plain = (tokens: Token[]): string =>
  (tokens as MarkedToken[])
    .map((t) =>
      'tokens' in t && t.tokens
        ? plain(t.tokens)
        : t.type === 'br'
          ? '\n'
          : 'text' in t
            ? t.text
            : '',
    )
    .join('');

/** Our own lexer options (a host page's global marked config is left alone). */
const options = {...getDefaults(), gfm: true, breaks: false};

/** Lexes markdown with reference definitions known from elsewhere in the message. */
export function lex(src: string, links?: Links): Token[] & {links: Links} {
  const lexer = new Lexer(options);
  if (links) Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

function el<K extends keyof HTMLElementTagNameMap>(parent: Node, tag: K): HTMLElementTagNameMap[K] {
  return parent.appendChild(document.createElement(tag));
}

let tasks = 0;
function checkbox(parent: Node, token: Tokens.Checkbox): void {
  const input = el(parent, 'input');
  input.type = 'checkbox';
  input.defaultChecked = token.checked;
  input.disabled = true;
  // Named by its list item's text: a form control needs a name, also a disabled one.
  const item = input.closest('li');
  if (item) input.setAttribute('aria-labelledby', (item.id ||= `zaby-task-${++tasks}`));
  parent.appendChild(document.createTextNode(' '));
}

/** The href to write, percent-encoded as marked's renderer does, or undefined when it is not safe. */
function safeHref(raw: string): string | undefined {
  try {
    const href = encodeURI(decode(raw)).replace(/%25/g, '%');
    return isSafeUrl(href) ? href : undefined;
  } catch {
    return undefined; // a lone surrogate
  }
}

/** A link (or an image, shown as a link: a reply must not make the browser fetch third-party resources). */
function link(parent: Node, token: Tokens.Link | Tokens.Image): void {
  const href = safeHref(token.href);
  const content = (target: Node) =>
    token.type === 'image' || !token.tokens.length
      ? target.appendChild(new Text(decode(plain(token.tokens) || token.href)))
      : inline(target, token.tokens);
  if (href === undefined) {
    content(parent);
    return;
  }
  const a = el(parent, 'a');
  a.href = href;
  if (token.title) a.title = decode(token.title);
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  content(a);
}

/** Renders inline tokens into `parent`. */
function inline(parent: Node, tokens: Token[]): void {
  // Open allowed inline HTML tags; a closing tag closes the innermost one of its name.
  const open: HTMLElement[] = [];
  const target = () => open.at(-1) ?? parent;
  for (const t of tokens as MarkedToken[]) {
    switch (t.type) {
      case 'text':
        if (t.tokens?.length) inline(target(), t.tokens);
        else
          target().appendChild(
            document.createTextNode('escaped' in t && t.escaped ? t.text : decode(t.text)),
          );
        break;
      case 'escape':
        target().appendChild(document.createTextNode(t.text));
        break;
      case 'codespan':
        el(target(), 'code').textContent = t.text;
        break;
      case 'strong':
      case 'em':
      case 'del':
        inline(el(target(), t.type), t.tokens);
        break;
      case 'br':
        el(target(), 'br');
        break;
      case 'link':
      case 'image':
        link(target(), t);
        break;
      case 'checkbox':
        checkbox(target(), t);
        break;
      case 'html': {
        const source = t.text.trim();
        const [, closing, name = ''] = SIMPLE_TAG.exec(source) ?? [];
        const tag = name.toLowerCase();
        let kept;
        if (BR_TAG.test(source)) el(target(), 'br');
        else if (closing === '' && INLINE_TAGS.test(tag))
          open.push(target().appendChild(document.createElement(tag)));
        else if (closing && open.some((e) => e.localName === tag))
          while (open.pop()!.localName !== tag);
        // The html add-on (allow-html): a tag sanitized; the markdown up to its closing tag goes in.
        else if ((kept = rawHtml(source, true))) {
          target().appendChild(kept.nodes);
          if (kept.open) open.push(kept.open as HTMLElement);
        } else target().appendChild(document.createTextNode(t.text));
        break;
      }
      // No other inline type exists: we register no marked extensions.
    }
  }
}

/** Code blocks framed on the page so far: a reply labels its copy buttons only when this moved. */
export const framed = {count: 0};

/**
 * A code block's frame: `<div class="code-block"><pre><code>` and the block's copy button
 * (part `code-copy-button`), which the element labels and wires (src/elements/copy.ts).
 * Returns the `code` element.
 */
function codeFrame(parent: Node): HTMLElement {
  framed.count++;
  const frame = el(parent, 'div');
  frame.className = 'code-block';
  const code = el(el(frame, 'pre'), 'code');
  const button = el(frame, 'button');
  button.type = 'button';
  button.className = 'copy';
  button.setAttribute('part', 'code-copy-button');
  return code;
}

/** Renders block tokens into `parent`. */
function blocks(parent: Node, tokens: Token[], headingLevel: number): void {
  for (const t of tokens as MarkedToken[]) {
    switch (t.type) {
      case 'space':
      case 'def':
        break;
      case 'paragraph':
        inline(el(parent, 'p'), t.tokens);
        break;
      case 'heading':
        // `#` renders at headingLevel, `##` one deeper…, never past h6.
        inline(el(parent, `h${Math.min(6, t.depth + headingLevel - 1)}` as 'h1'), t.tokens);
        break;
      case 'text':
        // Tight list items hold block-level text tokens: the same as inline text.
        inline(parent, [t]);
        break;
      case 'code': {
        const code = codeFrame(parent);
        const lang = decode(/^\S*/.exec(t.lang ?? '')![0]);
        if (lang) code.className = `language-${lang}`;
        const text = t.escaped ? decode(t.text) : t.text;
        code.textContent = text ? `${text.replace(/\n$/, '')}\n` : '';
        // The highlight add-on, once the fence has closed (an open block stays plain text).
        if (lang) codeBlock(code, lang, t.raw);
        break;
      }
      case 'blockquote':
        blocks(el(parent, 'blockquote'), t.tokens, headingLevel);
        break;
      case 'hr':
        el(parent, 'hr');
        break;
      case 'list': {
        const list = el(parent, t.ordered ? 'ol' : 'ul');
        if (t.ordered && t.start !== 1 && t.start !== '')
          list.setAttribute('start', String(t.start));
        for (const item of t.items) blocks(el(list, 'li'), item.tokens, headingLevel);
        break;
      }
      case 'checkbox':
        checkbox(parent, t);
        break;
      case 'table': {
        const table = el(parent, 'table');
        const row = (section: HTMLElement, cells: Tokens.TableCell[]) => {
          const tr = el(section, 'tr');
          for (const cell of cells) {
            const td = el(tr, cell.header ? 'th' : 'td');
            if (cell.align) td.setAttribute('align', cell.align);
            inline(td, cell.tokens);
          }
        };
        row(el(table, 'thead'), t.header);
        if (t.rows.length) {
          const body = el(table, 'tbody');
          for (const cells of t.rows) row(body, cells);
        }
        break;
      }
      case 'html': {
        // Raw HTML blocks show as the text they are (sanitized DOM: the html add-on, allow-html).
        const kept = rawHtml(t.text, false);
        if (kept) parent.appendChild(kept.nodes);
        else el(parent, 'p').textContent = t.text.replace(/\n+$/, '');
      }
      // No other block type exists: we register no marked extensions.
    }
  }
}

/**
 * Renders block tokens (from `lex`) to DOM.
 * @param headingLevel - the level a `#` heading renders at (`##` one deeper, capped at 6)
 */
export function renderTokens(tokens: Token[], headingLevel = 1): DocumentFragment {
  const fragment = document.createDocumentFragment();
  blocks(fragment, tokens, headingLevel);
  return fragment;
}

/** One-shot: the whole text → DOM. */
export function renderMarkdown(text: string, headingLevel = 1): DocumentFragment {
  return renderTokens(lex(text), headingLevel);
}
