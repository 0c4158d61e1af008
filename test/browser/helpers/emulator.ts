/**
 * Browser-side access to the emulator that web-test-runner starts beside the tests
 * (test/helpers/wtr-emulator-plugin.ts): real HTTP on 127.0.0.1.
 */
import {executeServerCommand} from '@web/test-runner-commands';

export interface MintedToken {
  token: string;
  tokenId: string;
  familyId: string;
  grantId: string;
  expiresAt: string;
}

async function command<T>(op: string, payload?: Record<string, unknown>): Promise<T> {
  return executeServerCommand<T, unknown>('zaby-emulator', {op, payload});
}

export const emulator = {
  info: () => command<{origin: string; seed: Record<string, string>}>('info'),
  mint: (
    payload: Partial<{
      externalUserId: string;
      externalSessionId: string;
      ttlSeconds: number;
      maxUses: number;
    }> = {},
  ) => command<MintedToken>('mint', payload),
  revokeFamily: (familyId: string) => command<number>('revoke-family', {familyId}),
  revokeGrant: (grantId: string) => command<number>('revoke-grant', {grantId}),
  stats: () => command<{openStreams: number; activeRuns: number; runsCreated: number}>('stats'),
  fault: (spec: {
    method?: string;
    path: string;
    status: number;
    code: string;
    times?: number;
    retryAfter?: number;
    afterHandler?: boolean;
  }) => command<boolean>('fault', spec),
  clearFaults: () => command<boolean>('clear-faults'),
  proxy: (options: {afterEvents: number; drops?: number; bytesIntoFrame?: number}) =>
    command<{origin: string}>('proxy', options),
  proxyStats: (origin: string) =>
    command<{cuts: number; lastEventIds: string[]} | null>('proxy-stats', {origin}),
  closeProxies: () => command<boolean>('close-proxies'),
  provisioning: (method: string, path: string, body?: unknown) =>
    command<{status: number; body: unknown}>('provisioning', {method, path, body}),
};

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 8000,
  what = 'condition',
): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
