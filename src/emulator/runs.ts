/**
 * The emulator's side of the run engine: Node timers, the clock and the store's ids for
 * {@link RunExecution} (src/runtime/run-executor.ts), the scripted agent for each run, and
 * the run object kept in step with its events. A run goes on whether or not anyone is
 * streaming it, as server-side work does.
 */
import type {Run} from '../protocol/types.ts';
import {RunExecution, type RunEnvironment, type RunScript} from '../runtime/run-executor.ts';
import {scriptFor, type ScriptContext} from '../runtime/scripted-agent.ts';
import {Store} from './store.ts';

/** What the agent knows of a run: its input, its turn, and the conversation before it. */
export interface AgentRequest extends ScriptContext {
  input: string;
  /** Earlier turns, oldest first (AG-UI sends them; the Zaby path has none). */
  history: ReadonlyArray<{role: 'user' | 'assistant'; content: string}>;
}

/** The agent behind both protocols: the scripted one, or a model (openai-agent.ts). */
export type Agent = (request: AgentRequest) => RunScript;

export interface RunnerOptions {
  /** Delay between events in ms; 0 = as fast as the socket takes. */
  deltaMs: number;
  approvalTtlMs: number;
  /** @defaultValue the scripted agent */
  agent?: Agent;
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
   * @param history - the session's earlier turns (what a model agent is told)
   */
  start(
    run: Run,
    input: string,
    turn: number,
    history: AgentRequest['history'] = [],
  ): RunExecution {
    const execution = this.execute(run.runId, input, turn, history);
    execution.subscribe((event) => {
      run.latestSeq = event.seq;
      if (event.event !== 'RunFinished') return;
      run.status = event.data.status;
      if (event.data.finalOutput !== undefined) run.finalOutput = event.data.finalOutput;
      if (event.data.error) run.error = event.data.error;
    });
    return execution;
  }

  /** Runs the agent for one input (in the background), for either protocol. */
  execute(
    runId: string,
    input: string,
    turn: number,
    history: AgentRequest['history'],
  ): RunExecution {
    const execution = new RunExecution(runId, {
      env: this.env,
      paceMs: this.options.deltaMs,
      approvalTtlMs: this.options.approvalTtlMs,
    });
    execution.subscribe((event) => {
      if (event.event === 'RunFinished') this.executions.delete(execution);
    });
    this.executions.add(execution);
    const agent = this.options.agent ?? ((r: AgentRequest) => scriptFor(r.input, r));
    execution.start(agent({input, turn, runId, paceMs: this.options.deltaMs, history}));
    return execution;
  }

  /** Executions not finished yet, over either protocol. */
  get running(): number {
    return this.executions.size;
  }

  /** Stops every run and timer (emulator shutdown). */
  stop(): void {
    for (const execution of this.executions) execution.halt();
    this.executions.clear();
    for (const cancel of [...this.timers]) cancel();
  }
}
