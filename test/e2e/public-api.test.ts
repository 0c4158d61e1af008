/**
 * What ships is public API only: custom-elements.json (built by `npm run analyze` through
 * custom-elements-manifest.config.mjs) and the published declarations in dist/types. The
 * inner elements talk to `<zaby-chat>` with `zaby-internal-*` events and the controller
 * reaches the element through hooks; none of that may show up to a host app, neither in the
 * manifest nor in the global event maps or the class a consumer's TypeScript sees.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import ts from 'typescript';
import {expect, test} from 'vitest';

interface Manifest {
  modules: Array<{
    path: string;
    declarations?: Array<{
      name: string;
      tagName?: string;
      events?: Array<{name?: string; type?: {text: string}}>;
      members?: Array<{name: string; privacy?: string}>;
    }>;
  }>;
}

const manifestText = readFileSync('custom-elements.json', 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const declarations = manifest.modules.flatMap((m) =>
  (m.declarations ?? []).map((d) => ({path: m.path, ...d})),
);

function dtsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return dtsFiles(path);
    return path.endsWith('.d.ts') ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/**
 * Every key of every interface inside a `declare global {}` block, as `{map, key}`, with
 * the keys of the interfaces it extends from the same file (events.ts's global maps extend
 * its `ZabyEventMap`).
 */
function globalKeys(source: ts.SourceFile): Array<{map: string; key: string}> {
  const interfaces = new Map<string, ts.InterfaceDeclaration[]>();
  const globals: ts.InterfaceDeclaration[] = [];
  const visit = (node: ts.Node, inGlobal: boolean): void => {
    const global =
      inGlobal ||
      (ts.isModuleDeclaration(node) && (node.flags & ts.NodeFlags.GlobalAugmentation) !== 0);
    if (ts.isInterfaceDeclaration(node)) {
      interfaces.set(node.name.text, [...(interfaces.get(node.name.text) ?? []), node]);
      if (global) globals.push(node);
    }
    ts.forEachChild(node, (child) => visit(child, global));
  };
  visit(source, false);
  const keysOf = (node: ts.InterfaceDeclaration, seen: Set<ts.Node>): string[] => {
    if (seen.has(node)) return [];
    seen.add(node);
    const own = node.members.flatMap((member) =>
      member.name && (ts.isStringLiteral(member.name) || ts.isIdentifier(member.name))
        ? [member.name.text]
        : [],
    );
    const inherited = (node.heritageClauses ?? [])
      .flatMap((clause) => clause.types)
      .flatMap((type) => interfaces.get(type.expression.getText()) ?? [])
      .flatMap((parent) => keysOf(parent, seen));
    return [...own, ...inherited];
  };
  return globals.flatMap((node) =>
    keysOf(node, new Set()).map((key) => ({map: node.name.text, key})),
  );
}

test('every event in the manifest has a name, and none is zaby-internal-*', () => {
  const events = declarations.flatMap((d) => (d.events ?? []).map((e) => ({of: d.name, ...e})));
  const chat = declarations.find((d) => d.tagName === 'zaby-chat');
  expect(chat?.events?.length).toBeGreaterThanOrEqual(8);
  expect(events.filter((e) => !e.name)).toEqual([]);
  expect(events.filter((e) => e.name?.startsWith('zaby-internal-'))).toEqual([]);
});

test('the manifest mentions no zaby-internal-* name anywhere', () => {
  expect(manifestText).toContain('zaby-run-finish');
  expect(manifestText.match(/zaby-internal-[a-z-]*/g) ?? []).toEqual([]);
});

test('the manifest lists no private, protected, # or @internal members', () => {
  const members = declarations.flatMap((d) => (d.members ?? []).map((m) => ({of: d.name, ...m})));
  expect(members.some((m) => m.of === 'ZabyChat' && m.name === 'send')).toBe(true);
  expect(
    members.filter(
      (m) => m.privacy === 'private' || m.privacy === 'protected' || m.name.startsWith('#'),
    ),
  ).toEqual([]);
  const hooks = [
    'getClient',
    'getStore',
    'onSendAccepted',
    'updateStreamingTurn',
    'onReplyFinished',
  ];
  expect(members.filter((m) => hooks.includes(m.name))).toEqual([]);
});

test('no declare global block in dist/types adds a zaby-internal-* event', () => {
  const keys = dtsFiles('dist/types').flatMap((file) =>
    globalKeys(parse(file)).map((k) => ({file, ...k})),
  );
  // The walk does find the global maps: the tag map and the public events (src/events.ts).
  expect(keys.some((k) => k.map === 'HTMLElementTagNameMap' && k.key === 'zaby-chat')).toBe(true);
  expect(
    keys.some((k) => k.map === 'GlobalEventHandlersEventMap' && k.key === 'zaby-run-finish'),
  ).toBe(true);
  expect(keys.filter((k) => k.key.startsWith('zaby-internal-'))).toEqual([]);
});

test('the ZabyChat class in dist/types has no @internal members', () => {
  const source = parse('dist/types/elements/zaby-chat.d.ts');
  const classes: ts.ClassDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name?.text === 'ZabyChat') classes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  expect(classes).toHaveLength(1);
  const members = classes[0]!.members;
  expect(members.some((m) => m.name?.getText() === 'send')).toBe(true);
  const internal = members
    .filter((m) => ts.getJSDocTags(m).some((tag) => tag.tagName.text === 'internal'))
    .map((m) => m.name?.getText());
  expect(internal).toEqual([]);
});
