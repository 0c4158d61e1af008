/**
 * The whole widget by keyboard only (Tab, Shift+Tab, Enter, Space, Escape, arrows): open the
 * launcher, pick a starter prompt, stop the run, approve a refund, rate with the arrow keys,
 * send the rating, close. After every key the focus is on a control of the chat (never on
 * `body`) and visibly so (`:focus-visible` with an outline, on the star's label for a star).
 * On a narrow screen the full-screen panel keeps the focus inside while open.
 */
import {afterAll, beforeAll, expect, test} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import {launchChromium} from '../helpers/chromium.ts';
import {chat, idle, startA11yServer, type A11yServer} from './helpers/a11y-page.ts';

let server: A11yServer;
let browser: Browser;

beforeAll(async () => {
  server = await startA11yServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Focus {
  /** The focused element, deepest through shadow roots: `tag[part] "name"`. */
  what: string;
  visible: boolean;
  inPanel: boolean;
}

/** Where the focus is, and whether it shows. */
function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return {what: 'body', visible: false, inPanel: false};
    const label = el.id && (el.getRootNode() as ShadowRoot).querySelector(`label[for="${el.id}"]`);
    // Text as read: without what is hidden from assistive technology.
    const read = (node: Element) => {
      const copy = node.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return copy.textContent ?? '';
    };
    const name = el.getAttribute('aria-label') || (label && read(label)) || read(el);
    // A star's radio is transparent: its label shows the ring.
    const ringed = el.matches('input[type="radio"]') ? el.nextElementSibling! : el;
    const style = getComputedStyle(ringed);
    const chatRoot = document.querySelector('zaby-chat')!.shadowRoot!;
    const panel = chatRoot.querySelector('[part~="panel"]')!;
    return {
      what: `${el.localName}[${el.getAttribute('part') ?? ''}] "${name.replace(/\s+/g, ' ').trim()}"`,
      visible:
        el.matches(':focus-visible') &&
        style.outlineStyle !== 'none' &&
        parseFloat(style.outlineWidth) >= 2,
      inPanel: panel.contains(chatRoot.activeElement),
    };
  });
}

/** Presses `key` and checks the focus: visible, on a control, and (when given) the one expected. */
async function press(page: Page, key: string, expected?: RegExp): Promise<Focus> {
  await page.keyboard.press(key);
  await page.waitForTimeout(50);
  const now = await focus(page);
  expect(now.what, `after ${key}`).not.toBe('body');
  expect(now.visible, `focus ring after ${key} on ${now.what}`).toBe(true);
  if (expected) expect(now.what, `after ${key}`).toMatch(expected);
  return now;
}

