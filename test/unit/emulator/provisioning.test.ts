import {afterAll, beforeAll, expect, test} from 'vitest';
import type {RunningEmulator} from '../../../src/emulator/index.ts';
import {api, PROVISIONING, withEmulator} from '../../helpers/emulator.ts';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await withEmulator({deploymentActivationMs: 300});
});
afterAll(() => emu.close());

const call = (method: string, path: string, body?: unknown) =>
  api(emu, method, `${PROVISIONING}${path}`, {
    apiKey: emu.apiKey,
    ...(body === undefined ? {} : {body}),
  });

test('the API key is required', async () => {
  expect((await api(emu, 'GET', `${PROVISIONING}/agents`)).body.error.code).toBe('token_missing');
  expect((await api(emu, 'GET', `${PROVISIONING}/agents`, {apiKey: 'wrong'})).body.error.code).toBe(
    'token_invalid',
  );
});

test('dev seed serves the seeded ids', async () => {
  const r = await call('GET', '/dev-seed');
  expect(r.status).toBe(200);
  expect(r.body).toEqual(emu.seed);
  expect((await call('GET', `/deployments/${emu.seed.deploymentId}`)).body.status).toBe('ACTIVE');
});

test('agent lifecycle: create, list with cursor, get, patch, publish, deploy, activate, delete', async () => {
  const created = [];
  for (const slug of ['a-1', 'a-2', 'a-3']) {
    const r = await call('POST', '/agents', {name: `Agent ${slug}`, slug, description: 'test'});
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({slug, status: 'DRAFT'});
    created.push(r.body);
  }
  const page1 = await call('GET', '/agents?limit=2');
  expect(page1.body.items).toHaveLength(2);
  expect(page1.body.nextCursor).toBeTruthy();
  const page2 = await call('GET', `/agents?limit=2&cursor=${page1.body.nextCursor}`);
  expect(page2.body.items.length).toBeGreaterThan(0);
  expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
  const agent = created[0];
  expect((await call('PATCH', `/agents/${agent.id}`, {name: 'Renamed'})).body.name).toBe('Renamed');
  expect((await call('GET', `/agents/${agent.id}`)).body.name).toBe('Renamed');
  const version = await call('POST', `/agents/${agent.id}/publish`);
  expect(version.body).toMatchObject({agentId: agent.id, number: 1});
  expect((await call('GET', `/agents/${agent.id}`)).body.status).toBe('PUBLISHED');
  const bad = await call('POST', `/agents/${agent.id}/deployments`, {
    agentVersionId: version.body.id,
    environment: 'STAGING',
  });
  expect(bad.body.error.code).toBe('invalid_request');
  const dep = await call('POST', `/agents/${agent.id}/deployments`, {
    agentVersionId: version.body.id,
    environment: 'TEST',
  });
  expect(dep.body.status).toBe('PENDING');
  expect((await call('GET', `/deployments/${dep.body.id}/provisioning`)).status).toBe(404);
  await new Promise((r) => setTimeout(r, 350));
  expect((await call('GET', `/deployments/${dep.body.id}`)).body.status).toBe('ACTIVE');
  expect((await call('GET', `/deployments/${dep.body.id}/provisioning`)).status).toBe(200);
  expect((await call('DELETE', `/agents/${created[2].id}`)).status).toBe(200);
  expect((await call('GET', `/agents/${created[2].id}`)).status).toBe(404);
});

test('external apps, bindings, policies, tokens and families', async () => {
  const app = await call('POST', '/external-apps', {
    name: 'Web',
    slug: 'web',
    allowedOrigins: ['https://a.example'],
    tokenTtlSeconds: 120,
  });
  expect(app.body).toMatchObject({status: 'ACTIVE', tokenTtlSeconds: 120});
  expect((await call('PATCH', `/external-apps/${app.body.id}`, {name: 'Web 2'})).body.name).toBe(
    'Web 2',
  );
  expect(
    (await call('GET', '/external-apps?status=ACTIVE')).body.items.some(
      (a: {id: string}) => a.id === app.body.id,
    ),
  ).toBe(true);
  const binding = await call('POST', `/external-apps/${app.body.id}/bindings`, {
    deploymentId: emu.seed.deploymentId,
    allowBrowserRuntime: true,
    allowApprovals: true,
  });
  expect(binding.body).toMatchObject({
    allowBrowserRuntime: true,
    allowServerRuntime: false,
    allowApprovals: true,
  });
  const policy = await call('POST', '/runtime-token-policies', {
    name: 'P',
    externalAppId: app.body.id,
    deploymentId: emu.seed.deploymentId,
    maxUsesPerToken: 3,
    autoRotateEnabled: true,
    rotateBeforeExpirySeconds: 30,
  });
  expect(policy.body).toMatchObject({status: 'ACTIVE', maxUsesPerToken: 3});
  expect(
    (await call('PATCH', `/runtime-token-policies/${policy.body.id}`, {maxConcurrentRuns: 4})).body
      .maxConcurrentRuns,
  ).toBe(4);
  expect(
    (await call('GET', `/runtime-token-policies/${policy.body.id}`)).body.maxConcurrentRuns,
  ).toBe(4);
  expect((await call('GET', '/runtime-token-policies')).body.items.length).toBeGreaterThanOrEqual(
    2,
  );
  const minted = await call('POST', '/runtime-tokens', {
    externalAppId: app.body.id,
    deploymentId: emu.seed.deploymentId,
    quotaPolicyId: policy.body.id,
    externalUserId: 'u-9',
    channel: 'web',
  });
  expect(minted.status).toBe(201);
  const claims = JSON.parse(Buffer.from(minted.body.token.split('.')[1], 'base64url').toString());
  expect(claims).toMatchObject({
    app: app.body.id,
    dep: emu.seed.deploymentId,
    pol: policy.body.id,
    sub: 'u-9',
    ch: 'web',
    mxu: 3,
    fam: minted.body.familyId,
    grt: minted.body.grantId,
  });
  expect(claims.exp - claims.iat).toBe(120);
  expect(Date.parse(minted.body.expiresAt)).toBe(claims.exp * 1000);
  const again = await call('POST', '/runtime-tokens', {
    externalAppId: app.body.id,
    deploymentId: emu.seed.deploymentId,
    quotaPolicyId: policy.body.id,
    externalUserId: 'u-9',
  });
  expect(again.body.familyId).toBe(minted.body.familyId);
  const families = await call('GET', '/runtime-token-families');
  expect(
    families.body.items.some(
      (f: {id: string; status: string}) => f.id === minted.body.familyId && f.status === 'ACTIVE',
    ),
  ).toBe(true);
});

test('faults can be injected and cleared over HTTP', async () => {
  expect(
    (
      await call('POST', '/dev-faults', {
        path: '/health',
        status: 502,
        code: 'unavailable',
        times: 2,
      })
    ).status,
  ).toBe(201);
  expect((await api(emu, 'GET', '/api/v1/health')).status).toBe(502);
  expect((await call('DELETE', '/dev-faults')).status).toBe(200);
  expect((await api(emu, 'GET', '/api/v1/health')).status).toBe(200);
  expect((await call('GET', '/dev-stats')).body).toMatchObject({openStreams: 0});
});
