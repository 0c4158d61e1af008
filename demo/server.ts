/**
 * The demo server: the local emulator, the demo's token backend and the Vite demo pages
 * (index, script tag, React, Vue, webview) in one process. `npm start` runs it; the e2e
 * tests start it on free ports.
 */
import {existsSync, readFileSync} from 'node:fs';
import type {AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {build, createServer} from 'vite';
import {startEmulator, type RunningEmulator} from '../src/emulator/index.ts';
import {createTokenHandler} from './backend.ts';

export interface DemoOptions {
  /** 0 = a free port. */
  port: number;
  emulatorPort: number;
  host?: string;
  deltaMs?: number;
  /** Build the script-tag bundle first even when it exists. */
  rebuild?: boolean;
}

export interface RunningDemo {
  origin: string;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

const PROVISIONING = '/api/v1/provisioning/agentic-os';

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const host = options.host ?? '127.0.0.1';
  const root = fileURLToPath(new URL('..', import.meta.url));
  // The script-tag page loads the built bundles: build them if this is a fresh clone.
  for (const [mode, file] of [
    ['iife', 'zaby-chat.iife.js'],
    ['iife-highlight', 'zaby-chat-highlight.iife.js'],
    ['iife-locales', 'zaby-chat-locales.iife.js'],
  ] as const) {
    if (options.rebuild || !existsSync(`${root}dist/${file}`))
      await build({root, mode, logLevel: 'warn'});
  }
  const emulator = await startEmulator({
    port: options.emulatorPort,
    host,
    ...(options.deltaMs === undefined ? {} : {deltaMs: options.deltaMs}),
  });
  const tokenHandler = createTokenHandler({zabyOrigin: emulator.origin, apiKey: emulator.apiKey});
  const vite = await createServer({
    root: fileURLToPath(new URL('.', import.meta.url)),
    configFile: false,
    logLevel: 'warn',
    server: {
      host,
      port: options.port,
      strictPort: options.port !== 0,
      fs: {allow: [root]},
      hmr: false,
    },
    define: {__ZABY_ORIGIN__: JSON.stringify(emulator.origin)},
    plugins: [
      {
        name: 'zaby-demo-backend',
        configureServer(server) {
          server.middlewares.use('/api/zaby-token', (req, res) => void tokenHandler(req, res));
          // The script-tag page's one line of configuration: where the Zaby server is (a real
          // page would write the attribute into its markup).
          server.middlewares.use('/script-tag-config.js', (_req, res) => {
            res.setHeader('Content-Type', 'text/javascript');
            res.end(
              `document.getElementById('chat').setAttribute('api-origin', ${JSON.stringify(emulator.origin)});\n`,
            );
          });
          // /dist/*.js → the project's build output, for the script-tag page.
          server.middlewares.use('/dist', (req, res, next) => {
            const name = /^\/([\w.-]+\.js(?:\.map)?)$/.exec(req.url ?? '')?.[1];
            if (!name || !existsSync(`${root}dist/${name}`)) return next();
            res.setHeader(
              'Content-Type',
              name.endsWith('.map') ? 'application/json' : 'text/javascript',
            );
            res.end(readFileSync(`${root}dist/${name}`));
          });
        },
      },
    ],
  });
  await vite.listen();
  const address = vite.httpServer!.address() as AddressInfo;
  const origins = [`http://${host}:${address.port}`, `http://localhost:${address.port}`];
  // The seeded app must allow the demo's real origin (its port may be a free one).
  await fetch(`${emulator.origin}${PROVISIONING}/external-apps/${emulator.seed.externalAppId}`, {
    method: 'PATCH',
    headers: {Authorization: `Bearer ${emulator.apiKey}`, 'Content-Type': 'application/json'},
    body: JSON.stringify({allowedOrigins: origins}),
  });
  return {
    origin: origins[0]!,
    emulator,
    close: async () => {
      await vite.close();
      await emulator.close();
    },
  };
}
