/**
 * The html add-on and host tool renderers under the strict CSP + Trusted Types page of
 * csp.test.ts, the add-on's policy `zaby-chat-html` added: the XSS corpus through the HTML
 * path runs nothing and keeps nothing dangerous, `<details>` and a `colspan` table render,
 * renderers registered through `window.ZabyChat.registerToolRenderer` show a weather card
 * and a refund form that approves; zero violations. The main bundle carries no DOMPurify.
 */
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {type Browser, type Page} from 'playwright-core';
import {startEmulator, type RunningEmulator} from '../../src/emulator/index.ts';
import {XSS_PAYLOADS} from '../browser/fixtures/xss-payloads.ts';
import {launchChromium} from '../helpers/chromium.ts';
import {allowOrigins, mintToken} from '../helpers/emulator.ts';
import {lastReply} from './helpers/browser.ts';
import {closeServer, listenLocal, recordViolations, strictCsp} from './helpers/strict-page.ts';

let emulator: RunningEmulator;
let server: Server;
let origin = '';
let browser: Browser;

/** The page's own script: renderers through the global, values shown as text. */
const PAGE_SCRIPT = `
document.getElementById('chat').setAttribute('api-origin', API_ORIGIN);
window.ZabyChat.registerToolRenderer('get_weather', (call, container) => {
  container.replaceChildren();
  const card = document.createElement('p');
  card.className = 'weather';
  card.textContent = call.arguments.city + ': ' + call.status + (call.output ? ' ' + call.output.temperatureC + ' C' : '');
  container.append(card);
});
window.ZabyChat.registerToolRenderer('issue_refund', (call, container) => {
  container.replaceChildren();
  const p = document.createElement('p');
  p.className = 'refund';
  p.textContent = call.status + ' ' + (call.approval && call.approval.decision || '');
  container.append(p);
  if (call.approval && !call.approval.decision) {
    const b = document.createElement('button');
    b.className = 'approve';
    b.textContent = 'Approve refund';
    b.onclick = () => call.approval.approve();
    container.append(b);
  }
});`;

beforeAll(async () => {
  emulator = await startEmulator({port: 0, deltaMs: 1});
  const csp = strictCsp(emulator.origin, 'zaby-chat-html');
  const files: Record<string, Buffer | string> = {
    '/zaby-chat.iife.js': readFileSync('dist/zaby-chat.iife.js'),
    '/zaby-chat-html.iife.js': readFileSync('dist/zaby-chat-html.iife.js'),
    '/page.js': PAGE_SCRIPT.replace('API_ORIGIN', JSON.stringify(emulator.origin)),
  };
  server = createServer(async (req, res) => {
    if (req.url === '/') {
      res.writeHead(200, {'Content-Type': 'text/html', 'Content-Security-Policy': csp});
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP html</title></head><body>
<zaby-chat id="chat" token-endpoint="/token" allow-html></zaby-chat>
<script src="/zaby-chat.iife.js"></script><script src="/zaby-chat-html.iife.js"></script><script src="/page.js"></script></body></html>`);
    } else if (req.url && files[req.url]) {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(files[req.url]);
    } else if (req.url === '/token' && req.method === 'POST') {
      const {token} = await mintToken(emulator, {externalUserId: 'csp-html-user'});
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

async function open(): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as {canary: number; __canary(): void};
    w.canary = 0;
    w.__canary = () => w.canary++;
    window.alert = window.confirm = window.prompt = () => (w.canary++, null) as never;
  });
  await recordViolations(page);
  await page.goto(`${origin}/`);
  return page;
}

const state = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as {violations: string[]; canary: number};
    return {violations: w.violations, canary: w.canary};
  });

test('the main bundle has no DOMPurify; the add-on has it', () => {
  const purify = /ALLOWED_TAGS|DOMPurify/;
  expect(purify.test(readFileSync('dist/zaby-chat.iife.js', 'utf8'))).toBe(false);
  expect(purify.test(readFileSync('dist/zaby-chat-html.iife.js', 'utf8'))).toBe(true);
});

test('the corpus through the HTML path runs nothing and keeps nothing dangerous; details and colspan render', async () => {
  const page = await open();
  const text = [
    '<details><summary>More</summary><p>inside</p></details>',
    '<table><tr><th colspan="2">wide</th></tr></table>',
    ...XSS_PAYLOADS,
    ...XSS_PAYLOADS.map((p) => `inline ${p} text`),
  ].join('\n\n');
  const report = await page.evaluate(async (text) => {
    const md = document.createElement('zaby-markdown') as HTMLElement & {
      text: string;
      allowHtml: boolean;
      updateComplete: Promise<unknown>;
    };
    md.allowHtml = true;
    md.text = text;
    document.body.append(md);
    await md.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    const all = [...md.shadowRoot!.querySelectorAll('*')];
    for (const d of all) if (d instanceof HTMLDetailsElement) d.open = true;
    await new Promise((r) => setTimeout(r, 100));
    return {
      summary: md.shadowRoot!.querySelector('details > summary')?.textContent,
      colspan: md.shadowRoot!.querySelector('th')?.getAttribute('colspan'),
      count: all.length,
      banned: all
        .filter((e) =>
          /^(script|iframe|object|embed|math|svg|img|style|form|input|textarea|video|audio|base|meta|link|template)$/.test(
            e.localName,
          ),
        )
        .map((e) => e.outerHTML.slice(0, 60)),
      attrs: all.flatMap((e) =>
        [...e.attributes]
          .filter(
            (a) =>
              a.name.startsWith('on') ||
              a.name === 'style' ||
              (/^(href|src|action|xlink:href|srcdoc)$/.test(a.name) &&
                /^\s*(javascript|vbscript|data):/i.test(a.value)),
          )
          .map((a) => `${e.localName} ${a.name}`),
      ),
    };
  }, text);
  expect(report.summary).toBe('More');
  expect(report.colspan).toBe('2');
  expect(report.count).toBeGreaterThan(200);
  expect(report.banned).toEqual([]);
  expect(report.attrs).toEqual([]);
  expect(await state(page)).toEqual({violations: [], canary: 0});
  await page.close();
});

test('renderers from window.ZabyChat show a weather card and a refund form that approves, with zero violations', async () => {
  const page = await open();
  const chat = page.locator('zaby-chat');
  await chat.locator('textarea').fill('What is the weather in Lisbon?');
  await chat.locator('textarea').press('Enter');
  await expect.poll(() => chat.locator('p.weather').textContent()).toBe('Lisbon: complete 18 C');
  await chat.locator('textarea').fill('Please refund order 5150');
  await chat.locator('textarea').press('Enter');
  await chat.locator('button.approve').click();
  await expect.poll(() => chat.locator('p.refund').textContent()).toBe('complete APPROVED');
  await expect.poll(() => lastReply(page)).toContain('issued a refund');
  // The renderers' nodes are the page's: light-DOM children of the chat.
  expect(await page.locator('zaby-chat > div[slot] > p.weather').count()).toBe(1);
  expect(await chat.locator('zaby-approval-card').count()).toBe(0);
  expect(await state(page)).toEqual({violations: [], canary: 0});
  await page.close();
});
