/**
 * One AG-UI run's events → Zaby run events, checked on the way. `*_CHUNK` events are
 * expanded into their start / content / end form first (as @ag-ui/client does); then the
 * rules @ag-ui/client's verifier holds a stream to: `RUN_STARTED` first and once, nothing
 * after `RUN_FINISHED` / `RUN_ERROR`, content and ends only for a message or tool call
 * that was started and not yet ended (ids must match), nothing left open at the end, and
 * the fields each event needs. @ag-ui/core's zod schemas would do this too, but they
 * alone are larger than this whole add-on may be; a stream that breaks a rule stops with
 * a clear error, keeping what arrived.
 */
import type {Interrupt, RunFinishedOutcome} from '@ag-ui/core';
import {ZabyError} from '../../protocol/errors.ts';
import type {RunEvent} from '../../protocol/types.ts';
import {partialJson} from './partial-json.ts';

/** A run event before the backend numbers it. */
export type RunEventBody = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'seq'>
    : never
  : never;

/** An AG-UI event as it arrives: untrusted JSON, fields read by name. */
type Wire = {type: string} & Record<string, unknown>;

interface OpenCall {
  name: string;
  args: string;
}

/** A tool call of the turn: its name and (once ended) its arguments. */
export interface ToolInfo {
  name: string;
  args: Record<string, unknown>;
}

type ChunkKind = 'TEXT_MESSAGE' | 'REASONING_MESSAGE' | 'TOOL_CALL';

export function violation(reason: string): ZabyError {
  return new ZabyError('bad_response', `The agent broke the AG-UI protocol: ${reason}.`, {
    retryable: false,
  });
}

function str(event: Wire, field: string): string {
  const value = event[field];
  if (typeof value !== 'string') throw violation(`${event.type} without a string ${field}`);
  return value;
}

export class AgUiTranslator {
  started = false;
  finished = false;
  /** The interrupts the run ended with (`RUN_FINISHED` with an interrupt outcome). */
  interrupts: Interrupt[] = [];
  readonly #text = new Set<string>();
  readonly #reasoning = new Set<string>();
  readonly #calls = new Map<string, OpenCall>();
  /** Tool names by call id, across the turn's runs (for results and interrupts). */
  readonly #names: Map<string, ToolInfo>;
  readonly #onState: (event: Wire) => void;
  #chunk: {kind: ChunkKind; id: string} | undefined;

  constructor(names: Map<string, ToolInfo>, onState: (event: Wire) => void) {
    this.#names = names;
    this.#onState = onState;
  }

