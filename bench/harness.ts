/**
 * What `bench/run.ts` and `bench/profile.ts` share: the contender pages bundled, the local
 * SSE server serving them and the built script-tag bundle, and Debian's Chromium.
 */
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import type {CDPSession, Page} from 'playwright-core';
import {launchChromium} from '../test/helpers/chromium.ts';
import {startBenchServer, type StreamRecord} from './server.ts';

export const CONTENDERS = ['floor', 'naive', 'naive-raf', 'zaby-chat'] as const;
/**
 * Also streamed: zaby-chat with the highlight add-on, and (paced4 and the block modes) the
 * unrendered text painted at zaby-chat's pace.
 */
export type Contender = (typeof CONTENDERS)[number] | 'zaby-highlight' | 'plain-text';
/** The startup measurement's pages (bench/startup.ts). */
export const STARTUP_PAGES = ['empty', 'zaby-chat', 'deep-chat'] as const;
export type StartupPage = (typeof STARTUP_PAGES)[number];

const PAGES: Record<Contender, string> = {
  floor: '/naive.html?mode=floor',
  naive: '/naive.html?mode=naive',
  'naive-raf': '/naive.html?mode=naive-raf',
  'plain-text': '/naive.html?mode=plain-text',
  'zaby-chat': '/zaby.html',
  'zaby-highlight': '/zaby-highlight.html',
};

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [here(entry)],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    target: 'es2022',
    tsconfig: here('../tsconfig.json'),
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The CDP's Performance.getMetrics, by name (TaskDuration etc. in seconds). */
export async function cdpMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const {metrics: list} = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/**
 * A CDP session on a page about to load, with main-thread metrics on and the CPU slowed
 * `throttle` times (`Emulation.setCPUThrottlingRate`; 1 = as is).
 */
export async function instrument(page: Page, throttle: number): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', {timeDomain: 'threadTicks'});
  if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', {rate: throttle});
  return cdp;
}

const dist = process.env['ZABY_DIST'] ?? here('../dist');

export async function startHarness() {
  const server = await startBenchServer(
    {
      '/assets/naive.js': await bundle('./pages/naive.ts'),
      '/assets/zaby.js': await bundle('./pages/zaby.ts'),
      '/assets/ready.js': await bundle('./pages/ready.ts'),
    },
    {
      '/naive.html': here('./pages/naive.html'),
      '/zaby.html': here('./pages/zaby.html'),
      '/zaby-highlight.html': here('./pages/zaby-highlight.html'),
      '/startup-empty.html': here('./pages/startup-empty.html'),
      '/startup-zaby-chat.html': here('./pages/startup-zaby.html'),
      '/startup-deep-chat.html': here('./pages/startup-deep-chat.html'),
      // ZABY_DIST=dir: another build of the bundles, for a before / after pair.
      '/dist/zaby-chat.iife.js': `${dist}/zaby-chat.iife.js`,
      '/dist/zaby-chat-highlight.iife.js': `${dist}/zaby-chat-highlight.iife.js`,
      '/deep-chat/deepChat.bundle.js': here('../node_modules/deep-chat/dist/deepChat.bundle.js'),
    },
  );
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  return {
    server,
    browser,
    /** A fresh page of one contender, its probes installed (bench/pages/probes.ts). */
    async open(contender: Contender, beforeLoad?: (page: Page) => Promise<void>): Promise<Page> {
      const page = await browser.newPage({viewport: {width: 420, height: 800}});
      await beforeLoad?.(page);
      await page.goto(`${server.origin}${PAGES[contender]}`);
      await page.waitForFunction(() => 'bench' in window);
      return page;
    },
    /**
     * Waits as a person's first message would after the page loaded: a second (times the CPU
     * slowdown). What a page does once at idle after loading (zaby-chat's markdown warm-up)
     * is then not the stream's cost; the startup mode measures loading.
     */
    settle: (page: Page, throttle: number) => page.waitForTimeout(1000 * throttle),
    /**
     * Sends `input` through the page's `bench.run` and resolves once the reply's `sentinel`
     * is shown, with `Date.now()` at that frame and the stream's record. The page is polled
     * only once the last byte left: polling while it streams would add work that grows with
     * the message to every contender.
     */
    async runToFinalText(
      page: Page,
      input: string,
      sentinel: string,
    ): Promise<{domAt: number; record: StreamRecord}> {
      type Bench = {
        bench: {run(i: string): Promise<void>; waitForText(s: string): Promise<number>};
      };
      const index = server.records.length;
      const done = page.evaluate((i) => (window as unknown as Bench).bench.run(i), input);
      while (!server.records[index]?.lastByteAt) await new Promise((r) => setTimeout(r, 2));
      const domAt = await page.evaluate(
        (s) => (window as unknown as Bench).bench.waitForText(s),
        sentinel,
      );
      await done;
      return {domAt, record: server.records[index]!};
    },
    /** A fresh page (its own context: a cold cache) navigated to a startup page. */
    async openStartup(name: StartupPage, beforeLoad: (page: Page) => Promise<void>) {
      const page = await browser.newPage({viewport: {width: 420, height: 800}});
      await beforeLoad(page);
      await page.goto(`${server.origin}/startup-${name}.html`);
      // Polled on a timer, not per frame, to add little to what is measured.
      await page.waitForFunction(() => 'benchReady' in window, undefined, {
        polling: 50,
        timeout: 60_000,
      });
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
