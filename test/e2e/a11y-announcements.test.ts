/**
 * What a screen reader hears over a whole scripted conversation, recorded from the live
 * regions (test/e2e/helpers/live-regions.ts for the model): one announcement per finished
 * reply (plain text, no markdown syntax), one per tool call, one assertive when an approval
 * waits, the decision, an error once — nothing per token, nothing twice. In English and
 * Arabic (the agent's own text stays English).
 */
import {afterAll, beforeAll, expect, test} from 'vitest';
import type {Browser} from 'playwright-core';
import {ar} from '../../src/i18n/ar.ts';
import {en} from '../../src/i18n/en.ts';
import type {ZabyStrings} from '../../src/i18n/strings.ts';
import {launchChromium} from '../helpers/chromium.ts';
import {chat, idle, input, send, startA11yServer, type A11yServer} from './helpers/a11y-page.ts';
import {announcements, recordLiveRegions} from './helpers/live-regions.ts';

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

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.each([
  ['en', en],
  ['ar', ar],
] as Array<[string, ZabyStrings]>)(
  '%s: a scripted conversation is announced once per reply, tool call, approval and error',
  async (locale, s) => {
    const context = await browser.newContext({
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    await recordLiveRegions(page);
    await page.goto(`${server.origin}/?locale=${locale}`);
    await input(page).waitFor();
    // What arrives in one frame is said in one announcement (a fast tool call and its reply):
    // it is split again at the start of each reply and tool call, so each is counted once.
    const starts = new RegExp(`(?=${escape(s.newMessage(s.title, ''))}|${escape(s.toolCall)}: )`);
    const heard = async (count: number) => {
      const said = async () =>
        (await announcements(page)).flatMap((a) =>
          a.text.split(starts).map((text) => ({politeness: a.politeness, text: text.trim()})),
        );
      await expect.poll(async () => (await said()).length, {timeout: 15_000}).toBe(count);
      // Nothing more arrives a moment later (no late or repeated announcement).
      await page.waitForTimeout(300);
      return said();
    };

    await send(page, 'Hello');
    await idle(page);
    await heard(1);

    await send(page, 'What is the weather in Lisbon?');
    await idle(page);
    await heard(3);

    await send(page, 'I want a refund for order 4242');
    await chat(page).locator('[part~="approve-button"]').waitFor();
    await heard(5);
    await chat(page).locator('[part~="approve-button"]').click();
    await idle(page);
    await heard(7);

    await send(page, 'Please fail');
    await idle(page);
    await heard(8);

    // Every attempt of the client's backoff fails: the error banner, then Retry works.
    server.emulator.injectFault({
      method: 'POST',
      path: '/runs',
      status: 503,
      code: 'unavailable',
      message: 'The agent is unavailable right now.',
      times: 5,
    });
    await input(page).fill('Hello again');
    await input(page).press('Enter');
    await chat(page).locator('[part~="retry-button"]').click({timeout: 20_000});
    await idle(page);
    await heard(10);

    // A copy is confirmed once.
    await chat(page).locator('[part~="copy-button"]').last().click();
    const all = await heard(11);
    await context.close();

    const reply = (text: string) => new RegExp(`^${escape(s.newMessage(s.title, ''))}${text}`);
    const exactly = (text: string) => new RegExp(`^${escape(text)}$`);
    const expected: Array<[string, RegExp]> = [
      ['polite', reply('You said: Hello This is turn 1 of our conversation\\.')],
      ['polite', exactly(`${s.toolCall}: get_weather`)],
      ['polite', reply('In Lisbon it is currently 18 °C and partly cloudy')],
      ['polite', exactly(`${s.toolCall}: issue_refund`)],
      ['assertive', exactly(`${s.approvalTitle}: issue_refund`)],
      ['polite', exactly(s.approved)],
      ['polite', reply('Done: I issued a refund of €49\\.99 for order 4242\\.')],
      ['polite', reply(`Let me look that up for you… ${escape(s.failed)}$`)],
      ['assertive', /^The agent is unavailable right now\./],
      ['polite', reply('You said: Hello again This is turn 5')],
      ['polite', exactly(s.copied)],
    ];

    expect(all.map((a) => a.politeness)).toEqual(expected.map(([p]) => p));
    all.forEach((a, i) => expect(a.text).toMatch(expected[i]![1]));
    for (const a of all) expect(a.text, 'plain text, no markdown syntax').not.toMatch(/\*\*|`|^>/);
  },
);

test.each([
  ['en', en],
  ['ar', ar],
] as Array<[string, ZabyStrings]>)(
  '%s: with the launcher closed, a finished reply is announced as the unread count, once',
  async (locale, s) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await recordLiveRegions(page);
    await page.goto(`${server.origin}/?locale=${locale}&mode=launcher`);
    await chat(page).locator('[part~="launcher"]').click();
    await send(page, 'Hello');
    await idle(page);
    await expect.poll(async () => (await announcements(page)).length).toBe(1);
    // Closed while the next reply streams: it counts, and the count is what is said.
    await input(page).fill('Hello there');
    await input(page).press('Enter');
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await announcements(page)).map((a) => a.text).at(-1), {timeout: 20_000})
      .toBe(s.unreadReplies(1));
    await page.waitForTimeout(300);
    const all = await announcements(page);
    expect(all.filter((a) => a.text === s.unreadReplies(1))).toHaveLength(1);
    expect(all).toHaveLength(2);
    await context.close();
  },
);
