/**
 * Each way of embedding <zaby-chat> end to end, in Debian's Chromium against the demo
 * server and the emulator over real HTTP: a token from the host backend, a streamed reply,
 * the weather tool call and the refund approval (approve and reject; through the pages' own
 * tool renderers on the script-tag, React and Vue pages), star feedback reaching
 * the emulator, a revoked token family mid-conversation, and a reload that restores the
 * transcript. The webview page also at phone sizes with touch.
 */
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type Browser, type Locator, type Page} from 'playwright-core';
import {startDemo, type RunningDemo} from '../../demo/server.ts';
import {lastReply} from './helpers/browser.ts';
import {launchChromium} from '../helpers/chromium.ts';

const PROVISIONING = '/api/v1/provisioning/agentic-os';
let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemo({port: 0, emulatorPort: 0, deltaMs: 2, rebuild: true});
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function provisioning(method: string, path: string, body?: unknown) {
  const r = await fetch(`${demo.emulator.origin}${PROVISIONING}${path}`, {
    method,
    headers: {Authorization: `Bearer ${demo.emulator.apiKey}`, 'Content-Type': 'application/json'},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });
  return r.json() as Promise<{items: Array<{id: string; status: string}>}>;
}

function chat(page: Page): Locator {
  return page.locator('zaby-chat#chat');
}

/** Sends like a person: waits for the previous reply to finish (Enter does not send while one streams). */
async function send(page: Page, text: string) {
  await expect
    .poll(() => chat(page).locator('zaby-composer[busy]').count(), {timeout: 10_000})
    .toBe(0);
  await chat(page).locator('textarea').fill(text);
  await chat(page).locator('textarea').press('Enter');
  await expect.poll(() => chat(page).locator('textarea').inputValue(), {timeout: 10_000}).toBe('');
}

const PAGES = [
  ['script tag (IIFE only)', '/script-tag.html'],
  ['React 19', '/react/'],
  ['Vue 3', '/vue/'],
  ['mobile webview', '/webview.html'],
] as const;

test("the script-tag bundle the pages load is Lit's production build, even when built under Vitest", () => {
  const iife = readFileSync(new URL('../../dist/zaby-chat.iife.js', import.meta.url), 'utf8');
  expect(iife).toContain('zaby-chat');
  expect(iife).not.toContain('Lit is in dev mode');
});

