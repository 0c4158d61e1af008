/**
 * The published package works from its tarball: `npm pack`, install it into a scratch app,
 * then bundle an app that imports the element and the testing entry, type-check against its
 * declarations (with `skipLibCheck: false`, so the shipped .d.ts files are checked too), and
 * run the emulator from the `zaby-emulator` bin and the Node entry. `npm test` has built
 * dist/ already, so the packs here skip the `prepack` build (`--ignore-scripts`).
 */
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {build} from 'esbuild';

const root = resolve('.');
let app = '';

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'zaby-pack-'));
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', app], {
    cwd: root,
    stdio: 'pipe',
  });
  const tarball = readdirSync(app).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({name: 'scratch-app', version: '1.0.0', type: 'module', private: true}),
  );
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      join(app, tarball),
      'typescript@5.9',
    ],
    {cwd: app, stdio: 'pipe'},
  );
}, 180_000);
afterAll(() => rmSync(app, {recursive: true, force: true}));

test('the tarball holds the builds, types and manifest, and no sources', () => {
  const files = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
  });
  const paths = (JSON.parse(files) as Array<{files: Array<{path: string}>}>)[0]!.files.map(
    (f) => f.path,
  );
  for (const f of [
    'dist/zaby-chat.js',
    'dist/zaby-chat.iife.js',
    'dist/testing.js',
    'dist/emulator.js',
    'dist/emulator-cli.js',
    'dist/types/index.d.ts',
    'dist/react.js',
    'dist/vue.js',
    'dist/types/react.d.ts',
    'dist/types/vue.d.ts',
    'custom-elements.json',
    'README.md',
  ]) {
    expect(paths, f).toContain(f);
  }
  expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/'))).toBe(false);
});

test('a pack always builds first: prepack runs the build', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(pkg.scripts['prepack']).toBe('npm run build');
});

test('no shipped declaration imports a .ts source', () => {
  const dts = execFileSync(
    'find',
    [join(app, 'node_modules/zaby-chat/dist/types'), '-name', '*.d.ts'],
    {
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter(Boolean);
  expect(dts.length).toBeGreaterThan(10);
  for (const file of dts) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code, file).not.toMatch(/(['"])\.{1,2}\/[^'"]+\.ts\1/);
  }
});

test('an app bundles zaby-chat and zaby-chat/testing from the installed package', async () => {
  writeFileSync(
    join(app, 'main.js'),
    `import {ZabyChat, configureZaby} from 'zaby-chat';
import {MockTransport} from 'zaby-chat/testing';
configureZaby({apiOrigin: 'https://api.example'});
export {ZabyChat, MockTransport};`,
  );
  const result = await build({
    entryPoints: [join(app, 'main.js')],
    bundle: true,
    write: false,
    format: 'esm',
    absWorkingDir: app,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  expect(code).toContain('zaby-chat');
  expect(code).toContain('MockTransport');
});

test('TypeScript (strict, skipLibCheck: false) sees the element, its events and the React typings', () => {
  writeFileSync(
    join(app, 'check.tsx'),
    `import 'zaby-chat';
import type {ZabyChat, ZabyRunFinishEvent} from 'zaby-chat';
import 'zaby-chat/react';
import {MockTransport} from 'zaby-chat/testing';
const chat = document.createElement('zaby-chat');
const typed: ZabyChat = chat;
typed.addEventListener('zaby-run-finish', (e: ZabyRunFinishEvent) => e.detail.status);
chat.tokenProvider = async ({reason}) => reason;
chat.transport = new MockTransport({reply: () => [{text: 'hi'}]});
export const el = <zaby-chat agent-name="A" onzaby-feedback={(e) => e.detail.rating} />;
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        jsx: 'react-jsx',
        module: 'ESNext',
        moduleResolution: 'bundler',
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        skipLibCheck: false,
        // Side-effect imports (`import './zaby-composer.js'` in the .d.ts) are resolved too.
        noUncheckedSideEffectImports: true,
        types: [],
      },
      files: ['check.tsx'],
    }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '@types/react@19'], {
    cwd: app,
    stdio: 'pipe',
  });
  execFileSync(join(app, 'node_modules/.bin/tsc'), ['-p', app], {cwd: app, stdio: 'pipe'});
}, 120_000);

test('the zaby-emulator bin serves the runtime API', async () => {
  const child = spawn(join(app, 'node_modules/.bin/zaby-emulator'), [], {
    env: {...process.env, ZABY_PORT: '0'},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const origin = await new Promise<string>((resolveOrigin, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolveOrigin(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      setTimeout(() => reject(new Error('no start')), 15_000);
    });
    const health = await fetch(`${origin}/api/v1/health`);
    expect(health.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
});
