/**
 * The provisioning subset (runtime-api.md, "Provisioning subset"), API-key authenticated.
 * The emulator's own dev endpoints are in dev-routes.ts.
 */
import type {IncomingMessage} from 'node:http';
import type {TokenAuthority} from './auth.ts';
import {
  HttpError,
  now,
  optionalBoolean,
  optionalNumber,
  optionalString,
  readJson,
  requiredString,
  sendJson,
} from './http.ts';
import {route, type AnyRoute, type HttpMethod, type RouteContext} from './router.ts';
import {Store, type Deployment} from './store.ts';

export interface ProvisioningContext {
  store: Store;
  auth: TokenAuthority;
  deploymentActivationMs: number;
  /** Closes the open streams of a revoked family or grant. */
  closeStreams: (match: {fam?: string; grt?: string}) => void;
}

/** A provisioning handler: POST and PATCH bodies are read (and checked) before it runs. */
type Handler = (
  ctx: ProvisioningContext,
  route: RouteContext<'apiKey'>,
  body: Record<string, unknown>,
) => Promise<void> | void;

interface Endpoint {
  method: HttpMethod;
  /** Under /api/v1/provisioning/agentic-os. */
  path: string;
  handle: Handler;
}

function deploymentView(d: Deployment) {
  const {activeAt, ...rest} = d;
  return {...rest, status: Date.now() >= activeAt ? 'ACTIVE' : 'PENDING'};
}

function need<T>(value: T | undefined, what: string, id: string | undefined): T {
  if (!value) throw new HttpError(404, 'not_found', `No ${what} ${id ?? ''}.`.replace(' .', '.'));
  return value;
}

function stringArray(body: Record<string, unknown>, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new HttpError(400, 'invalid_request', `\`${key}\` must be an array of strings.`);
  }
  return value as string[];
}

function paginate<T extends {id: string}>(items: T[], url: URL) {
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 200);
  const cursor = url.searchParams.get('cursor');
  const start = cursor ? items.findIndex((i) => i.id === cursor) + 1 : 0;
  const page = items.slice(start, start + limit);
  return {
    items: page,
    nextCursor: start + limit < items.length ? (page[page.length - 1]?.id ?? null) : null,
  };
}

const createAgent: Handler = (ctx, {req, res}, body) => {
  const name = requiredString(body, 'name');
  const slug = requiredString(body, 'slug');
  if ([...ctx.store.agents.values()].some((a) => a.slug === slug)) {
    throw new HttpError(409, 'conflict', `An agent with slug "${slug}" already exists.`);
  }
  const agent = {
    id: Store.id('agt'),
    name,
    slug,
    description: optionalString(body, 'description') ?? null,
    status: 'DRAFT' as const,
    createdAt: now(),
  };
  ctx.store.agents.set(agent.id, agent);
  sendJson(req, res, 201, agent);
};

const patchAgent: Handler = (ctx, {req, res, params: p}, body) => {
  const agent = need(ctx.store.agents.get(p['agentId']!), 'agent', p['agentId']);
  const slug = optionalString(body, 'slug');
  if (slug && [...ctx.store.agents.values()].some((a) => a.slug === slug && a.id !== agent.id)) {
    throw new HttpError(409, 'conflict', `An agent with slug "${slug}" already exists.`);
  }
  agent.name = optionalString(body, 'name') ?? agent.name;
  agent.slug = slug ?? agent.slug;
  agent.description = optionalString(body, 'description') ?? agent.description;
  sendJson(req, res, 200, agent);
};

const publish: Handler = (ctx, {req, res, params: p}) => {
  const agent = need(ctx.store.agents.get(p['agentId']!), 'agent', p['agentId']);
  const number = [...ctx.store.versions.values()].filter((v) => v.agentId === agent.id).length + 1;
  const version = {id: Store.id('ver'), agentId: agent.id, number, createdAt: now()};
  ctx.store.versions.set(version.id, version);
  agent.status = 'PUBLISHED';
  sendJson(req, res, 201, version);
};

