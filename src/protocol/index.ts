/** The runtime client and wire types, usable in browsers and in Node. */
export {
  RuntimeClient,
  type RuntimeClientOptions,
  type StreamOptions,
  type StreamState,
  type RequestOptions,
} from './client.ts';
export {
  TokenSource,
  tokenExpiry,
  type TokenFetchContext,
  type TokenSourceOptions,
} from './token-source.ts';
export {ZabyError, isTokenError, type ZabyErrorInit} from './errors.ts';
export {backoffDelay, parseRetryAfter, sleep} from './backoff.ts';
export * from './types.ts';
