/**
 * Runs the scripted agent for a run: appends events with seq 1, 2, 3… (stored and pushed
 * to open streams), pauses on approvals (with expiry), and honours cancel. A run goes on
 * whether or not anyone is streaming it, as server-side work does.
 */
import type {
  FinishedStatus,
  RunEventDataMap,
  RunEventType,
  StoredRunEvent,
} from '../protocol/types.ts';
import {scriptFor, type AgentStep} from './agent.ts';
import {now} from './http.ts';
import {Store, type Approval, type RunRecord} from './store.ts';

export interface RunnerOptions {
  deltaMs: number;
  approvalTtlMs: number;
}

export class RunEngine {
  private readonly store: Store;
  private readonly options: RunnerOptions;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(store: Store, options: RunnerOptions) {
    this.store = store;
    this.options = options;
  }

  /** Starts the agent on a new run (in the background). */
  start(record: RunRecord, turn: number): void {
    const script = scriptFor(record.input, turn, record.run.runId);
    const deltaMs = script.deltaMs ?? this.options.deltaMs;
    void this.execute(record, script.steps, deltaMs).catch((error: unknown) => {
      if (record.run.status === 'PENDING') {
        this.finish(record, 'FAILED', {
          code: 'internal',
          message: `Agent crashed: ${String(error)}`,
        });
      }
    });
  }

  /** Cancels a run: the agent stops, a pending approval ends, RunFinished CANCELLED follows. */
  cancel(record: RunRecord): void {
    if (record.run.status !== 'PENDING' || record.cancelled) return;
    record.cancelled = true;
    for (const approval of record.approvals.values()) {
      if (approval.status === 'PENDING') approval.decide?.('REJECTED');
    }
    record.interrupt?.();
  }

  /** Stops every timer (emulator shutdown). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const record of this.store.runs.values()) {
      record.interrupt?.();
      for (const approval of record.approvals.values()) approval.decide?.('EXPIRED');
    }
  }

  private async execute(record: RunRecord, steps: AgentStep[], deltaMs: number): Promise<void> {
    for (const step of steps) {
      await this.pause(record, deltaMs);
      if (this.stopped) return;
      if (record.cancelled) break;
      switch (step.type) {
        case 'thinking':
          this.append(
            record,
            'thinking',
            step.content === undefined ? {} : {content: step.content},
          );
          break;
        case 'text':
          this.append(record, 'text', {content: step.content});
          break;
        case 'tool_call':
          this.append(record, 'tool_call', {
            toolCallId: step.toolCallId,
            toolName: step.toolName,
            arguments: step.arguments,
          });
          break;
        case 'tool_result':
          this.append(record, 'tool_result', {
            toolCallId: step.toolCallId,
            toolName: step.toolName,
            output: step.output,
            ...(step.isError ? {isError: true} : {}),
          });
          break;
        case 'fail':
          this.finish(record, 'FAILED', {code: step.code, message: step.message});
          return;
        case 'approval': {
          const decision = await this.approval(record, step);
          if (this.stopped) return;
          if (record.cancelled) break;
          await this.execute(
            record,
            decision === 'APPROVED' ? step.approved : step.rejected,
            deltaMs,
          );
          return;
        }
      }
    }
    if (record.run.status !== 'PENDING') return;
    this.finish(record, record.cancelled ? 'CANCELLED' : 'COMPLETED');
  }

  private approval(
    record: RunRecord,
    step: Extract<AgentStep, {type: 'approval'}>,
  ): Promise<'APPROVED' | 'REJECTED' | 'EXPIRED'> {
    const approvalId = Store.id('apr');
    const expiresAt = new Date(Date.now() + this.options.approvalTtlMs).toISOString();
    return new Promise((resolve) => {
      const approval: Approval = {
        approvalId,
        runId: record.run.runId,
        status: 'PENDING',
        decidedAt: null,
      };
      const timer = setTimeout(() => approval.decide?.('EXPIRED'), this.options.approvalTtlMs);
      this.timers.add(timer);
      approval.decide = (decision) => {
        if (approval.status !== 'PENDING') return;
        clearTimeout(timer);
        this.timers.delete(timer);
        approval.status = decision;
        approval.decidedAt = now();
        approval.decide = undefined;
        if (!this.stopped) this.append(record, 'approval_resolved', {approvalId, decision});
        resolve(decision);
      };
      record.approvals.set(approvalId, approval);
      this.append(record, 'approval_request', {
        approvalId,
        toolCallId: step.toolCallId,
        toolName: step.toolName,
        arguments: step.arguments,
        message: step.message,
        expiresAt,
      });
    });
  }

  private pause(record: RunRecord, ms: number): Promise<void> {
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        record.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.timers.add(timer);
      record.interrupt = done;
    });
  }

  private finish(
    record: RunRecord,
    status: FinishedStatus,
    error?: {code: string; message: string},
  ): void {
    if (record.run.status !== 'PENDING') return;
    const finalOutput = record.events
      .filter((e) => e.event === 'text')
      .map((e) => (e.data as RunEventDataMap['text']).content)
      .join('');
    record.run.status = status;
    if (status === 'COMPLETED') record.run.finalOutput = finalOutput;
    if (error) record.run.error = error;
    const seq = record.events.length + 1;
    this.append(record, 'RunFinished', {
      runId: record.run.runId,
      status,
      ...(status === 'COMPLETED' ? {finalOutput} : {}),
      ...(error ? {error} : {}),
      latestSeq: seq,
    });
  }

  /** Stores an event and pushes it to every open stream of the run. */
  private append<K extends RunEventType>(
    record: RunRecord,
    event: K,
    data: RunEventDataMap[K],
  ): void {
    const stored = {seq: record.events.length + 1, event, data, createdAt: now()} as StoredRunEvent;
    record.events.push(stored);
    record.run.latestSeq = stored.seq;
    for (const listener of record.listeners) listener(stored);
  }
}
