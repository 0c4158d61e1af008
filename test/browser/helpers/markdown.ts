import {Marked} from 'marked';
import {isSafeUrl, renderMarkdown} from '../../../src/markdown/render.ts';

/**
 * Our DOM against marked's own HTML renderer, parsed by the browser: the same elements,
 * attributes and text. The deliberate differences are applied to marked's side: an image is
 * a link to it with its alt text (or its URL), and a link to an unsafe URL is just its text.
 */
const reference = new Marked({gfm: true, breaks: false});

/**
 * Elements, sorted attributes (target, rel and the ids that name task checkboxes left out; an href as the URL it resolves to,
 * so `/f%C3%B6` and `/fö` are the same link) and text, whitespace-only text nodes dropped.
 */
export function canonical(root: Node): string {
  root.normalize();
  const out: string[] = [];
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      // A code block's frame (`div.code-block` and its copy button, which marked's HTML has
      // not) is left out: its `pre` is compared.
      if (child instanceof Element && child.matches('.code-block')) {
        walk(child);
      } else if (child instanceof Element && child.matches("[part~='code-copy-button']")) {
        continue;
      } else if (child instanceof Element) {
        const attrs = [...child.attributes]
          .filter((a) => !['target', 'rel', 'id', 'aria-labelledby'].includes(a.name))
          .map((a) => {
            const value =
              a.name === 'href' ? new URL(a.value, 'https://base.invalid/').href : a.value;
            return `${a.name}=${JSON.stringify(value)}`;
          })
          .sort();
        out.push(`<${child.localName}${attrs.length ? ` ${attrs.join(' ')}` : ''}>`);
        walk(child);
        out.push(`</${child.localName}>`);
      } else if (child.nodeType === Node.TEXT_NODE && child.textContent!.trim()) {
        out.push(JSON.stringify(child.textContent));
      }
    }
  };
  walk(root);
  return out.join('');
}

/** Our one-shot render, canonical. */
export function ours(markdown: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(markdown));
  return canonical(div);
}

/** Marked's HTML for the same markdown, parsed inertly, with the safety transforms applied. */
export function markedDom(markdown: string): string {
  const template = document.createElement('template');
  // Test-only: the test page has no Trusted Types policy, and the template is inert.
  template.innerHTML = reference.parse(markdown, {async: false});
  for (const img of template.content.querySelectorAll('img')) {
    const a = document.createElement('a');
    const src = img.getAttribute('src') ?? '';
    a.setAttribute('href', src);
    if (img.title) a.title = img.title;
    a.textContent = img.alt || src;
    img.replaceWith(a);
  }
  for (const a of template.content.querySelectorAll('a')) {
    if (!isSafeUrl(a.getAttribute('href') ?? '')) a.replaceWith(...a.childNodes);
  }
  return canonical(template.content);
}

/** Whether marked finds raw HTML (a block or an inline tag) in the markdown. */
export function hasHtml(markdown: string): boolean {
  let found = false;
  reference.walkTokens(reference.lexer(markdown), (t) => {
    found ||= t.type === 'html';
  });
  return found;
}
