/**
 * A real model behind the emulator (emulator.md, "Additions (v2)"): with
 * `ZABY_OPENAI_BASE_URL` the agent of both protocols streams from an OpenAI-compatible
 * `POST {base}/chat/completions` (Ollama, vLLM, llama.cpp, or a hosted one), over plain
 * fetch and eventsource-parser. Text deltas become text, `reasoning_content` / `reasoning`
 * deltas thinking, and the scripted tools are offered to the model: `get_weather` answers
 * at once, `issue_refund` waits for a person's approval; each result goes back to the model,
 * which goes on. An endpoint that cannot be reached fails the run with a clear error.
 */
import {EventSourceParserStream} from 'eventsource-parser/stream';
import type {RunScript, RunStep} from '../runtime/run-executor.ts';
import {refundOf, weatherIn} from '../runtime/scripted-agent.ts';
import type {Agent, AgentRequest} from './runs.ts';

export interface OpenAiOptions {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama); `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  fetch?: typeof fetch;
}

type ChatMessage =
  | {role: 'system' | 'user'; content: string}
  | {role: 'assistant'; content: string | null; tool_calls?: ToolCall[]}
  | {role: 'tool'; tool_call_id: string; content: string};

interface ToolCall {
  id: string;
  type: 'function';
  function: {name: string; arguments: string};
}

/** The tools of the scripted agent, as the model sees them. */
const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The current weather in a city.',
      parameters: {
        type: 'object',
        properties: {city: {type: 'string'}},
        required: ['city'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'issue_refund',
      description: 'Refunds an order. A person must approve it first.',
      parameters: {
        type: 'object',
        properties: {
          orderId: {type: 'string'},
          amount: {type: 'number'},
          currency: {type: 'string'},
        },
        required: ['orderId', 'amount', 'currency'],
      },
    },
  },
];

const SYSTEM =
  'You are the Zaby emulator agent. Answer briefly in markdown. Use get_weather for the ' +
  'weather and issue_refund for refunds (a person approves refunds).';

/** Tool rounds per run before the agent stops asking the model (a loop guard). */
const MAX_ROUNDS = 6;

/** The model agent: the same run engine, its steps made from the model's stream. */
export function openAiAgent(options: OpenAiOptions): Agent {
  return (request: AgentRequest): RunScript => ({
    paceMs: 0,
    steps: [
      generate(options, request, [
        {role: 'system', content: SYSTEM},
        ...request.history,
        {role: 'user', content: request.input},
      ]),
    ],
  });
}

function generate(
  options: OpenAiOptions,
  request: AgentRequest,
  messages: ChatMessage[],
  round = 0,
): RunStep {
  return {type: 'generate', steps: () => converse(options, request, messages, round)};
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {value};
  } catch {
    return {arguments: text};
  }
}

/** One chat completion, streamed into steps; then the tools it called, and the next round. */
async function* converse(
  options: OpenAiOptions,
  request: AgentRequest,
  messages: ChatMessage[],
  round: number,
): AsyncGenerator<RunStep> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const abort = new AbortController();
  const calls = new Map<number, {id: string; name: string; args: string}>();
  let text = '';
  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(`${base}/chat/completions`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'text/event-stream',
          ...(options.apiKey ? {Authorization: `Bearer ${options.apiKey}`} : {}),
        },
        body: JSON.stringify({
          model: options.model,
          messages,
          tools: TOOLS,
          stream: true,
        }),
        signal: abort.signal,
      });
    } catch (error) {
      const cause = (error as {cause?: {message?: string}}).cause?.message;
      yield {
        type: 'fail',
        code: 'model_unavailable',
        message: `The model endpoint ${base} could not be reached (${cause ?? String(error)}).`,
      };
      return;
    }
    if (!response.ok || !response.body) {
      const body = (await response.text().catch(() => '')).slice(0, 300);
      yield {
        type: 'fail',
        code: 'model_error',
        message: `The model endpoint ${base} answered ${response.status}${body ? `: ${body}` : ''}.`,
      };
      return;
    }
    try {
      const events = response.body
        .pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>)
        .pipeThrough(new EventSourceParserStream());
      for await (const {data} of events as unknown as AsyncIterable<{data: string}>) {
        if (data.trim() === '[DONE]') break;
        const chunk = JSON.parse(data) as {
          choices?: Array<{
            delta?: {
              content?: unknown;
              reasoning_content?: unknown;
              reasoning?: unknown;
              tool_calls?: Array<{
                index?: number;
                id?: string;
                function?: {name?: string; arguments?: string};
              }>;
            };
          }>;
        };
        const delta = chunk.choices?.[0]?.delta ?? {};
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string' && reasoning)
          yield {type: 'thinking', content: reasoning};
        if (typeof delta.content === 'string' && delta.content) {
          text += delta.content;
          yield {type: 'text', content: delta.content};
        }
        for (const part of delta.tool_calls ?? []) {
          const index = part.index ?? 0;
          const call = calls.get(index) ?? {id: '', name: '', args: ''};
          if (part.id) call.id = part.id;
          if (part.function?.name) call.name += part.function.name;
          if (part.function?.arguments) call.args += part.function.arguments;
          calls.set(index, call);
        }
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      yield {
        type: 'fail',
        code: 'model_error',
        message: `The model's stream from ${base} broke off (${String(error)}).`,
      };
      return;
    }
  } finally {
    abort.abort();
  }
  if (!calls.size) return;
  if (round >= MAX_ROUNDS) {
    yield {
      type: 'fail',
      code: 'model_error',
      message: `The model called tools ${MAX_ROUNDS} times in a row.`,
    };
    return;
  }
  // The model called tools: run them (a refund last: it waits for a person), then go on.
  const list = [...calls.values()]
    .map((c, i) => ({...c, id: c.id || `call_${request.runId.slice(-8)}_${round}_${i}`}))
    .sort((a, b) => Number(a.name === 'issue_refund') - Number(b.name === 'issue_refund'));
  const next: ChatMessage[] = [
    ...messages,
    {
      role: 'assistant',
      content: text || null,
      tool_calls: list.map((c) => ({
        id: c.id,
        type: 'function',
        function: {name: c.name, arguments: c.args || '{}'},
      })),
    },
  ];
  const answer = (id: string, output: unknown): ChatMessage => ({
    role: 'tool',
    tool_call_id: id,
    content: JSON.stringify(output),
  });
  for (const [i, call] of list.entries()) {
    const args = parseArgs(call.args);
    yield {type: 'tool_call', toolCallId: call.id, toolName: call.name, arguments: args};
    if (call.name === 'issue_refund' && i === list.length - 1) {
      const output = refundOf(`rf_${request.runId.slice(-8)}_${round}`, args);
      yield {
        type: 'approval',
        toolCallId: call.id,
        toolName: call.name,
        arguments: args,
        message: `Refund ${String(args['amount'])} ${String(args['currency'])} for order ${String(args['orderId'])}?`,
        approved: [
          {type: 'tool_result', toolCallId: call.id, toolName: call.name, output},
          generate(options, request, [...next, answer(call.id, output)], round + 1),
        ],
        rejected: [
          generate(
            options,
            request,
            [
              ...next,
              answer(call.id, {error: 'The person rejected the refund; nothing was issued.'}),
            ],
            round + 1,
          ),
        ],
      };
      return;
    }
    const known = call.name === 'get_weather';
    const output = known
      ? weatherIn(String(args['city'] ?? 'London'))
      : {error: `No tool ${call.name}, or one refund at a time.`};
    yield {
      type: 'tool_result',
      toolCallId: call.id,
      toolName: call.name,
      output,
      ...(known ? {} : {isError: true}),
    };
    next.push(answer(call.id, output));
  }
  yield generate(options, request, next, round + 1);
}
