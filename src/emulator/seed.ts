/**
 * The dev seed (emulator.md, "Start"): one agent with a published version, an ACTIVE
 * deployment, an external app for the demo's origins, a binding allowing browser runtime
 * and approvals, and a quota policy — so a host backend can mint tokens at once.
 *
 * Their ids derive from a seed string (emulator.md, "Additions (v2)": stable ids), so a
 * host backend configured with them once keeps working across restarts.
 */
import {createHash} from 'node:crypto';
import type {Store} from './store.ts';

/** The seed used when none is given (`ZABY_SEED`, the `seed` option). */
export const DEFAULT_SEED = 'zaby-dev';

export interface DevSeed {
  agentId: string;
  agentVersionId: string;
  deploymentId: string;
  externalAppId: string;
  bindingId: string;
  quotaPolicyId: string;
}

/**
 * The id of a seeded object: the same shape as {@link Store.id} (prefix + 32 hex digits),
 * from a hash of the seed and the prefix.
 */
export function seededId(seedValue: string, prefix: string): string {
  const digest = createHash('sha256').update(`${seedValue}\0${prefix}`).digest('hex');
  return `${prefix}_${digest.slice(0, 32)}`;
}

/**
 * Creates the seeded objects in `store`.
 * @param seedValue - the ids derive from it @defaultValue {@link DEFAULT_SEED}
 * @returns their ids, as `GET …/dev-seed` serves them
 */
export function seed(store: Store, allowedOrigins: string[], seedValue = DEFAULT_SEED): DevSeed {
  const createdAt = new Date().toISOString();
  const id = (prefix: string) => seededId(seedValue, prefix);
  const agent = {
    id: id('agt'),
    name: 'Zaby Demo Agent',
    slug: 'zaby-demo-agent',
    description: "The emulator's scripted agent.",
    status: 'PUBLISHED' as const,
    createdAt,
  };
  store.agents.set(agent.id, agent);
  const version = {id: id('ver'), agentId: agent.id, number: 1, createdAt};
  store.versions.set(version.id, version);
  const deployment = {
    id: id('dep'),
    agentId: agent.id,
    agentVersionId: version.id,
    environment: 'TEST' as const,
    createdAt,
    activeAt: 0,
  };
  store.deployments.set(deployment.id, deployment);
  const app = {
    id: id('app'),
    name: 'Zaby Chat Demo',
    slug: 'zaby-chat-demo',
    allowedOrigins,
    tokenTtlSeconds: 600,
    status: 'ACTIVE' as const,
    createdAt,
  };
  store.apps.set(app.id, app);
  const binding = {
    id: id('bnd'),
    externalAppId: app.id,
    deploymentId: deployment.id,
    allowBrowserRuntime: true,
    allowServerRuntime: true,
    allowApprovals: true,
    createdAt,
  };
  store.bindings.set(binding.id, binding);
  const policy = {
    id: id('pol'),
    name: 'Demo policy',
    externalAppId: app.id,
    deploymentId: deployment.id,
    maxConcurrentRuns: 10,
    tokenTtlSeconds: 600,
    maxUsesPerToken: null,
    autoRotateEnabled: false,
    rotateBeforeExpirySeconds: null,
    status: 'ACTIVE',
    createdAt,
  };
  store.policies.set(policy.id, policy);
  return {
    agentId: agent.id,
    agentVersionId: version.id,
    deploymentId: deployment.id,
    externalAppId: app.id,
    bindingId: binding.id,
    quotaPolicyId: policy.id,
  };
}
