/**
 * Reads one SSE response with eventsource-parser (no hand-parsed SSE), reporting each
 * message and every byte of liveness (pings are comments), and giving up after
 * `idleTimeoutMs` without a byte.
 */
import {createParser, type EventSourceMessage} from 'eventsource-parser';
import {ZabyError} from './errors.ts';

export interface ReadSseOptions {
  /** Return `true` to stop reading (e.g. after RunFinished). */
  onMessage: (message: EventSourceMessage) => boolean | void;
  /** Milliseconds without a byte that count as a dropped connection. */
  idleTimeoutMs: number;
  /** Aborts the underlying request; called on idle timeout and when done. */
  abort: () => void;
  /** Every time bytes arrive. */
  onBytes?: () => void;
}

/**
 * Resolves when the body ended, or when onMessage asked to stop (the rest of the body is then
 * read to its end in the background): either way the caller must not abort the request.
 * Rejects on a parse failure or the idle timeout, after aborting the request itself.
 */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  options: ReadSseOptions,
): Promise<void> {
  let stop = false;
  let parseFailure: ZabyError | undefined;
  const parser = createParser({
    onEvent: (message) => {
      if (stop || parseFailure) return;
      try {
        if (options.onMessage(message) === true) stop = true;
      } catch (error) {
        parseFailure =
          error instanceof ZabyError
            ? error
            : new ZabyError('bad_response', `Could not apply a stream event: ${String(error)}`, {
                retryable: true,
              });
      }
    },
    onError: (error) => {
      // Unknown fields or a bad `retry:` line: the event itself is still parsed; note and go on.
      if (error.type === 'max-buffer-size-exceeded') {
        parseFailure = new ZabyError('bad_response', `Stream event too large: ${error.message}`, {
          retryable: true,
        });
      }
    },
  });
  // TextDecoderStream keeps a multi-byte character split across chunks whole.
  const reader = body
    .pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      options.abort();
      void reader.cancel().catch(() => undefined);
    }, options.idleTimeoutMs);
  };
  arm();
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        // A last line ended by a lone CR is held until the parser sees the next byte (it
        // could be CRLF); the body has ended, so end that line: one LF completes a held CR
        // and is an empty line otherwise, which dispatches nothing without data.
        parser.feed('\n');
        parser.reset({consume: true});
        if (parseFailure) throw parseFailure;
        break;
      }
      arm();
      options.onBytes?.();
      parser.feed(value);
      if (parseFailure) throw parseFailure;
      if (stop) {
        // The server closes right after the last event: read to that end (in the
        // background: the run is done now) instead of aborting a response that is
        // completing, which shows as a failed request; cut only one still open after DRAIN_MS.
        void readToEnd(reader, DRAIN_MS).then((ended) => {
          if (ended) return;
          options.abort();
          void reader.cancel().catch(() => undefined);
        });
        return;
      }
    }
  } catch (error) {
    if (timedOut) {
      throw timeoutError(options.idleTimeoutMs);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    if (parseFailure) {
      options.abort();
      void reader.cancel().catch(() => undefined);
    }
  }
  if (timedOut) {
    throw timeoutError(options.idleTimeoutMs);
  }
}

function timeoutError(idleTimeoutMs: number): ZabyError {
  const seconds = Math.round(idleTimeoutMs / 1000);
  return new ZabyError('stream_timeout', `No data for ${seconds} s; reconnecting.`, {
    retryable: true,
  });
}

/** How long to wait for the server to end a response after its last event. */
const DRAIN_MS = 2_000;

/** Reads (and drops) what is left of a body; true when it ended within `ms`. */
async function readToEnd(
  reader: ReadableStreamDefaultReader<string>,
  ms: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), late]);
      if (next === false) return false;
      if (next.done) return true;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
