/**
 * The accessibility tree, held by snapshots: for each state the element reaches against the
 * emulator, in English and Arabic, Playwright's ARIA snapshot of `<zaby-chat>` (roles,
 * names, states, through shadow roots) is compared with `__snapshots__/a11y/<locale>/<state>.yml`.
 * A change to the tree fails here and shows in review; after an intended change,
 * `UPDATE_SNAPSHOTS=1 npm run test:e2e` (or `npm run test:e2e -- -u`) writes them again.
 * Also in every state: every button has a name, the transcript is a `log`, the launcher
 * panel a `dialog` named by its title, and axe-core finds nothing, light and dark.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import {launchChromium} from '../helpers/chromium.ts';
import {ariaTree, axeViolations, unnamedButtons} from './helpers/aria.ts';
import {chat, idle, input, send, startA11yServer, type A11yServer} from './helpers/a11y-page.ts';

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

interface State {
  query: string;
  reach(page: Page): Promise<void>;
}

const refund = 'I want a refund for order 4242';

const STATES: Record<string, State> = {
  'empty-with-prompts': {query: 'prompts', reach: async () => {}},
  streaming: {
    query: '',
    // The slow behaviour thinks in 500 ms deltas: from its first reasoning delta the tree
    // stays the same for about a second and a half, until the reply's text begins.
    reach: async (page) => {
      await send(page, 'Tell me something slow');
      await chat(page).locator('zaby-thinking[active] details').first().waitFor();
      await chat(page).locator('[part~="stop-button"]').waitFor();
    },
  },
  'reply-with-code': {
    query: '',
    reach: async (page) => {
      await send(page, 'Show me some markdown');
      await idle(page);
      await chat(page).locator('zaby-star-rating').waitFor();
    },
  },
  'tool-call': {
    query: '',
    reach: async (page) => {
      await send(page, 'What is the weather in Lisbon?');
      await idle(page);
      await chat(page).locator('zaby-star-rating').waitFor();
    },
  },
  'approval-pending': {
    query: '',
    reach: async (page) => {
      await send(page, refund);
      await chat(page).locator('[part~="approve-button"]').waitFor();
    },
  },
  'approval-decided': {
    query: '',
    reach: async (page) => {
      await send(page, refund);
      await chat(page).locator('[part~="approve-button"]').click();
      await idle(page);
      await chat(page).locator('zaby-star-rating').waitFor();
    },
  },
  feedback: {
    query: '',
    reach: async (page) => {
      await send(page, 'Hello');
      await idle(page);
      await chat(page).locator('[part~="star"]').nth(3).click();
      await chat(page).locator('[part~="feedback-submit"]').waitFor();
    },
  },
  'feedback-sent': {
    query: '',
    reach: async (page) => {
      await send(page, 'Hello');
      await idle(page);
      await chat(page).locator('[part~="star"]').nth(3).click();
      await chat(page).locator('[part~="feedback-submit"]').click();
      await chat(page).locator('.thanks').waitFor();
    },
  },
  'error-with-retry': {
    query: '',
    reach: async (page) => {
      server.emulator.injectFault({
        method: 'POST',
        path: '/runs',
        status: 503,
        code: 'unavailable',
        message: 'The agent is unavailable right now.',
        times: 5,
      });
      await input(page).fill('Hello');
      await input(page).press('Enter');
      await chat(page).locator('[part~="retry-button"]').waitFor({timeout: 20_000});
    },
  },
  'launcher-closed': {query: 'mode=launcher', reach: async () => {}},
  'launcher-closed-unread': {
    query: 'mode=launcher',
    reach: async (page) => {
      // A reply that finishes while the panel is closed shows on the badge.
      await chat(page).locator('[part~="launcher"]').click();
      await input(page).fill('Hello');
      await input(page).press('Enter');
      await page.keyboard.press('Escape');
      await chat(page).locator('[part~="unread-badge"]').waitFor({timeout: 15_000});
    },
  },
  'launcher-open': {
    query: 'mode=launcher&prompts',
    reach: async (page) => {
      await chat(page).locator('[part~="launcher"]').click();
      await input(page).waitFor();
    },
  },
};

describe.each(['en', 'ar'])('%s', (locale) => {
  test.each(Object.keys(STATES))('%s', async (name) => {
    const state = STATES[name]!;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.origin}/?locale=${locale}&${state.query}`);
      await chat(page).locator('zaby-composer').waitFor({state: 'attached'});
      await chat(page)
        .locator(state.query.includes('launcher') ? '.launcher' : 'textarea')
        .waitFor();
      await state.reach(page);
      const tree = await ariaTree(chat(page));
      await expect(tree).toMatchFileSnapshot(`__snapshots__/a11y/${locale}/${name}.yml`);

      expect(unnamedButtons(tree), 'buttons without a name').toEqual([]);
      if (!name.startsWith('launcher-closed')) expect(tree).toMatch(/^\s*- log "[^"]+"/m);
      if (name === 'launcher-open') {
        const title = await chat(page).locator('[part="title"]').innerText();
        expect(tree).toContain(`- dialog "${title}"`);
      }
      expect(await axeViolations(page), 'axe, light').toEqual([]);
      await chat(page).evaluate((el) => el.setAttribute('theme', 'dark'));
      expect(await axeViolations(page), 'axe, dark').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