const deploy: Handler = (ctx, {req, res, params: p}, body) => {
  const agent = need(ctx.store.agents.get(p['agentId']!), 'agent', p['agentId']);
  const agentVersionId = requiredString(body, 'agentVersionId');
  const version = ctx.store.versions.get(agentVersionId);
  if (!version || version.agentId !== agent.id)
    throw new HttpError(404, 'not_found', `No version ${agentVersionId}.`);
  const environment = body['environment'];
  if (environment !== 'TEST' && environment !== 'PRODUCTION') {
    throw new HttpError(400, 'invalid_request', '`environment` must be "TEST" or "PRODUCTION".');
  }
  const deployment: Deployment = {
    id: Store.id('dep'),
    agentId: agent.id,
    agentVersionId,
    environment,
    createdAt: now(),
    activeAt: Date.now() + ctx.deploymentActivationMs,
  };
  ctx.store.deployments.set(deployment.id, deployment);
  sendJson(req, res, 201, {...deploymentView(deployment), status: 'PENDING'});
};

const createApp: Handler = (ctx, {req, res}, body) => {
  const app = {
    id: Store.id('app'),
    name: requiredString(body, 'name'),
    slug: requiredString(body, 'slug'),
    allowedOrigins: stringArray(body, 'allowedOrigins') ?? [],
    tokenTtlSeconds: optionalNumber(body, 'tokenTtlSeconds', 1) ?? null,
    status: 'ACTIVE' as const,
    createdAt: now(),
  };
  if ([...ctx.store.apps.values()].some((a) => a.slug === app.slug)) {
    throw new HttpError(409, 'conflict', `An external app with slug "${app.slug}" already exists.`);
  }
  ctx.store.apps.set(app.id, app);
  sendJson(req, res, 201, app);
};

const patchApp: Handler = (ctx, {req, res, params: p}, body) => {
  const app = need(ctx.store.apps.get(p['appId']!), 'external app', p['appId']);
  app.name = optionalString(body, 'name') ?? app.name;
  app.allowedOrigins = stringArray(body, 'allowedOrigins') ?? app.allowedOrigins;
  app.tokenTtlSeconds = optionalNumber(body, 'tokenTtlSeconds', 1) ?? app.tokenTtlSeconds;
  const status = body['status'];
  if (status === 'ACTIVE' || status === 'INACTIVE') app.status = status;
  sendJson(req, res, 200, app);
};

const bind: Handler = (ctx, {req, res, params: p}, body) => {
  const app = need(ctx.store.apps.get(p['appId']!), 'external app', p['appId']);
  const deploymentId = requiredString(body, 'deploymentId');
  need(ctx.store.deployments.get(deploymentId), 'deployment', deploymentId);
  const existing = ctx.store.binding(app.id, deploymentId);
  const binding = {
    id: existing?.id ?? Store.id('bnd'),
    externalAppId: app.id,
    deploymentId,
    allowBrowserRuntime: optionalBoolean(body, 'allowBrowserRuntime') ?? false,
    allowServerRuntime: optionalBoolean(body, 'allowServerRuntime') ?? false,
    allowApprovals: optionalBoolean(body, 'allowApprovals') ?? false,
    createdAt: existing?.createdAt ?? now(),
  };
  ctx.store.bindings.set(binding.id, binding);
  sendJson(req, res, existing ? 200 : 201, binding);
};

const createPolicy: Handler = (ctx, {req, res}, body) => {
  const externalAppId = requiredString(body, 'externalAppId');
  const deploymentId = requiredString(body, 'deploymentId');
  need(ctx.store.apps.get(externalAppId), 'external app', externalAppId);
  need(ctx.store.deployments.get(deploymentId), 'deployment', deploymentId);
  const policy = {
    id: Store.id('pol'),
    name: requiredString(body, 'name'),
    externalAppId,
    deploymentId,
    maxConcurrentRuns: optionalNumber(body, 'maxConcurrentRuns', 1) ?? null,
    tokenTtlSeconds: optionalNumber(body, 'tokenTtlSeconds', 1) ?? null,
    maxUsesPerToken: optionalNumber(body, 'maxUsesPerToken', 1) ?? null,
    autoRotateEnabled: optionalBoolean(body, 'autoRotateEnabled') ?? false,
    rotateBeforeExpirySeconds: optionalNumber(body, 'rotateBeforeExpirySeconds', 0) ?? null,
    status: optionalString(body, 'status') ?? 'ACTIVE',
    createdAt: now(),
  };
  ctx.store.policies.set(policy.id, policy);
  sendJson(req, res, 201, policy);
};

