/**
 * The transcript model and the pure run reducer: `(turn, event) => turn`.
 *
 * Glossary (one word per thing, here and everywhere):
 * - **run**: one execution of the agent on the server for one input (`runId`); it streams
 *   run events (src/protocol/types.ts), parsed at the wire (src/protocol/run-events.ts).
 * - **turn**: one entry of the transcript: a {@link UserTurn} (what the person sent), an
 *   {@link AssistantTurn} (one run's answer, as blocks) or a {@link NoteTurn} (local only).
 * - **message**: the element that shows one turn (`<zaby-message>`).
 * - **feedback**: what a person sends about an assistant turn: a **rating** (1–5 stars) and
 *   an optional comment.
 *
 * No I/O, timers or DOM. The reducer trusts its input (the wire parser checked it) and
 * shares structure: blocks an event does not touch keep their identity, so a Lit template
 * bound to them sees no change and does not re-render (finished messages never re-render).
 */
import type {ApprovalDecision, FinishedStatus, RunError, RunEvent} from '../protocol/types.ts';

export interface ThinkingBlock {
  type: 'thinking';
  id: string;
  /** Reasoning summary so far; may stay empty (the agent only said it is working). */
  text: string;
  done: boolean;
}

export interface TextBlock {
  type: 'text';
  id: string;
  text: string;
}

export interface ToolBlock {
  type: 'tool';
  id: string;
  toolCallId: string;
  toolName: string;
  arguments: Record<string, unknown>;
  output: unknown;
  hasResult: boolean;
  isError: boolean;
}

export interface ApprovalBlock {
  type: 'approval';
  id: string;
  approvalId: string;
  toolCallId: string | undefined;
  toolName: string;
  arguments: Record<string, unknown>;
  message: string | undefined;
  expiresAt: string | undefined;
  decision: ApprovalDecision | null;
}

export type Block = ThinkingBlock | TextBlock | ToolBlock | ApprovalBlock;

export type AssistantStatus = 'streaming' | FinishedStatus;

export interface UserTurn {
  kind: 'user';
  id: string;
  text: string;
  requestId: string;
  runId: string | undefined;
  /** When it was sent (ISO 8601); a restored turn: its run's first stored event. */
  createdAt?: string;
}

export interface AssistantTurn {
  kind: 'assistant';
  /** The run id: one assistant turn per run. */
  id: string;
  runId: string;
  blocks: readonly Block[];
  status: AssistantStatus;
  /** Highest seq applied; events at or below it are duplicates and are ignored. */
  lastSeq: number;
  finalOutput: string | undefined;
  error: RunError | undefined;
  /** When its run started (ISO 8601); a restored turn: its first stored event. */
  createdAt?: string;
}

/** A local-only assistant message (the greeting): never sent, never rated. */
export interface NoteTurn {
  kind: 'note';
  id: string;
  text: string;
}

export type Turn = UserTurn | AssistantTurn | NoteTurn;

/** A new, empty assistant turn for a run that has started. */
export function createAssistantTurn(runId: string): AssistantTurn {
  return {
    kind: 'assistant',
    id: runId,
    runId,
    blocks: [],
    status: 'streaming',
    lastSeq: 0,
    finalOutput: undefined,
    error: undefined,
  };
}

function assertNever(value: never): never {
  throw new Error(`Unexpected run event: ${JSON.stringify(value)}`);
}

/** Marks an open thinking block done; returns the same array when nothing changes. */
function closeThinking(blocks: readonly Block[]): readonly Block[] {
  const last = blocks[blocks.length - 1];
  if (last?.type !== 'thinking' || last.done) return blocks;
  return [...blocks.slice(0, -1), {...last, done: true}];
}

function replaceBlock(blocks: readonly Block[], index: number, block: Block): readonly Block[] {
  const next = blocks.slice();
  next[index] = block;
  return next;
}

