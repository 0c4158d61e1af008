/**
 * Small HTTP helpers for the emulator: JSON bodies with a size cap, the spec's error body,
 * and the CORS headers every runtime response carries.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {ErrorBody, ServerErrorCode} from '../protocol/types.ts';

/** Bodies larger than this are refused (400 invalid_request) before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A handler's way to answer with one of the spec's errors (runtime-api.md, "Errors"). */
export class HttpError extends Error {
  readonly status: number;
  /** One of the spec's codes: clients branch on it. */
  readonly code: ServerErrorCode;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: ServerErrorCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Responses flagged so are computed but not written (a fault that loses the response). */
export const SWALLOWED = new WeakSet<ServerResponse>();

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Expose-Headers': 'Retry-After',
  };
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (SWALLOWED.has(res) || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...corsHeaders(req),
    ...headers,
  });
  res.end(text);
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: HttpError): void {
  const body: ErrorBody = {error: {code: error.code, message: error.message}};
  sendJson(req, res, error.status, body, error.headers);
}

/** Reads and parses a JSON object body; an empty body is `{}`. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(
        400,
        'invalid_request',
        `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_request', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_request', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** The bearer credential of a request, or null. */
export function bearer(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new HttpError(400, 'invalid_request', `\`${key}\` must be a string.`);
  return value;
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = optionalString(body, key);
  if (!value) throw new HttpError(400, 'invalid_request', `\`${key}\` is required.`);
  return value;
}

export function optionalNumber(
  body: Record<string, unknown>,
  key: string,
  min = 0,
): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new HttpError(400, 'invalid_request', `\`${key}\` must be a number ≥ ${min}.`);
  }
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new HttpError(400, 'invalid_request', `\`${key}\` must be a boolean.`);
  return value;
}

export function now(): string {
  return new Date().toISOString();
}