const patchPolicy: Handler = (ctx, {req, res, params: p}, body) => {
  const policy = need(ctx.store.policies.get(p['policyId']!), 'policy', p['policyId']);
  policy.name = optionalString(body, 'name') ?? policy.name;
  policy.maxConcurrentRuns =
    optionalNumber(body, 'maxConcurrentRuns', 1) ?? policy.maxConcurrentRuns;
  policy.tokenTtlSeconds = optionalNumber(body, 'tokenTtlSeconds', 1) ?? policy.tokenTtlSeconds;
  policy.maxUsesPerToken = optionalNumber(body, 'maxUsesPerToken', 1) ?? policy.maxUsesPerToken;
  policy.autoRotateEnabled = optionalBoolean(body, 'autoRotateEnabled') ?? policy.autoRotateEnabled;
  policy.status = optionalString(body, 'status') ?? policy.status;
  sendJson(req, res, 200, policy);
};

const mintToken: Handler = async (ctx, {req, res}, body) => {
  const externalAppId = requiredString(body, 'externalAppId');
  const deploymentId = requiredString(body, 'deploymentId');
  const quotaPolicyId = optionalString(body, 'quotaPolicyId');
  if (!quotaPolicyId) {
    // The real service's documented behaviour (seed 000), kept on purpose.
    throw new HttpError(
      500,
      'internal',
      'Cloudflare runtime sync snapshot is missing quotaPolicyId',
    );
  }
  const externalUserId = requiredString(body, 'externalUserId');
  const app = need(ctx.store.apps.get(externalAppId), 'external app', externalAppId);
  const deployment = need(ctx.store.deployments.get(deploymentId), 'deployment', deploymentId);
  const policy = need(ctx.store.policies.get(quotaPolicyId), 'quota policy', quotaPolicyId);
  if (Date.now() < deployment.activeAt)
    throw new HttpError(409, 'conflict', 'The deployment is not ACTIVE yet.');
  const channel = optionalString(body, 'channel') ?? 'server';
  if (channel !== 'server' && channel !== 'web' && channel !== 'mobile') {
    throw new HttpError(400, 'invalid_request', '`channel` must be "server", "web" or "mobile".');
  }
  const externalSessionId = optionalString(body, 'externalSessionId');
  const ttl =
    optionalNumber(body, 'ttlSeconds', 1) ?? policy.tokenTtlSeconds ?? app.tokenTtlSeconds ?? 600;
  const maxUses = optionalNumber(body, 'maxUses', 1) ?? policy.maxUsesPerToken ?? undefined;
  const scopes = stringArray(body, 'scopes') ?? [
    'runs:start',
    'runs:read',
    'approvals:decide',
    'feedback:write',
  ];
  const family = ctx.store.familyFor(app.id, deployment.id, externalUserId);
  const grant = ctx.store.grantFor(family.id, externalSessionId ?? '');
  const minted = await ctx.auth.mint(
    {
      fam: family.id,
      grt: grant.id,
      app: app.id,
      dep: deployment.id,
      pol: policy.id,
      sub: externalUserId,
      sid: externalSessionId ?? '',
      ch: channel,
      scp: scopes,
      ...(maxUses ? {mxu: maxUses} : {}),
    },
    ttl,
  );
  sendJson(req, res, 201, {
    token: minted.token,
    tokenId: minted.jti,
    familyId: family.id,
    grantId: grant.id,
    expiresAt: new Date(minted.exp * 1000).toISOString(),
  });
};

const revokeFamily: Handler = (ctx, {req, res, params: p}) => {
  const family = need(ctx.store.families.get(p['familyId']!), 'token family', p['familyId']);
  if (family.status === 'ACTIVE') {
    family.status = 'REVOKED';
    family.revokedAt = now();
  }
  ctx.closeStreams({fam: family.id});
  sendJson(req, res, 200, family);
};

const revokeGrant: Handler = (ctx, {req, res, params: p}, body) => {
  const grant = need(ctx.store.grants.get(p['grantId']!), 'grant', p['grantId']);
  const reason = body['reason'];
  if (typeof reason !== 'string' || !reason.trim()) {
    throw new HttpError(422, 'validation_failed', '`reason` is required to revoke a grant.');
  }
  grant.status = 'REVOKED';
  grant.reason = reason;
  ctx.closeStreams({grt: grant.id});
  sendJson(req, res, 200, grant);
};

