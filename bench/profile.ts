/** Dev aid: a CPU profile of zaby-chat on the paced workload, self time by function. */
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {chromium} from 'playwright-core';
import {startBenchServer} from './server.ts';
import {longReply, SENTINEL, split} from './workload.ts';

/** What bench/pages/probes.ts puts on the page. */
interface BenchWindow {
  bench: {
    run(input: string): Promise<void>;
    counters(): {longTasks: number; longTaskMs: number; slowFrames: number};
    waitForText(sentinel: string): Promise<number>;
  };
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const zaby = (await build({entryPoints: [here('./pages/zaby.ts')], bundle: true, format: 'esm', write: false, logLevel: 'silent'})).outputFiles[0]!.text;
const server = await startBenchServer({'/assets/zaby.js': zaby}, {'/zaby.html': here('./pages/zaby.html'), '/dist/zaby-chat.iife.js': here('../dist/zaby-chat.iife.js')});
const text = longReply();
server.setWorkload(() => ({deltas: split(text, Math.ceil(text.length / 2000)), intervalMs: 5}));
const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']});
const page = await browser.newPage({viewport: {width: 420, height: 800}});
const cdp = await page.context().newCDPSession(page);
await page.goto(`${server.origin}/zaby.html`);
await page.waitForFunction(() => 'bench' in window);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', {interval: 200});
await cdp.send('Profiler.start');
await page.evaluate(() => (window as unknown as BenchWindow).bench.run('go'));
await page.evaluate((s) => (window as unknown as BenchWindow).bench.waitForText(s), SENTINEL);
const {profile} = await cdp.send('Profiler.stop');
const self = new Map<string, number>();
const dt = profile.timeDeltas ?? [];
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
(profile.samples ?? []).forEach((id, i) => {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
});
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
await browser.close();
await server.close();
