/**
 * The emulator's own endpoints, not part of the Zaby API (emulator.md, "Start"): the seeded
 * ids, live stats, and fault injection. All take the API key.
 */
import {ERROR_CODES, type ServerErrorCode} from '../protocol/types.ts';
import type {FaultInjector, FaultSpec} from './faults.ts';
import {HttpError, readJson, sendJson} from './http.ts';
import {route, type AnyRoute} from './router.ts';
import type {DevSeed} from './seed.ts';

export interface DevContext {
  seed: () => DevSeed;
  stats: () => unknown;
  faults: FaultInjector;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

/**
 * `GET …/dev-seed`, `GET …/dev-stats`, `POST` and `DELETE …/dev-faults`.
 * @param prefix - `/api/v1/provisioning/agentic-os`
 */
export function devRoutes(ctx: DevContext, prefix: string): AnyRoute[] {
  const auth = 'apiKey' as const;
  return [
    route({
      method: 'GET',
      path: `${prefix}/dev-seed`,
      auth,
      handle: ({req, res}) => sendJson(req, res, 200, ctx.seed()),
    }),
    route({
      method: 'GET',
      path: `${prefix}/dev-stats`,
      auth,
      handle: ({req, res}) => sendJson(req, res, 200, ctx.stats()),
    }),
    route({
      method: 'POST',
      path: `${prefix}/dev-faults`,
      auth,
      handle: async ({req, res}) => {
        const body = await readJson(req);
        if (
          typeof body['path'] !== 'string' ||
          typeof body['status'] !== 'number' ||
          typeof body['code'] !== 'string'
        ) {
          throw new HttpError(400, 'invalid_request', 'A fault needs `path`, `status` and `code`.');
        }
        if (!isServerErrorCode(body['code'])) {
          throw new HttpError(
            400,
            'invalid_request',
            `A fault's \`code\` is one of the spec's: ${ERROR_CODES.join(', ')}.`,
          );
        }
        const fault = body as unknown as FaultSpec;
        ctx.faults.inject(fault);
        sendJson(req, res, 201, fault);
      },
    }),
    route({
      method: 'DELETE',
      path: `${prefix}/dev-faults`,
      auth,
      handle: ({req, res}) => {
        ctx.faults.clear();
        sendJson(req, res, 200, {cleared: true});
      },
    }),
  ];
}