/** Method + path pattern → handler, under /api/v1/provisioning/agentic-os. */
const endpoints: Endpoint[] = [
  {method: 'POST', path: '/agents', handle: createAgent},
  {
    method: 'GET',
    path: '/agents',
    handle: (ctx, {req, res, url}) =>
      sendJson(req, res, 200, paginate([...ctx.store.agents.values()], url)),
  },
  {
    method: 'GET',
    path: '/agents/:agentId',
    handle: (ctx, {req, res, params: p}) =>
      sendJson(req, res, 200, need(ctx.store.agents.get(p['agentId']!), 'agent', p['agentId'])),
  },
  {method: 'PATCH', path: '/agents/:agentId', handle: patchAgent},
  {
    method: 'DELETE',
    path: '/agents/:agentId',
    handle: (ctx, {req, res, params: p}) => {
      need(ctx.store.agents.get(p['agentId']!), 'agent', p['agentId']);
      ctx.store.agents.delete(p['agentId']!);
      sendJson(req, res, 200, {id: p['agentId'], deleted: true});
    },
  },
  {method: 'POST', path: '/agents/:agentId/publish', handle: publish},
  {method: 'POST', path: '/agents/:agentId/deployments', handle: deploy},
  {
    method: 'GET',
    path: '/deployments/:deploymentId',
    handle: (ctx, {req, res, params: p}) =>
      sendJson(
        req,
        res,
        200,
        deploymentView(
          need(ctx.store.deployments.get(p['deploymentId']!), 'deployment', p['deploymentId']),
        ),
      ),
  },
  {
    method: 'GET',
    path: '/deployments/:deploymentId/provisioning',
    handle: (ctx, {req, res, params: p}) => {
      const d = need(
        ctx.store.deployments.get(p['deploymentId']!),
        'deployment',
        p['deploymentId'],
      );
      if (Date.now() < d.activeAt)
        throw new HttpError(
          404,
          'not_found',
          'Provisioning is not ready until the deployment is ACTIVE.',
        );
      sendJson(req, res, 200, {
        deploymentId: d.id,
        status: 'ACTIVE',
        runtimeUrl: '/api/v1/runtime',
        provisionedAt: new Date(d.activeAt).toISOString(),
      });
    },
  },
  {method: 'POST', path: '/external-apps', handle: createApp},
  {
    method: 'GET',
    path: '/external-apps',
    handle: (ctx, {req, res, url}) => {
      const status = url.searchParams.get('status');
      sendJson(req, res, 200, {
        items: [...ctx.store.apps.values()].filter((a) => !status || a.status === status),
      });
    },
  },
  {
    method: 'GET',
    path: '/external-apps/:appId',
    handle: (ctx, {req, res, params: p}) =>
      sendJson(req, res, 200, need(ctx.store.apps.get(p['appId']!), 'external app', p['appId'])),
  },
  {method: 'PATCH', path: '/external-apps/:appId', handle: patchApp},
  {method: 'POST', path: '/external-apps/:appId/bindings', handle: bind},
  {method: 'POST', path: '/runtime-token-policies', handle: createPolicy},
  {
    method: 'GET',
    path: '/runtime-token-policies',
    handle: (ctx, {req, res}) => sendJson(req, res, 200, {items: [...ctx.store.policies.values()]}),
  },
  {
    method: 'GET',
    path: '/runtime-token-policies/:policyId',
    handle: (ctx, {req, res, params: p}) =>
      sendJson(
        req,
        res,
        200,
        need(ctx.store.policies.get(p['policyId']!), 'policy', p['policyId']),
      ),
  },
  {method: 'PATCH', path: '/runtime-token-policies/:policyId', handle: patchPolicy},
  {method: 'POST', path: '/runtime-tokens', handle: mintToken},
  {
    method: 'GET',
    path: '/runtime-token-families',
    handle: (ctx, {req, res}) => sendJson(req, res, 200, {items: [...ctx.store.families.values()]}),
  },
  {method: 'POST', path: '/runtime-token-families/:familyId/revoke', handle: revokeFamily},
  {method: 'POST', path: '/runtime-token-grants/:grantId/revoke', handle: revokeGrant},
];

/** Reads the JSON body of a POST or PATCH; other methods have none. */
async function bodyFor(req: IncomingMessage): Promise<Record<string, unknown>> {
  return req.method === 'POST' || req.method === 'PATCH' ? readJson(req) : {};
}

/**
 * The provisioning subset, each route taking the API key (the router checks it).
 * @param prefix - `/api/v1/provisioning/agentic-os`
 */
export function provisioningRoutes(ctx: ProvisioningContext, prefix: string): AnyRoute[] {
  return endpoints.map(({method, path, handle}) =>
    route({
      method,
      path: `${prefix}${path}`,
      auth: 'apiKey',
      handle: async (r) => handle(ctx, r, await bodyFor(r.req)),
    }),
  );
}
