/**
 * The emulator's side of the run engine: Node timers, the clock and the store's ids for
 * {@link RunExecution} (src/runtime/run-executor.ts), the scripted agent for each run, and
 * the run object kept in step with its events. A run goes on whether or not anyone is
 * streaming it, as server-side work does.
 */
import type {Run} from '../protocol/types.ts';
import {RunExecution, type RunEnvironment} from '../runtime/run-executor.ts';
import {scriptFor} from '../runtime/scripted-agent.ts';
import {Store} from './store.ts';

export interface RunnerOptions {
  /** Delay between events in ms; 0 = as fast as the socket takes. */
  deltaMs: number;
  approvalTtlMs: number;
}

/** Node's timers: 0 ms yields to the event loop (setImmediate) so a flood never starves I/O. */
function nodeEnvironment(timers: Set<() => void>): RunEnvironment {
  return {
    schedule: (callback, ms) => {
      const handle =
        ms <= 0
          ? {kind: 'immediate' as const, id: setImmediate(() => fire())}
          : {kind: 'timeout' as const, id: setTimeout(() => fire(), ms)};
      const cancel = () => {
        timers.delete(cancel);
        if (handle.kind === 'immediate') clearImmediate(handle.id);
        else clearTimeout(handle.id);
      };
      const fire = () => {
        timers.delete(cancel);
        callback();
      };
      timers.add(cancel);
      return cancel;
    },
    now: () => Date.now(),
    newId: (prefix) => Store.id(prefix),
  };
}

export class RunEngine {
  private readonly options: RunnerOptions;
  private readonly executions = new Set<RunExecution>();
  /** Cancels of every scheduled timer, so shutdown leaves none behind. */
  private readonly timers = new Set<() => void>();
  private readonly env: RunEnvironment;

  constructor(options: RunnerOptions) {
    this.options = options;
    this.env = nodeEnvironment(this.timers);
  }

  /**
   * Starts the scripted agent on a new run (in the background).
   * @param run - the run object; its status, latestSeq, finalOutput and error follow the events
   * @param turn - the run's number in its agent session
   */
  start(run: Run, input: string, turn: number): RunExecution {
    const execution = new RunExecution(run.runId, {
      env: this.env,
      paceMs: this.options.deltaMs,
      approvalTtlMs: this.options.approvalTtlMs,
    });
    execution.subscribe((event) => {
      run.latestSeq = event.seq;
      if (event.event !== 'RunFinished') return;
      run.status = event.data.status;
      if (event.data.finalOutput !== undefined) run.finalOutput = event.data.finalOutput;
      if (event.data.error) run.error = event.data.error;
      this.executions.delete(execution);
    });
    this.executions.add(execution);
    execution.start(scriptFor(input, {turn, runId: run.runId, paceMs: this.options.deltaMs}));
    return execution;
  }

  /** Stops every run and timer (emulator shutdown). */
  stop(): void {
    for (const execution of this.executions) execution.halt();
    this.executions.clear();
    for (const cancel of [...this.timers]) cancel();
  }
}
