/**
 * Runtime tokens (HS256 JWTs via jose) and the checks of runtime-api.md: bearer present,
 * signature and shape, expiry, family/grant revocation, origin, channel.
 */
import {randomBytes, randomUUID} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {errors, jwtVerify, SignJWT} from 'jose';
import type {RuntimeTokenClaims} from '../protocol/types.ts';
import {bearer, HttpError} from './http.ts';
import type {Store} from './store.ts';

export type Claims = RuntimeTokenClaims & {sub: string; sid: string};

export class TokenAuthority {
  /** A fresh key per emulator: tokens of an earlier run are `token_invalid`, as after a key rotation. */
  private readonly secret = new Uint8Array(randomBytes(32));
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  async mint(
    claims: Omit<Claims, 'jti' | 'iat' | 'exp'>,
    ttlSeconds: number,
  ): Promise<{token: string; jti: string; exp: number}> {
    const jti = randomUUID();
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + ttlSeconds;
    const token = await new SignJWT({...claims, jti})
      .setProtectedHeader({alg: 'HS256', typ: 'JWT'})
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.secret);
    return {token, jti, exp};
  }

  /**
   * Verifies the request's runtime token.
   * @throws HttpError 401 with the spec's code, or 403 for origin and channel
   */
  async verify(req: IncomingMessage): Promise<Claims> {
    const token = bearer(req);
    if (!token)
      throw new HttpError(
        401,
        'token_missing',
        'Send the runtime token as `Authorization: Bearer <token>`.',
      );
    let claims: Claims;
    try {
      const {payload} = await jwtVerify(token, this.secret, {algorithms: ['HS256']});
      claims = payload as unknown as Claims;
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new HttpError(401, 'token_expired', 'The runtime token has expired; get a new one.');
      }
      throw new HttpError(401, 'token_invalid', 'The runtime token is not valid.');
    }
    if (
      typeof claims.app !== 'string' ||
      typeof claims.fam !== 'string' ||
      typeof claims.jti !== 'string'
    ) {
      throw new HttpError(401, 'token_invalid', 'The runtime token lacks required claims.');
    }
    const family = this.store.families.get(claims.fam);
    const grant = this.store.grants.get(claims.grt);
    if (family?.status !== 'ACTIVE' || grant?.status !== 'ACTIVE') {
      throw new HttpError(401, 'token_revoked', 'The runtime token was revoked.');
    }
    const app = this.store.apps.get(claims.app);
    if (!app || app.status !== 'ACTIVE')
      throw new HttpError(401, 'token_invalid', "The token's app does not exist.");
    const origin = req.headers.origin;
    if (origin && !app.allowedOrigins.includes(origin)) {
      throw new HttpError(
        403,
        'origin_not_allowed',
        `The origin ${origin} is not allowed for this app.`,
      );
    }
    const binding = this.store.binding(claims.app, claims.dep);
    const browser = claims.ch === 'web' || claims.ch === 'mobile';
    if (!binding || (browser ? !binding.allowBrowserRuntime : !binding.allowServerRuntime)) {
      throw new HttpError(
        403,
        'runtime_not_allowed',
        `The app's binding does not allow the ${claims.ch} runtime for this deployment.`,
      );
    }
    return claims;
  }
}

/**
 * Checks the provisioning API key (`Authorization: Bearer <api key>`).
 * @throws HttpError 401 `token_missing` or `token_invalid`
 */
export function checkApiKey(apiKey: string, req: IncomingMessage): void {
  const key = bearer(req);
  if (!key)
    throw new HttpError(
      401,
      'token_missing',
      'Send the API key as `Authorization: Bearer <api key>`.',
    );
  if (key !== apiKey) throw new HttpError(401, 'token_invalid', 'The API key is not valid.');
}
