/** The runtime client and wire types, usable in browsers and in Node (the tests' entry). */
export {RuntimeClient, type RuntimeClientOptions} from './client.ts';
export {TokenSource, type TokenFetchContext} from './token-source.ts';
export {ZabyError} from './errors.ts';
export * from './types.ts';
