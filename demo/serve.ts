/**
 * `npm start`: the local emulator, the demo's token backend and the Vite demo pages, in one
 * process. Open the printed URL; no account or configuration needed.
 */
import {fileURLToPath} from 'node:url';
import {createServer} from 'vite';
import {startEmulator} from '../src/emulator/index.ts';
import {createTokenHandler} from './backend.ts';

const port = Number(process.env['DEMO_PORT'] ?? 5173);
const emulatorPort = Number(process.env['ZABY_PORT'] ?? 9080);
const host = '127.0.0.1';
const demoOrigins = [`http://${host}:${port}`, `http://localhost:${port}`];

const emulator = await startEmulator({
  port: emulatorPort,
  host,
  allowedOrigins: demoOrigins,
  ...(process.env['ZABY_DELTA_MS'] ? {deltaMs: Number(process.env['ZABY_DELTA_MS'])} : {}),
});
const tokenHandler = createTokenHandler({zabyOrigin: emulator.origin, apiKey: emulator.apiKey});

const vite = await createServer({
  root: fileURLToPath(new URL('.', import.meta.url)),
  server: {host, port, strictPort: true},
  define: {__ZABY_ORIGIN__: JSON.stringify(emulator.origin)},
  plugins: [{
    name: 'zaby-demo-backend',
    configureServer(server) {
      server.middlewares.use('/api/zaby-token', (req, res) => void tokenHandler(req, res));
    },
  }],
});
await vite.listen();
console.log(`\n  zaby-chat demo:  http://${host}:${port}/`);
console.log(`  Zaby emulator:   ${emulator.origin}  (API key ${emulator.apiKey})\n`);

const stop = async () => {
  await vite.close();
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
