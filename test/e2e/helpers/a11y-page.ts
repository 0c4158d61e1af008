/**
 * The page the accessibility suites drive: the script-tag bundle and the locales add-on
 * served on 127.0.0.1 with a token endpoint, talking to a real emulator. The query string
 * sets the element: `?mode=launcher&locale=ar&theme=dark&prompts`. Each token is for a new
 * agent session, so what the agent says does not depend on the tests before.
 */
import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Locator, Page} from 'playwright-core';
import {expect} from 'vitest';
import {startEmulator, type RunningEmulator} from '../../../src/emulator/index.ts';
import {allowOrigins, mintToken} from '../../helpers/emulator.ts';

export interface A11yServer {
  origin: string;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

/** The starter prompts the pages offer (each one of the emulator's scripted behaviours). */
export const PROMPTS = ['Tell me something slow', 'What is the weather in Lisbon?'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function pageHtml(query: URLSearchParams, apiOrigin: string): string {
  const locale = query.get('locale') ?? 'en';
  const attrs = [
    `id="chat" token-endpoint="/token" api-origin="${escape(apiOrigin)}" persist="none"`,
    `mode="${escape(query.get('mode') ?? 'inline')}" theme="${escape(query.get('theme') ?? 'light')}"`,
    query.has('prompts') ? `prompts="${escape(JSON.stringify(PROMPTS))}"` : '',
  ].join(' ');
  return `<!doctype html><html lang="${escape(locale)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>zaby-chat accessibility</title>
<style>body { margin: 0; font: 16px system-ui, sans-serif; } zaby-chat[mode='inline'] { display: block; block-size: 100vh; }</style>
</head><body><main><h1 class="page-title" style="position:absolute;inset-inline-start:-9999px">Host page</h1>
<zaby-chat ${attrs}></zaby-chat></main>
<script src="/zaby-chat-locales.iife.js"></script><script src="/zaby-chat.iife.js"></script></body></html>`;
}

/** An emulator (deltas 2 ms apart unless a behaviour slows them) and the page's server. */
export async function startA11yServer(): Promise<A11yServer> {
  const emulator = await startEmulator({port: 0, deltaMs: 2});
  const files: Record<string, Buffer> = {
    '/zaby-chat.iife.js': readFileSync('dist/zaby-chat.iife.js'),
    '/zaby-chat-locales.iife.js': readFileSync('dist/zaby-chat-locales.iife.js'),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = files[url.pathname];
    if (url.pathname === '/') {
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
      res.end(pageHtml(url.searchParams, emulator.origin));
    } else if (file) {
      res.writeHead(200, {'Content-Type': 'text/javascript'});
      res.end(file);
    } else if (url.pathname === '/token' && req.method === 'POST') {
      mintToken(emulator, {externalUserId: 'a11y-user', externalSessionId: randomUUID()}).then(
        ({token}) => {
          res.writeHead(200, {'Content-Type': 'application/json'});
          res.end(JSON.stringify({token}));
        },
        () => res.writeHead(502).end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await allowOrigins(emulator, [origin]);
  return {
    origin,
    emulator,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await emulator.close();
    },
  };
}

export function chat(page: Page): Locator {
  return page.locator('zaby-chat#chat');
}

/** Sends like a person: waits for the previous reply to finish (Enter does not send while one streams). */
export async function send(page: Page, text: string): Promise<void> {
  await idle(page);
  await input(page).fill(text);
  await input(page).press('Enter');
  await expect.poll(() => input(page).inputValue(), {timeout: 10_000}).toBe('');
}

/** The composer's text area. */
export function input(page: Page): Locator {
  return chat(page).locator('textarea[part~="input"]');
}

/** No reply is streaming. */
export async function idle(page: Page): Promise<void> {
  await expect
    .poll(() => chat(page).locator('zaby-composer[busy]').count(), {timeout: 15_000})
    .toBe(0);
}
