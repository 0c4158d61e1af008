/**
 * Character references decode through `Document.parseHTML` (render.ts) on the strict page
 * (CSP + Trusted Types enforced, helpers/strict-page.ts) with zero violations, one-shot and
 * streamed, from the built script-tag bundle.
 */
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {type Browser} from 'playwright-core';
import {launchChromium} from '../helpers/chromium.ts';
import {strictCsp} from './helpers/strict-page.ts';

const MARKDOWN =
  '&ouml; &AElig; &ClockwiseContourIntegral; &notit; [f&ouml;&ouml;](/f&ouml;&ouml; "t&eacute;") ![a *b* &frac34;](/i.png)\n';

/** Runs on the page (script-src 'self'): one-shot, then streamed in 3-character deltas. */
const PAGE_SCRIPT = `
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.violations.push(e.violatedDirective + ' ' + e.sample));
window.run = async (text) => {
  const once = document.createElement('zaby-markdown');
  const streamed = document.createElement('zaby-markdown');
  document.body.append(once, streamed);
  once.text = text;
  streamed.streaming = true;
  for (let i = 0; i < text.length; i += 3) {
    streamed.text = text.slice(0, i + 3);
    await streamed.updateComplete;
    await new Promise(requestAnimationFrame);
  }
  streamed.streaming = false;
  await Promise.all([once.updateComplete, streamed.updateComplete]);
  const show = (el) => {
    const root = el.shadowRoot;
    return {text: root.textContent.trim(), links: [...root.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.title, a.textContent])};
  };
  return {api: typeof Document.parseHTML, once: show(once), streamed: show(streamed), violations: window.violations};
};`;

let server: Server;
let origin = '';
let browser: Browser;

beforeAll(async () => {
  const iife = readFileSync('dist/zaby-chat.iife.js');
  server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, {
        'Content-Type': 'text/html',
        'Content-Security-Policy': strictCsp('http://127.0.0.1:1'),
      });
      res.end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Entities</title></head><body><script src="/page.js"></script><script src="/zaby-chat.iife.js"></script></body></html>',
      );
    } else if (req.url === '/page.js' || req.url === '/zaby-chat.iife.js') {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(req.url === '/page.js' ? PAGE_SCRIPT : iife);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

test('named character references decode through Document.parseHTML with zero CSP or Trusted Types violations', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(origin);
  await page.waitForFunction(() => customElements.get('zaby-markdown'));
  const result = await page.evaluate(
    (md) => (window as unknown as {run(t: string): Promise<unknown>}).run(md),
    MARKDOWN,
  );
  const expected = {
    text: 'ö Æ ∲ &notit; föö a b ¾',
    links: [
      ['/f%C3%B6%C3%B6', 'té', 'föö'],
      ['/i.png', '', 'a b ¾'],
    ],
  };
  expect(result).toEqual({api: 'function', once: expected, streamed: expected, violations: []});
  expect(errors).toEqual([]);
  await page.close();
});
