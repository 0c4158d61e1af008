/**
 * `POST /ag-ui/agent`: the emulator's agent over AG-UI (emulator.md, "Additions (v2)").
 * `RunAgentInput` in; SSE of AG-UI events out, written with @ag-ui/encoder. The same run
 * engine and agent as the Zaby endpoints: each run event becomes its AG-UI events; an
 * approval ends the AG-UI run with an interrupt outcome, and a `resume` that answers it
 * continues the same execution in a new run. A bearer runtime token is checked when sent.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {EventType, type BaseEvent, type Message} from '@ag-ui/core';
import {EventEncoder} from '@ag-ui/encoder';
import type {StoredRunEvent} from '../protocol/types.ts';
import type {RunExecution} from '../runtime/run-executor.ts';
import {corsHeaders, HttpError, readJson} from './http.ts';
import {route, type AnyRoute} from './router.ts';
import type {AgentRequest, RunEngine} from './runs.ts';

export interface AgUiContext {
  engine: RunEngine;
  /** Verifies a runtime token (throws a 401 HttpError). */
  verify(req: IncomingMessage): Promise<unknown>;
}

/** An execution waiting for the answer to its interrupt (the approval's id). */
interface Suspended {
  execution: RunExecution;
  threadId: string;
}

/** The text of a message's content: a string, or its text parts. */
function textOf(content: Message['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || !value)
    throw new HttpError(400, 'invalid_request', `RunAgentInput needs a string \`${name}\`.`);
  return value;
}

/** Writes one AG-UI run from a run execution's events, closing what is open as it goes. */
class AgUiWriter {
  readonly #res: ServerResponse;
  readonly #encoder: EventEncoder;
  readonly #threadId: string;
  readonly #runId: string;
  #text: string | undefined;
  #reasoning: string | undefined;
  ended = false;

  constructor(res: ServerResponse, encoder: EventEncoder, threadId: string, runId: string) {
    this.#res = res;
    this.#encoder = encoder;
    this.#threadId = threadId;
    this.#runId = runId;
  }

  send(event: Record<string, unknown> & {type: EventType}): void {
    this.#res.write(this.#encoder.encodeSSE(event as BaseEvent));
  }

  start(): void {
    this.send({type: EventType.RUN_STARTED, threadId: this.#threadId, runId: this.#runId});
  }

  #close(): void {
    if (this.#text) this.send({type: EventType.TEXT_MESSAGE_END, messageId: this.#text});
    if (this.#reasoning) {
      this.send({type: EventType.REASONING_MESSAGE_END, messageId: this.#reasoning});
      this.send({type: EventType.REASONING_END, messageId: this.#reasoning});
    }
    this.#text = this.#reasoning = undefined;
  }

  #finish(event: Record<string, unknown> & {type: EventType}): void {
    this.#close();
    this.send(event);
    this.ended = true;
    this.#res.end();
  }

  /** One run event as AG-UI events. */
  write(event: StoredRunEvent): void {
    const id = `${this.#runId}-${event.seq}`;
    const run = {threadId: this.#threadId, runId: this.#runId};
    switch (event.event) {
      case 'thinking':
        if (!this.#reasoning) {
          this.#close();
          this.#reasoning = id;
          this.send({type: EventType.REASONING_START, messageId: id});
          this.send({type: EventType.REASONING_MESSAGE_START, messageId: id, role: 'reasoning'});
        }
        if (event.data.content)
          this.send({
            type: EventType.REASONING_MESSAGE_CONTENT,
            messageId: this.#reasoning,
            delta: event.data.content,
          });
        return;
      case 'text':
        if (!event.data.content) return;
        if (!this.#text) {
          this.#close();
          this.#text = id;
          this.send({type: EventType.TEXT_MESSAGE_START, messageId: id, role: 'assistant'});
        }
        this.send({
          type: EventType.TEXT_MESSAGE_CONTENT,
          messageId: this.#text,
          delta: event.data.content,
        });
        return;
      case 'tool_call': {
        this.#close();
        const {toolCallId, toolName} = event.data;
        this.send({type: EventType.TOOL_CALL_START, toolCallId, toolCallName: toolName});
        // The arguments stream in pieces, as a model's do.
        const args = JSON.stringify(event.data.arguments);
        for (let i = 0; i < args.length; i += 12)
          this.send({type: EventType.TOOL_CALL_ARGS, toolCallId, delta: args.slice(i, i + 12)});
        this.send({type: EventType.TOOL_CALL_END, toolCallId});
        return;
      }
      case 'tool_result':
        this.#close();
        this.send({
          type: EventType.TOOL_CALL_RESULT,
          messageId: `${event.data.toolCallId}-result`,
          toolCallId: event.data.toolCallId,
          content:
            typeof event.data.output === 'string'
              ? event.data.output
              : JSON.stringify(event.data.output),
          role: 'tool',
        });
        return;
      case 'approval_request': {
        const d = event.data;
        this.#finish({
          type: EventType.RUN_FINISHED,
          ...run,
          outcome: {
            type: 'interrupt',
            interrupts: [
              {
                id: d.approvalId,
                reason: 'tool_approval',
                ...(d.message ? {message: d.message} : {}),
                ...(d.toolCallId ? {toolCallId: d.toolCallId} : {}),
                ...(d.expiresAt ? {expiresAt: d.expiresAt} : {}),
              },
            ],
          },
        });
        return;
      }
      case 'approval_resolved':
        return;
      case 'RunFinished': {
        const {status, error} = event.data;
        this.#finish(
          status === 'FAILED'
            ? {
                type: EventType.RUN_ERROR,
                message: error?.message ?? 'The agent failed.',
                code: error?.code ?? 'agent_error',
              }
            : {
                type: EventType.RUN_FINISHED,
                ...run,
                outcome: {type: status === 'CANCELLED' ? 'cancelled' : 'success'},
              },
        );
        return;
      }
    }
  }
}

async function run(
  ctx: AgUiContext,
  suspended: Map<string, Suspended>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.headers.authorization) await ctx.verify(req);
  const body = await readJson(req);
  const threadId = stringField(body, 'threadId');
  const runId = stringField(body, 'runId');
  const messages = Array.isArray(body['messages']) ? (body['messages'] as Message[]) : undefined;
  if (!messages) throw new HttpError(400, 'invalid_request', 'RunAgentInput needs `messages`.');
  const resume = Array.isArray(body['resume']) ? (body['resume'] as unknown[]) : [];
  let execution: RunExecution;
  let answer: (() => void) | undefined;
  if (resume.length) {
    const entry = resume[0] as {interruptId?: unknown; status?: unknown; payload?: unknown};
    const waiting =
      typeof entry.interruptId === 'string' ? suspended.get(entry.interruptId) : undefined;
    if (!waiting)
      throw new HttpError(
        404,
        'not_found',
        `No interrupt ${String(entry.interruptId)} is waiting.`,
      );
    suspended.delete(entry.interruptId as string);
    execution = waiting.execution;
    const approved =
      entry.status === 'resolved' && (entry.payload as {approved?: unknown})?.approved === true;
    answer = () =>
      void execution.decide(entry.interruptId as string, approved ? 'APPROVED' : 'REJECTED');
  } else {
    const users = messages.filter((m) => m.role === 'user');
    const input = textOf(users[users.length - 1]?.content ?? '');
    if (!input.trim())
      throw new HttpError(400, 'invalid_request', 'RunAgentInput needs a user message to answer.');
    const history = messages
      .slice(0, messages.lastIndexOf(users[users.length - 1]!))
      .flatMap((m): AgentRequest['history'] =>
        (m.role === 'user' || m.role === 'assistant') && textOf(m.content ?? '')
          ? [{role: m.role, content: textOf(m.content ?? '')}]
          : [],
      );
    execution = ctx.engine.execute(runId, input, users.length, history);
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
    ...corsHeaders(req),
  });
  res.flushHeaders();
  const writer = new AgUiWriter(res, new EventEncoder(), threadId, runId);
  writer.start();
  const unsubscribe = execution.subscribe((event) => {
    writer.write(event);
    if (!writer.ended) return;
    unsubscribe();
    if (event.event === 'approval_request') {
      suspended.set(event.data.approvalId, {execution, threadId});
      // An approval that expires unanswered ends the execution: forget it then.
      execution.subscribe((e) => {
        if (e.event === 'RunFinished') suspended.delete(event.data.approvalId);
      });
    }
  });
  // The person stopped (AG-UI has no cancel: the request is aborted): the run stops too.
  res.on('close', () => {
    unsubscribe();
    if (!writer.ended) execution.cancel();
  });
  answer?.();
}

/** The AG-UI endpoint; it checks a runtime token itself, when one is sent. */
export function agUiRoutes(ctx: AgUiContext): AnyRoute[] {
  const suspended = new Map<string, Suspended>();
  return [
    route({
      method: 'POST',
      path: '/ag-ui/agent',
      auth: 'none',
      handle: ({req, res}) => run(ctx, suspended, req, res),
    }),
  ];
}
