/**
 * What `bench/run.ts` and `bench/profile.ts` share: the contender pages bundled, the local
 * SSE server serving them and the built script-tag bundle, and Debian's Chromium.
 */
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import type {Page} from 'playwright-core';
import {launchChromium} from '../test/helpers/chromium.ts';
import {startBenchServer} from './server.ts';

export const CONTENDERS = ['floor', 'naive', 'naive-raf', 'zaby-chat'] as const;
export type Contender = (typeof CONTENDERS)[number];

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

export async function startHarness() {
  const server = await startBenchServer(
    {
      '/assets/naive.js': await bundle('./pages/naive.ts'),
      '/assets/zaby.js': await bundle('./pages/zaby.ts'),
    },
    {
      '/naive.html': here('./pages/naive.html'),
      '/zaby.html': here('./pages/zaby.html'),
      '/dist/zaby-chat.iife.js': here('../dist/zaby-chat.iife.js'),
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
      await page.goto(
        `${server.origin}${contender === 'zaby-chat' ? '/zaby.html' : `/naive.html?mode=${contender}`}`,
      );
      await page.waitForFunction(() => 'bench' in window);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
