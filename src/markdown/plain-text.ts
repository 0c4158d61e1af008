import {renderMarkdown} from './render.ts';

/**
 * What a screen reader should hear of a reply: its text without the markdown syntax
 * (no "star star" for bold), blocks kept apart by a space. Built from the same tokens as
 * the reply itself, never parsed as HTML.
 */
export function plainText(markdown: string): string {
  const root = document.createElement('div');
  root.append(renderMarkdown(markdown));
  for (const block of root.querySelectorAll('p,li,pre,th,td,h1,h2,h3,h4,h5,h6')) block.append(' ');
  return root.textContent!.replace(/\s+/g, ' ').trim();
}
