/**
 * Parses run events at the wire (runtime-api.md, "Stream"): every event the client hands on
 * has the shape its type promises, so the reducer can trust its input. Ids that a server
 * sends as numbers become strings (they are opaque); anything else that is not the promised
 * shape is a `bad_response` error naming the event, never a repaired guess. The deliberate
 * exceptions are in `RunFinished`, which must end the run whatever it says: an unknown
 * `status` ends it FAILED, and a missing `runId`, `latestSeq` or error text gets a neutral
 * value rather than leaving the run streaming.
 */
import {ZabyError} from './errors.ts';
import type {
  ApprovalDecision,
  FinishedStatus,
  RunError,
  RunEvent,
  RunEventDataMap,
  RunEventType,
} from './types.ts';

/** The event types of the spec; any other type is skipped by the client (spec: ignore unknown types). */
export const RUN_EVENT_TYPES: ReadonlySet<string> = new Set<RunEventType>([
  'thinking',
  'text',
  'tool_call',
  'tool_result',
  'approval_request',
  'approval_resolved',
  'RunFinished',
]);

const DECISIONS: ReadonlySet<string> = new Set<ApprovalDecision>([
  'APPROVED',
  'REJECTED',
  'EXPIRED',
]);
const FINISHED: ReadonlySet<string> = new Set<FinishedStatus>(['COMPLETED', 'FAILED', 'CANCELLED']);

type Fields = Record<string, unknown>;

/** Thrown inside the field readers; turned into one ZabyError for the event. */
class ShapeError extends Error {}

function isObject(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function string(data: Fields, key: string): string {
  const value = data[key];
  if (typeof value !== 'string') throw new ShapeError(`\`${key}\` must be a string`);
  return value;
}

function optionalString(data: Fields, key: string): string | undefined {
  return data[key] === undefined ? undefined : string(data, key);
}

/** An opaque id: a string, or a number a server wrote without quotes. */
function id(data: Fields, key: string): string {
  const value = data[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || !value) throw new ShapeError(`\`${key}\` must be a string id`);
  return value;
}

function optionalId(data: Fields, key: string): string | undefined {
  return data[key] === undefined ? undefined : id(data, key);
}

function args(data: Fields): Record<string, unknown> {
  const value = data['arguments'];
  if (value === undefined) return {};
  if (!isObject(value)) throw new ShapeError('`arguments` must be an object');
  return value;
}

function runError(data: Fields): RunError | undefined {
  const value = data['error'];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new ShapeError('`error` must be an object');
  return {code: String(value['code'] ?? 'internal'), message: String(value['message'] ?? '')};
}

/** Optional fields are left out rather than set to undefined (the reducer spreads them). */
function defined<T extends Fields>(fields: T): T {
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return fields;
}

const READERS: {[K in RunEventType]: (data: Fields) => RunEventDataMap[K]} = {
  thinking: (d) => defined({content: optionalString(d, 'content')}),
  text: (d) => ({content: string(d, 'content')}),
  tool_call: (d) => ({
    toolCallId: id(d, 'toolCallId'),
    toolName: string(d, 'toolName'),
    arguments: args(d),
  }),
  tool_result: (d) => {
    if (d['isError'] !== undefined && typeof d['isError'] !== 'boolean') {
      throw new ShapeError('`isError` must be a boolean');
    }
    return defined({
      toolCallId: id(d, 'toolCallId'),
      toolName: optionalString(d, 'toolName') ?? '',
      output: d['output'],
      isError: d['isError'] as boolean | undefined,
    });
  },
  approval_request: (d) =>
    defined({
      approvalId: id(d, 'approvalId'),
      toolCallId: optionalId(d, 'toolCallId'),
      toolName: string(d, 'toolName'),
      arguments: args(d),
      message: optionalString(d, 'message'),
      expiresAt: optionalString(d, 'expiresAt'),
    }),
  approval_resolved: (d) => {
    const decision = string(d, 'decision');
    if (!DECISIONS.has(decision))
      throw new ShapeError(`\`decision\` ${JSON.stringify(decision)} is unknown`);
    return {approvalId: id(d, 'approvalId'), decision: decision as ApprovalDecision};
  },
  RunFinished: (d) => {
    // A status the spec does not know ends the run as a failure: never left streaming, never shown raw.
    const status =
      typeof d['status'] === 'string' && FINISHED.has(d['status']) ? d['status'] : 'FAILED';
    return defined({
      runId: optionalString(d, 'runId') ?? '',
      status: status as FinishedStatus,
      finalOutput: optionalString(d, 'finalOutput'),
      error: runError(d),
      latestSeq: typeof d['latestSeq'] === 'number' ? d['latestSeq'] : 0,
    });
  },
};

/**
 * One event of a run, checked against its type.
 * @param seq - the event's `id:`
 * @param type - its `event:`, one of {@link RUN_EVENT_TYPES}
 * @param data - its `data:` line (JSON text), or the stored event's already-parsed data
 * @returns the event, or a `bad_response` ZabyError that says which event and what is wrong
 */
export function parseRunEvent(
  seq: number,
  type: RunEventType,
  data: string | unknown,
): RunEvent | ZabyError {
  let value = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return invalid(seq, type, `its data is not JSON: ${data.slice(0, 200)}`);
    }
  }
  if (!isObject(value)) return invalid(seq, type, 'its data is not a JSON object');
  try {
    return {seq, event: type, data: READERS[type](value)} as RunEvent;
  } catch (error) {
    if (error instanceof ShapeError) return invalid(seq, type, error.message);
    throw error;
  }
}

function invalid(seq: number, type: string, why: string): ZabyError {
  return new ZabyError('bad_response', `Event ${seq} (${type}) was skipped: ${why}.`, {
    retryable: false,
  });
}
