import {readFileSync, readdirSync} from 'node:fs';
import {transformWithOxc, type Plugin} from 'vite';
import {expect, test} from 'vitest';
import {litStaticProperties} from '../../../build/vite-plugins.ts';

// Every element's decorators, as the build compiles them, become one `properties` object
// that declares what its source declares: same names, same options, in order.
const dir = new URL('../../../src/elements/', import.meta.url);
const files = readdirSync(dir).filter((name) => /^zaby-.*(?<!\.styles)\.ts$/.test(name));

function declared(source: string): string[] {
  return [
    ...source.matchAll(
      /@(property|state)\(((?:\{(?:[^{}]|\{[^{}]*\})*\})?)\)\s*(?:(?:override|declare|accessor|get|set|private|protected|public|readonly)\s+)*(\w+)/g,
    ),
  ].map(
    ([, kind, options, name]) =>
      `${name}:${kind === 'state' ? '{state:!0}' : options!.replace(/\s+/g, '').replace(/true/g, '!0').replace(/false/g, '!1').replace(/'/g, '"') || '{}'}`,
  );
}

test.each(files)('%s: decorators become one properties object', async (file) => {
  const path = new URL(file, dir).pathname;
  const source = readFileSync(path, 'utf8');
  const compiled = await transformWithOxc(source, path, {decorator: {legacy: true}});
  const transform = litStaticProperties().transform as (
    this: unknown,
    code: string,
    id: string,
  ) => {code: string} | null;
  const out = transform.call({}, compiled.code, path);
  const expected = [...new Set(declared(source))];
  expect(expected.length).toBeGreaterThan(0);
  expect(out).not.toBeNull();
  const code = out!.code;
  expect(code).not.toMatch(/_decorate\(/);
  const [, body] = /\.properties\s*=\s*\{([\s\S]*?)\};/.exec(code) ?? [];
  const actual = body!
    .replace(/\s+/g, '')
    .replace(/"(\w+)":/g, '$1:')
    .replace(/true/g, '!0')
    .replace(/false/g, '!1');
  expect(actual).toBe(expected.join(','));
});

test('a class with its own properties is left alone', () => {
  const code = [
    'import _decorate from "@oxc-project/runtime/helpers/decorate";',
    'import { property } from "lit/decorators.js";',
    'let A = class A { static properties = {a: {}}; };',
    '_decorate([property()], A.prototype, "b", void 0);',
  ].join('\n');
  const transform = (litStaticProperties() as Plugin).transform as (
    c: string,
    id: string,
  ) => unknown;
  expect(transform.call({}, code, '/x/src/a.ts')).toBeNull();
});

test('a class decorator becomes its call: alone for defineElement, which returns nothing', () => {
  const transform = (litStaticProperties() as Plugin).transform as (
    c: string,
    id: string,
  ) => {code: string};
  const code = (decorator: string) =>
    [
      'import _decorate from "@oxc-project/runtime/helpers/decorate";',
      'import { property } from "lit/decorators.js";',
      'import { defineElement } from "./define.ts";',
      'import { other } from "./other.ts";',
      'let A = class A {};',
      '_decorate([property()], A.prototype, "b", void 0);',
      `A = _decorate([${decorator}], A);`,
    ].join('\n');
  expect(transform.call({}, code('defineElement("a-b")'), '/x/src/a.ts').code).toMatch(
    /\ndefineElement\("a-b"\)\(A\);$/,
  );
  expect(transform.call({}, code('other("a-b")'), '/x/src/a.ts').code).toMatch(
    /\nA = other\("a-b"\)\(A\)\|\|A;$/,
  );
});