  /** The run events one AG-UI event (JSON-parsed, unchecked) stands for. */
  push(data: unknown): RunEventBody[] {
    if (data === null || typeof data !== 'object' || typeof (data as Wire).type !== 'string')
      throw violation('an event without a type');
    const event = data as Wire;
    // The hot path (one content delta per event) makes no array it does not return.
    const kind = event.type.endsWith('_CHUNK')
      ? (/^(TEXT_MESSAGE|REASONING_MESSAGE|TOOL_CALL)_CHUNK$/.exec(event.type)?.[1] as
          ChunkKind | undefined)
      : undefined;
    if (!kind)
      return this.#chunk ? [...this.#closeChunk(), ...this.#apply(event)] : this.#apply(event);
    // A chunk continues the open stream of its kind (same id, or none), else starts one.
    const idField = kind === 'TOOL_CALL' ? 'toolCallId' : 'messageId';
    const id = event[idField] ?? (this.#chunk?.kind === kind ? this.#chunk.id : undefined);
    const out: RunEventBody[] = [];
    if (this.#chunk?.kind !== kind || this.#chunk.id !== id) {
      out.push(...this.#closeChunk());
      if (typeof id !== 'string') throw violation(`the first ${event.type} without a ${idField}`);
      out.push(...this.#apply({...event, type: `${kind}_START`, [idField]: id}));
      this.#chunk = {kind, id};
    }
    if (typeof event['delta'] === 'string')
      out.push(
        ...this.#apply({
          ...event,
          type: kind === 'TOOL_CALL' ? 'TOOL_CALL_ARGS' : `${kind}_CONTENT`,
          [idField]: id,
        }),
      );
    return out;
  }

  #closeChunk(): RunEventBody[] {
    const chunk = this.#chunk;
    this.#chunk = undefined;
    if (!chunk) return [];
    return this.#apply({
      type: `${chunk.kind}_END`,
      [chunk.kind === 'TOOL_CALL' ? 'toolCallId' : 'messageId']: chunk.id,
    } as Wire);
  }

  #apply(event: Wire): RunEventBody[] {
    const {type} = event;
    if (this.finished) throw violation(`${type} after the run ended`);
    if (!this.started && type !== 'RUN_STARTED' && type !== 'RUN_ERROR')
      throw violation(`${type} before RUN_STARTED`);
    switch (type) {
      case 'RUN_STARTED':
        if (this.started) throw violation('a second RUN_STARTED');
        str(event, 'runId');
        this.started = true;
        return [];
      case 'TEXT_MESSAGE_START':
      case 'REASONING_MESSAGE_START': {
        const open = type === 'TEXT_MESSAGE_START' ? this.#text : this.#reasoning;
        const id = str(event, 'messageId');
        if (open.has(id)) throw violation(`${type} for ${id}, which is already open`);
        open.add(id);
        return type === 'TEXT_MESSAGE_START' ? [] : [{event: 'thinking', data: {}}];
      }
      case 'TEXT_MESSAGE_CONTENT':
      case 'REASONING_MESSAGE_CONTENT':
      case 'TEXT_MESSAGE_END':
      case 'REASONING_MESSAGE_END': {
        const text = type.startsWith('TEXT');
        const open = text ? this.#text : this.#reasoning;
        const id = str(event, 'messageId');
        if (!open.has(id)) throw violation(`${type} for ${id}, which is not open`);
        if (type.endsWith('END')) {
          open.delete(id);
          return [];
        }
        const content = str(event, 'delta');
        return [{event: text ? 'text' : 'thinking', data: {content}}];
      }
      case 'TOOL_CALL_START': {
        const toolCallId = str(event, 'toolCallId');
        const toolName = str(event, 'toolCallName');
        if (this.#calls.has(toolCallId))
          throw violation(`${type} for ${toolCallId}, which is already open`);
        this.#calls.set(toolCallId, {name: toolName, args: ''});
        this.#names.set(toolCallId, {name: toolName, args: {}});
        return [{event: 'tool_call', data: {toolCallId, toolName, arguments: {}}}];
      }
      case 'TOOL_CALL_ARGS':
      case 'TOOL_CALL_END': {
        const toolCallId = str(event, 'toolCallId');
        const call = this.#calls.get(toolCallId);
        if (!call) throw violation(`${type} for ${toolCallId}, which is not open`);
        let args: unknown;
        if (type === 'TOOL_CALL_ARGS') {
          call.args += str(event, 'delta');
          args = partialJson(call.args);
        } else {
          this.#calls.delete(toolCallId);
          try {
            args = call.args.trim() ? JSON.parse(call.args) : {};
          } catch {
            args = {arguments: call.args};
          }
        }
        if (args === undefined) return [];
        const record =
          args !== null && typeof args === 'object' && !Array.isArray(args)
            ? (args as Record<string, unknown>)
            : {value: args};
        this.#names.set(toolCallId, {name: call.name, args: record});
        return [{event: 'tool_call', data: {toolCallId, toolName: call.name, arguments: record}}];
      }
      case 'TOOL_CALL_RESULT': {
        const toolCallId = str(event, 'toolCallId');
        const content = event['content'];
        let output: unknown = content;
        if (typeof content === 'string') {
          try {
            output = JSON.parse(content);
          } catch {
            // plain text stays text
          }
        } else if (!Array.isArray(content)) throw violation(`${type} without content`);
        return [
          {
            event: 'tool_result',
            data: {toolCallId, toolName: this.#names.get(toolCallId)?.name ?? 'tool', output},
          },
        ];
      }
      case 'STATE_SNAPSHOT':
      case 'STATE_DELTA':
        if (type === 'STATE_DELTA' && !Array.isArray(event['delta']))
          throw violation('STATE_DELTA without a delta array');
        this.#onState(event);
        return [];
      case 'RUN_ERROR':
        this.finished = true;
        return [
          {
            event: 'RunFinished',
            data: {
              runId: '',
              status: 'FAILED',
              error: {
                code: typeof event['code'] === 'string' ? event['code'] : 'agent_error',
                message: str(event, 'message'),
              },
              latestSeq: 0,
            },
          },
        ];
      case 'RUN_FINISHED': {
        const open = [...this.#text, ...this.#reasoning, ...this.#calls.keys()];
        if (open.length) throw violation(`RUN_FINISHED while ${open.join(', ')} is still open`);
        this.finished = true;
        const outcome = event['outcome'] as RunFinishedOutcome | undefined;
        if (outcome?.type === 'interrupt') {
          if (!Array.isArray(outcome.interrupts) || !outcome.interrupts.length)
            throw violation('an interrupt outcome without interrupts');
          this.interrupts = outcome.interrupts;
          return outcome.interrupts.map((i) => {
            const toolCallId = typeof i.toolCallId === 'string' ? i.toolCallId : undefined;
            const tool = toolCallId === undefined ? undefined : this.#names.get(toolCallId);
            return {
              event: 'approval_request',
              data: {
                approvalId: str(i as unknown as Wire, 'id'),
                ...(toolCallId ? {toolCallId} : {}),
                toolName: tool?.name ?? String(i.reason),
                arguments: tool?.args ?? {},
                ...(typeof i.message === 'string' ? {message: i.message} : {}),
                ...(typeof i.expiresAt === 'string' ? {expiresAt: i.expiresAt} : {}),
              },
            };
          });
        }
        return [
          {
            event: 'RunFinished',
            data: {
              runId: '',
              status: outcome?.type === 'cancelled' ? 'CANCELLED' : 'COMPLETED',
              latestSeq: 0,
            },
          },
        ];
      }
      default:
        // STEP_*, MESSAGES_SNAPSHOT, ACTIVITY_*, CUSTOM, RAW, SUBAGENT_*, encrypted
        // reasoning, REASONING_START / END: nothing to show.
        return [];
    }
  }
}
