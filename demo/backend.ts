/**
 * The demo's host backend: what a company's own server does to let its users chat.
 * It holds the Zaby API key (the browser never sees it) and mints short-lived runtime
 * tokens for the user it knows, here a random demo user kept in an HttpOnly cookie. The
 * agent session (`externalSessionId`) is kept in a second cookie; a request with reason
 * `new-session` (the chat's `newConversation()`) starts a new one, so the agent no longer
 * sees the earlier turns.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {randomUUID} from 'node:crypto';

export interface TokenBackendOptions {
  /** Where the Zaby server (or the local emulator) listens, e.g. `http://127.0.0.1:9080`. */
  zabyOrigin: string;
  apiKey: string;
  /** Token lifetime in seconds; short is the point. */
  ttlSeconds?: number;
}

interface DevSeed {
  deploymentId: string;
  externalAppId: string;
  quotaPolicyId: string;
}

const PROVISIONING = '/api/v1/provisioning/agentic-os';

/** The value of cookie `name` in the request, if it is a plain id. */
function cookie(req: IncomingMessage, name: string): string | undefined {
  return new RegExp(`(?:^|;\\s*)${name}=([\\w-]+)`).exec(req.headers.cookie ?? '')?.[1];
}

/** The `reason` of the element's token request body (`{"reason": "missing" | …}`), if any. */
async function reasonOf(req: IncomingMessage): Promise<string | undefined> {
  let raw = '';
  for await (const chunk of req) {
    raw += String(chunk);
    if (raw.length > 1024) return undefined; // not the element's small body
  }
  try {
    const reason: unknown = (JSON.parse(raw) as {reason?: unknown} | null)?.reason;
    return typeof reason === 'string' ? reason : undefined;
  } catch {
    return undefined;
  }
}

/** Returns a Node/Connect handler for `POST /api/zaby-token`. */
export function createTokenHandler(options: TokenBackendOptions) {
  let seed: Promise<DevSeed> | undefined;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${options.zabyOrigin}${PROVISIONING}${path}`, {
      method,
      headers: {Authorization: `Bearer ${options.apiKey}`, 'Content-Type': 'application/json'},
      ...(body === undefined ? {} : {body: JSON.stringify(body)}),
    });
    const json: unknown = await response.json();
    if (!response.ok)
      throw new Error(`Zaby ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(405, {Allow: 'POST'}).end();
      return;
    }
    try {
      // The emulator serves its seeded ids; a real backend would keep them in its config.
      seed ??= call('GET', '/dev-seed') as Promise<DevSeed>;
      const {deploymentId, externalAppId, quotaPolicyId} = await seed;
      const user = cookie(req, 'demo_uid') ?? randomUUID();
      // A new conversation: a new agent session; otherwise the one this browser has.
      const session =
        (await reasonOf(req)) === 'new-session' ? randomUUID() : (cookie(req, 'demo_sid') ?? user);
      const minted = (await call('POST', '/runtime-tokens', {
        externalAppId,
        deploymentId,
        quotaPolicyId,
        externalUserId: user,
        externalSessionId: session,
        channel: 'web',
        ttlSeconds: options.ttlSeconds ?? 300,
      })) as {token: string};
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'Set-Cookie': [
          `demo_uid=${user}; Path=/; HttpOnly; SameSite=Strict`,
          `demo_sid=${session}; Path=/; HttpOnly; SameSite=Strict`,
        ],
      });
      res.end(JSON.stringify({token: minted.token}));
    } catch (error) {
      seed = undefined;
      res.writeHead(502, {'Content-Type': 'application/json'});
      res.end(JSON.stringify({error: {code: 'unavailable', message: String(error)}}));
    }
  };
}
