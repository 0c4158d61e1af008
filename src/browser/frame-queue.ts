/**
 * Coalesces work to at most once per animation frame, and (for streaming text) at most
 * once per `minIntervalMs`: at 100 deltas/s a paint every other frame reads as smooth and
 * halves the main-thread cost. A hidden page gets no frames, so there it falls back to a
 * timer: a run that finishes in a background tab still settles.
 */
export class FrameQueue {
  #handle: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = -Infinity;
  readonly #callback: () => void;
  readonly #minIntervalMs: number;

  constructor(callback: () => void, minIntervalMs = 0) {
    this.#callback = callback;
    this.#minIntervalMs = minIntervalMs;
  }

  /**
   * Runs the callback on a coming frame, once, however often this is called before it.
   * @param urgent - skip the minimum interval (e.g. the run finished: show the final text now)
   */
  schedule(urgent = false): void {
    if (urgent && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#handle !== undefined || this.#timer !== undefined) return;
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
      this.#timer = setTimeout(this.#run, 50);
      return;
    }
    const wait = urgent ? 0 : this.#last + this.#minIntervalMs - performance.now();
    if (wait > 4)
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#handle = requestAnimationFrame(this.#run);
      }, wait - 4); // wake just before the frame that may run
    else this.#handle = requestAnimationFrame(this.#run);
  }

  /** Runs pending work now (e.g. before reading the state it would change). */
  flush(): void {
    if (this.#handle !== undefined || this.#timer !== undefined) this.#run();
  }

  cancel(): void {
    if (this.#handle !== undefined) cancelAnimationFrame(this.#handle);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#handle = undefined;
    this.#timer = undefined;
  }

  readonly #run = () => {
    this.cancel();
    this.#last = performance.now();
    this.#callback();
  };
}
