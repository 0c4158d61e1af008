/**
 * `npm run analyze` (cem analyze) reads this file. custom-elements.json is the public API of
 * the elements (package.json "customElements"), so the `publicApiOnly` plugin keeps it to
 * that: it drops events without a name (the analyzer infers those from `dispatchEvent(new
 * X())`), `zaby-internal-*` events (the inner elements talk to `<zaby-chat>` with them),
 * private, protected, `#` and `@internal` members, and the declarations that are not custom
 * elements (internal event classes and helpers of src/elements).
 * test/e2e/public-api.test.ts holds the built manifest to it.
 */

const INTERNAL_EVENT = /^zaby-internal-/;

/** @returns {import('@custom-elements-manifest/analyzer').Plugin} */
function publicApiOnly() {
  /** `module path` -> class name -> names of its members marked `@internal`. */
  const internal = new Map();
  return {
    name: 'zaby-public-api-only',
    analyzePhase({ts, node, moduleDoc}) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const names = node.members
        .filter((member) => ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'internal'))
        .map((member) => member.name?.getText())
        .filter(Boolean);
      if (!names.length) return;
      const classes = internal.get(moduleDoc.path) ?? new Map();
      classes.set(node.name.text, new Set(names));
      internal.set(moduleDoc.path, classes);
    },
    packageLinkPhase({customElementsManifest}) {
      for (const mod of customElementsManifest.modules) {
        const kept = new Set();
        mod.declarations = (mod.declarations ?? []).filter((declaration) => {
          if (!declaration.customElement) return false;
          kept.add(declaration.name);
          const hidden = internal.get(mod.path)?.get(declaration.name) ?? new Set();
          if (declaration.events)
            declaration.events = declaration.events.filter(
              // A name the analyzer could not read as text (e.g. `super(X.type)`) is an AST
              // node, not a name: such events are the internal ones.
              (event) => typeof event.name === 'string' && !INTERNAL_EVENT.test(event.name),
            );
          if (declaration.members)
            declaration.members = declaration.members.filter(
              (member) =>
                member.privacy !== 'private' &&
                member.privacy !== 'protected' &&
                !member.name.startsWith('#') &&
                !hidden.has(member.name),
            );
          return true;
        });
        mod.exports = (mod.exports ?? []).filter((e) => kept.has(e.declaration?.name));
      }
      customElementsManifest.modules = customElementsManifest.modules.filter(
        (mod) => mod.declarations.length > 0,
      );
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  litelement: true,
  plugins: [publicApiOnly()],
};
