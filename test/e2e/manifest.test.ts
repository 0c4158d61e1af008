/**
 * The built custom-elements.json lists everything the element contract names, and the
 * README documents everything the manifest lists, so neither can drift. The contract is
 * docs/zaby-chat-element.md, in the repository: tests read nothing outside it.
 */
import {readFileSync} from 'node:fs';
import {expect, test} from 'vitest';

interface Declaration {
  tagName?: string;
  attributes?: Array<{name: string}>;
  members?: Array<{name: string; kind: string}>;
  events?: Array<{name: string}>;
  cssParts?: Array<{name: string}>;
  cssProperties?: Array<{name: string}>;
}

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
  modules: Array<{declarations?: Declaration[]}>;
};
const chat = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .find((d) => d.tagName === 'zaby-chat')!;
const spec = readFileSync('docs/zaby-chat-element.md', 'utf8');
const readme = readFileSync('README.md', 'utf8');

test('the contract in docs/ is the whole file, v1 and the v2 additions', () => {
  expect(spec).toMatch(/^# `<zaby-chat>` public contract/);
  for (const heading of ['## Attributes and properties', '## Events', '## Shadow parts'])
    expect(spec, heading).toContain(heading);
  expect(spec).toContain('# Additions (v2)');
});

test('the manifest describes <zaby-chat>', () => {
  expect(chat).toBeTruthy();
});

test('every attribute and property of the contract is in the manifest and the README', () => {
  const section = spec.slice(
    spec.indexOf('## Attributes and properties'),
    spec.indexOf('## Token refresh'),
  );
  const rows = section.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('| —'));
  const attributes = rows
    .map((r) => r.split('|')[1]!.trim().replace(/`/g, ''))
    .filter((a) => a !== '—');
  const properties = rows.map((r) => r.split('|')[2]!.trim().replace(/`/g, ''));
  expect(attributes.length).toBeGreaterThanOrEqual(13);
  for (const name of attributes) {
    expect(
      chat.attributes!.map((a) => a.name),
      name,
    ).toContain(name);
    expect(readme, name).toContain(`\`${name}\``);
  }
  for (const name of properties) {
    expect(
      chat.members!.map((m) => m.name),
      name,
    ).toContain(name);
    expect(readme, name).toContain(`\`${name}\``);
  }
});

test('every event of the contract is in the manifest and the README', () => {
  const section = spec.slice(spec.indexOf('## Events'), spec.indexOf('## Methods'));
  const events = [...section.matchAll(/^\| `(zaby-[a-z-]+)`/gm)].map((m) => m[1]!);
  expect(events).toHaveLength(8);
  for (const name of events) {
    expect(
      chat.events!.map((e) => e.name),
      name,
    ).toContain(name);
    expect(readme, name).toContain(`\`${name}\``);
  }
});

test('every method and part of the contract is in the manifest and the README', () => {
  for (const method of ['send', 'clear', 'show', 'hide', 'focus']) {
    expect(
      chat.members!.filter((m) => m.kind === 'method').map((m) => m.name),
      method,
    ).toContain(method);
  }
  const section = spec.slice(spec.indexOf('## Shadow parts'), spec.indexOf('Theming is by'));
  const parts = [...section.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);
  expect(parts.length).toBeGreaterThanOrEqual(24);
  for (const part of parts) {
    expect(chat.cssParts!.map((p) => p.name).concat(['user', 'assistant']), part).toContain(part);
    expect(readme, part).toContain(`\`${part}\``);
  }
});

test('every custom property in the manifest is documented in the README', () => {
  expect(chat.cssProperties!.length).toBeGreaterThanOrEqual(20);
  for (const {name} of chat.cssProperties!) expect(readme, name).toContain(`\`${name}\``);
});
