/** What the strict-CSP end-to-end tests share: the policy, and provisioning calls. */
import type {RunningEmulator} from '../../../src/emulator/index.ts';

const PROVISIONING = '/api/v1/provisioning/agentic-os';

/** The README's strict policy: no inline script or style, Trusted Types for Lit only. */
export function strictCsp(apiOrigin: string): string {
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `connect-src 'self' ${apiOrigin}`,
    `img-src 'self'`,
    `require-trusted-types-for 'script'`,
    `trusted-types lit-html`,
  ].join('; ');
}

/** A provisioning call with the emulator's API key; resolves with the JSON answer. */
export async function provisioning(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, string>> {
  const r = await fetch(`${emulator.origin}${PROVISIONING}${path}`, {
    method,
    headers: {Authorization: `Bearer ${emulator.apiKey}`, 'Content-Type': 'application/json'},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });
  return r.json() as Promise<Record<string, string>>;
}
