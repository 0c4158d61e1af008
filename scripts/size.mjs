#!/usr/bin/env node
/**
 * `npm run size`: min+gzip and brotli bytes of the script-tag bundle, of each add-on's
 * script-tag bundle and of the ESM entry with its dependencies, checked against the budgets
 * in package.json `size-limit` (a row per bundle).
 * Exits 1 when a budget is exceeded, so CI fails.
 */
import {readFileSync} from 'node:fs';
import {gzipSync, brotliCompressSync, constants} from 'node:zlib';
import {build} from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const budgets = Object.fromEntries((pkg['size-limit'] ?? []).map((b) => [b.name, b]));

function sizes(code) {
  return {
    min: code.length,
    gzip: gzipSync(code, {level: 9}).length,
    brotli: brotliCompressSync(code, {params: {[constants.BROTLI_PARAM_QUALITY]: 11}}).length,
  };
}

/** The ESM entry as an app's bundler would ship it: dependencies included, minified. */
async function esmWithDeps() {
  const result = await build({
    entryPoints: ['dist/zaby-chat.js'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

const rows = [
  {name: 'iife', file: 'dist/zaby-chat.iife.js', ...sizes(readFileSync('dist/zaby-chat.iife.js'))},
  {
    name: 'highlight',
    file: 'dist/zaby-chat-highlight.iife.js',
    ...sizes(readFileSync('dist/zaby-chat-highlight.iife.js')),
  },
  {
    name: 'html',
    file: 'dist/zaby-chat-html.iife.js',
    ...sizes(readFileSync('dist/zaby-chat-html.iife.js')),
  },
  {
    name: 'locales',
    file: 'dist/zaby-chat-locales.iife.js',
    ...sizes(readFileSync('dist/zaby-chat-locales.iife.js')),
  },
  {
    name: 'ag-ui',
    file: 'dist/zaby-chat-ag-ui.iife.js',
    ...sizes(readFileSync('dist/zaby-chat-ag-ui.iife.js')),
  },
  {
    name: 'esm+deps',
    file: 'dist/zaby-chat.js (+ lit, marked, dompurify, eventsource-parser, jose)',
    ...sizes(await esmWithDeps()),
  },
];

let failed = false;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log('bundle       min          gzip        brotli      budget (gzip)');
for (const row of rows) {
  const budget = budgets[row.name];
  const limit = budget ? Number(budget.gzipBytes) : undefined;
  const over = limit !== undefined && row.gzip > limit;
  failed ||= over;
  console.log(
    `${row.name.padEnd(12)} ${kib(row.min).padEnd(12)} ${kib(row.gzip).padEnd(11)} ${kib(row.brotli).padEnd(11)} ${
      limit === undefined ? '-' : `${kib(limit)} ${over ? 'EXCEEDED' : 'ok'}`
    }`,
  );
}
if (failed) {
  console.error('A bundle is over its size budget (package.json "size-limit").');
  process.exit(1);
}
