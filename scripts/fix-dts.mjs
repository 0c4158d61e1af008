#!/usr/bin/env node
/**
 * The sources import with `.ts` extensions; point the emitted declarations at `.js`, which
 * is what a consumer's TypeScript resolves (to the `.d.ts` beside it). This covers every
 * form a declaration file can hold: `from '…'` (imports and re-exports), `import('…')`
 * types, and side-effect imports (`import './zaby-composer.ts';`). Any relative `.ts`
 * specifier left afterwards fails the build, since a consumer's tsc would reject it.
 */
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const specifier = /(\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\.ts\2/gm;
const leftover = /(['"])\.{1,2}\/[^'"]+\.ts\1/;
const problems = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      const fixed = text.replace(specifier, '$1$2$3.js$2');
      if (fixed !== text) writeFileSync(path, fixed);
      const code = fixed.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const match = leftover.exec(code);
      if (match) problems.push(`${path}: ${match[0]}`);
    }
  }
}
walk('dist/types');
if (problems.length) {
  console.error(`fix-dts: relative .ts specifiers left in declarations:\n${problems.join('\n')}`);
  process.exit(1);
}
