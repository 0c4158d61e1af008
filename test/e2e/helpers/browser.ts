/**
 * Debian's Chromium for the end-to-end tests (never a downloaded browser), with the flags
 * that keep it off the closed network of CI machines.
 */
import {chromium, type Browser, type Page} from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROME_PATH'] || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

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
