/// <reference types="vitest/config" />
import MagicString from 'magic-string';
import {defineConfig, type Plugin, type UserConfig} from 'vite';

/**
 * Minifies the CSS inside Lit's css`…` templates at build time (comments and whitespace),
 * which the JS minifier leaves alone. Interpolations (`${…}`) are JS and survive it.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'zaby-minify-lit-css',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      // Edit in place with MagicString so the source maps stay right.
      const out = new MagicString(code);
      for (const match of code.matchAll(/css`([^`]*)`/g)) {
        const body = match[1]!;
        const start = match.index! + 4;
        out.overwrite(start, start + body.length, body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim() || ' ');
      }
      return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
    },
  };
}

/**
 * `npm run build` runs three library builds (Vite's IIFE format takes one entry, and the
 * emulator is for Node):
 * - default: `dist/zaby-chat.js` + `dist/testing.js`, ESM for bundlers, dependencies external;
 * - `--mode iife`: `dist/zaby-chat.iife.js`, one self-contained minified file for a script tag;
 * - `--mode node`: `dist/emulator.js` + `dist/emulator-cli.js` for Node.
 */
const deps = [/^lit($|\/)/, /^@lit\//, 'dompurify', 'marked', 'eventsource-parser', 'jose'];

const builds: Record<string, UserConfig['build']> = {
  esm: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    lib: {entry: {'zaby-chat': 'src/index.ts', testing: 'src/testing/index.ts'}, formats: ['es']},
    rolldownOptions: {external: deps},
  },
  iife: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: false,
    minify: true,
    lib: {entry: 'src/index.ts', name: 'ZabyChat', formats: ['iife'], fileName: () => 'zaby-chat.iife.js'},
  },
  node: {
    target: 'node20',
    sourcemap: true,
    emptyOutDir: false,
    ssr: true,
    lib: {entry: {emulator: 'src/emulator/index.ts', 'emulator-cli': 'src/emulator/cli.ts'}, formats: ['es']},
    rolldownOptions: {external: [...deps, /^node:/]},
  },
};

export default defineConfig(({mode}) => ({
  plugins: [minifyLitCss()],
  build: builds[mode] ?? builds['esm'],
  // The script-tag bundle always takes Lit's production build, also when built from a
  // process whose NODE_ENV is not "production" (the e2e tests build it under Vitest).
  ...(mode === 'iife' ? {resolve: {conditions: ['module', 'browser', 'production']}} : {}),
  server: {host: '127.0.0.1'},
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // 2 cores: the emulator tests open real sockets; keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
}));
