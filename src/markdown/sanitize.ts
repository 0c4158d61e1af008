/**
 * The only path from model text to DOM: marked → DOMPurify → a DocumentFragment. Nothing
 * here assigns innerHTML; DOMPurify parses, and under Trusted Types it does so through our
 * one private policy, `zaby-chat`.
 */
import DOMPurify, {type Config} from 'dompurify';
import {Lexer, Marked, type Links, type Token, type Tokens} from 'marked';

/** The Trusted Types policy name to allow in a page's CSP: `trusted-types zaby-chat lit-html`. */
export const TRUSTED_TYPES_POLICY_NAME = 'zaby-chat';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** True for http(s) and mailto URLs, and relative ones; judged on the parsed URL, not the raw text. */
export function isSafeUrl(href: string): boolean {
  try {
    return SAFE_PROTOCOLS.has(new URL(href, 'https://relative.invalid/').protocol);
  } catch {
    return false;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Our own marked instance (a host page's global marked config is left alone). Images are
 * shown as links: a chat reply must not make the browser fetch third-party resources.
 */
const md = new Marked({gfm: true, breaks: false});
md.use({
  renderer: {
    image({href, text}: Tokens.Image) {
      return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
    },
  },
});

type TrustedTypesWindow = Window & {
  trustedTypes?: {createPolicy(name: string, rules: {createHTML(s: string): string}): unknown};
};

let purifier: ReturnType<typeof DOMPurify> | undefined;
let config: Config & {RETURN_DOM_FRAGMENT: true} | undefined;

function sanitizer() {
  if (purifier && config) return {purifier, config};
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href !== null && !isSafeUrl(href)) node.removeAttribute('href');
    if (node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  const tt = (window as TrustedTypesWindow).trustedTypes;
  // DOMPurify hands its input to DOMParser through this policy; the policy is private to
  // this module, so nothing else can mint TrustedHTML with it.
  const policy = tt?.createPolicy(TRUSTED_TYPES_POLICY_NAME, {createHTML: (s: string) => s});
  config = {
    ALLOWED_TAGS: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre',
      'code', 'em', 'strong', 'del', 's', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input', 'span',
      'sup', 'sub', 'kbd', 'details', 'summary'],
    ALLOWED_ATTR: ['href', 'title', 'start', 'type', 'checked', 'disabled', 'align', 'class'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
    ...(policy ? {TRUSTED_TYPES_POLICY: policy as NonNullable<Config['TRUSTED_TYPES_POLICY']>} : {}),
  };
  purifier = instance;
  return {purifier, config};
}

/** Sanitizes HTML into a fragment; the only HTML sink of the project. */
export function sanitizeToFragment(html: string): DocumentFragment {
  const {purifier: p, config: c} = sanitizer();
  const fragment = p.sanitize(html, c);
  // Task-list checkboxes: display only.
  for (const input of fragment.querySelectorAll('input')) {
    if (input.getAttribute('type') !== 'checkbox') input.remove();
    else input.setAttribute('disabled', '');
  }
  return fragment;
}

/** Lexes markdown with reference definitions known from elsewhere in the message. */
export function lex(src: string, links?: Links): Token[] & {links: Links} {
  const lexer = new Lexer(md.defaults);
  if (links) Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

/** Renders block tokens to sanitized DOM. */
export function renderTokens(tokens: Token[], links: Links): DocumentFragment {
  const list = Object.assign([...tokens], {links});
  return sanitizeToFragment(md.parser(list));
}

/** One-shot: the whole text → a sanitized fragment. */
export function renderMarkdown(text: string): DocumentFragment {
  const tokens = lex(text);
  return renderTokens(tokens, tokens.links);
}