function reduceBlocks(turn: AssistantTurn, event: RunEvent): readonly Block[] {
  const blockId = `${turn.runId}:${event.seq}`;
  switch (event.event) {
    case 'thinking': {
      const content = event.data.content ?? '';
      const last = turn.blocks[turn.blocks.length - 1];
      if (last?.type === 'thinking' && !last.done) {
        if (!content) return turn.blocks;
        return replaceBlock(turn.blocks, turn.blocks.length - 1, {
          ...last,
          text: last.text + content,
        });
      }
      return [...turn.blocks, {type: 'thinking', id: blockId, text: content, done: false}];
    }
    case 'text': {
      const content = event.data.content;
      const blocks = closeThinking(turn.blocks);
      const last = blocks[blocks.length - 1];
      if (last?.type === 'text') {
        if (!content) return blocks;
        return replaceBlock(blocks, blocks.length - 1, {...last, text: last.text + content});
      }
      if (!content) return blocks;
      return [...blocks, {type: 'text', id: blockId, text: content}];
    }
    case 'tool_call': {
      const {toolCallId, toolName} = event.data;
      const index = turn.blocks.findIndex((b) => b.type === 'tool' && b.toolCallId === toolCallId);
      const existing = turn.blocks[index];
      // The same call again: its arguments grew (AG-UI streams them).
      if (existing?.type === 'tool')
        return replaceBlock(turn.blocks, index, {...existing, arguments: event.data.arguments});
      return [
        ...closeThinking(turn.blocks),
        {
          type: 'tool',
          id: blockId,
          toolCallId,
          toolName,
          arguments: event.data.arguments,
          output: undefined,
          hasResult: false,
          isError: false,
        },
      ];
    }
    case 'tool_result': {
      const blocks = closeThinking(turn.blocks);
      const {toolCallId, toolName, output, isError} = event.data;
      const index = blocks.findIndex((b) => b.type === 'tool' && b.toolCallId === toolCallId);
      const existing = blocks[index];
      if (existing?.type === 'tool') {
        return replaceBlock(blocks, index, {
          ...existing,
          output,
          hasResult: true,
          isError: isError === true,
        });
      }
      // A result without its call (e.g. the call was before a resume point we never saw).
      return [
        ...blocks,
        {
          type: 'tool',
          id: blockId,
          toolCallId,
          toolName,
          arguments: {},
          output,
          hasResult: true,
          isError: isError === true,
        },
      ];
    }
    case 'approval_request': {
      const d = event.data;
      return [
        ...closeThinking(turn.blocks),
        {
          type: 'approval',
          id: blockId,
          approvalId: d.approvalId,
          toolCallId: d.toolCallId,
          toolName: d.toolName,
          arguments: d.arguments,
          message: d.message,
          expiresAt: d.expiresAt,
          decision: null,
        },
      ];
    }
    case 'approval_resolved': {
      return setApprovalDecision(turn.blocks, event.data.approvalId, event.data.decision);
    }
    case 'RunFinished': {
      let blocks = closeThinking(turn.blocks);
      const {status, finalOutput} = event.data;
      // A server may finish with the whole reply in finalOutput and no text deltas.
      if (status === 'COMPLETED' && finalOutput && !blocks.some((b) => b.type === 'text')) {
        blocks = [...blocks, {type: 'text', id: blockId, text: finalOutput}];
      }
      return blocks;
    }
    default:
      return assertNever(event);
  }
}

/** Sets the decision of one approval; returns the same array when unknown or unchanged. */
export function setApprovalDecision(
  blocks: readonly Block[],
  approvalId: string,
  decision: ApprovalDecision,
): readonly Block[] {
  const index = blocks.findIndex((b) => b.type === 'approval' && b.approvalId === approvalId);
  const existing = blocks[index];
  if (existing?.type !== 'approval' || existing.decision === decision) return blocks;
  return replaceBlock(blocks, index, {...existing, decision});
}

/**
 * Applies one run event to an assistant turn. Events at or below `lastSeq` are ignored
 * (duplicates after a reconnect), so applying a replayed stream twice is harmless.
 * Unknown event types never reach here: the client drops them.
 */
