/**
 * The emulator's one route shape and its router. A route says which credential it takes;
 * the router checks it before the handler runs and hands the runtime token's claims in, so
 * no handler can forget the check and none repeats it.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Claims} from './auth.ts';
import {HttpError} from './http.ts';

/**
 * The credential a route takes: a runtime token (`Authorization: Bearer <jwt>`), the
 * provisioning API key, or none (`GET /health`).
 */
export type RouteAuth = 'runtime' | 'apiKey' | 'none';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What a handler gets: the request, its path parameters and, for runtime routes, the claims. */
export interface RouteContext<A extends RouteAuth = RouteAuth> {
  req: IncomingMessage;
  res: ServerResponse;
  /** `:name` segments of the path, URI-decoded. */
  params: Readonly<Record<string, string>>;
  url: URL;
  /** The verified runtime token's claims; only runtime routes have them. */
  claims: A extends 'runtime' ? Claims : undefined;
}

/** One endpoint. `path` is absolute and may hold `:name` segments. */
export interface Route<A extends RouteAuth = RouteAuth> {
  method: HttpMethod;
  path: string;
  auth: A;
  handle(ctx: RouteContext<A>): Promise<void> | void;
}

/** A route of any credential, as the router holds them. */
export type AnyRoute = Route<'runtime'> | Route<'apiKey'> | Route<'none'>;

/**
 * Declares a route, typing `handle`'s context by `auth`.
 * @example route({method: 'GET', path: '/x/:id', auth: 'runtime', handle: ({claims}) => …})
 */
export function route<A extends RouteAuth>(definition: Route<A>): Route<A> {
  return definition;
}

/** How the router checks each credential; both throw an {@link HttpError} (401/403). */
export interface Authenticators {
  runtime(req: IncomingMessage): Promise<Claims>;
  apiKey(req: IncomingMessage): void;
}

/** A request matched to its route. */
export interface RouteMatch {
  route: AnyRoute;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: AnyRoute;
  pattern: RegExp;
  keys: string[];
}

function compile(route: AnyRoute): CompiledRoute {
  const keys: string[] = [];
  const source = route.path.replace(/:(\w+)/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return {route, pattern: new RegExp(`^${source}$`), keys};
}

export class Router {
  readonly #routes: CompiledRoute[];
  readonly #auth: Authenticators;

  constructor(routes: readonly AnyRoute[], auth: Authenticators) {
    this.#routes = routes.map(compile);
    this.#auth = auth;
  }

  /**
   * The route for a method and path.
   * @throws HttpError 404 `not_found`, naming the methods the path takes when it exists
   */
  match(method: string, path: string): RouteMatch {
    const allowed = new Set<string>();
    for (const {route, pattern, keys} of this.#routes) {
      const found = pattern.exec(path);
      if (!found) continue;
      allowed.add(route.method);
      if (route.method !== method) continue;
      const params = Object.fromEntries(
        keys.map((k, i) => [k, decodeURIComponent(found[i + 1] ?? '')]),
      );
      return {route, params};
    }
    if (allowed.size)
      throw new HttpError(404, 'not_found', `Use ${[...allowed].join(' or ')} on ${path}.`);
    throw new HttpError(404, 'not_found', `No endpoint ${method} ${path}.`);
  }

  /** Checks the route's credential, then runs its handler. */
  async dispatch(
    {route, params}: RouteMatch,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    const base = {req, res, params, url};
    switch (route.auth) {
      case 'runtime':
        return route.handle({...base, claims: await this.#auth.runtime(req)});
      case 'apiKey':
        this.#auth.apiKey(req);
        return route.handle({...base, claims: undefined});
      case 'none':
        return route.handle({...base, claims: undefined});
    }
  }
}
