/**
 * Strict CSP with Trusted Types enforced, and token hygiene: a page served with
 * `script-src 'self'; style-src 'self'; require-trusted-types-for 'script'` and a
 * `trusted-types` directive naming only the documented policies runs a whole conversation
 * (text, tool call, approval, feedback) with zero violations; afterwards the token is
 * nowhere but in memory.
 */
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {type Browser} from 'playwright-core';
import {startEmulator, type RunningEmulator} from '../../src/emulator/index.ts';
import {launchChromium} from '../helpers/chromium.ts';
import {allowOrigins, mintToken} from '../helpers/emulator.ts';
import {
  closeServer,
  listenLocal,
  recordViolations,
  strictCsp,
  violations,
} from './helpers/strict-page.ts';

let emulator: RunningEmulator;
let server: Server;
let origin = '';
let browser: Browser;
const minted: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({port: 0, deltaMs: 1});
  const csp = strictCsp(emulator.origin);
  const iife = readFileSync('dist/zaby-chat.iife.js');
  server = createServer(async (req, res) => {
    if (req.url === '/') {
      res.writeHead(200, {'Content-Type': 'text/html', 'Content-Security-Policy': csp});
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title></head><body>
<zaby-chat id="chat" token-endpoint="/token"></zaby-chat>
<script src="/config.js"></script><script src="/zaby-chat.iife.js"></script></body></html>`);
    } else if (req.url === '/config.js') {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(
        `document.getElementById('chat').setAttribute('api-origin', ${JSON.stringify(emulator.origin)});`,
      );
    } else if (req.url === '/zaby-chat.iife.js') {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(iife);
    } else if (req.url === '/token' && req.method === 'POST') {
      const {token} = await mintToken(emulator, {externalUserId: 'csp-user'});
      minted.push(token);
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(JSON.stringify({token}));
    } else {
      res.writeHead(404).end();
    }
  });
  origin = await listenLocal(server);
  await allowOrigins(emulator, [origin]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await emulator?.close();
});

test('a whole conversation under strict CSP + Trusted Types has zero violations and leaks no token', async () => {
  const page = await browser.newPage();
  const console: string[] = [];
  const urls: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  page.on('request', (r) => urls.push(r.url()));
  await recordViolations(page);
  await page.goto(origin);
  const chat = page.locator('zaby-chat');
  // Like a person: wait for the previous reply to finish (Enter does not send while one streams).
  const send = async (text: string) => {
    await expect.poll(() => chat.locator('zaby-composer[busy]').count(), {timeout: 10_000}).toBe(0);
    await chat.locator('textarea').fill(text);
    await chat.locator('textarea').press('Enter');
    await expect.poll(() => chat.locator('textarea').inputValue(), {timeout: 10_000}).toBe('');
  };
  await send('Hello **markdown** and [a link](https://example.com)');
  await chat.locator('zaby-star-rating').first().waitFor({timeout: 10_000});
  await send('weather in Oslo');
  await chat.locator('zaby-tool-call').first().waitFor();
  await send('refund order 77');
  await chat.locator('[part~="approve-button"]').first().click({timeout: 10_000});
  await expect.poll(() => chat.locator('zaby-star-rating').count(), {timeout: 10_000}).toBe(3);
  await chat.locator('[part~="star"]').nth(4).click();
  await chat.locator('[part~="feedback-submit"]').first().click();
  await expect.poll(() => emulator.stats().feedback).toBe(1);
  await expect
    .poll(() => chat.locator('a[target="_blank"][rel="noopener noreferrer"]').count())
    .toBeGreaterThan(0);

  expect(await violations(page)).toEqual([]);

  // Token hygiene: the token is in memory only.
  expect(minted.length).toBeGreaterThan(0);
  const token = minted.at(-1)!;
  const places = await page.evaluate(() =>
    JSON.stringify({
      local: {...localStorage},
      session: {...sessionStorage},
      cookie: document.cookie,
      attributes: [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].map((a) => a.value),
      ),
      shadowAttributes: (() => {
        const out: string[] = [];
        const walk = (root: Document | ShadowRoot) =>
          root.querySelectorAll('*').forEach((el) => {
            for (const a of el.attributes) out.push(a.value);
            if (el.shadowRoot) walk(el.shadowRoot);
          });
        walk(document);
        return out;
      })(),
    }),
  );
  for (const t of minted) {
    expect(places).not.toContain(t);
    expect(urls.join(' ')).not.toContain(t);
    expect(console.join(' ')).not.toContain(t);
  }
  expect(
    await page.evaluate(
      () => (document.querySelector('zaby-chat') as unknown as {token: string}).token,
    ),
  ).toBe(token);
  await page.close();
});
