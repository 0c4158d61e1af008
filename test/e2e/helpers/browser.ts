/** What the end-to-end suites read off a page. */
import type {Page} from 'playwright-core';

/** The text of the last assistant message of `zaby-chat#chat`, read through the nested shadow roots. */
export function lastReply(page: Page): Promise<string> {
  return page.evaluate(() => {
    const deep = (node: Node): string =>
      node.nodeType === Node.TEXT_NODE
        ? (node.textContent ?? '')
        : [...((node as Element).shadowRoot?.childNodes ?? []), ...node.childNodes]
            .map(deep)
            .join('');
    const messages = [
      ...(document.querySelector('zaby-chat#chat')?.shadowRoot?.querySelectorAll('zaby-message') ??
        []),
    ].filter((m) => m.shadowRoot?.querySelector('[part~="assistant"]'));
    const last = messages[messages.length - 1];
    return last ? deep(last).replace(/\s+/g, ' ') : '';
  });
}
