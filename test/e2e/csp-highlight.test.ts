/**
 * The highlight add-on's script-tag bundle under the strict CSP + Trusted Types of
 * csp.test.ts: loaded before the main bundle, and loaded after a reply with code rendered.
 * Either way the code is highlighted (token spans, the text unchanged), with zero
 * violations, and a page's own `window.Prism` is left as it was.
 */
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {type Browser, type Page} from 'playwright-core';
import {startEmulator, type RunningEmulator} from '../../src/emulator/index.ts';
import {markdownReply} from '../../src/runtime/agent-texts.ts';
import {CODE_SAMPLES} from '../browser/fixtures/code-samples.ts';
import {launchChromium} from '../helpers/chromium.ts';
import {allowOrigins, mintToken} from '../helpers/emulator.ts';
import {
  closeServer,
  listenLocal,
  recordViolations,
  strictCsp,
  violations,
} from './helpers/strict-page.ts';

/** The text of the reply's ```ts block, as the code element shows it. */
const TS_SOURCE = /^```ts\n([^]*?\n)```$/m.exec(markdownReply())![1];

let emulator: RunningEmulator;
let server: Server;
let origin = '';
let browser: Browser;
/** The `/after` page's add-on script is answered only once the test calls this. */
let releaseLate: () => void = () => {};
const late = new Promise<void>((r) => (releaseLate = r));

beforeAll(async () => {
  emulator = await startEmulator({port: 0, deltaMs: 1});
  const csp = strictCsp(emulator.origin);
  const files: Record<string, Buffer> = {
    '/zaby-chat.iife.js': readFileSync('dist/zaby-chat.iife.js'),
    '/zaby-chat-highlight.iife.js': readFileSync('dist/zaby-chat-highlight.iife.js'),
  };
  const page = (scripts: string[]) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title></head><body>
<zaby-chat id="chat" token-endpoint="/token"></zaby-chat>
${scripts.map((s) => `<script ${s.startsWith('/late') ? 'async ' : ''}src="${s}"></script>`).join('')}</body></html>`;
  server = createServer(async (req, res) => {
    if (req.url === '/before' || req.url === '/after') {
      res.writeHead(200, {'Content-Type': 'text/html', 'Content-Security-Policy': csp});
      res.end(
        page(
          req.url === '/before'
            ? ['/config.js', '/zaby-chat-highlight.iife.js', '/zaby-chat.iife.js']
            : ['/config.js', '/zaby-chat.iife.js', '/late/zaby-chat-highlight.iife.js'],
        ),
      );
    } else if (req.url === '/config.js') {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(
        `document.getElementById('chat').setAttribute('api-origin', ${JSON.stringify(emulator.origin)});
window.Prism = 'the page\\'s own';`,
      );
    } else if (req.url === '/late/zaby-chat-highlight.iife.js') {
      // A slow add-on script (async): it arrives after the reply rendered.
      await late;
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(files['/zaby-chat-highlight.iife.js']);
    } else if (req.url && files[req.url]) {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(files[req.url]);
    } else if (req.url === '/token' && req.method === 'POST') {
      const {token} = await mintToken(emulator, {externalUserId: 'csp-highlight-user'});
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
  releaseLate();
  await browser?.close();
  await closeServer(server);
  await emulator?.close();
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  await recordViolations(page);
  // Not waiting for `load`: the `/after` page's add-on script is still on its way.
  await page.goto(`${origin}${path}`, {waitUntil: 'domcontentloaded'});
  return page;
}

/** Sends the emulator's markdown prompt (its reply has a ```ts block) and waits for the end. */
async function askForCode(page: Page) {
  const chat = page.locator('zaby-chat');
  await chat.locator('textarea').fill('show me some markdown');
  await chat.locator('textarea').press('Enter');
  await chat.locator('zaby-star-rating').first().waitFor({timeout: 15_000});
  return chat.locator('pre > code.language-ts');
}

test('the add-on loaded before the main bundle highlights a streamed reply, with zero violations', async () => {
  const page = await open('/before');
  const code = await askForCode(page);
  await expect.poll(() => code.locator('span.token').count(), {timeout: 10_000}).toBeGreaterThan(0);
  expect(await code.locator('span.token.keyword').count()).toBeGreaterThan(0);
  // Only spans inside the code, and the same text as the source.
  expect(await code.locator(':not(span)').count()).toBe(0);
  expect(await code.textContent()).toBe(TS_SOURCE);
  expect(await page.evaluate(() => (window as unknown as {Prism: unknown}).Prism)).toBe(
    "the page's own",
  );
  // The built bundle (Prism cut to its tokenizer) knows every language.
  const samples = Object.entries(CODE_SAMPLES).map(([lang, {code}]) => ({lang, code}));
  await page.evaluate((samples) => {
    const md = document.createElement('zaby-markdown') as HTMLElement & {text: string};
    md.id = 'samples';
    md.text = samples.map(({lang, code}) => `\`\`\`${lang}\n${code}\`\`\`\n`).join('\n');
    document.body.append(md);
  }, samples);
  const blocks = page.locator('#samples pre > code');
  await expect.poll(() => blocks.count()).toBe(samples.length);
  for (const [i, {lang, code}] of samples.entries()) {
    await expect
      .poll(() => blocks.nth(i).locator('span.token').count(), {message: lang})
      .toBeGreaterThan(0);
    expect(await blocks.nth(i).textContent(), lang).toBe(code);
    for (const type of CODE_SAMPLES[lang]!.types)
      expect(
        await blocks.nth(i).locator(`span.token.${type}`).count(),
        `${lang} ${type}`,
      ).toBeGreaterThan(0);
  }
  expect(await violations(page)).toEqual([]);
  await page.close();
});

test('the add-on loaded after a reply rendered highlights its code, with zero violations', async () => {
  const page = await open('/after');
  const code = await askForCode(page);
  const plain = await code.textContent();
  expect(await code.locator('span').count()).toBe(0);
  await new Promise((r) => setTimeout(r, 200));
  expect(await code.locator('span').count()).toBe(0);
  releaseLate();
  await expect.poll(() => code.locator('span.token').count(), {timeout: 10_000}).toBeGreaterThan(0);
  expect(plain).toBe(TS_SOURCE);
  expect(await code.textContent()).toBe(plain);
  expect(await page.evaluate(() => (window as unknown as {Prism: unknown}).Prism)).toBe(
    "the page's own",
  );
  expect(await violations(page)).toEqual([]);
  await page.close();
});
