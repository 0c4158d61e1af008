/**
 * The highlight add-on (`zaby-chat/highlight`, `dist/zaby-chat-highlight.iife.js`): registers
 * a highlighter with the add-on registry. The renderer hands it each fenced block whose fence
 * has closed; it tokenizes with Prism and builds the DOM from the tokens (spans with classes
 * and text nodes: no HTML string, no Trusted Types policy). Work runs in tasks of at most
 * ~8 ms (one block at least), so a long reply never blocks the page; a block seen before (the open tail re-renders each
 * frame) is copied from the cache, not tokenized again.
 */
import Prism, {type Grammar, type TokenStream} from './prism.ts';
import {registerAddon} from '../registry.ts';
import {highlightStats} from './stats.ts';
import {css} from './styles.ts';

/** The names a fence may use beyond Prism's own (js, ts, py, rb, sh, shell, yml, md, html, xml…). */
const ALIASES: Record<string, string> = {
  console: 'bash',
  zsh: 'bash',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  h: 'c',
  'c#': 'csharp',
  golang: 'go',
  jsonc: 'json',
  patch: 'diff',
  rs: 'rust',
  mjs: 'javascript',
  cjs: 'javascript',
  mts: 'typescript',
  cts: 'typescript',
};

function grammarFor(language: string): Grammar | undefined {
  const name = language.toLowerCase();
  return Prism.languages[ALIASES[name] ?? name];
}

function build(parent: Node, stream: TokenStream): void {
  if (typeof stream === 'string') {
    parent.appendChild(document.createTextNode(stream));
    return;
  }
  if (Array.isArray(stream)) {
    for (const part of stream) build(parent, part);
    return;
  }
  const span = document.createElement('span');
  span.className = ['token', stream.type, ...[stream.alias ?? []].flat()].join(' ');
  build(span, stream.content);
  parent.appendChild(span);
}

/** Tokenizes as `Prism.highlight` does (its hooks included: php's), without its HTML string. */
function tokens(text: string, grammar: Grammar, language: string): DocumentFragment {
  const env: Record<string, unknown> = {code: text, grammar, language};
  Prism.hooks.run('before-tokenize', env);
  env['tokens'] = Prism.tokenize(env['code'] as string, env['grammar'] as Grammar);
  Prism.hooks.run('after-tokenize', env);
  const fragment = document.createDocumentFragment();
  build(fragment, env['tokens'] as TokenStream);
  return fragment;
}

/** Recent results by language and text; enough for the blocks of the replies on screen. */
const cache = new Map<string, DocumentFragment>();
const CACHE_SIZE = 64;

interface Job {
  code: HTMLElement;
  text: string;
  key: string;
  grammar: Grammar;
  language: string;
}
const queue: Job[] = [];
let scheduled = false;

let sheet: CSSStyleSheet | undefined;
/** Adds the token colours to the shadow root (or document) that shows `code`; false while detached. */
function adoptStyles(code: HTMLElement): boolean {
  const root = code.getRootNode();
  if (!(root instanceof ShadowRoot || root instanceof Document)) return false;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  if (!root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  return true;
}

function show(code: HTMLElement, result: DocumentFragment): void {
  code.replaceChildren(result.cloneNode(true));
  // A cached block is shown while the renderer's fragment is still detached; it is
  // inserted before the current task ends.
  if (!adoptStyles(code)) queueMicrotask(() => adoptStyles(code));
}

/** Blocks for up to ~8 ms per task (at least one): well under a long task, with turns between. */
function work(): void {
  scheduled = false;
  const start = performance.now();
  while (queue.length && performance.now() - start < 8) {
    const job = queue.shift()!;
    // Gone (the open tail re-rendered), or already done by an earlier job.
    if (!job.code.isConnected || job.code.firstElementChild || job.code.textContent !== job.text)
      continue;
    let result = cache.get(job.key);
    if (!result) {
      result = tokens(job.text, job.grammar, job.language);
      highlightStats.tokenized++;
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(job.key, result);
    }
    show(job.code, result);
  }
  schedule();
}

function schedule(): void {
  if (scheduled || !queue.length) return;
  scheduled = true;
  setTimeout(work);
}

/** The highlighter: cached results at once, new ones queued. */
function highlight(code: HTMLElement, language: string): void {
  const grammar = grammarFor(language);
  if (!grammar || code.firstElementChild) return;
  const text = code.textContent ?? '';
  const key = `${language}\n${text}`;
  const cached = cache.get(key);
  if (cached) {
    // Most recently used last, so the eviction above drops the oldest.
    cache.delete(key);
    cache.set(key, cached);
    show(code, cached);
    return;
  }
  queue.push({code, text, key, grammar, language});
  schedule();
}

registerAddon('highlight', highlight);
