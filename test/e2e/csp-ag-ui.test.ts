/**
 * `backend="ag-ui"` under the strict CSP + Trusted Types page: the script-tag bundle and
 * the ag-ui add-on's, talking to the emulator's AG-UI endpoint with a bearer token from the
 * page's own token endpoint, hold a conversation (text, a tool call, an interrupt that is
 * approved and resumed, a rating) with zero violations.
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
let tokens = 0;

beforeAll(async () => {
  emulator = await startEmulator({port: 0, deltaMs: 1});
  const csp = strictCsp(emulator.origin);
  const scripts: Record<string, Buffer> = {
    '/zaby-chat.iife.js': readFileSync('dist/zaby-chat.iife.js'),
    '/zaby-chat-ag-ui.iife.js': readFileSync('dist/zaby-chat-ag-ui.iife.js'),
  };
  server = createServer(async (req, res) => {
    const script = scripts[req.url ?? ''];
    if (req.url === '/') {
      res.writeHead(200, {'Content-Type': 'text/html', 'Content-Security-Policy': csp});
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP AG-UI</title></head><body>
<zaby-chat id="chat" backend="ag-ui" token-endpoint="/token"></zaby-chat>
<script src="/config.js"></script><script src="/zaby-chat-ag-ui.iife.js"></script><script src="/zaby-chat.iife.js"></script></body></html>`);
    } else if (req.url === '/config.js') {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(
        `const chat = document.getElementById('chat');
chat.setAttribute('agent-url', ${JSON.stringify(`${emulator.origin}/ag-ui/agent`)});
chat.addEventListener('zaby-feedback', (e) => { window.rated = e.detail.rating; });`,
      );
    } else if (script) {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(script);
    } else if (req.url === '/token' && req.method === 'POST') {
      const {token} = await mintToken(emulator, {externalUserId: 'csp-ag-ui-user'});
      tokens++;
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

test('an AG-UI conversation under strict CSP + Trusted Types has zero violations', async () => {
  const page = await browser.newPage();
  await recordViolations(page);
  await page.goto(origin);
  const chat = page.locator('zaby-chat');
  const send = async (text: string) => {
    await expect.poll(() => chat.locator('zaby-composer[busy]').count(), {timeout: 10_000}).toBe(0);
    await chat.locator('textarea').fill(text);
    await chat.locator('textarea').press('Enter');
    await expect.poll(() => chat.locator('textarea').inputValue(), {timeout: 10_000}).toBe('');
  };
  await send('Hello **markdown** over AG-UI');
  await chat.locator('zaby-star-rating').first().waitFor({timeout: 10_000});
  await send('weather in Oslo');
  await chat.locator('zaby-tool-call').first().waitFor();
  await chat.locator('zaby-markdown p', {hasText: 'Oslo'}).first().waitFor();
  await send('refund order 77');
  await chat.locator('[part~="approve-button"]').first().click({timeout: 10_000});
  await expect.poll(() => chat.locator('zaby-star-rating').count(), {timeout: 10_000}).toBe(3);
  await chat.locator('zaby-markdown p', {hasText: 'Done: I issued a refund'}).first().waitFor();
  await chat.locator('[part~="star"]').nth(4).click();
  await chat.locator('[part~="feedback-submit"]').first().click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as {rated?: number}).rated))
    .toBe(5);
  // The emulator verified a bearer token on each request.
  expect(tokens).toBeGreaterThan(0);
  expect(await violations(page)).toEqual([]);
  await page.close();
});
