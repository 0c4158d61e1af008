/**
 * The html add-on (`zaby-chat/html`, `dist/zaby-chat-html.iife.js`): for a `<zaby-chat
 * allow-html>`, raw HTML in replies (each HTML block, each inline tag) is sanitized by
 * DOMPurify, its own instance (a page's DOMPurify and its hooks are left alone), with an
 * allow-list of formatting elements. Images stay links; links open in a new tab without an
 * opener. Under Trusted Types it uses one policy, `zaby-chat-html`, made on first use; a
 * page that refuses it gets the raw HTML as text. Streaming stays incremental: the open tail
 * is shown without a half-written tag (src/markdown/incomplete.ts), finished blocks once.
 */
import createDOMPurify, {type Config} from 'dompurify';
import {registerAddon} from '../registry.ts';

const purify = createDOMPurify(window);

// http(s), mailto and relative URLs only (DOMPurify's default also lets tel:, sms:… through).
const SAFE_URL = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

const CONFIG: Config = {
  ALLOWED_TAGS: [
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div', 'span', 'br', 'hr'],
    ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'figure', 'figcaption'],
    ...['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'details', 'summary'],
    ...['a', 'b', 'i', 'em', 'strong', 's', 'del', 'ins', 'u', 'mark', 'small', 'abbr'],
    ...['code', 'pre', 'kbd', 'samp', 'var', 'sup', 'sub', 'img'],
  ],
  ALLOWED_ATTR: ['href', 'title', 'colspan', 'rowspan', 'scope', 'start', 'open', 'alt', 'src'],
  ALLOWED_URI_REGEXP: SAFE_URL,
};

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof Element && node.localName === 'a' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** undefined: not tried yet; null: no Trusted Types here; false: the page refused the policy. */
let policy: Policy | null | false | undefined;
type Policy = NonNullable<Config['TRUSTED_TYPES_POLICY']>;
type Rules = Record<'createHTML' | 'createScriptURL', (s: string) => string>;

function trustedTypesPolicy() {
  if (policy !== undefined) return policy;
  const tt = (window as {trustedTypes?: {createPolicy(name: string, rules: Rules): Policy}})
    .trustedTypes;
  try {
    // DOMPurify parses the reply's HTML into an inert document and sanitizes that: the
    // policy only lets the raw string into the parser, it never reaches the page.
    policy = tt
      ? tt.createPolicy('zaby-chat-html', {createHTML: (s) => s, createScriptURL: (s) => s})
      : null;
  } catch {
    policy = false;
  }
  return policy;
}

/** An image becomes a link to it (a reply must not make the browser fetch from anywhere). */
function imagesToLinks(root: DocumentFragment): void {
  for (const img of root.querySelectorAll('img')) {
    const src = img.getAttribute('src') ?? '';
    const label = document.createTextNode(img.alt || src);
    // DOMPurify lets data: through for images; a link must not.
    if (src && SAFE_URL.test(src.replace(/[\s\0-\x1f]/g, ''))) {
      const a = document.createElement('a');
      a.href = src;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.append(label);
      img.replaceWith(a);
    } else img.replaceWith(label);
  }
}

/** An inline handler or `style` attribute (applied inside tags only). */
const INLINE_CODE = /[\s/](?:on[\w-]*|style)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)/gi;
/** A `<style>` element with its content (DOMPurify drops both). */
const STYLE_ELEMENT = /<style\b[^]*?(?:<\/style\s*>|$)/gi;

function sanitize(raw: string, inline: boolean) {
  const tt = trustedTypesPolicy();
  if (tt === false) return undefined;
  // Chromium's parser applies the page's CSP to the inert document too: an inline handler,
  // `style` attribute or `<style>` it meets is reported as a violation (and blocked). They
  // would be dropped anyway, so they go before parsing; DOMPurify is what sanitizes.
  const quiet = raw
    .replace(STYLE_ELEMENT, '')
    .replace(/<[a-z][^>]*>?/gi, (tag) => tag.replace(INLINE_CODE, ' '));
  const nodes = purify.sanitize(quiet, {
    ...CONFIG,
    RETURN_DOM_FRAGMENT: true,
    TRUSTED_TYPES_POLICY: tt,
  });
  imagesToLinks(nodes);
  const first = nodes.firstElementChild;
  // An inline opening tag (`<span title="…">`) made one empty element: the markdown up to
  // its closing tag goes in it.
  const open =
    inline &&
    first &&
    !first.hasChildNodes() &&
    !raw.endsWith('/>') &&
    !/^[bh]r$/.test(first.localName)
      ? first
      : undefined;
  return {nodes, ...(open ? {open} : {})};
}

registerAddon('html', {sanitize});
