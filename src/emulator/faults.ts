/**
 * Injected faults (`emulator.injectFault`, `POST …/dev-faults`): the next matching requests
 * answer an error instead of, or after, the real handler, so tests can break things on
 * purpose.
 */
import type {IncomingMessage} from 'node:http';
import type {ServerErrorCode} from '../protocol/types.ts';
import {HttpError} from './http.ts';

export interface FaultSpec {
  method?: string;
  /** A substring of the URL path. */
  path: string;
  status: number;
  code: ServerErrorCode;
  message?: string;
  retryAfter?: number;
  /** @defaultValue 1 */
  times?: number;
  /** Run the real handler first, then answer with the fault instead (a lost response). */
  afterHandler?: boolean;
}

/** The fault a request met: the error to answer and whether the handler runs first. */
export interface TakenFault {
  error: HttpError;
  afterHandler: boolean;
}

export class FaultInjector {
  readonly #faults: Array<FaultSpec & {left: number}> = [];

  /** Arms a fault for the next `fault.times` (default 1) matching requests. */
  inject(fault: FaultSpec): void {
    this.#faults.push({...fault, left: fault.times ?? 1});
  }

  clear(): void {
    this.#faults.length = 0;
  }

  /** The first armed fault matching the request, counted as used; undefined when none. */
  take(req: IncomingMessage, path: string): TakenFault | undefined {
    const fault = this.#faults.find(
      (f) =>
        f.left > 0 && path.includes(f.path) && (!f.method || f.method.toUpperCase() === req.method),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    return {
      error: new HttpError(
        fault.status,
        fault.code,
        fault.message ?? `Injected ${fault.code}.`,
        fault.retryAfter === undefined ? {} : {'Retry-After': String(fault.retryAfter)},
      ),
      afterHandler: fault.afterHandler === true,
    };
  }
}
