/**
 * The emulator's in-memory state: provisioning objects, token families and grants, runs
 * with their stored events, approvals, feedback and agent sessions.
 */
import {randomUUID} from 'node:crypto';
import type {Feedback, Run} from '../protocol/types.ts';
import type {RunExecution} from '../runtime/run-executor.ts';

export interface Agent {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  status: 'DRAFT' | 'PUBLISHED';
  createdAt: string;
}
export interface AgentVersion {
  id: string;
  agentId: string;
  number: number;
  createdAt: string;
}
export interface Deployment {
  id: string;
  agentId: string;
  agentVersionId: string;
  environment: 'TEST' | 'PRODUCTION';
  createdAt: string;
  /** Epoch ms at which it turns ACTIVE. */
  activeAt: number;
}
export interface ExternalApp {
  id: string;
  name: string;
  slug: string;
  allowedOrigins: string[];
  tokenTtlSeconds: number | null;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: string;
}
export interface Binding {
  id: string;
  externalAppId: string;
  deploymentId: string;
  allowBrowserRuntime: boolean;
  allowServerRuntime: boolean;
  allowApprovals: boolean;
  createdAt: string;
}
export interface Policy {
  id: string;
  name: string;
  externalAppId: string;
  deploymentId: string;
  maxConcurrentRuns: number | null;
  tokenTtlSeconds: number | null;
  maxUsesPerToken: number | null;
  autoRotateEnabled: boolean;
  rotateBeforeExpirySeconds: number | null;
  status: string;
  createdAt: string;
}
export interface TokenFamily {
  id: string;
  name: string;
  externalAppId: string;
  deploymentId: string;
  externalUserId: string;
  status: 'ACTIVE' | 'REVOKED';
  createdAt: string;
  revokedAt: string | null;
}
export interface Grant {
  id: string;
  familyId: string;
  sessionKey: string;
  status: 'ACTIVE' | 'REVOKED';
  reason: string | null;
}
/** Who made a run: the token claims that own it. */
export interface RunOwner {
  app: string;
  dep: string;
  sub: string;
  sid: string;
  pol: string;
  fam: string;
  grt: string;
}

export interface RunRecord {
  /** The run object the endpoints answer with, kept in step with the execution's events. */
  run: Run;
  input: string;
  owner: RunOwner;
  /** Events, approvals and cancel (src/runtime/run-executor.ts). */
  execution: RunExecution;
  /** One rating per end user. */
  feedback: Map<string, Feedback>;
}

export class Store {
  readonly agents = new Map<string, Agent>();
  readonly versions = new Map<string, AgentVersion>();
  readonly deployments = new Map<string, Deployment>();
  readonly apps = new Map<string, ExternalApp>();
  readonly bindings = new Map<string, Binding>();
  readonly policies = new Map<string, Policy>();
  readonly families = new Map<string, TokenFamily>();
  readonly grants = new Map<string, Grant>();
  /** jti → runs created with it (maxUses). */
  readonly tokenUses = new Map<string, number>();
  readonly runs = new Map<string, RunRecord>();
  /** `app|sub|requestId` → runId and when, for idempotent starts. */
  readonly requestIds = new Map<string, {runId: string; at: number}>();
  /** `app|dep|sub|sid` → agent session id and how many runs it has had. */
  readonly sessions = new Map<string, {id: string; turns: number}>();
  runsCreated = 0;

  static id(prefix: string): string {
    return `${prefix}_${randomUUID().replace(/-/g, '')}`;
  }

  binding(appId: string, deploymentId: string): Binding | undefined {
    for (const b of this.bindings.values()) {
      if (b.externalAppId === appId && b.deploymentId === deploymentId) return b;
    }
    return undefined;
  }

  /** The ACTIVE family of an end user of an app and deployment; a new one after a revoke. */
  familyFor(app: string, dep: string, sub: string): TokenFamily {
    for (const f of this.families.values()) {
      if (
        f.externalAppId === app &&
        f.deploymentId === dep &&
        f.externalUserId === sub &&
        f.status === 'ACTIVE'
      ) {
        return f;
      }
    }
    const family: TokenFamily = {
      id: Store.id('fam'),
      name: `${sub} @ ${app}`,
      externalAppId: app,
      deploymentId: dep,
      externalUserId: sub,
      status: 'ACTIVE',
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    this.families.set(family.id, family);
    return family;
  }

  /** The ACTIVE grant of one session within a family; a new one after a revoke. */
  grantFor(familyId: string, sessionKey: string): Grant {
    for (const g of this.grants.values()) {
      if (g.familyId === familyId && g.sessionKey === sessionKey && g.status === 'ACTIVE') return g;
    }
    const grant: Grant = {
      id: Store.id('grt'),
      familyId,
      sessionKey,
      status: 'ACTIVE',
      reason: null,
    };
    this.grants.set(grant.id, grant);
    return grant;
  }

  /** Agent session of (app, dep, sub, sid); counts this run as one more turn. */
  nextTurn(owner: RunOwner): {agentSessionId: string; turn: number} {
    const key = [owner.app, owner.dep, owner.sub, owner.sid].join('|');
    const session = this.sessions.get(key) ?? {id: Store.id('ses'), turns: 0};
    session.turns += 1;
    this.sessions.set(key, session);
    return {agentSessionId: session.id, turn: session.turns};
  }

  unfinishedRuns(policyId: string, sub: string): number {
    let count = 0;
    for (const r of this.runs.values()) {
      if (r.run.status === 'PENDING' && r.owner.pol === policyId && r.owner.sub === sub) count++;
    }
    return count;
  }
}
