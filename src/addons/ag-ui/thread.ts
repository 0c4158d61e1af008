/**
 * The AG-UI conversation the element keeps: its `threadId`, each turn's input and run
 * events, and the agent state, persisted beside the run ids (same `persist` storage), so
 * a reload restores the transcript and the next `RunAgentInput` carries the whole thread.
 */
import type {Message} from '@ag-ui/core';
import type {RunEvent} from '../../protocol/types.ts';
import {reduceRunEvents, createAssistantTurn} from '../../state/run-state.ts';

export interface TurnRecord {
  runId: string;
  input: string;
  events: RunEvent[];
}

export interface ThreadData {
  threadId: string;
  turns: TurnRecord[];
  state?: unknown;
}

export function loadThread(storage: Storage | undefined, key: string): ThreadData {
  try {
    const data = JSON.parse(storage?.getItem(key) ?? 'null') as ThreadData | null;
    if (typeof data?.threadId === 'string' && Array.isArray(data.turns)) return data;
  } catch {
    // unreadable: a new thread
  }
  return {threadId: crypto.randomUUID(), turns: []};
}

export function saveThread(storage: Storage | undefined, key: string, thread: ThreadData): void {
  try {
    // Deltas joined: a 20,000-character reply is one stored event, not 5,000.
    const turns = thread.turns.map((t) => ({...t, events: compact(t.events)}));
    storage?.setItem(key, JSON.stringify({...thread, turns}));
  } catch {
    // quota exceeded: the live conversation goes on; only restore is affected
  }
}

/** Consecutive text (or thinking) deltas as one event, numbered 1, 2, 3… again. */
function compact(events: RunEvent[]): RunEvent[] {
  const out: RunEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (
      last &&
      (e.event === 'text' || e.event === 'thinking') &&
      last.event === e.event &&
      e.data.content &&
      last.data.content !== undefined
    ) {
      out[out.length - 1] = {...last, data: {content: last.data.content + e.data.content}};
    } else out.push({...e, seq: out.length + 1} as RunEvent);
  }
  return out;
}

/**
 * The thread as AG-UI messages: each turn's user message, then what the agent said and
 * called (and the tools' results). Turns that failed or were stopped are left out; the
 * turn being continued (`current`) is in, even before it finished.
 */
export function threadMessages(thread: ThreadData, current: TurnRecord): Message[] {
  const messages: Message[] = [];
  for (const turn of thread.turns) {
    const reduced = reduceRunEvents(createAssistantTurn(turn.runId), turn.events);
    if (turn !== current && reduced.status !== 'COMPLETED') continue;
    messages.push({id: `${turn.runId}-user`, role: 'user', content: turn.input});
    const text = reduced.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
    const tools = reduced.blocks.flatMap((b) => (b.type === 'tool' ? [b] : []));
    if (text || tools.length)
      messages.push({
        id: `${turn.runId}-assistant`,
        role: 'assistant',
        ...(text ? {content: text} : {}),
        ...(tools.length
          ? {
              toolCalls: tools.map((t) => ({
                id: t.toolCallId,
                type: 'function' as const,
                function: {name: t.toolName, arguments: JSON.stringify(t.arguments)},
              })),
            }
          : {}),
      });
    for (const t of tools)
      if (t.hasResult)
        messages.push({
          id: `${t.toolCallId}-result`,
          role: 'tool',
          toolCallId: t.toolCallId,
          content: typeof t.output === 'string' ? t.output : JSON.stringify(t.output),
        });
  }
  return messages;
}
