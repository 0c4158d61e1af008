/**
 * Helpers for the AG-UI element tests: queue runs on the scripted AG-UI agent
 * (test/helpers/wtr-ag-ui-plugin.ts), read what the element sent, and mount a chat on it.
 */
import type {BaseEvent, RunAgentInput} from '@ag-ui/core';
import type {ZabyChat} from '../../../src/index.ts';
import type {ScriptedRun} from '../../helpers/wtr-ag-ui-plugin.ts';
import {createChat} from './chat.ts';

export const AGENT_URL = `${location.origin}/ag-ui-script/agent`;

/** One AG-UI event (plain JSON, as a server would build it). */
export function ev(type: string, fields: Record<string, unknown> = {}): BaseEvent {
  return {type, ...fields} as unknown as BaseEvent;
}

/** A whole run around `body`: RUN_STARTED … RUN_FINISHED (success unless `outcome`). */
export function run(body: BaseEvent[], outcome?: Record<string, unknown>): BaseEvent[] {
  return [
    ev('RUN_STARTED', {threadId: 't', runId: 'r'}),
    ...body,
    ev('RUN_FINISHED', {threadId: 't', runId: 'r', ...(outcome ? {outcome} : {})}),
  ];
}

/** A text message in content events. */
export function text(messageId: string, ...deltas: string[]): BaseEvent[] {
  return [
    ev('TEXT_MESSAGE_START', {messageId, role: 'assistant'}),
    ...deltas.map((delta) => ev('TEXT_MESSAGE_CONTENT', {messageId, delta})),
    ev('TEXT_MESSAGE_END', {messageId}),
  ];
}

export async function queue(...runs: ScriptedRun[]): Promise<void> {
  await fetch('/ag-ui-script/queue', {method: 'POST', body: JSON.stringify({runs})});
}

export async function agentLog(): Promise<{
  requests: Array<{authorization: string | null; input: RunAgentInput}>;
  closedEarly: number;
}> {
  return (await fetch('/ag-ui-script/log')).json() as never;
}

/** A chat speaking AG-UI to the scripted agent; no token unless `attrs` or `setup` give one. */
export function mountAgUi(
  attrs: Record<string, string> = {},
  setup?: (el: ZabyChat) => void,
): Promise<ZabyChat> {
  return createChat({backend: 'ag-ui', 'agent-url': AGENT_URL, ...attrs}, setup);
}
