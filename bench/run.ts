/**
 * `npm run bench`: streaming render cost of zaby-chat against baselines measured in the
 * same run, in Debian's Chromium, with figures from the Chrome DevTools Protocol.
 *
 *   npm run bench                      # 3 runs per contender (medians), every mode
 *   npm run bench -- --runs 1          # quicker
 *   npm run bench -- --cpu-throttle 4  # a phone-class CPU (CDP Emulation.setCPUThrottlingRate)
 *   npm run bench -- --modes paced4,code --only floor,zaby-chat
 *
 * Modes: flood, paced, B (workloads A and B), paced4 (4-character deltas at 100/s), code,
 * list, table (one long block, a line per delta at 125 lines/s), highlight (workload A's
 * flood with the highlight add-on: its long tasks), startup (bench/startup.ts).
 * Prints tables and writes bench/results/latest.json (latest-4x.json at --cpu-throttle 4).
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {CDPSession, Page} from 'playwright-core';
import {
  CONTENDERS as ALL,
  cdpMetrics as metrics,
  instrument,
  startHarness,
  type Contender,
} from './harness.ts';
import type {Stream, StreamRecord} from './server.ts';
import {measureStartup, type StartupResult} from './startup.ts';
import {
  BLOCK_LINES,
  SENTINEL,
  streamA,
  streamB,
  streamBlock,
  streamPaced4,
  type BlockKind,
} from './workload.ts';

/** What bench/pages/probes.ts puts on the page. */
interface BenchWindow {
  bench: {
    run(input: string): Promise<void>;
    counters(): {longTasks: number; longTaskMs: number; longestTaskMs: number; slowFrames: number};
    waitForText(sentinel: string): Promise<number>;
  };
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const TURNS = Number(args[args.indexOf('--turns') + 1]) || 200;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
const CONTENDERS = ALL.filter((c) => !only || only.includes(c));
const ALL_MODES = [
  'flood',
  'paced',
  'B',
  'paced4',
  'code',
  'list',
  'table',
  'highlight',
  'startup',
];
const MODES = args.includes('--modes') ? args[args.indexOf('--modes') + 1]!.split(',') : ALL_MODES;
const THROTTLE = args.includes('--cpu-throttle')
  ? Number(args[args.indexOf('--cpu-throttle') + 1])
  : 1;
if (!(THROTTLE >= 1)) throw new Error('--cpu-throttle takes a rate ≥ 1, e.g. 4');
/** The startup measurement's runs per page (the issue asks for the median of 5). */
const STARTUP_RUNS = Math.max(5, RUNS);
const started = Date.now();

const harness = await startHarness();
const {server, browser} = harness;

async function open(contender: Contender): Promise<{page: Page; cdp: CDPSession}> {
  let cdp: CDPSession | undefined;
  const page = await harness.open(contender, async (p) => {
    cdp = await instrument(p, THROTTLE);
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
  const {result, record, samples, deltas} = await runStream(contender, streamA(paced));
  if (paced) Object.assign(result, deciles(record, samples, deltas, 1000));
  return result;
}

interface PacedResult extends RunResult {
  /** Main-thread busy time over the stream's duration, in %. */
  sharePct: number;
}

/** The 4-character paced stream, one run. */
async function runPaced4(contender: Contender): Promise<PacedResult> {
  const {result, record} = await runStream(contender, streamPaced4());
  return {...result, sharePct: share(result, record)};
}

interface BlockResult extends PacedResult {
  firstDecileMsPer100: number;
  lastDecileMsPer100: number;
}

/** One long block, a line per delta, one run. */
async function runBlock(contender: Contender, kind: BlockKind): Promise<BlockResult> {
  const {result, record, samples, deltas} = await runStream(contender, streamBlock(kind));
  const d = deciles(record, samples, deltas, 100);
  return {
    ...result,
    sharePct: share(result, record),
    firstDecileMsPer100: d.firstDecileMsPer1k,
    lastDecileMsPer100: d.lastDecileMsPer1k,
  };
}

const share = (result: RunResult, record: StreamRecord) =>
  (100 * result.busyMs) / Math.max(1, record.lastByteAt - record.startedAt);

interface HighlightResult {
  busyMs: number;
  longTasks: number;
  longestTaskMs: number;
  lastByteToDomMs: number;
}

/** Workload A's flood, one run, for its long tasks. */
async function runHighlight(contender: Contender): Promise<HighlightResult> {
  const {result, longest} = await runStream(contender, streamA(false));
  // Highlighting runs after the last block closed: let it finish before counting.
  return {
    busyMs: result.busyMs,
    longTasks: result.longTasks,
    longestTaskMs: longest,
    lastByteToDomMs: result.lastByteToDomMs,
  };
}

/** One stream into a fresh page of `contender`, measured. */
async function runStream(contender: Contender, stream: Stream) {
  const deltas = stream.deltas.length;
  server.setWorkload(() => stream);
  const {page, cdp} = await open(contender);
  await harness.settle(page, THROTTLE);
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
  const {domAt, record} = await harness.runToFinalText(page, 'go', SENTINEL);
  // Work queued behind the final text (highlighting, one block per task) still counts.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  sampling = false;
  await sampler;
  const after = await metrics(cdp);
  const counters1 = await page.evaluate(() => (window as unknown as BenchWindow).bench.counters());
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
  await page.close();
  return {result, record, samples, deltas, longest: counters1.longestTaskMs};
}

/** Main-thread ms per `per` deltas over the first and the last 10% of the stream. */
function deciles(
  record: StreamRecord,
  samples: Array<[number, number]>,
  total: number,
  per: number,
) {
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
    ((busyAt(timeAt(to)) - busyAt(timeAt(from))) / (to - from)) * per;
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
  cpuThrottle: THROTTLE,
  chromium: browser.version(),
  date: new Date().toISOString(),
};
/**
 * The contenders of the newer streaming modes (naive re-renders a long block for seconds),
 * with plain-text: what showing the stream costs the browser before any rendering.
 */
const LEAN = (['floor', 'zaby-chat', 'plain-text'] as const).filter(
  (c) => !only || only.includes(c),
);
const medianOf = async <T extends object>(run: () => Promise<T>, n = RUNS): Promise<T> => {
  const runs: T[] = [];
  for (let i = 0; i < n; i++) runs.push(await run());
  return median(runs);
};
const slowdown = THROTTLE === 1 ? '' : `, CPU ${THROTTLE}× slower`;
try {
  for (const mode of (['flood', 'paced'] as const).filter((m) => MODES.includes(m))) {
    const table: Record<string, RunResult> = {};
    for (const contender of CONTENDERS) {
      const runs: RunResult[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await runA(contender, mode === 'paced'));
      table[contender] = median(runs);
    }
    results[`A-${mode}`] = table;
    print(`Workload A, ${mode} (median of ${RUNS}${slowdown})`, table);
  }
  if (MODES.includes('B')) {
    const conversation: Record<string, ConversationResult> = {};
    for (const contender of CONTENDERS) conversation[contender] = await runB(contender);
    results['B'] = conversation;
    print(`Workload B, ${TURNS}-turn conversation${slowdown}`, conversation);
  }
  if (MODES.includes('paced4')) {
    const table: Record<string, PacedResult> = {};
    for (const contender of LEAN) table[contender] = await medianOf(() => runPaced4(contender));
    results['paced4'] = table;
    print(`4-character deltas at 100/s, 8,000 characters (median of ${RUNS}${slowdown})`, table);
  }
  for (const kind of (['code', 'list', 'table'] as const).filter((m) => MODES.includes(m))) {
    const table: Record<string, BlockResult> = {};
    for (const contender of LEAN)
      table[contender] = await medianOf(() => runBlock(contender, kind));
    results[kind] = table;
    print(
      `One ${BLOCK_LINES[kind]}-line ${kind === 'code' ? 'code block' : kind}, a line per delta at 125/s (median of ${RUNS}${slowdown})`,
      table,
    );
  }
  if (MODES.includes('highlight') && (!only || only.includes('zaby-chat'))) {
    const table: Record<string, HighlightResult> = {};
    for (const contender of ['zaby-chat', 'zaby-highlight'] as const)
      table[contender] = await medianOf(() => runHighlight(contender));
    results['highlight'] = table;
    print(
      `Workload A, flood, without and with the highlight add-on (median of ${RUNS}${slowdown})`,
      table,
    );
  }
  if (MODES.includes('startup')) {
    const table = await measureStartup(harness, STARTUP_RUNS, THROTTLE);
    results['startup'] = table;
    print(
      `Startup: navigation → defined, rendered, painted; cold cache (median of ${STARTUP_RUNS}${slowdown})`,
      table,
    );
  }
  const met = targets(results);
  if (Object.keys(met).length) {
    results['targets'] = met;
    console.log(`\nIssue 16 targets (same run${slowdown}):`);
    for (const [k, v] of Object.entries(met)) console.log(`  ${k.padEnd(72)} ${v}`);
  }
  console.log(`\nBench time: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  if (CONTENDERS.length < ALL.length || MODES.length < ALL_MODES.length) process.exit(0);
  const summary = ratios(results);
  results['ratios'] = summary;
  console.log('\nRatios (zaby-chat vs naive, same run):');
  for (const [k, v] of Object.entries(summary)) console.log(`  ${k.padEnd(42)} ${v}`);
  const file = THROTTLE === 1 ? 'latest.json' : `latest-${THROTTLE}x.json`;
  mkdirSync(here('./results'), {recursive: true});
  writeFileSync(here(`./results/${file}`), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nSaved bench/results/${file}`);
} finally {
  await harness.close();
}

/** Issue 16's targets, for what this run measured. */
function targets(all: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const r = (a: number, b: number) => (a / b).toFixed(2);
  const growth = (b: BlockResult) =>
    `${r(b.lastDecileMsPer100, b.firstDecileMsPer100)} (${b.firstDecileMsPer100.toFixed(0)} → ${b.lastDecileMsPer100.toFixed(0)} ms)`;
  for (const kind of ['code', 'list', 'table'] as const) {
    const zaby = (all[kind] as Record<string, BlockResult> | undefined)?.['zaby-chat'];
    if (!zaby) continue;
    out[`${kind}: ms per 100 lines, last / first 10% (≤ 1.2)`] = growth(zaby);
    out[`${kind}: main-thread share, zaby-chat (≤ 25%)`] = `${zaby.sharePct.toFixed(0)}%`;
    const plain = (all[kind] as Record<string, BlockResult>)['plain-text'];
    if (plain)
      out[`${kind}: the same, plain-text (its text in the same boxes, unrendered)`] = growth(plain);
  }
  const paced4 = all['paced4'] as Record<string, PacedResult> | undefined;
  if (paced4?.['zaby-chat'] && paced4['floor']) {
    out['paced4: busy, zaby-chat / floor (≤ 1.5)'] = r(
      paced4['zaby-chat'].busyMs,
      paced4['floor'].busyMs,
    );
    const plain = paced4['plain-text'];
    if (plain) {
      out['paced4: busy, plain-text / floor (the least a page showing it costs)'] = r(
        plain.busyMs,
        paced4['floor'].busyMs,
      );
      out['paced4: busy, zaby-chat / plain-text'] = r(paced4['zaby-chat'].busyMs, plain.busyMs);
    }
    out['paced4: long tasks > 50 ms, zaby-chat (0 at 4×)'] = String(paced4['zaby-chat'].longTasks);
    out['paced4: last byte → final text, zaby-chat (≤ 50 ms at 4×)'] =
      `${paced4['zaby-chat'].lastByteToDomMs.toFixed(0)} ms`;
  }
  const flood = (all['A-flood'] as Record<string, RunResult> | undefined)?.['zaby-chat'];
  if (flood)
    out['flood: last byte → final text, zaby-chat (≤ 150 ms at 4×)'] =
      `${flood.lastByteToDomMs.toFixed(0)} ms`;
  const highlight = all['highlight'] as Record<string, HighlightResult> | undefined;
  if (highlight)
    out['highlight: long tasks > 50 ms added by the add-on (0)'] =
      `${highlight['zaby-highlight']!.longTasks - highlight['zaby-chat']!.longTasks} (longest ${highlight['zaby-highlight']!.longestTaskMs.toFixed(0)} ms)`;
  const startup = all['startup'] as Record<string, StartupResult> | undefined;
  if (startup) {
    const over = (name: 'zaby-chat' | 'deep-chat') =>
      startup[name]!.busyMs - startup['empty']!.busyMs;
    out['startup: main-thread ms over the empty page, zaby-chat / deep-chat (≤ 1)'] =
      `${r(over('zaby-chat'), over('deep-chat'))} (${over('zaby-chat').toFixed(0)} vs ${over('deep-chat').toFixed(0)} ms)`;
  }
  return out;
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