export function reduceRun(turn: AssistantTurn, event: RunEvent): AssistantTurn {
  if (event.seq <= turn.lastSeq || turn.status !== 'streaming') return turn;
  const blocks = reduceBlocks(turn, event);
  if (event.event === 'RunFinished') {
    const {status, finalOutput, error} = event.data;
    return {...turn, blocks, lastSeq: event.seq, status, finalOutput, error};
  }
  return {...turn, blocks, lastSeq: event.seq};
}

type DeltaEvent = Extract<RunEvent, {event: 'text' | 'thinking'}>;

/**
 * Applies events in order (a frame's worth while streaming, or a stored run on restore).
 * Consecutive text or thinking deltas are joined and applied as one: the same turn as one
 * at a time, block ids included, without a new turn and block per delta.
 */
export function reduceRunEvents(turn: AssistantTurn, events: Iterable<RunEvent>): AssistantTurn {
  let next = turn;
  let first: DeltaEvent | undefined;
  let lastSeq = 0;
  let parts: string[] = [];
  const flush = () => {
    if (!first) return;
    const joined =
      parts.length === 1 ? first : {...first, data: {...first.data, content: parts.join('')}};
    next = {...reduceRun(next, joined), lastSeq};
    first = undefined;
    parts = [];
  };
  for (const event of events) {
    const content = (event.event === 'text' || event.event === 'thinking') && event.data.content;
    if (typeof content === 'string' && content) {
      if (first?.event === event.event && event.seq > lastSeq) {
        parts.push(content);
        lastSeq = event.seq;
        continue;
      }
      flush();
      if (event.seq > next.lastSeq && next.status === 'streaming') {
        first = event as DeltaEvent;
        parts = [content];
        lastSeq = event.seq;
        continue;
      }
    }
    flush();
    next = reduceRun(next, event);
  }
  flush();
  return next;
}

/** The whole visible text of an assistant turn (text blocks joined), e.g. for announcements. */
export function assistantText(turn: AssistantTurn): string {
  return turn.blocks
    .filter((b): b is TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('\n\n');
}

/**
 * The newest assistant turn (that `matches`), searched from the end of the transcript,
 * where the live runs are: this runs every frame.
 */
export function lastAssistantTurn(
  turns: readonly Turn[],
  matches: (turn: AssistantTurn) => boolean = () => true,
): AssistantTurn | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (turn?.kind === 'assistant' && matches(turn)) return turn;
  }
  return undefined;
}

/** The approval still waiting for a person, if any. */
export function pendingApproval(turn: AssistantTurn): ApprovalBlock | undefined {
  return turn.blocks.find((b): b is ApprovalBlock => b.type === 'approval' && b.decision === null);
}

/** Where a tool call stands (the public `toolCall.status` of the element contract). */
export type ToolStatus = 'running' | 'awaiting-approval' | 'complete' | 'error' | 'denied';

/**
 * The status of each tool call of a turn (by toolCallId), derived from its result and its
 * approval: a rejected or expired approval, or a run that ended without the tool's result,
 * means it was not run. One pass over the blocks (the message renders it once per frame).
 */
export function toolStatuses(turn: AssistantTurn): Map<string, ToolStatus> {
  const decisions = new Map<string, ApprovalDecision | null>();
  for (const b of turn.blocks) {
    if (b.type === 'approval' && b.toolCallId !== undefined)
      decisions.set(b.toolCallId, b.decision);
  }
  const statuses = new Map<string, ToolStatus>();
  for (const b of turn.blocks) {
    if (b.type !== 'tool') continue;
    const decision = decisions.get(b.toolCallId);
    statuses.set(
      b.toolCallId,
      b.hasResult
        ? b.isError
          ? 'error'
          : 'complete'
        : decision === null
          ? 'awaiting-approval'
          : decision === 'REJECTED' || decision === 'EXPIRED' || turn.status !== 'streaming'
            ? 'denied'
            : 'running',
    );
  }
  return statuses;
}
