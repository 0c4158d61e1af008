/**
 * The dev seed (emulator.md, "Start"): one agent with a published version, an ACTIVE
 * deployment, an external app for the demo's origins, a binding allowing browser runtime
 * and approvals, and a quota policy — so a host backend can mint tokens at once.
 */
import {Store} from './store.ts';

export interface DevSeed {
  agentId: string;
  agentVersionId: string;
  deploymentId: string;
  externalAppId: string;
  bindingId: string;
  quotaPolicyId: string;
}

export function seed(store: Store, allowedOrigins: string[]): DevSeed {
  const createdAt = new Date().toISOString();
  const agent = {
    id: Store.id('agt'),
    name: 'Zaby Demo Agent',
    slug: 'zaby-demo-agent',
    description: "The emulator's scripted agent.",
    status: 'PUBLISHED' as const,
    createdAt,
  };
  store.agents.set(agent.id, agent);
  const version = {id: Store.id('ver'), agentId: agent.id, number: 1, createdAt};
  store.versions.set(version.id, version);
  const deployment = {
    id: Store.id('dep'),
    agentId: agent.id,
    agentVersionId: version.id,
    environment: 'TEST' as const,
    createdAt,
    activeAt: 0,
  };
  store.deployments.set(deployment.id, deployment);
  const app = {
    id: Store.id('app'),
    name: 'Zaby Chat Demo',
    slug: 'zaby-chat-demo',
    allowedOrigins,
    tokenTtlSeconds: 600,
    status: 'ACTIVE' as const,
    createdAt,
  };
  store.apps.set(app.id, app);
  const binding = {
    id: Store.id('bnd'),
    externalAppId: app.id,
    deploymentId: deployment.id,
    allowBrowserRuntime: true,
    allowServerRuntime: true,
    allowApprovals: true,
    createdAt,
  };
  store.bindings.set(binding.id, binding);
  const policy = {
    id: Store.id('pol'),
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
