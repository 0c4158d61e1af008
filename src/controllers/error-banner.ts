/**
 * The chat's one error banner: what failed, and the action its Retry repeats. Every shown
 * error (and every reported one, which needs no banner) is also a `zaby-error` for the host.
 */
import type {ReactiveControllerHost} from 'lit';
import {ZabyErrorEvent, type ErrorDetail} from '../events.ts';
import {ZabyError} from '../protocol/errors.ts';

export class ErrorBanner {
  /** The error shown, or null. */
  error: ErrorDetail | null = null;
  #retry: (() => void) | undefined;
  readonly #host: ReactiveControllerHost & EventTarget;

  constructor(host: ReactiveControllerHost & EventTarget) {
    this.#host = host;
  }

  /** Shows `error` (its Retry runs `retry` when the error is retryable) and tells the host. */
  show(error: ErrorDetail, retry?: () => void): void {
    this.error = error;
    this.#retry = error.retryable ? retry : undefined;
    this.#host.dispatchEvent(new ZabyErrorEvent({...error}));
    this.#host.requestUpdate();
  }

  /** Shows whatever was thrown, as a ZabyError; an abort (the person's own doing) shows nothing. */
  fail(error: unknown, retry: () => void, runId?: string): void {
    const e = ZabyError.from(error);
    if (e.code === 'aborted') return;
    const id = runId ?? e.runId;
    this.show(
      {code: e.code, message: e.message, retryable: e.retryable, ...(id ? {runId: id} : {})},
      retry,
    );
  }

  /** Tells the host (`zaby-error`) without a banner: a message shows it, or nothing needs doing. */
  report(error: ErrorDetail): void {
    this.#host.dispatchEvent(new ZabyErrorEvent(error));
  }

  /** Hides the banner and runs what its Retry repeats. */
  retry(): void {
    const action = this.#retry;
    this.dismiss();
    action?.();
  }

  dismiss(): void {
    this.error = null;
    this.#retry = undefined;
    this.#host.requestUpdate();
  }
}
