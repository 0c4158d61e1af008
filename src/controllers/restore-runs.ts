/**
 * Loads a persisted conversation back from the events endpoint: the user turn (its text is
 * persisted, the server does not return it) and the assistant turn of every stored run.
 */
import type {PersistedRun} from '../browser/run-store.ts';
import type {Backend} from '../protocol/backend.ts';
import {ZabyError} from '../protocol/errors.ts';
import type {RunEvent} from '../protocol/types.ts';
import {createAssistantTurn, reduceRunEvents, type Turn} from '../state/run-state.ts';

/** Parallel event-history requests while restoring a conversation. */
const CONCURRENCY = 4;

export interface RestoredRuns {
  /** The restored turns in order (user, assistant, user, …); empty when `failure` is set. */
  turns: Turn[];
  /** Runs the server no longer has (404): to be dropped from the store. */
  gone: Set<string>;
  /** The first other failure (offline, a 403): nothing is restored half. */
  failure: unknown;
}

/**
 * @param stillWanted - false once the conversation was cleared meanwhile: loading stops
 * @param onInvalidEvent - a stored event the client skipped as malformed
 * @returns what was restored, or undefined when it is no longer wanted
 */
export async function restoreRuns(
  client: Backend,
  runs: readonly PersistedRun[],
  stillWanted: () => boolean,
  onInvalidEvent: (error: ZabyError, runId: string) => void,
): Promise<RestoredRuns | undefined> {
  // At most a few requests at a time; a run the server no longer has (404) is dropped from
  // the store instead of failing every reload. A 403 (say, a misconfigured origin) would
  // hit every run alike: that stays an error, and the stored runs stay for a retry.
  const results: Array<PromiseSettledResult<Array<RunEvent & {createdAt?: string}>>> = [];
  for (let i = 0; i < runs.length; i += CONCURRENCY) {
    const batch = runs
      .slice(i, i + CONCURRENCY)
      .map((r) => client.allEvents(r.runId, {onInvalidEvent: (e) => onInvalidEvent(e, r.runId)}));
    results.push(...(await Promise.allSettled(batch)));
    if (!stillWanted()) return undefined;
  }
  const restored: RestoredRuns = {turns: [], gone: new Set(), failure: undefined};
  runs.forEach((run, i) => {
    const result = results[i]!;
    if (result.status === 'rejected') {
      const status = result.reason instanceof ZabyError ? result.reason.status : 0;
      if (status === 404) restored.gone.add(run.runId);
      else restored.failure ??= result.reason;
      return;
    }
    // Both keep the time their run began: the server's time of its first event.
    const createdAt = result.value[0]?.createdAt;
    restored.turns.push(
      {
        kind: 'user',
        id: `user:${run.requestId}`,
        text: run.input,
        requestId: run.requestId,
        runId: run.runId,
        createdAt,
      },
      reduceRunEvents({...createAssistantTurn(run.runId), createdAt}, result.value),
    );
  });
  if (restored.failure !== undefined) restored.turns = [];
  return restored;
}
