/**
 * The scripted agent (emulator.md, "The scripted agent"): deterministic, so demos and tests
 * can call for each kind of event on purpose. The input decides the script. The emulator
 * runs it, and so does MockTransport when no `reply` is given: one agent, two runtimes.
 */
import {longReply, markdownReply} from './agent-texts.ts';
import type {RunScript, RunStep} from './run-executor.ts';

/**
 * How long the `long` reply takes at a non-zero pace, in ms: a few seconds, so the demo's
 * long reply reads like a fast writer. (At 4 characters a delta and 30 ms it took 149 s.)
 */
export const LONG_REPLY_MS = 5_000;

/** Delta size of the `long` reply at pace 0: the benchmark's ~4-character flood. */
const BENCHMARK_DELTA_CHARS = 4;

/** What the script may depend on besides the input. */
export interface ScriptContext {
  /** This run's number in its agent session (1 for the first). */
  turn: number;
  /** The run's id: tool call ids are derived from it. */
  runId: string;
  /** The runtime's delay between events in ms (0 = as fast as the socket takes). */
  paceMs: number;
}

/**
 * Splits text into small deltas (4–12 characters, or exactly `size` when given), never
 * inside a surrogate pair.
 */
export function chunk(text: string, size?: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  let i = 0;
  let n = 0;
  while (i < chars.length) {
    const len = size ?? 4 + ((n * 7) % 9);
    out.push(chars.slice(i, i + len).join(''));
    i += len;
    n++;
  }
  return out;
}

function text(content: string, size?: number): RunStep[] {
  return chunk(content, size).map((c) => ({type: 'text', content: c}));
}

function thinking(content: string): RunStep[] {
  return [
    {type: 'thinking'},
    ...chunk(content).map((c): RunStep => ({type: 'thinking', content: c})),
  ];
}

function quote(input: string): string {
  const line = input.replace(/\s+/g, ' ').trim().slice(0, 500);
  return `> ${line}`;
}

function cityIn(input: string): string {
  const match = /\bin\s+([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]{1,40}?)(?:[?.!,]|$)/.exec(input.trim());
  return match?.[1]?.trim() ?? 'London';
}

/**
 * The delta size that makes a reply of `length` characters last about
 * {@link LONG_REPLY_MS} at `paceMs` per delta; the benchmark's 4 at pace 0.
 */
export function longDeltaChars(length: number, paceMs: number): number {
  if (paceMs <= 0) return BENCHMARK_DELTA_CHARS;
  return Math.max(BENCHMARK_DELTA_CHARS, Math.ceil((length * paceMs) / LONG_REPLY_MS));
}

/** What the scripted `get_weather` tool answers (the model agent calls it too). */
export function weatherIn(city: string) {
  return {city, temperatureC: 18, conditions: 'partly cloudy', windKph: 12, humidity: 0.64};
}

/** What the scripted `issue_refund` tool answers once approved (the model agent's too). */
export function refundOf(refundId: string, args: {amount?: unknown; currency?: unknown}) {
  return {refundId, status: 'issued', amount: args.amount, currency: args.currency};
}

/**
 * The script for one run.
 * @param input - what the user typed
 * @param context - the turn, run id and pace
 * @returns the steps, and the script's own pace where it has one (`slow`)
 */
export function scriptFor(input: string, context: ScriptContext): RunScript {
  const {turn, runId} = context;
  const lower = input.toLowerCase();
  const id = (name: string) => `${name}_${runId.slice(-8)}`;
  if (lower.includes('refund')) {
    const orderId = /\b\d{3,}\b/.exec(input)?.[0] ?? 'A-1001';
    const args = {orderId, amount: 49.99, currency: 'EUR'};
    const toolCallId = id('call_refund');
    return {
      steps: [
        ...thinking('The user wants a refund; that needs a person to approve it.'),
        {type: 'tool_call', toolCallId, toolName: 'issue_refund', arguments: args},
        {
          type: 'approval',
          toolCallId,
          toolName: 'issue_refund',
          arguments: args,
          message: `Refund €49.99 for order ${orderId}?`,
          approved: [
            {
              type: 'tool_result',
              toolCallId,
              toolName: 'issue_refund',
              output: refundOf(id('rf'), args),
            },
            ...text(
              `Done: I issued a refund of **€49.99** for order \`${orderId}\`. ` +
                'It should reach the original payment method within 5 business days.',
            ),
          ],
          rejected: text(
            `Understood. I did **not** issue a refund for order \`${orderId}\`; nothing was changed.`,
          ),
        },
      ],
    };
  }
  if (lower.includes('weather')) {
    const city = cityIn(input);
    const toolCallId = id('call_weather');
    const forecast = weatherIn(city);
    return {
      steps: [
        ...thinking(`Checking the forecast for ${city}.`),
        {type: 'tool_call', toolCallId, toolName: 'get_weather', arguments: {city}},
        {type: 'tool_result', toolCallId, toolName: 'get_weather', output: forecast},
        ...text(
          `In **${city}** it is currently **18 °C** and partly cloudy, with a light wind ` +
            'of 12 km/h and 64 % humidity.',
        ),
      ],
    };
  }
  if (lower.includes('markdown')) {
    return {steps: [{type: 'thinking'}, ...text(markdownReply())]};
  }
  if (lower.includes('long')) {
    const reply = longReply();
    return {steps: text(reply, longDeltaChars(reply.length, context.paceMs))};
  }
  if (lower.includes('fail')) {
    return {
      steps: [
        ...thinking('Trying to answer…'),
        ...text('Let me look that up for you… '),
        {
          type: 'fail',
          code: 'agent_error',
          message: 'The agent hit an error while answering (scripted failure).',
        },
      ],
    };
  }
  const reply =
    `You said:\n\n${quote(input)}\n\nThis is turn ${turn} of our conversation. ` +
    "I'm the **Zaby emulator**'s scripted agent: ask me about the *weather*, a *refund*, " +
    'or some *markdown* to see tool calls, approvals and rich text.';
  return {
    steps: [...thinking('Reading your message.'), ...text(reply)],
    ...(lower.includes('slow') ? {paceMs: 500} : {}),
  };
}
