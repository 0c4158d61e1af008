import net from 'node:net';
import {fileURLToPath} from 'node:url';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {playwrightLauncher} from '@web/test-runner-playwright';

// Debian's Chromium, never a downloaded browser. The networking flags keep it off the
// closed network of CI machines.
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A free port on 127.0.0.1, so the emulator can name the test page's exact origin. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net
      .createServer()
      .listen(0, '127.0.0.1', () => {
        const {port} = server.address();
        server.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

const hostname = '127.0.0.1';
const port = Number(process.env.WTR_PORT) || (await freePort());

// The emulator plugin is TypeScript: `npm run test:browser` runs wtr under `node --import tsx`.
// A bare `npx wtr` (element tests that need no server) still works, without it.
let emulator = [];
let agUiScript = [];
let clipboard = [];
try {
  const {emulatorPlugin} = await import('./test/helpers/wtr-emulator-plugin.ts');
  emulator = [emulatorPlugin({allowedOrigins: [`http://${hostname}:${port}`]})];
  const {agUiScriptMiddleware} = await import('./test/helpers/wtr-ag-ui-plugin.ts');
  agUiScript = [agUiScriptMiddleware()];
  // Grants or denies the page's clipboard permissions (the copy buttons' tests).
  const {clipboardPlugin} = await import('./test/helpers/wtr-clipboard-plugin.ts');
  clipboard = [clipboardPlugin()];
} catch (error) {
  if (process.env.CI || process.env.npm_lifecycle_event === 'test:browser') throw error;
  console.warn(`zaby emulator not started for this wtr run: ${error.message}`);
}

export default {
  files: ['test/browser/**/*.test.ts'],
  hostname,
  port,
  nodeResolve: {exportConditions: ['browser', 'development']},
  middleware: [
    ...emulator.flatMap((plugin) => [plugin.tokenMiddleware, plugin.hostileMiddleware]),
    ...agUiScript, // a scripted AG-UI agent (test/helpers/wtr-ag-ui-plugin.ts)
  ],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022', // 'auto' would mean esnext for the newest Chrome: nothing lowered
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)), // experimentalDecorators
    }),
    ...emulator,
    ...clipboard,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args,
      },
    }),
  ],
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: {config: {timeout: 15_000}},
};
