/**
 * Startup cost, for `npm run bench`: each startup page (bench/pages/startup-*.html) loaded
 * in a fresh context (cold cache) until its element is defined, has rendered and painted
 * (bench/pages/ready.ts's `bench-ready` mark), traced: the renderer main thread's task time
 * from navigation to that mark, over the empty page's. Work the page defers to idle time
 * after its first paint (`requestIdleCallback`: zaby-chat's markdown warm-up) is not startup
 * and is not in `busyMs`, but the browser may run it between the two frames the mark waits
 * for: what of it ran before the mark is shown apart, as `idleMs`.
 */
import type {Browser, Page} from 'playwright-core';
import {instrument, STARTUP_PAGES, type StartupPage, type startHarness} from './harness.ts';

export interface StartupResult {
  /** Main-thread ms from navigation to ready (trace RunTask time), idle callbacks left out. */
  busyMs: number;
  /** Main-thread ms in idle callbacks (FireIdleCallback) before ready. */
  idleMs: number;
  /** Of which in script (trace FunctionCall and EvaluateScript, self time included; idle callbacks left out). */
  scriptMs: number;
  /** Wall-clock ms from navigation start to ready. */
  readyMs: number;
}

type Harness = Awaited<ReturnType<typeof startHarness>>;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {name?: string};
}

async function traced(browser: Browser, page: Page): Promise<StartupResult> {
  const {traceEvents: events} = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: TraceEvent[];
  };
  const mark = events.find((e) => e.name === 'bench-ready');
  if (!mark) throw new Error('no bench-ready mark in the trace');
  const main = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === mark.pid,
  );
  const onMain = (e: TraceEvent) => e.pid === mark.pid && e.tid === main?.tid && e.ph === 'X';
  const until = (e: TraceEvent) => Math.max(0, Math.min(e.ts + e.dur!, mark.ts) - e.ts);
  const idle = events.filter((x) => onMain(x) && x.name === 'FireIdleCallback');
  const inIdle = (e: TraceEvent) => idle.some((i) => e.ts >= i.ts && e.ts < i.ts + i.dur!);
  // Outermost events only: a script event inside another is not counted twice.
  const sum = (names: string[], leaveIdleOut = false) => {
    let end = 0;
    let total = 0;
    for (const e of events
      .filter(
        (x) =>
          onMain(x) && names.includes(x.name) && x.ts < mark.ts && !(leaveIdleOut && inIdle(x)),
      )
      .sort((a, b) => a.ts - b.ts)) {
      if (e.ts < end) continue;
      end = e.ts + e.dur!;
      total += until(e);
    }
    return total / 1000;
  };
  const idleMs = sum(['FireIdleCallback']);
  return {
    busyMs: sum(['RunTask']) - idleMs,
    idleMs,
    scriptMs: sum(['EvaluateScript', 'FunctionCall', 'v8.evaluateModule'], true),
    readyMs: await page.evaluate(() => (window as unknown as {benchReady: number}).benchReady),
  };
}

export async function measureStartup(
  harness: Harness,
  runs: number,
  throttle: number,
): Promise<Record<StartupPage, StartupResult>> {
  const out = {} as Record<StartupPage, StartupResult>;
  for (const name of STARTUP_PAGES) {
    const results: StartupResult[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await harness.openStartup(name, async (p) => {
        await instrument(p, throttle);
        await harness.browser.startTracing(p, {
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'blink.user_timing',
          ],
        });
      });
      results.push(await traced(harness.browser, page));
      await page.context().close();
    }
    // Median by main-thread time, as a whole run.
    results.sort((a, b) => a.busyMs - b.busyMs);
    out[name] = results[Math.floor(results.length / 2)]!;
  }
  return out;
}
