/**
 * `npx tsx bench/profile.ts [contender] [flood|paced|paced4|code|list|table|B] [first traced turn of B]`: where one
 * contender's main-thread time goes, by trace event (self time, top-level tasks only), for
 * one run of a workload.
 * A tool for finding what to optimize; `npm run bench` is what the README quotes.
 */
import {instrument, startHarness, type Contender} from './harness.ts';
import {SENTINEL, streamA, streamB, streamBlock, streamPaced4} from './workload.ts';

const args = process.argv.slice(2);
const contender = (args[0] ?? 'zaby-chat') as Contender;
const mode = args[1] ?? 'paced';
/** Workload B: the turn at which tracing starts (10 turns are traced). */
const traceFrom = Number(args[2] ?? 150);

const harness = await startHarness();
const {server, browser, open, close} = harness;
try {
  // THROTTLE=4: a phone-class CPU, as `npm run bench -- --cpu-throttle 4`.
  const throttle = Number(process.env['THROTTLE'] ?? 1);
  const page = await open(contender, async (p) => void (await instrument(p, throttle)));
  await harness.settle(page, throttle);
  const send = (input: string) => harness.runToFinalText(page, input, SENTINEL);
  if (mode === 'B') server.setWorkload(streamB);
  else {
    const stream =
      mode === 'paced4'
        ? streamPaced4()
        : mode === 'code' || mode === 'list' || mode === 'table'
          ? streamBlock(mode)
          : streamA(mode === 'paced');
    server.setWorkload(() => stream);
  }
  // Workload B: the conversation up to the traced turns is not traced.
  const [first, end] = mode === 'B' ? [traceFrom, traceFrom + 10] : [0, 1];
  for (let turn = 1; turn < first; turn++) await send(`turn ${turn}`);
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      ...(process.env['V8'] ? ['v8', 'blink'] : []),
    ],
  });
  for (let turn = first; turn < end; turn++) await send(mode === 'B' ? `turn ${turn}` : 'go');
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: Array<{
      name: string;
      ph: string;
      ts: number;
      dur?: number;
      tid: number;
      pid: number;
      args?: {data?: {url?: string}};
    }>;
  };
  const events = trace.traceEvents;
  // The renderer main thread: the one running the most RunTask time under CrRendererMain.
  const names = events.filter(
    (e) => e.name === 'thread_name' && (e.args as {name?: string})?.name === 'CrRendererMain',
  );
  const byThread = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'RunTask' && e.dur && names.some((n) => n.pid === e.pid && n.tid === e.tid)) {
      byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
    }
  }
  const main = [...byThread].sort((a, b) => b[1] - a[1])[0]![0];
  const complete = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Self time: each event's duration minus its direct children's.
  const self = new Map<string, number>();
  const stack: Array<{end: number; name: string; child: number; dur: number}> = [];
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.end <= until) {
      const done = stack.pop()!;
      self.set(done.name, (self.get(done.name) ?? 0) + done.dur - done.child);
      if (stack.length) stack.at(-1)!.child += done.dur;
    }
  };
  for (const e of complete) {
    close(e.ts);
    stack.push({end: e.ts + e.dur!, name: e.name, child: 0, dur: e.dur!});
  }
  close(Infinity);
  if (process.env['TASKS']) {
    // The longest tasks, each with its direct children.
    const tasks = complete
      .filter((x) => x.name === 'RunTask')
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 8);
    for (const t of tasks) {
      const kids = complete
        .filter((x) => x !== t && x.ts >= t.ts && x.ts + x.dur! <= t.ts + t.dur! && x.dur! > 1000)
        .map((x) => `${x.name} ${(x.dur! / 1000).toFixed(1)}`);
      console.log(
        `task ${(t.dur! / 1000).toFixed(1)} ms at ${((t.ts - complete[0]!.ts) / 1000).toFixed(0)}: ${kids.join(', ')}`,
      );
    }
  }
  if (process.env['PAINTS']) {
    // Painted areas: how much of the page each frame repaints.
    const areas = new Map<string, number>();
    for (const e of complete.filter((x) => x.name === 'Paint')) {
      const clip = (e.args as {data?: {clip?: number[]}}).data?.clip ?? [];
      const w = Math.round(
        Math.max(...clip.filter((_, i) => i % 2 === 0)) -
          Math.min(...clip.filter((_, i) => i % 2 === 0)),
      );
      const h = Math.round(
        Math.max(...clip.filter((_, i) => i % 2 === 1)) -
          Math.min(...clip.filter((_, i) => i % 2 === 1)),
      );
      areas.set(`${w}x${h}`, (areas.get(`${w}x${h}`) ?? 0) + 1);
    }
    console.log('Paint clips (w x h: count):', [...areas].sort((a, b) => b[1] - a[1]).slice(0, 12));
  }
  if (process.env['LAYOUTS']) {
    for (const e of complete.filter((x) => x.name === 'Layout' || x.name === 'UpdateLayoutTree')) {
      const a = e.args as {beginData?: Record<string, unknown>; elementCount?: number};
      console.log(
        e.name,
        (e.dur! / 1000).toFixed(2),
        JSON.stringify(a.beginData ?? a).slice(0, 200),
      );
    }
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${contender} ${mode}: ${(total / 1000).toFixed(0)} ms of main-thread trace events`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${name}`);
  }
} finally {
  await close();
}
