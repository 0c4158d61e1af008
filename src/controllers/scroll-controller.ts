import type {ReactiveController, ReactiveControllerHost} from 'lit';

/** How close to the bottom (px) still counts as "following the conversation". */
const STICK_THRESHOLD = 32;

/**
 * Keeps the transcript pinned to the newest content while the person is at the bottom,
 * and stops as soon as they scroll up, offering "jump to latest" instead. Streaming text
 * grows inside nested elements after the host's own render, so a ResizeObserver on the
 * log's content (not the host's update cycle) decides when to follow.
 */
export class ScrollController implements ReactiveController {
  /** New content arrived while the person was reading further up. */
  showJump = false;
  /** Replies that finished below while the person was reading further up (the jump button says how many). */
  newReplies = 0;

  readonly #host: ReactiveControllerHost;
  readonly #getLog: () => HTMLElement | null;
  #log: HTMLElement | null = null;
  #stuck = true;
  #lastHeight = 0;
  #lastTop = 0;
  #observer: ResizeObserver | undefined;

  constructor(host: ReactiveControllerHost, getLog: () => HTMLElement | null) {
    this.#getLog = getLog;
    (this.#host = host).addController(this);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#log?.removeEventListener('scroll', this.#handleScroll);
    this.#log = null;
  }

  /** Call from the host's `updated()`: attaches to the (re-)rendered log. */
  afterRender(): void {
    const log = this.#getLog();
    if (log !== this.#log) {
      this.hostDisconnected();
      this.#log = log;
      if (!log) return;
      log.addEventListener('scroll', this.#handleScroll, {passive: true});
      // No ResizeObserver (jsdom, some webviews): follow on the host's renders only, below.
      if (typeof ResizeObserver === 'undefined') {
        this.#handleResize();
        return;
      }
      this.#observer = new ResizeObserver(this.#handleResize);
      // The content grows as replies stream; the log itself shrinks when the composer grows
      // or an on-screen keyboard opens. Both are read after layout, never forcing one.
      const content = log.firstElementChild;
      if (content) this.#observer.observe(content);
      this.#observer.observe(log);
    } else if (log && !this.#observer) {
      this.#handleResize();
    }
  }

  jumpToLatest(): void {
    this.#stuck = true;
    this.#setJump(false);
    this.#log?.scrollTo({top: this.#log.scrollHeight});
  }

  /** A reply finished: counted while the person is reading further up. */
  replyFinished(): void {
    if (this.#stuck) return;
    this.newReplies += 1;
    this.showJump = true;
    this.#host.requestUpdate();
  }

  readonly #handleResize = () => {
    const log = this.#log;
    if (!log) return;
    const grew = log.scrollHeight > this.#lastHeight;
    this.#lastHeight = log.scrollHeight;
    if (this.#stuck) {
      log.scrollTop = log.scrollHeight;
      this.#lastTop = log.scrollTop;
    } else if (grew) {
      this.#setJump(true);
    }
  };

  readonly #handleScroll = () => {
    const log = this.#log;
    if (!log) return;
    const top = log.scrollTop;
    if (log.scrollHeight - top - log.clientHeight <= STICK_THRESHOLD) {
      this.#stuck = true;
      this.#setJump(false);
    } else if (top < this.#lastTop) {
      // Only moving up lets go of the bottom. A scroll event can also come after the log
      // shrank (an on-screen keyboard) or after content grew past where it was pinned.
      this.#stuck = false;
    }
    this.#lastTop = top;
  };

  #setJump(show: boolean): void {
    if (!show) this.newReplies = 0;
    if (this.showJump === show) return;
    this.showJump = show;
    this.#host.requestUpdate();
  }
}
