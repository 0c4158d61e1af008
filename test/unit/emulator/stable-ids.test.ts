import {spawn} from 'node:child_process';
import {expect, test} from 'vitest';
import {DEFAULT_ALLOWED_ORIGINS, DEFAULT_SEED, type DevSeed} from '../../../src/emulator/index.ts';
import {api, mintToken, PROVISIONING, withEmulator} from '../../helpers/emulator.ts';

async function devSeedOf(options: {seed?: string} = {}): Promise<DevSeed> {
  const emu = await withEmulator(options);
  try {
    const served = await api(emu, 'GET', `${PROVISIONING}/dev-seed`, {apiKey: emu.apiKey});
    expect(served.status).toBe(200);
    expect(served.body).toEqual(emu.seed);
    // The ids are usable, not only stable: a token can be minted with them.
    await mintToken(emu);
    return served.body as DevSeed;
  } finally {
    await emu.close();
  }
}

test('two starts serve the same dev-seed ids', async () => {
  const first = await devSeedOf();
  const second = await devSeedOf();
  expect(second).toEqual(first);
  expect(await devSeedOf({seed: DEFAULT_SEED})).toEqual(first);
  expect(first.agentId).toMatch(/^agt_[0-9a-f]{32}$/);
  expect(new Set(Object.values(first)).size).toBe(6);
});

test('another seed gives other ids, the same on each start', async () => {
  const base = await devSeedOf();
  const other = await devSeedOf({seed: 'team-a'});
  for (const key of Object.keys(base) as Array<keyof DevSeed>) {
    expect(other[key]).not.toBe(base[key]);
  }
  expect(await devSeedOf({seed: 'team-a'})).toEqual(other);
});

/** Runs the CLI on a free port until it has printed its banner, then stops it. */
async function cliBanner(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts'], {
    env: {...process.env, ZABY_PORT: '0', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner in 15 s: ${out}${err}`)), 15_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Mint a token')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the CLI exited (${code}): ${err}`));
      });
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return out;
}

test('npm run emulator prints the allowed origins and the seeded ids it uses', async () => {
  const base = await devSeedOf();
  const banner = await cliBanner({ZABY_ALLOWED_ORIGINS: '', ZABY_SEED: ''});
  const origins = /allowed origins:\s+(.*)/.exec(banner)?.[1] ?? '';
  for (const origin of DEFAULT_ALLOWED_ORIGINS) expect(origins).toContain(origin);
  expect(origins).toContain('(the default');
  expect(banner).toContain(base.deploymentId);
  expect(banner).toContain(base.externalAppId);
  expect(banner).toContain(base.quotaPolicyId);

  const custom = await cliBanner({
    ZABY_ALLOWED_ORIGINS: 'https://shop.example, https://app.example',
    ZABY_SEED: 'team-a',
  });
  expect(/allowed origins:\s+(.*)/.exec(custom)?.[1]).toBe(
    'https://shop.example, https://app.example',
  );
  expect(custom).toContain((await devSeedOf({seed: 'team-a'})).externalAppId);
}, 60_000);
