/**
 * Coalesces work to at most once per animation frame. A hidden page gets no frames, so
 * there it falls back to a timer: a run that finishes in a background tab still settles.
 */
export class FrameQueue {
  private handle: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly callback: () => void;

  constructor(callback: () => void) {
    this.callback = callback;
  }

  /** Runs the callback on the next frame, once, however often this is called before it. */
  schedule(): void {
    if (this.handle !== undefined || this.timer !== undefined) return;
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
      this.timer = setTimeout(this.run, 50);
    } else {
      this.handle = requestAnimationFrame(this.run);
    }
  }

  /** Runs pending work now (e.g. before reading the state it would change). */
  flush(): void {
    if (this.handle !== undefined || this.timer !== undefined) this.run();
  }

  cancel(): void {
    if (this.handle !== undefined) cancelAnimationFrame(this.handle);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.handle = undefined;
    this.timer = undefined;
  }

  private readonly run = () => {
    this.cancel();
    this.callback();
  };
}
