import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {Plugin} from 'vite';
import {describe, expect, test, vi} from 'vitest';
import {markedGfmOnly, markedLexerOnly} from '../../../build/vite-plugins.ts';

// The script-tag bundle lexes with marked as these two plugins leave it. Both outputs are
// lexed here through src/markdown/render.ts's own lex() (so its options are the ones in
// use), marked as published against marked as bundled, on the CommonMark spec and GFM.
const require = createRequire(import.meta.url);
const id = require.resolve('marked').replace(/[^/\\]*$/, 'marked.esm.js');
const {tests: spec} = require('commonmark-spec') as {tests: {markdown: string; number: number}[]};

async function run(plugin: Plugin, code: string): Promise<string> {
  const transform = plugin.transform as (code: string, id: string) => Promise<{code: string}>;
  return (await transform.call({}, code, id)).code;
}

async function bundledMarked(): Promise<Record<string, unknown>> {
  const code = await run(markedGfmOnly(), await run(markedLexerOnly(), readFileSync(id, 'utf8')));
  const exports = /export\s*\{([^}]*)\};?\s*$/.exec(code);
  if (!exports) throw new Error('no export statement at the end');
  const names = exports[1]!.split(',').map((spec) => spec.trim().split(/\s+as\s+/));
  const body = `${code.slice(0, exports.index)}\nreturn {${names.map(([local, name]) => `${name}: ${local}`).join(', ')}};`;
  return new Function(body)() as Record<string, unknown>;
}

async function lexWith(marked?: Record<string, unknown>) {
  vi.resetModules();
  if (marked) vi.doMock('marked', () => marked);
  else vi.doUnmock('marked');
  return (await import('../../../src/markdown/render.ts')).lex;
}

const gfm = [
  '| a | b |\n| :- | -: |\n| 1 | 2 |\n| x \\| y | `c|d` |',
  'Visit www.example.com/path?x=1, https://example.org. or mail a.b@example.com!',
  '~~gone~~ and ~one~ and ~~~three~~~',
  '- [ ] todo\n- [x] done\n  - [X] nested',
  'a line\nanother line  \nhard break\\\nend',
  '<div>\nraw *html*\n</div>\n\n<span>inline</span> <!-- c -->',
  '***both*** **bold *nested* bold** _a_b_ snake_case_name',
  '[ref] and [text][ref] and ![img](/i.png "t")\n\n[ref]: https://example.com "Title"',
  '```js\nconst a = `x`;\n```\n\n    indented\n\n~~~\ntilde\n~~~',
  '> quote\n> > nested\n\n1. one\n2. two\n\n   para\n\n10) ten',
  'Heading\n===\n\n## ATX ##\n\n***\n\nSetext\n---',
  'auto <https://example.com> <a@b.co> and a `` ` `` span & &amp; &#35; &copy;',
  'table after text\n| a |\n| - |\n| b |\n\n|x|\n|-|\n',
];

describe('marked as bundled (markedLexerOnly + markedGfmOnly)', () => {
  test('lexes every CommonMark spec example and the GFM cases as published marked does', async () => {
    const published = await lexWith();
    const bundled = await lexWith(await bundledMarked());
    expect(bundled).not.toBe(published);
    const inputs = [...spec.map(({markdown}) => markdown.replace(/→/g, '\t')), ...gfm];
    expect(inputs.length).toBeGreaterThan(600);
    for (const markdown of inputs)
      expect(JSON.stringify(bundled(markdown)), markdown).toBe(JSON.stringify(published(markdown)));
  });

  test('the bundled code holds no rule variant but gfm, and no code for the folded options', async () => {
    const code = await run(markedGfmOnly(), await run(markedLexerOnly(), readFileSync(id, 'utf8')));
    expect(code).not.toMatch(/this\.options\.(gfm|breaks|pedantic|extensions|hooks)\b/);
    expect(code).not.toMatch(/\.getRegex\(\)/);
    // Shared rules only the pedantic branches or the HTML renderer read.
    expect(code).not.toMatch(/pedanticHrefTitle:|escapeReplaceNoEncode:/);
  });

  test('fails the build when marked changes shape', async () => {
    await expect(run(markedGfmOnly(), 'export const Lexer = class {};')).rejects.toThrow(
      /no longer has the expected shape/,
    );
  });
});