test('the whole widget works by keyboard, with the focus visible and never lost', async () => {
  const context = await browser.newContext({
    viewport: {width: 1024, height: 768},
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  await page.goto(`${server.origin}/?locale=en&mode=launcher&prompts`);
  await chat(page).locator('.launcher').waitFor();

  await press(page, 'Tab', /^button\[launcher\] "Open chat"$/);
  await press(page, 'Enter', /^textarea\[input\] "Message"$/);
  await press(page, 'Shift+Tab', /^button\[prompt\] "What is the weather in Lisbon\?"$/);
  await press(page, 'Shift+Tab', /^button\[prompt\] "Tell me something slow"$/);
  // The prompt goes; the focus goes to the transcript, not to the page.
  await press(page, 'Enter', /^div\[log\] "Assistant"$/);
  await chat(page).locator('zaby-thinking[active] details').first().waitFor();
  await press(page, 'Tab', /^summary\[\] "Thinking…"$/);
  await press(page, 'Tab', /^textarea\[input\]/);
  await press(page, 'Tab', /^button\[stop-button\] "Stop"$/);
  await press(page, 'Space', /^textarea\[input\]/);
  await idle(page);
  expect((await focus(page)).what).toMatch(/^textarea\[input\]/);

  await page.keyboard.type('I want a refund for order 4242');
  await press(page, 'Enter', /^textarea\[input\]/);
  await chat(page).locator('[part~="approve-button"]').waitFor();
  await press(page, 'Shift+Tab', /^button\[reject-button\] "Reject issue_refund"$/);
  await press(page, 'Shift+Tab', /^button\[approve-button\] "Approve issue_refund"$/);
  // Decided: the buttons go, the card's heading (the outcome) takes the focus.
  await press(page, 'Enter', /^h3\[\] "Approved: issue_refund"$/);
  await idle(page);
  await chat(page).locator('zaby-star-rating:not([collapsed])').last().waitFor();

  await press(page, 'Tab', /^pre\[\] "Arguments"$/);
  // Copy the reply: the button keeps the focus and says it copied.
  await press(page, 'Tab', /^button\[copy-button\] "Copy reply"$/);
  await press(page, 'Enter', /^button\[copy-button\] "Copy reply"$/);
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/refund/);
  await press(page, 'Tab', /^input\[\] "1 star"$/);
  await press(page, 'ArrowRight', /^input\[\] "2 stars"$/);
  await press(page, 'ArrowRight', /^input\[\] "3 stars"$/);
  await press(page, 'ArrowRight', /^input\[\] "4 stars"$/);
  await press(page, 'Tab', /^textarea\[feedback-comment\] "Comment \(optional\)"$/);
  await page.keyboard.type('Quick and clear.');
  await press(page, 'Tab', /^button\[feedback-submit\] "Send feedback"$/);
  await press(page, 'Enter');
  await expect
    .poll(() => focus(page).then((f) => f.what))
    .toMatch(/^p\[\] "Thanks for your feedback!"$/);
  expect(server.emulator.stats().feedback).toBeGreaterThan(0);

  // A reply with code: back from the composer to a code block's copy button, and copy it.
  await press(page, 'Shift+Tab');
  for (let i = 0; i < 5 && !(await focus(page)).what.startsWith('textarea[input]'); i++)
    await press(page, 'Tab');
  await page.keyboard.type('Show me some markdown');
  await press(page, 'Enter', /^textarea\[input\]/);
  await idle(page);
  for (let i = 0; i < 40 && !(await focus(page)).what.startsWith('button[code-copy-button]'); i++)
    await press(page, 'Shift+Tab');
  await press(page, 'Enter', /^button\[code-copy-button\] "Copy code \(\w+\)"$/);
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toMatch(/greet|curl/);

  // A new conversation from the header, by keyboard: the focus goes to the composer.
  for (
    let i = 0;
    i < 30 && !(await focus(page)).what.startsWith('button[new-conversation-button]');
    i++
  )
    await press(page, 'Shift+Tab');
  await press(page, 'Enter', /^textarea\[input\] "Message"$/);
  await expect.poll(() => chat(page).locator('zaby-message').count()).toBe(0);

  await press(page, 'Escape', /^button\[launcher\] "Open chat"$/);
  expect(await chat(page).getAttribute('open')).toBe(null);
  await context.close();
});

test('on a narrow screen the full-screen panel keeps the focus inside while open', async () => {
  const context = await browser.newContext({viewport: {width: 375, height: 667}, hasTouch: true});
  const page = await context.newPage();
  await page.goto(`${server.origin}/?locale=en&mode=launcher&prompts`);
  await chat(page).locator('.launcher').waitFor();
  await press(page, 'Tab', /^button\[launcher\]/);
  await press(page, 'Enter', /^textarea\[input\]/);
  const seen = new Set<string>();
  for (const key of [...Array<string>(8).fill('Tab'), ...Array<string>(8).fill('Shift+Tab')]) {
    const now = await press(page, key);
    expect(now.inPanel, `${key} to ${now.what}`).toBe(true);
    seen.add(now.what);
  }
  // It went round: the close button, the log, the prompts and the composer were all reached.
  expect([...seen].join('\n')).toMatch(/close-button[\s\S]*/);
  expect(seen.size).toBeGreaterThanOrEqual(5);
  await context.close();
});
