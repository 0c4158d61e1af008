/**
 * `npm start`: the emulator, the demo's token backend and the demo pages. Open the printed
 * URL; no account or configuration needed.
 */
import {startDemo} from './server.ts';

const demo = await startDemo({
  port: Number(process.env['DEMO_PORT'] ?? 5173),
  emulatorPort: Number(process.env['ZABY_PORT'] ?? 9080),
  ...(process.env['ZABY_DELTA_MS'] ? {deltaMs: Number(process.env['ZABY_DELTA_MS'])} : {}),
});
console.log(`
  zaby-chat demo:  ${demo.origin}/
                   ${demo.origin}/script-tag.html · /react/ · /vue/ · /webview.html
  Zaby emulator:   ${demo.emulator.origin}  (API key ${demo.emulator.apiKey})
`);

const stop = () => void demo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
