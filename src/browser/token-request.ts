/**
 * Where `<zaby-chat>` gets a runtime token (shared/spec/zaby-chat-element.md, "Token refresh"):
 * first to answer among the `zaby-token-refresh` event's `respondWith`, the `tokenProvider`
 * callback, the `token-endpoint` and the host setting `element.token` (the last goes through
 * `TokenSource.set`, which answers a pending refresh itself).
 */
import {ZabyTokenRefreshEvent} from '../events.ts';
import {ZabyError} from '../protocol/errors.ts';
import type {TokenRefreshReason} from '../protocol/types.ts';

export interface TokenRequestContext {
  reason: TokenRefreshReason;
  currentToken: string | null;
}

export type TokenProvider = (ctx: TokenRequestContext) => Promise<string>;

export interface TokenHost {
  /** The element: the refresh event is dispatched on it. */
  readonly target: EventTarget;
  readonly tokenProvider: TokenProvider | undefined;
  readonly tokenEndpoint: string | undefined;
}

function validToken(value: unknown, source: string): string {
  if (typeof value === 'string' && value.trim()) return value.trim();
  throw new ZabyError('token_unavailable', `The ${source} gave no token.`, {retryable: true});
}

/** POSTs to the host's own backend and reads `{"token"}`; same-origin credentials only. */
export async function fetchFromEndpoint(
  endpoint: string,
  ctx: TokenRequestContext,
): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify({reason: ctx.reason}),
  });
  if (!response.ok) {
    throw new ZabyError('token_unavailable', `The token endpoint answered ${response.status}.`, {
      status: response.status,
      retryable: true,
    });
  }
  const body: unknown = await response.json();
  return validToken((body as {token?: unknown} | null)?.token, 'token endpoint');
}

/**
 * Asks every configured source at once and resolves with the first token. When every
 * programmatic source has failed and no listener called `respondWith`, it rejects at once
 * rather than waiting for the refresh timeout; with no programmatic source at all it waits
 * (the host may answer through the event later, or by setting `element.token`).
 */
export function requestToken(host: TokenHost, ctx: TokenRequestContext): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    let responded = false;
    const attempts: Promise<string>[] = [];
    const win = (token: string) => {
      if (!settled) {
        settled = true;
        resolve(token);
      }
    };
    const event = new ZabyTokenRefreshEvent({
      reason: ctx.reason,
      currentToken: ctx.currentToken,
      respondWith(token) {
        responded = true;
        Promise.resolve(token)
          .then((t) => win(validToken(t, 'zaby-token-refresh listener')))
          .catch((error: unknown) => {
            if (!settled) {
              settled = true;
              reject(toTokenError(error));
            }
          });
      },
    });
    host.target.dispatchEvent(event);
    const provider = host.tokenProvider;
    if (provider) {
      // The contract's callback gets {reason, currentToken}; wrap user errors.
      attempts.push(
        Promise.resolve()
          .then(() => provider(ctx))
          .then((t) => validToken(t, 'tokenProvider')),
      );
    }
    if (host.tokenEndpoint) attempts.push(fetchFromEndpoint(host.tokenEndpoint, ctx));
    for (const attempt of attempts) attempt.then(win, () => undefined);
    if (attempts.length) {
      Promise.allSettled(attempts).then((results) => {
        if (settled || responded) return;
        const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        settled = true;
        reject(toTokenError(failure?.reason));
      });
    }
  });
}

function toTokenError(error: unknown): ZabyError {
  return ZabyError.from(error, 'token_unavailable', 'No runtime token could be had');
}
