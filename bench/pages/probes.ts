/**
 * What every contender page exposes to the bench driver: `bench.run(input)`, and probes for
 * long tasks, slow frames and the moment the final text is in the DOM.
 */
export interface BenchPage {
  run(input: string): Promise<unknown>;
  /** The visible text of the newest reply. */
  text(): string;
}

export function installProbes(page: BenchPage): void {
  const longTasks: number[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  }).observe({type: 'longtask', buffered: true});
  const slowFrames: number[] = [];
  let last = performance.now();
  const frame = (now: number) => {
    if (now - last > 33) slowFrames.push(now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  (window as unknown as {bench: unknown}).bench = {
    run: (input: string) => page.run(input).then(() => undefined),
    counters: () => ({
      longTasks: longTasks.length,
      longTaskMs: longTasks.reduce((a, b) => a + b, 0),
      longestTaskMs: Math.max(0, ...longTasks),
      slowFrames: slowFrames.length,
    }),
    /** Resolves with Date.now() at the first frame whose newest reply contains `sentinel`. */
    waitForText: (sentinel: string) =>
      new Promise<number>((resolve) => {
        const check = () =>
          page.text().includes(sentinel) ? resolve(Date.now()) : requestAnimationFrame(check);
        check();
      }),
  };
}
