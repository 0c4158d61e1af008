/**
 * The README's host example runs as pasted: the code block between the `readme-backend`
 * markers is saved as a file, started with Node beside the emulator (its default seed, so
 * the block's stable ids are the emulator's), and a chat on its page gets a token from it
 * and a streamed reply, in Chromium.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {type Browser} from 'playwright-core';
import {startEmulator, type RunningEmulator} from '../../src/emulator/index.ts';
import {launchChromium} from '../helpers/chromium.ts';

let emulator: RunningEmulator;
let host: ChildProcess | undefined;
let browser: Browser;
let origin = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

beforeAll(async () => {
  const readme = readFileSync('README.md', 'utf8');
  const block =
    /<!-- readme-backend:start -->\n```js\n([^]*?)\n```\n<!-- readme-backend:end -->/.exec(
      readme,
    )?.[1];
  if (!block) throw new Error('README.md has no readme-backend block');
  // Inside the repository, so `zaby-chat/iife` resolves to this package's own build.
  mkdirSync('.tmp/readme-backend', {recursive: true});
  writeFileSync('.tmp/readme-backend/server.mjs', block);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    deltaMs: 2,
    allowedOrigins: [origin],
  });
  host = spawn(process.execPath, ['.tmp/readme-backend/server.mjs'], {
    env: {...process.env, PORT: String(port), HOST: '127.0.0.1', ZABY_ORIGIN: emulator.origin},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the README host did not start')), 15_000);
    host!.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes(origin)) {
        clearTimeout(timer);
        resolve();
      }
    });
    host!.on('exit', (code) => reject(new Error(`the README host exited with ${code}`)));
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  host?.kill('SIGTERM');
  await emulator?.close();
});

test("the README's host serves the page and mints tokens with the emulator's stable ids", async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/`);
  const chat = page.locator('zaby-chat');
  await chat.locator('textarea').fill('Hello from the README');
  await chat.locator('textarea').press('Enter');
  // The page's text, through every shadow root.
  const text = () =>
    page.evaluate(() => {
      const deep = (node: Node): string =>
        node.nodeType === Node.TEXT_NODE
          ? (node.textContent ?? '')
          : [...((node as Element).shadowRoot?.childNodes ?? []), ...node.childNodes]
              .map(deep)
              .join('');
      return deep(document.querySelector('zaby-chat')!).replace(/\s+/g, ' ');
    });
  await expect.poll(text, {timeout: 15_000}).toContain('This is turn 1');
  expect(await text()).toContain('Hello from the README');
  expect(errors).toEqual([]);
  await page.close();
});
