/**
 * `npm run bench`: streaming render cost of zaby-chat against baselines measured in the
 * same run, in Debian's Chromium, with figures from the Chrome DevTools Protocol.
 *
 *   npm run bench                # 3 runs per contender (medians)
 *   npm run bench -- --runs 1    # quicker
 *
 * Prints a table and writes bench/results/latest.json.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {CDPSession, Page} from 'playwright-core';
import {CONTENDERS as ALL, startHarness, type Contender} from './harness.ts';
import type {StreamRecord} from './server.ts';
import {SENTINEL, streamA, streamB} from './workload.ts';

/** What bench/pages/probes.ts puts on the page. */
interface BenchWindow {
  bench: {
    run(input: string): Promise<void>;
    counters(): {longTasks: number; longTaskMs: number; slowFrames: number};
    waitForText(sentinel: string): Promise<number>;
  };
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const TURNS = Number(args[args.indexOf('--turns') + 1]) || 200;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
const CONTENDERS = ALL.filter((c) => !only || only.includes(c));
const MODES = args.includes('--modes')
  ? args[args.indexOf('--modes') + 1]!.split(',')
  : ['flood', 'paced', 'B'];

const harness = await startHarness();
const {server, browser} = harness;

type Metrics = Record<string, number>;
async function metrics(cdp: CDPSession): Promise<Metrics> {
  const {metrics: list} = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function open(contender: Contender): Promise<{page: Page; cdp: CDPSession}> {
  let cdp: CDPSession | undefined;
  const page = await harness.open(contender, async (p) => {
    cdp = await p.context().newCDPSession(p);
    await cdp.send('Performance.enable', {timeDomain: 'threadTicks'});
  });
  return {page, cdp: cdp!};
}

const ms = (seconds: number) => seconds * 1000;

interface RunResult {
  busyMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  longTasks: number;
  slowFrames: number;
  lastByteToDomMs: number;
  firstDecileMsPer1k?: number;
  lastDecileMsPer1k?: number;
  heapMB: number;
}

/** Workload A, one run: a ~20,000-character reply, flood or paced. */
async function runA(contender: Contender, paced: boolean): Promise<RunResult> {
  const stream = streamA(paced);
  const deltas = stream.deltas;
  server.setWorkload(() => stream);
  const {page, cdp} = await open(contender);
  const before = await metrics(cdp);
  const counters0 = await page.evaluate(() => (window as unknown as BenchWindow).bench.counters());
  const samples: Array<[number, number]> = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await metrics(cdp);
      samples.push([Date.now(), ms(m['TaskDuration']!)]);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const index = server.records.length;
  const runDone = page.evaluate(() => (window as unknown as BenchWindow).bench.run('go'));
  // Look for the final text only once the last byte left: polling the DOM while streaming
  // would add work that grows with the message to every contender.
  while (!server.records[index]?.lastByteAt) await new Promise((r) => setTimeout(r, 2));
  const domAt = (await page.evaluate(
    (s) => (window as unknown as BenchWindow).bench.waitForText(s),
    SENTINEL,
  )) as number;
  await runDone;
  sampling = false;
  await sampler;
  const after = await metrics(cdp);
  const counters1 = await page.evaluate(() => (window as unknown as BenchWindow).bench.counters());
  const record = server.records[index] as StreamRecord;
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await metrics(cdp))['JSHeapUsedSize']!;
  const result: RunResult = {
    busyMs: ms(after['TaskDuration']! - before['TaskDuration']!),
    scriptMs: ms(after['ScriptDuration']! - before['ScriptDuration']!),
    layoutMs: ms(after['LayoutDuration']! - before['LayoutDuration']!),
    styleMs: ms(after['RecalcStyleDuration']! - before['RecalcStyleDuration']!),
    longTasks: counters1.longTasks - counters0.longTasks,
    slowFrames: counters1.slowFrames - counters0.slowFrames,
    lastByteToDomMs: Math.max(0, domAt - record.lastByteAt),
    heapMB: heap / 2 ** 20,
  };
  if (paced) Object.assign(result, deciles(record, samples, deltas.length));
  await page.close();
  return result;
}

/** Main-thread ms per 1,000 deltas over the first and the last 10% of the stream. */
function deciles(record: StreamRecord, samples: Array<[number, number]>, total: number) {
  const timeAt = (count: number) =>
    record.progress.find(([, n]) => n >= count)?.[0] ?? record.lastByteAt;
  const busyAt = (t: number) => {
    // Linear interpolation between the samples around t.
    const i = samples.findIndex(([at]) => at >= t);
    if (i === -1) return samples[samples.length - 1]?.[1] ?? 0;
    if (i === 0) return samples[0]![1];
    const [t0, b0] = samples[i - 1]!;
    const [t1, b1] = samples[i]!;
    return b0 + ((b1 - b0) * (t - t0)) / Math.max(1, t1 - t0);
  };
  const tenth = Math.floor(total / 10);
  const per1k = (from: number, to: number) =>
    ((busyAt(timeAt(to)) - busyAt(timeAt(from))) / (to - from)) * 1000;
  return {firstDecileMsPer1k: per1k(1, tenth), lastDecileMsPer1k: per1k(total - tenth, total)};
}

interface ConversationResult {
  turn10Ms: number;
  turn200Ms: number;
  /** Heap after GC at half the conversation, to show growth with the transcript. */
  heapHalfMB: number;
  heapMB: number;
  domNodes: number;
}

/** Workload B: a conversation of TURNS ~1,000-character replies, flood. */
async function runB(contender: Contender): Promise<ConversationResult> {
  server.setWorkload(streamB);
  const {page, cdp} = await open(contender);
  const cost: number[] = [];
  let heapHalf = 0;
  for (let turn = 1; turn <= TURNS; turn++) {
    if (turn === Math.floor(TURNS / 2) + 1) {
      await cdp.send('HeapProfiler.collectGarbage');
      heapHalf = (await metrics(cdp))['JSHeapUsedSize']!;
    }
    const before = (await metrics(cdp))['TaskDuration']!;
    await page.evaluate((t) => (window as unknown as BenchWindow).bench.run(`turn ${t}`), turn);
    await page.evaluate(
      (s) => (window as unknown as BenchWindow).bench.waitForText(s),
      `Reply ${turn}`,
    );
    await page.evaluate((s) => (window as unknown as BenchWindow).bench.waitForText(s), SENTINEL);
    cost.push(ms((await metrics(cdp))['TaskDuration']! - before));
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const end = await metrics(cdp);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const n = cost.length;
  await page.close();
  return {
    turn10Ms: avg(cost.slice(Math.max(0, 9 - 5), 9 + 5)),
    turn200Ms: avg(cost.slice(Math.max(0, n - 10))),
    heapHalfMB: heapHalf / 2 ** 20,
    heapMB: end['JSHeapUsedSize']! / 2 ** 20,
    domNodes: end['Nodes']!,
  };
}

function median<T extends object>(runs: T[]): T {
  const out: Record<string, number> = {};
  for (const key of Object.keys(runs[0]!)) {
    const values = runs.map((r) => (r as Record<string, number>)[key]!).sort((a, b) => a - b);
    out[key] = values[Math.floor(values.length / 2)]!;
  }
  return out as T;
}

const results: Record<string, unknown> = {
  runs: RUNS,
  turns: TURNS,
  chromium: browser.version(),
  date: new Date().toISOString(),
};
try {
  for (const mode of (['flood', 'paced'] as const).filter((m) => MODES.includes(m))) {
    const table: Record<string, RunResult> = {};
    for (const contender of CONTENDERS) {
      const runs: RunResult[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await runA(contender, mode === 'paced'));
      table[contender] = median(runs);
    }
    results[`A-${mode}`] = table;
    print(`Workload A, ${mode} (median of ${RUNS})`, table);
  }
  if (MODES.includes('B')) {
    const conversation: Record<string, ConversationResult> = {};
    for (const contender of CONTENDERS) conversation[contender] = await runB(contender);
    results['B'] = conversation;
    print(`Workload B, ${TURNS}-turn conversation`, conversation);
  }
  if (CONTENDERS.length < ALL.length || MODES.length < 3) process.exit(0);
  const summary = ratios(results);
  results['ratios'] = summary;
  console.log('\nRatios (zaby-chat vs naive, same run):');
  for (const [k, v] of Object.entries(summary)) console.log(`  ${k.padEnd(42)} ${v}`);
  mkdirSync(here('./results'), {recursive: true});
  writeFileSync(here('./results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nSaved bench/results/latest.json');
} finally {
  await harness.close();
}

function print(title: string, table: Record<string, object>) {
  console.log(`\n${title}`);
  const keys = Object.keys(Object.values(table)[0]!);
  console.log(
    ['contender'.padEnd(10), ...keys.map((k) => k.padStart(Math.max(10, k.length)))].join(' '),
  );
  for (const [name, row] of Object.entries(table)) {
    console.log(
      [
        name.padEnd(10),
        ...keys.map((k) =>
          (row as Record<string, number>)[k]!.toFixed(1).padStart(Math.max(10, k.length)),
        ),
      ].join(' '),
    );
  }
}

function ratios(all: Record<string, unknown>): Record<string, string> {
  const A = (mode: string) => all[`A-${mode}`] as Record<Contender, RunResult>;
  const B = all['B'] as Record<Contender, ConversationResult>;
  const r = (a: number, b: number) => (a / b).toFixed(3);
  const paced = A('paced');
  const flood = A('flood');
  return {
    'paced busy, zaby-chat / naive (≤ 0.2)': r(paced['zaby-chat'].busyMs, paced.naive.busyMs),
    'paced busy, floor / naive': r(paced.floor.busyMs, paced.naive.busyMs),
    'paced busy, naive-raf / naive': r(paced['naive-raf'].busyMs, paced.naive.busyMs),
    'paced per-delta last/first 10%, zaby (≤ 1.3)': r(
      paced['zaby-chat'].lastDecileMsPer1k!,
      paced['zaby-chat'].firstDecileMsPer1k!,
    ),
    'paced per-delta last/first 10%, naive': r(
      paced.naive.lastDecileMsPer1k!,
      paced.naive.firstDecileMsPer1k!,
    ),
    'paced long tasks > 50 ms, zaby (0)': String(paced['zaby-chat'].longTasks),
    'paced last byte → DOM ms, zaby (≤ 50)': paced['zaby-chat'].lastByteToDomMs.toFixed(0),
    'flood busy, zaby-chat / naive (≤ 0.02)': r(flood['zaby-chat'].busyMs, flood.naive.busyMs),
    'flood busy, naive-raf / naive': r(flood['naive-raf'].busyMs, flood.naive.busyMs),
    'flood last byte → DOM ms, zaby (≤ 100)': flood['zaby-chat'].lastByteToDomMs.toFixed(0),
    'B 200th / 10th reply cost, zaby (≤ 1.2)': r(B['zaby-chat'].turn200Ms, B['zaby-chat'].turn10Ms),
    'B 200th / 10th reply cost, naive': r(B.naive.turn200Ms, B.naive.turn10Ms),
    'B heap after GC at half → all turns, zaby (MB)': `${B['zaby-chat'].heapHalfMB.toFixed(1)} → ${B['zaby-chat'].heapMB.toFixed(1)}`,
    'A heap, flood / paced (≈1: not per delta), zaby': r(
      flood['zaby-chat'].heapMB,
      paced['zaby-chat'].heapMB,
    ),
  };
}