describe.each(PAGES)('%s', (_name, path) => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${demo.origin}${path}`);
    await chat(page).locator('textarea').waitFor();
  });
  afterAll(() => page?.close());

  test('streams a reply with a token from the host backend', async () => {
    await send(page, 'Hello from the e2e test');
    await expect.poll(() => lastReply(page), {timeout: 10_000}).toContain('turn 1');
    expect(await lastReply(page)).toContain('Hello from the e2e test');
    expect(await chat(page).locator('textarea').inputValue()).toBe('');
  });

  test('renders a markdown reply as elements, with no raw syntax left', async () => {
    await send(page, 'Show me some markdown');
    await expect.poll(() => lastReply(page), {timeout: 10_000}).toContain('every feature');
    const rendered = await page.evaluate(() => {
      const messages = [
        ...document.querySelector('zaby-chat#chat')!.shadowRoot!.querySelectorAll('zaby-message'),
      ];
      const roots = [...messages.at(-1)!.shadowRoot!.querySelectorAll('zaby-markdown')].map((m) =>
        m.shadowRoot!.querySelector('.md')!,
      );
      const count = (selector: string) =>
        roots.reduce((n, root) => n + root.querySelectorAll(selector).length, 0);
      return {
        counts: [
          // heading-level 3 (the default): a reply's # is an h3, its ## an h4.
          'h3',
          'h4',
          'strong',
          'em',
          'del',
          'code',
          'ol ul ol li',
          'input[type="checkbox"][disabled]',
          'table th[align]',
          'tbody tr',
          'pre code.language-ts',
          'pre code.language-python',
          'blockquote p',
          'hr',
          'a[href="https://example.com/docs"][target="_blank"][rel="noopener noreferrer"]',
          'a[href^="mailto:"]',
        ].map((selector) => [selector, count(selector)]),
        text: roots.map((root) => root.textContent).join(''),
      };
    });
    for (const [selector, n] of rendered.counts) expect(n, String(selector)).toBeGreaterThan(0);
    expect(rendered.text).not.toMatch(/\*\*|~~|\]\(|\| :?-|^#/m);
  });

  // The script-tag, React and Vue pages show these tools with their own renderers (page DOM
  // slotted into the chat); the webview page keeps the built-in view and approval card.
  const custom = path !== '/webview.html';

  test('shows the weather tool call', async () => {
    await send(page, 'What is the weather in Lisbon?');
    if (custom) {
      const card = chat(page).locator('demo-weather-card, .demo-card').last();
      await expect
        .poll(() => card.innerText({timeout: 1_000}), {timeout: 10_000})
        .toMatch(/Weather in Lisbon[\s\S]*18 °C, partly cloudy/);
      // The page's own stylesheet styles it.
      expect(await card.evaluate((e) => getComputedStyle(e).borderTopLeftRadius)).toBe('12px');
    } else {
      const tool = chat(page).locator('zaby-tool-call').last();
      await expect
        .poll(() => tool.locator('summary').innerText({timeout: 1_000}), {timeout: 10_000})
        .toMatch(/get_weather[\s\S]*Done/);
    }
    await expect.poll(() => lastReply(page)).toContain('Lisbon');
  });

  test('approves and rejects refunds', async () => {
    for (const [button, expected] of [
      ['approve-button', 'issued a refund'],
      ['reject-button', 'not'],
    ] as const) {
      if (custom) {
        await send(page, 'I want a refund for order 4242');
        const form = chat(page).locator('demo-refund-confirmation, .demo-card:has(.amount)').last();
        expect(await form.locator('.amount').innerText({timeout: 10_000})).toBe('49.99 EUR');
        await form.locator(`button.${button.replace('-button', '')}`).click({timeout: 10_000});
        await expect.poll(() => lastReply(page), {timeout: 10_000}).toContain(expected);
        await expect
          .poll(() => form.locator('[role="status"]').innerText())
          .toBe(button === 'approve-button' ? 'Refund issued.' : 'Refund rejected.');
        expect(await form.locator('button').count()).toBe(0);
        expect(await chat(page).locator('zaby-approval-card').count()).toBe(0);
        continue;
      }
      const count = await chat(page).locator('zaby-approval-card').count();
      await send(page, 'I want a refund for order 4242');
      const card = chat(page).locator('zaby-approval-card').nth(count);
      await card.locator(`[part~="${button}"]`).click({timeout: 10_000});
      await expect.poll(() => lastReply(page), {timeout: 10_000}).toContain(expected);
      // Decided: the outcome is the card's heading, and no button is left.
      await expect.poll(() => card.locator(`[part~="approve-button"]`).count()).toBe(0);
      expect(await card.locator('h3').innerText()).toMatch(
        button === 'approve-button' ? /Approved/ : /Rejected/,
      );
    }
  });

  test('sends star feedback that reaches the emulator', async () => {
    const before = demo.emulator.stats().feedback;
    const rating = chat(page).locator('zaby-star-rating').last();
    await rating.locator('[part~="star"]').nth(3).click();
    await rating.locator('[part~="feedback-submit"]').click();
    await expect.poll(() => rating.locator('[role="status"]').count()).toBe(1);
    expect(demo.emulator.stats().feedback).toBe(before + 1);
  });

  test('recovers from a revoked token family mid-conversation', async () => {
    const families = await provisioning('GET', '/runtime-token-families');
    for (const family of families.items.filter((f) => f.status === 'ACTIVE')) {
      await provisioning('POST', `/runtime-token-families/${family.id}/revoke`);
    }
    const runs = demo.emulator.stats().runsCreated;
    await send(page, 'Still there after the revoke?');
    await expect
      .poll(() => lastReply(page), {timeout: 10_000})
      .toContain('Still there after the revoke?');
    await expect.poll(() => lastReply(page), {timeout: 10_000}).toContain('rich text');
    expect(demo.emulator.stats().runsCreated).toBe(runs + 1);
  });

  test('restores the transcript after a reload', async () => {
    const bubbles = await chat(page).locator('zaby-message').count();
    const reply = await lastReply(page);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    await page.reload();
    await expect
      .poll(() => chat(page).locator('zaby-message').count(), {
        timeout: 10_000,
        message: `restored from ${stored}; banner: ${await chat(page).locator('[part~="error"]').allInnerTexts()}`,
      })
      .toBe(bubbles);
    await expect.poll(() => lastReply(page)).toBe(reply);
    expect(errors).toEqual([]);
  });
});

describe('mobile webview at phone sizes', () => {
  test('keeps the composer visible, touch targets ≥ 44 px, no horizontal scroll at 320 px', async () => {
    const context = await browser.newContext({
      viewport: {width: 360, height: 740},
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(`${demo.origin}/webview.html`);
    const input = chat(page).locator('textarea');
    await input.waitFor();
    await send(page, 'Hi from a phone');
    await expect.poll(() => lastReply(page), {timeout: 10_000}).toContain('Hi from a phone');
    for (const part of ['send-button', 'star']) {
      const box = (await chat(page).locator(`[part~="${part}"]`).first().boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    // An on-screen keyboard shrinks the viewport: the composer must stay in view.
    await page.setViewportSize({width: 360, height: 400});
    await input.tap();
    const box = (await input.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(400);
    await page.setViewportSize({width: 320, height: 640});
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await context.close();
  });
});
