/**
 * The README's React 19 and Vue 3 setups work from the published package: `npm pack`,
 * install the tarball into a scratch folder under .tmp/ (vite, react, react-dom, vue and
 * @vitejs/plugin-vue resolve from the repository's own devDependencies, up the tree), bundle
 * a React app (`import 'zaby-chat/react'`) and a Vue SFC app (`import 'zaby-chat/vue'`,
 * `template.compilerOptions.isCustomElement`) with Vite's `build()`, serve both on
 * 127.0.0.1 and run them in Chromium against the emulator: the element renders, a message
 * is sent, the streamed reply appears and the framework's own event binding sees it finish.
 */
import {execFileSync} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {extname, join, normalize, resolve} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type Browser, type Locator, type Page} from 'playwright-core';
import {lastReply} from './helpers/browser.ts';
import {launchChromium} from '../helpers/chromium.ts';
import {build} from 'vite';
import vue from '@vitejs/plugin-vue';
import {startEmulator, type RunningEmulator} from '../../src/emulator/index.ts';
import {mintToken} from '../helpers/emulator.ts';

const root = resolve('.');
let scratch = '';
let server: Server | undefined;
let emulator: RunningEmulator | undefined;
let browser: Browser | undefined;
let origin = '';

const REACT_APP = `import {StrictMode, useState} from 'react';
import {createRoot} from 'react-dom/client';
import {configureZaby} from 'zaby-chat';
import 'zaby-chat';
import 'zaby-chat/react';

configureZaby({apiOrigin: __ZABY_ORIGIN__});

function App() {
  const [finished, setFinished] = useState([]);
  return (
    <main>
      <p id="status">finished: {finished.join(',')}</p>
      <zaby-chat
        id="chat"
        agent-name="React agent"
        tokenProvider={async () =>
          (await fetch('/api/zaby-token', {method: 'POST'}).then((r) => r.json())).token
        }
        onzaby-run-finish={(e) => setFinished((list) => [...list, e.detail.status])}
      />
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`;

const VUE_SFC = `<script setup>
import {ref} from 'vue';
const finished = ref([]);
const onFinish = (e) => finished.value.push(e.detail.status);
</script>

<template>
  <main>
    <p id="status">finished: {{ finished.join(',') }}</p>
    <zaby-chat id="chat" agent-name="Vue agent" token-endpoint="/api/zaby-token"
               @zaby-run-finish="onFinish" />
  </main>
</template>
`;

const VUE_MAIN = `import {createApp} from 'vue';
import {configureZaby} from 'zaby-chat';
import 'zaby-chat';
import 'zaby-chat/vue';
import App from './App.vue';

configureZaby({apiOrigin: __ZABY_ORIGIN__});
createApp(App).mount('#app');
`;

const html = (mount: string, entry: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title></head>` +
  `<body><div id="${mount}"></div><script type="module" src="./${entry}"></script></body></html>`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves /react/ and /vue/ from their builds, and a host backend's POST /api/zaby-token. */
function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/api/zaby-token') {
    if (req.method !== 'POST' || !emulator) return void res.writeHead(405).end();
    mintToken(emulator, {externalUserId: randomUUID()}).then(
      ({token}) =>
        res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({token})),
      (error: unknown) => res.writeHead(502).end(String(error)),
    );
    return;
  }
  const match = /^\/(react|vue)(\/.*)$/.exec(url.pathname);
  if (!match) return void res.writeHead(404).end();
  const dist = join(scratch, match[1]!, 'dist');
  const file = normalize(join(dist, match[2]!.endsWith('/') ? `${match[2]}index.html` : match[2]!));
  if (!file.startsWith(dist)) return void res.writeHead(403).end();
  try {
    const body = readFileSync(file);
    res.writeHead(200, {'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream'});
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), {recursive: true});
  scratch = mkdtempSync(join(root, '.tmp', 'frameworks-'));
  // npm test has built dist/ already: pack it as it is.
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], {
    cwd: root,
    stdio: 'pipe',
  });
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({name: 'scratch-frameworks', version: '1.0.0', type: 'module', private: true}),
  );
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', join(scratch, tarball)],
    {cwd: scratch, stdio: 'pipe'},
  );

  // The page's origin first: the emulator only answers the origins it allows.
  server = createServer(handle);
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    deltaMs: 2,
    allowedOrigins: [origin],
  });

  const define = {__ZABY_ORIGIN__: JSON.stringify(emulator.origin)};
  for (const [name, files] of [
    ['react', {'index.html': html('root', 'main.jsx'), 'main.jsx': REACT_APP}],
    ['vue', {'index.html': html('app', 'main.js'), 'main.js': VUE_MAIN, 'App.vue': VUE_SFC}],
  ] as const) {
    const dir = join(scratch, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    await build({
      root: dir,
      base: `/${name}/`,
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      define,
      // What an app's production build resolves; under Vitest NODE_ENV is "test", which
      // would make Vite pick the "development" condition (Lit's dev build).
      resolve: {conditions: ['module', 'browser', 'production']},
      plugins:
        name === 'vue'
          ? [
              vue({
                template: {compilerOptions: {isCustomElement: (tag) => tag.startsWith('zaby-')}},
              }),
            ]
          : [],
      build: {outDir: join(dir, 'dist'), emptyOutDir: true, minify: false},
    });
  }

  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (scratch) rmSync(scratch, {recursive: true, force: true});
});

describe.each([
  ['React 19', 'react', 'React agent'],
  ['Vue 3 SFC', 'vue', 'Vue agent'],
] as const)('%s app bundled by Vite from the tarball', (_name, app, agentName) => {
  let page: Page;
  const errors: string[] = [];
  const chat = (): Locator => page.locator('zaby-chat#chat');

  beforeAll(async () => {
    page = await browser!.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${origin}/${app}/`);
  });
  afterAll(() => page?.close());

  test('the bundle holds the element, and the framework renders it as a custom element', async () => {
    const assets = readdirSync(join(scratch, app, 'dist', 'assets')).filter((f) =>
      f.endsWith('.js'),
    );
    const code = assets
      .map((f) => readFileSync(join(scratch, app, 'dist', 'assets', f), 'utf8'))
      .join('');
    expect(code).toContain('zaby-composer');
    expect(code).not.toContain('Lit is in dev mode');
    // The SFC compiler took `<zaby-chat>` as an element, not a component to resolve.
    if (app === 'vue') expect(code).not.toMatch(/resolveComponent\(\s*["']zaby-chat["']/);
    await chat().locator('textarea').waitFor({timeout: 15_000});
    expect(await page.evaluate(() => customElements.get('zaby-chat') !== undefined)).toBe(true);
    await expect
      .poll(() => chat().evaluate((el) => el.shadowRoot?.textContent ?? ''))
      .toContain(agentName);
  });

  test('a message is sent and the streamed reply appears', async () => {
    const input = `Hello from ${app}`;
    await chat().locator('textarea').fill(input);
    await chat().locator('textarea').press('Enter');
    await expect.poll(() => lastReply(page), {timeout: 15_000}).toContain('turn 1');
    expect(await lastReply(page)).toContain(input);
    // The framework's own binding of zaby-run-finish saw the run complete.
    await expect
      .poll(() => page.locator('#status').textContent(), {timeout: 10_000})
      .toBe('finished: COMPLETED');
    expect(errors).toEqual([]);
  });
});
