/**
 * The build plugins that keep the script-tag bundles within budget, each with its reason
 * and its guard (a plugin that edits a dependency's code fails the build when that
 * dependency changes shape). Measured on the IIFE (gzip -9, 2026-12-02, before the v2
 * features): 42,732 B with all of them; without markedGfmOnly 44,662 B, without
 * litStaticProperties 43,290 B, without minifyLitTemplates 44,035 B, and without
 * markedLexerOnly and markedGfmOnly 47,822 B. With every v2 feature in it (Node's zlib at
 * level 9, as `npm run size` measures): 46,062 B with all of them, 46,189 B without
 * terserPass. prismTokenizeOnly keeps the highlight add-on under its 25 KiB budget.
 * sseParserFold: 45,931 → 45,725 B (and the buffer length it keeps, 12 B more); the bare defineElement call (litStaticProperties): → 45,642 B.
 */
import MagicString from 'magic-string';
import ts from 'typescript';
import type {Plugin} from 'vite';

/** CSS without comments, the whitespace around its punctuation and needless quotes. */
function minifyCss(text: string): string {
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/(?<![\w.-])0\.(\d)/g, '.$1')
      .replace(/(?<=[:,])#([\da-f])\1([\da-f])\2([\da-f])\3(?![\da-f])/gi, '#$1$2$3')
      .replace(/ !important/g, '!important')
      // An attribute selector's value that is an identifier needs no quotes: [dir='rtl'] is [dir=rtl].
      .replace(/\[([\w-]+[~|^$*]?)=(['"])(-?[a-zA-Z_][\w-]*)\2\]/g, '[$1=$3]')
      .replace(/;}/g, '}')
  );
}

/**
 * HTML template text: a whitespace run that holds a line break becomes one space, and an
 * `exportparts` list loses the spaces after its commas (the same list).
 */
function minifyHtml(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/exportparts="[^"]*"/g, (list) => list.replace(/,\s+/g, ','));
}

/**
 * Minifies the static text of Lit's css`…` and html`…` templates at build time, which the JS
 * minifier leaves alone: CSS loses comments and needless whitespace; in HTML, a whitespace
 * run that holds a line break becomes one space (the same rendering outside `pre`, and no
 * template writes literal line breaks inside one). The templates are found with the
 * TypeScript parser, so `${…}` expressions and nested templates are never touched.
 */
export function minifyLitTemplates(): Plugin {
  return {
    name: 'zaby-minify-lit-templates',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/(css|html)`/.test(code)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      // Edit in place with MagicString so the source maps stay right.
      const out = new MagicString(code);
      const visit = (node: ts.Node): void => {
        if (
          ts.isTaggedTemplateExpression(node) &&
          ts.isIdentifier(node.tag) &&
          /^(css|html)$/.test(node.tag.text)
        ) {
          const minify = node.tag.text === 'css' ? minifyCss : minifyHtml;
          const template = node.template;
          // Each literal part without its delimiters: `…${, }…${, }…`.
          const parts = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map((span) => span.literal)];
          for (const [i, part] of parts.entries()) {
            const start = part.getStart(source) + 1;
            const end = part.end - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
            const text = code.slice(start, end);
            let minified = minify(text);
            // A stylesheet's own leading and trailing space is no part of any rule.
            if (node.tag.text === 'css') {
              if (i === 0) minified = minified.trimStart();
              if (i === parts.length - 1) minified = minified.trimEnd();
            }
            if (minified !== text) out.overwrite(start, end, minified || ' ');
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
    },
  };
}

/**
 * The script-tag bundle uses marked's lexer only: the DOM is built from its tokens
 * (src/markdown/render.ts). marked ships one pre-minified module whose last statements
 * assemble the `marked()` API around a `new Marked()` instance; that instance keeps the
 * HTML parser, renderers and hooks alive, so no tree-shaker can drop them (3.2 KiB gzip).
 * This cuts the module at that instance and exports the lexer's pieces; the unused classes
 * before the cut then shake out. If marked ever changes shape, the build fails here.
 */
export function markedLexerOnly(): Plugin {
  const keep = ['Lexer', 'Tokenizer', 'getDefaults', 'defaults'];
  return {
    name: 'zaby-marked-lexer-only',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/.test(id)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const locals = new Map<string, string>();
      for (const statement of source.statements) {
        if (
          !ts.isExportDeclaration(statement) ||
          !statement.exportClause ||
          !ts.isNamedExports(statement.exportClause)
        )
          continue;
        for (const spec of statement.exportClause.elements)
          locals.set(spec.name.text, (spec.propertyName ?? spec.name).text);
      }
      const marked = locals.get('Marked');
      const cut = source.statements.find(
        (statement) =>
          ts.isVariableStatement(statement) &&
          statement.declarationList.declarations.some(
            ({initializer: init}) =>
              init &&
              ts.isNewExpression(init) &&
              ts.isIdentifier(init.expression) &&
              init.expression.text === marked,
          ),
      );
      if (!cut || keep.some((name) => !locals.has(name))) {
        throw new Error(
          `zaby-marked-lexer-only: ${id} no longer has the expected shape (a \`new Marked()\` ` +
            `statement and exports ${keep.join(', ')}); update the plugin in build/vite-plugins.ts.`,
        );
      }
      const out = new MagicString(code);
      out.overwrite(
        cut.getStart(source),
        code.length,
        `export {${keep.map((name) => `${locals.get(name)} as ${name}`).join(', ')}};\n`,
      );
      return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
    },
  };
}

/**
 * The highlight add-on calls `Prism.tokenize` only, and builds the DOM itself. Prism's core
 * is one object literal plus the page-wide automatic highlighting, which no tree-shaker can
 * drop; this removes the members that write HTML or look at the page (`highlightAll`,
 * `highlightAllUnder`, `highlightElement`, `highlight`, `Token.stringify`, the helpers only
 * they use, and the worker and DOMContentLoaded set-up), and the `wrap` hooks, which only
 * `Token.stringify` runs (markdown's writes `innerHTML`). If Prism changes shape, the build fails.
 */
export function prismTokenizeOnly(): Plugin {
  const members = new Set([
    'highlightAll',
    'highlightAllUnder',
    'highlightElement',
    'highlight',
    'currentScript',
    'isActive',
    'getLanguage',
    'setLanguage',
  ]);
  return {
    name: 'zaby-prism-tokenize-only',
    apply: 'build',
    transform(code, id) {
      const file =
        /[\\/]node_modules[\\/]prismjs[\\/]components[\\/]prism-(core|markup|markdown)\.js$/.exec(
          id,
        )?.[1];
      if (!file) return null;
      if (file !== 'core') {
        const source = ts.createSourceFile(
          id,
          code,
          ts.ScriptTarget.Latest,
          true,
          ts.ScriptKind.JS,
        );
        const out = new MagicString(code);
        let hooks = 0;
        const visit = (node: ts.Node): void => {
          if (
            ts.isExpressionStatement(node) &&
            /^Prism\.hooks\.add\('wrap',/.test(node.getText(source))
          ) {
            out.remove(node.getStart(source), node.end);
            hooks++;
          } else ts.forEachChild(node, visit);
        };
        visit(source);
        if (hooks !== 1)
          throw new Error(
            `zaby-prism-tokenize-only: ${id} no longer has one \`Prism.hooks.add('wrap', …)\`; ` +
              'update the plugin in build/vite-plugins.ts.',
          );
        return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
      }
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const out = new MagicString(code);
      const removed = new Set<string>();
      let body: ts.NodeArray<ts.Statement> | undefined;
      const visit = (node: ts.Node): void => {
        if (
          ts.isPropertyAssignment(node) &&
          ts.isIdentifier(node.name) &&
          members.has(node.name.text) &&
          ts.isObjectLiteralExpression(node.parent)
        ) {
          const comma = /^\s*,/.exec(code.slice(node.end));
          out.remove(node.getFullStart(), node.end + (comma ? comma[0].length : 0));
          removed.add(node.name.text);
          return;
        }
        if (
          ts.isFunctionExpression(node) &&
          node.parameters[0]?.name.getText(source) === '_self' &&
          !body
        )
          body = node.body.statements;
        ts.forEachChild(node, visit);
      };
      visit(source);
      const stringify = body?.find((s) => /^Token\.stringify\s*=/.test(s.getText(source)));
      const pageStart = body?.findIndex((s) => /^if \(!_self\.document\)/.test(s.getText(source)));
      const last = body?.at(-1);
      if (
        !body ||
        !stringify ||
        pageStart === undefined ||
        pageStart < 0 ||
        !last ||
        last.getText(source) !== 'return _;' ||
        removed.size !== members.size
      ) {
        throw new Error(
          `zaby-prism-tokenize-only: ${id} no longer has the expected shape (members ` +
            `${[...members].join(', ')}, \`Token.stringify = …\`, an \`if (!_self.document)\` ` +
            `set-up before \`return _;\`); update the plugin in build/vite-plugins.ts.`,
        );
      }
      out.remove(stringify.getFullStart(), stringify.end);
      out.remove(body[pageStart]!.getFullStart(), last.getFullStart());
      return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
    },
  };
}

/** The createParser options src/ never passes, and what each one's reads become. */
const SSE_PARSER_ABSENT: Record<string, string> = {
  onRetry: 'noop',
  onComment: 'void 0',
  maxBufferSize: 'void 0',
};

/**
 * Our SSE reader (src/protocol/sse.ts) creates eventsource-parser's parser with `onEvent`
 * and `onError` only: no `onRetry`, no `onComment`, no `maxBufferSize`. The parser reads
 * those three from its config at every line and chunk (the buffer-size check, its
 * termination state and two error messages among them), which no minifier can drop. This
 * folds them to what an absent option is (`onRetry` the parser's own no-op, the other two
 * `undefined`); the minifier then drops the dead branches. Every `createParser({…})` call
 * under src/ is checked to pass none of them (an object literal, no spread), and the build
 * fails if one does or if eventsource-parser changes shape.
 */
export function sseParserFold(): Plugin {
  const names = Object.keys(SSE_PARSER_ABSENT);
  return {
    name: 'zaby-sse-parser-fold',
    apply: 'build',
    transform(code, id) {
      if (/\/src\/.*\.ts$/.test(id) && code.includes('eventsource-parser')) {
        const source = ts.createSourceFile(
          id,
          code,
          ts.ScriptTarget.Latest,
          true,
          ts.ScriptKind.TS,
        );
        const visit = (node: ts.Node): void => {
          if (
            ts.isCallExpression(node) &&
            ts.isIdentifier(node.expression) &&
            node.expression.text === 'createParser'
          ) {
            const [config] = node.arguments;
            const ok =
              node.arguments.length === 1 &&
              config &&
              ts.isObjectLiteralExpression(config) &&
              config.properties.every(
                (p) =>
                  !ts.isSpreadAssignment(p) &&
                  p.name !== undefined &&
                  !ts.isComputedPropertyName(p.name) &&
                  !names.includes(p.name.getText(source)),
              );
            if (!ok)
              throw new Error(
                `zaby-sse-parser-fold: ${id} calls createParser with other than an object literal ` +
                  `without ${names.join(', ')}, which the build folds away; update the plugin in ` +
                  'build/vite-plugins.ts.',
              );
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
        return null;
      }
      if (!/[\\/]node_modules[\\/]eventsource-parser[\\/]dist[\\/]index\.js$/.test(id)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const out = new MagicString(code);
      let pattern: ts.ObjectBindingPattern | undefined;
      const refs: ts.Identifier[] = [];
      const visit = (node: ts.Node): void => {
        if (
          ts.isVariableDeclaration(node) &&
          ts.isObjectBindingPattern(node.name) &&
          node.initializer?.getText(source) === 'config'
        )
          pattern = node.name;
        else if (
          ts.isIdentifier(node) &&
          names.includes(node.text) &&
          !ts.isBindingElement(node.parent) &&
          !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
          !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)
        )
          refs.push(node);
        ts.forEachChild(node, visit);
      };
      visit(source);
      const bound = pattern?.elements.filter(
        (e) => ts.isIdentifier(e.name) && names.includes(e.name.text) && !e.propertyName,
      );
      if (
        !pattern ||
        bound?.length !== names.length ||
        bound.some((e) => e.initializer && e.initializer.getText(source) !== 'noop') ||
        !refs.length
      ) {
        throw new Error(
          `zaby-sse-parser-fold: ${id} no longer has the expected shape (a \`const {…} = config\` ` +
            `binding ${names.join(', ')}); update the plugin in build/vite-plugins.ts.`,
        );
      }
      for (const element of bound) {
        const comma = /^\s*,/.exec(code.slice(element.end));
        if (comma) out.remove(element.getStart(source), element.end + comma[0].length);
        else out.remove(pattern.elements[pattern.elements.indexOf(element) - 1]!.end, element.end);
      }
      for (const ref of refs)
        out.overwrite(ref.getStart(source), ref.end, `(${SSE_PARSER_ABSENT[ref.text]})`);
      // The parser is `terminated` only where the buffer size is exceeded: its reads are false.
      const dead = (node: ts.Node): boolean =>
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
        /^maxBufferSize !== void 0$/.test(node.left.getText(source));
      const terminated: ts.Identifier[] = [];
      const find = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && node.text === 'terminated') terminated.push(node);
        ts.forEachChild(node, find);
      };
      find(source);
      const reads = terminated.filter((ref) => {
        const parent = ref.parent;
        if (ts.isVariableDeclaration(parent))
          return parent.initializer?.getText(source) === '!1' ? false : fail();
        if (
          !ts.isBinaryExpression(parent) ||
          parent.left !== ref ||
          parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken
        )
          return true;
        if (parent.right.getText(source) === '!1') return false;
        for (let up: ts.Node = parent; up !== source; up = up.parent) if (dead(up)) return false;
        return fail();
      });
      function fail(): never {
        throw new Error(
          `zaby-sse-parser-fold: ${id} sets \`terminated\` other than where the buffer size is ` +
            'exceeded, or reads `pendingFragmentsLength` elsewhere; update the plugin in ' +
            'build/vite-plugins.ts.',
        );
      }
      if (!reads.length)
        throw new Error(
          `zaby-sse-parser-fold: ${id} no longer reads \`terminated\`; update the plugin.`,
        );
      for (const ref of reads) out.overwrite(ref.getStart(source), ref.end, '(!1)');
      // `pendingFragmentsLength` is read only by the buffer-size check: its updates go.
      const within = (node: ts.Node): boolean => {
        for (let up: ts.Node = node; up !== source; up = up.parent) if (dead(up)) return true;
        return false;
      };
      let updates = 0;
      const length = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && node.text === 'pendingFragmentsLength' && !within(node)) {
          const parent = node.parent;
          const kind = ts.isBinaryExpression(parent) ? parent.operatorToken.kind : undefined;
          if (ts.isVariableDeclaration(parent) && parent.name === node) return;
          if (
            !ts.isBinaryExpression(parent) ||
            parent.left !== node ||
            (kind !== ts.SyntaxKind.EqualsToken && kind !== ts.SyntaxKind.PlusEqualsToken)
          )
            fail();
          out.overwrite(node.getStart(source), parent.right.getStart(source), '(');
          out.appendLeft(parent.right.end, ')');
          updates++;
          return;
        }
        ts.forEachChild(node, length);
      };
      length(source);
      if (!updates) fail();
      return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
    },
  };
}

/**
 * Lit's legacy decorators compile to one `_decorate([property(…)], C.prototype, 'name')` call
 * per property and a decorator helper, kept in the bundle with `property`, `state` and the
 * helper's `Reflect.decorate` fallback. Lit reads the same declarations from a class's own
 * `properties`: this rewrites each class's property and state decorators (no other
 * decorator, nor a class that has its own `properties` already; on an accessor too, whose
 * descriptor createProperty wraps either way) into one
 * `C.properties = {name: options, …}` where the first of them was, before the class is
 * defined; `state()` is `{state: !0}` (createProperty then sets `attribute: false`, as the
 * decorator does). A lone class decorator `C = _decorate([d], C)` becomes `C = d(C) || C`,
 * the helper's own rule, and `d(C)` alone where d is src/elements/define.ts's
 * `defineElement(…)`, which returns nothing. Runs on the TypeScript output (JavaScript),
 * files under src/ only.
 */
export function litStaticProperties(): Plugin {
  return {
    name: 'zaby-lit-static-properties',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('lit/decorators')) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const local = new Map<string, string>();
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
        const from = (statement.moduleSpecifier as ts.StringLiteral).text;
        const clause = statement.importClause;
        if (/helpers\/decorate$/.test(from) && clause.name) local.set(clause.name.text, 'decorate');
        if (
          (from === 'lit/decorators.js' || from === './define.ts') &&
          clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings)
        )
          for (const spec of clause.namedBindings.elements)
            local.set(spec.name.text, (spec.propertyName ?? spec.name).text);
      }
      const helper = [...local].find(([, name]) => name === 'decorate')?.[0];
      if (!helper) return null;
      const owned = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (
          (ts.isPropertyAccessExpression(node) && node.name.text === 'properties') ||
          ((ts.isPropertyDeclaration(node) || ts.isGetAccessorDeclaration(node)) &&
            node.name.getText(source) === 'properties')
        )
          owned.add('*');
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (owned.size) return null;
      const out = new MagicString(code);
      const classes = new Map<string, {first: ts.Statement; props: string[]}>();
      for (const statement of source.statements) {
        if (!ts.isExpressionStatement(statement)) continue;
        let call = statement.expression;
        let target: string | undefined;
        if (
          ts.isBinaryExpression(call) &&
          call.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isIdentifier(call.left)
        ) {
          target = call.left.text;
          call = call.right;
        }
        if (!ts.isCallExpression(call) || call.expression.getText(source) !== helper) continue;
        const [list, on, name, last] = call.arguments;
        if (!list || !ts.isArrayLiteralExpression(list) || list.elements.length !== 1) continue;
        const decorator = list.elements[0]!;
        if (target !== undefined) {
          // A class decorator: `C = _decorate([d], C)`; src/elements/define.ts's
          // `defineElement(tag)` returns nothing, so C stays C and only the call is left
          // (the bundle then exports the class itself rather than a getter of the binding).
          if (call.arguments.length === 2 && on?.getText(source) === target) {
            const applied = `${decorator.getText(source)}(${target})`;
            if (
              ts.isCallExpression(decorator) &&
              ts.isIdentifier(decorator.expression) &&
              local.get(decorator.expression.text) === 'defineElement'
            )
              out.overwrite(
                statement.expression.getStart(source),
                statement.expression.end,
                applied,
              );
            else out.overwrite(call.getStart(source), call.end, `${applied}||${target}`);
          }
          continue;
        }
        if (
          !ts.isCallExpression(decorator) ||
          !ts.isIdentifier(decorator.expression) ||
          !on ||
          !ts.isPropertyAccessExpression(on) ||
          on.name.text !== 'prototype' ||
          !name ||
          !ts.isStringLiteral(name) ||
          !/^(void 0|null)$/.test(last?.getText(source) ?? '')
        )
          continue;
        const kind = local.get(decorator.expression.text);
        const [options, extra] = decorator.arguments;
        if (extra || !(kind === 'property' || (kind === 'state' && !options))) continue;
        const value = kind === 'state' ? '{state:!0}' : options ? options.getText(source) : '{}';
        const owner = on.expression.getText(source);
        const entry = classes.get(owner) ?? {first: statement, props: []};
        classes.set(owner, entry);
        entry.props.push(`${JSON.stringify(name.text)}:${value}`);
        if (entry.first !== statement) out.remove(statement.getStart(source), statement.end);
      }
      for (const [owner, {first, props}] of classes)
        out.overwrite(
          first.getStart(source),
          first.end,
          `${owner}.properties={${props.join(',')}};`,
        );
      return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
    },
  };
}

/** Lexer's static members, which only the Marked API uses. */
const LEXER_STATICS = ['lex', 'lexInline', 'rules'];

/** The options our lexer always runs with (src/markdown/render.ts), as the literals to fold in. */
const MARKED_FIXED_OPTIONS: Record<string, string> = {
  gfm: '!0',
  breaks: '!1',
  pedantic: '!1',
  extensions: 'void 0',
  hooks: 'void 0',
  silent: '!1',
};

/**
 * Our lexer always runs with gfm on, breaks, pedantic and silent off, and no extensions or hooks
 * (src/markdown/render.ts). marked builds every rule variant (normal, gfm, breaks,
 * pedantic) at load, each a chain of regex edits the minifier must keep, and its lexer and
 * tokenizer branch on those options throughout. This
 * - folds `this.options.gfm`, `.breaks`, `.pedantic`, `.silent`, `.extensions` and `.hooks` to our
 *   values (an optional chain on the last two becomes `void 0`; the minifier then drops the
 *   dead branches);
 * - points every variant of the two rule tables, and every read of one, at the gfm one (the
 *   tables then go), and writes the gfm rules out
 *   as the regexes their chains build: evaluated here from this very code, once with RegExp
 *   lookbehind and once without, since marked picks two rules' source by a feature test
 *   (kept, and a lookbehind is never written as a literal, a syntax error where unsupported);
 * - removes Lexer's static lex, lexInline and rules (the Marked API's; we construct a Lexer);
 * - folds the lexer's checks of whether a tokenizer method is the prototype's (an extension's
 *   own tokenizer): with no `tokenizer` option (ours is getDefaults()'s null) it always is;
 * - removes the rule definitions and the shared `other` rules that the exports no longer
 *   reach once the folded branches are dead, and the options getDefaults() returns that
 *   nothing reads any more (all but `tokenizer`: −57 B gzip).
 * The bundle also builds no regex at load. test/unit/build/marked-gfm-only.test.ts lexes
 * the CommonMark spec and GFM cases through src/markdown/render.ts with both and compares.
 * If marked changes shape, the build fails.
 */
export function markedGfmOnly(): Plugin {
  return {
    name: 'zaby-marked-gfm-only',
    apply: 'build',
    async transform(code, id) {
      if (!/[\\/]node_modules[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/.test(id)) return null;
      const fail: (why: string) => never = (why) => {
        throw new Error(
          `zaby-marked-gfm-only: ${id} no longer has the expected shape (${why}); ` +
            'update the plugin in build/vite-plugins.ts.',
        );
      };
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const out = new MagicString(code);
      /** Nodes whose text is gone from the output: their identifiers reference nothing. */
      const gone = new Set<ts.Node>();
      /** The folded option reads, with their value as a condition. */
      const folds = new Map<ts.Node, boolean>();
      const declarators = new Map<string, ts.VariableDeclaration>();
      const tables: ts.ObjectLiteralExpression[] = [];
      /** The reads of a rule table's variant, each now its gfm set: the name of that set. */
      const tableReads = new Map<ts.Node, string>();
      let folded = 0;
      const statics: string[] = [];
      const exported = new Map<string, string>();
      for (const statement of source.statements)
        if (
          ts.isExportDeclaration(statement) &&
          statement.exportClause &&
          ts.isNamedExports(statement.exportClause)
        )
          for (const spec of statement.exportClause.elements)
            exported.set(spec.name.text, (spec.propertyName ?? spec.name).text);
      const tokenizerClass = exported.get('Tokenizer') ?? fail('a Tokenizer export');
      /** Tokenizer methods compared with the prototype's, and those assigned to the tokenizer. */
      const compared = new Set<string>();
      const assigned = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node)) {
          const kind = node.operatorToken.kind;
          const member = /^this\.tokenizer\.(\w+)$/.exec(node.left.getText(source))?.[1];
          if (
            member &&
            (kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
              kind === ts.SyntaxKind.ExclamationEqualsEqualsToken) &&
            node.right.getText(source) === `${tokenizerClass}.prototype.${member}`
          ) {
            // Our tokenizer is marked's own (no `tokenizer` option): its methods are the prototype's.
            const same = kind === ts.SyntaxKind.EqualsEqualsEqualsToken;
            out.overwrite(node.getStart(source), node.end, same ? '(!0)' : '(!1)');
            folds.set(node, same);
            compared.add(member);
            return;
          }
          if (
            member &&
            kind >= ts.SyntaxKind.FirstAssignment &&
            kind <= ts.SyntaxKind.LastAssignment
          )
            assigned.add(member);
        }
        if (
          ts.isPropertyAccessExpression(node) &&
          ts.isPropertyAccessExpression(node.expression) &&
          node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
          node.expression.name.text === 'options' &&
          Object.hasOwn(MARKED_FIXED_OPTIONS, node.name.text)
        ) {
          let top: ts.Node = node;
          const optional = MARKED_FIXED_OPTIONS[node.name.text] === 'void 0';
          while (
            optional &&
            (ts.isPropertyAccessExpression(top.parent) ||
              ts.isElementAccessExpression(top.parent) ||
              ts.isCallExpression(top.parent)) &&
            top.parent.expression === top &&
            (top.parent.flags & ts.NodeFlags.OptionalChain) !== 0
          )
            top = top.parent;
          if (
            ts.isBinaryExpression(top.parent) &&
            top.parent.left === top &&
            top.parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
            top.parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
          )
            fail(`an assignment to this.options.${node.name.text}`);
          const literal = MARKED_FIXED_OPTIONS[node.name.text]!;
          out.overwrite(top.getStart(source), top.end, `(${literal})`);
          folds.set(top, literal === '!0');
          folded++;
          return;
        }
        if (
          (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node)) &&
          node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) &&
          LEXER_STATICS.includes(node.name.getText(source))
        ) {
          // Lexer.lex, .lexInline and .rules: the Marked API's way in; we construct a Lexer.
          out.remove(node.getStart(source), node.end);
          gone.add(node);
          statics.push(node.name.getText(source));
          return;
        }
        if (
          ts.isVariableDeclaration(node) &&
          ts.isIdentifier(node.name) &&
          ts.isVariableStatement(node.parent.parent) &&
          node.parent.parent.parent === source
        ) {
          declarators.set(node.name.text, node);
          const init = node.initializer;
          if (init && ts.isObjectLiteralExpression(init)) {
            const keys = init.properties.map((p) => p.name?.getText(source)).join();
            if (keys === 'normal,gfm,pedantic' || keys === 'normal,gfm,breaks,pedantic')
              tables.push(init);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      for (const member of compared)
        if (assigned.has(member)) fail(`no assignment to this.tokenizer.${member}`);
      if (tables.length !== 2) fail('two rule tables {normal, gfm, [breaks,] pedantic}');
      if (!folded) fail(`no this.options.${Object.keys(MARKED_FIXED_OPTIONS).join('/')}`);
      if (statics.sort().join() !== [...LEXER_STATICS].sort().join())
        fail(`static ${LEXER_STATICS.join(', ')} once each`);
      const rules = tables[0]!.parent.parent.parent as ts.VariableStatement;
      if (tables[1]!.parent.parent.parent !== rules) fail('both rule tables in one statement');

      // Every variant is the gfm one, and the gfm rules are written out as the regexes they
      // build: marked's own, evaluated here from this very code, once with RegExp lookbehind
      // and once without (marked picks blockSkip's and text's source by a feature test, kept).
      const probe = [...declarators.values()].find((d) =>
        d.initializer?.getText(source).includes('(?<=1)(?<!1)'),
      );
      if (!probe?.initializer || !ts.isIdentifier(probe.name))
        fail('a RegExp lookbehind feature test');
      const lookbehind = (probe.name as ts.Identifier).text;
      const probed = probe.initializer!;
      const built = await Promise.all(
        ['!0', '!1'].map(async (supported) => {
          const variant = new MagicString(code);
          variant.overwrite(probed.getStart(source), probed.end, supported);
          const url = `data:text/javascript;base64,${Buffer.from(variant.toString()).toString('base64')}`;
          const {Lexer} = (await import(url)) as {
            Lexer: {
              rules: {
                block: {gfm: Record<string, unknown>};
                inline: {gfm: Record<string, unknown>};
              };
            };
          };
          return Lexer.rules;
        }),
      );
      for (const [i, table] of tables.entries()) {
        const props = table.properties as ts.NodeArray<ts.PropertyAssignment>;
        const gfm = props.find((p) => p.name.getText(source) === 'gfm')!.initializer;
        const gfmDeclarator = ts.isIdentifier(gfm) ? declarators.get(gfm.text) : undefined;
        if (!gfmDeclarator?.initializer || !ts.isObjectLiteralExpression(gfmDeclarator.initializer))
          fail('a gfm rule set');
        for (const prop of props) {
          if (prop.initializer === gfm) continue;
          if (!ts.isIdentifier(prop.initializer)) fail('rule tables of identifiers');
          out.overwrite(
            prop.initializer.getStart(source),
            prop.initializer.end,
            gfm.getText(source),
          );
          gone.add(prop.initializer);
        }
        // Every variant being the gfm one, a read of the table (`block.normal`) is the gfm set.
        const name = (table.parent as ts.VariableDeclaration).name.getText(source);
        const find = (node: ts.Node): void => {
          if (gone.has(node)) return;
          if (ts.isIdentifier(node) && node.text === name && node.parent !== table.parent) {
            const read = node.parent;
            if (!ts.isPropertyAccessExpression(read) || read.expression !== node)
              fail(`reads of the rule table ${name} by variant only`);
            out.overwrite(read.getStart(source), read.end, gfm.getText(source));
            tableReads.set(read, gfm.getText(source));
            return;
          }
          ts.forEachChild(node, find);
        };
        find(source);
        const kind = i === 0 ? 'block' : 'inline';
        const [withLookbehind, without] = built.map((rules) => rules[kind].gfm);
        const entries = Object.entries(withLookbehind!).map(([key, rule]) => {
          const other = without![key];
          if (!(rule instanceof RegExp) || !(other instanceof RegExp) || rule.flags !== other.flags)
            return fail(`a ${kind} gfm rule ${key} that is a RegExp`);
          const literal = (text: string) => JSON.stringify(text);
          // A lookbehind in a literal would be a syntax error where it is unsupported.
          const value =
            rule.source !== other.source
              ? `RegExp(${lookbehind}?${literal(rule.source)}:${literal(other.source)},${literal(rule.flags)})`
              : /\(\?<[=!]/.test(rule.source)
                ? `RegExp(${literal(rule.source)},${literal(rule.flags)})`
                : String(rule);
          return `${key}:${value}`;
        });
        const init = gfmDeclarator!.initializer;
        out.overwrite(init.getStart(source), init.end, `{${entries.join(',')}}`);
        gone.add(init);
      }

      // Then what the exports no longer reach (the branches of the folded options are dead),
      // among the rule definitions and the shared `other` rules, until nothing more goes.
      const list = rules.declarationList.declarations;
      const other = list.find(
        (d) =>
          d.initializer &&
          ts.isObjectLiteralExpression(d.initializer) &&
          d.initializer.properties.some((p) => p.name?.getText(source) === 'codeRemoveIndent'),
      );
      if (!other) fail('the shared rules {codeRemoveIndent, …}');
      const otherName = (other!.name as ts.Identifier).text;
      const otherProps = (other!.initializer as ts.ObjectLiteralExpression).properties;
      const topLevel = new Map<string, ts.Node>();
      const roots: ts.Node[] = [];
      for (const statement of source.statements) {
        if (ts.isVariableStatement(statement))
          for (const d of statement.declarationList.declarations)
            topLevel.set((d.name as ts.Identifier).text, d);
        else if (
          (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
          statement.name
        )
          topLevel.set(statement.name.text, statement);
        else roots.push(statement);
      }
      const constant = (node: ts.Node): boolean | undefined => {
        if (folds.has(node)) return folds.get(node);
        if (ts.isParenthesizedExpression(node)) return constant(node.expression);
        if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
          const value = constant(node.operand);
          return value === undefined ? undefined : !value;
        }
        return undefined;
      };
      let reached = new Set<ts.Node>();
      let accessed = new Set<string>();
      /** The options (`….options.name`) that code still reads, the folded ones aside. */
      let optionReads = new Set<string>();
      const isOptions = (node: ts.Node) => /(^|\.)options$/.test(node.getText(source));
      for (;;) {
        // The lookbehind test stays: the rules written out above read it.
        const seen = new Set<ts.Node>([probe!]);
        const names = new Set<string>();
        optionReads = new Set<string>();
        const queue = [...roots, probe!];
        const reach = (name: string) => {
          const node = topLevel.get(name);
          if (node && !seen.has(node)) {
            seen.add(node);
            queue.push(node);
          }
        };
        const walk = (node: ts.Node): void => {
          if (gone.has(node) || folds.has(node)) return;
          const gfmSet = tableReads.get(node);
          if (gfmSet) return reach(gfmSet);
          if (node === other!.initializer) {
            for (const p of otherProps) if (accessed.has(p.name?.getText(source) ?? '')) walk(p);
            return;
          }
          let live: ts.Node | undefined;
          let value: boolean | undefined;
          if (ts.isConditionalExpression(node) && (value = constant(node.condition)) !== undefined)
            live = value ? node.whenTrue : node.whenFalse;
          else if (ts.isIfStatement(node) && (value = constant(node.expression)) !== undefined)
            live = value ? node.thenStatement : node.elseStatement;
          else if (
            ts.isBinaryExpression(node) &&
            (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
              node.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
            (value = constant(node.left)) !== undefined
          )
            live =
              value === (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
                ? node.right
                : undefined;
          else {
            if (ts.isIdentifier(node) && !isDeclarationName(node)) reach(node.text);
            if (ts.isPropertyAccessExpression(node)) names.add(node.name.text);
            if (ts.isPropertyAccessExpression(node) && isOptions(node.expression))
              optionReads.add(node.name.text);
            if (
              ((ts.isSpreadAssignment(node) ||
                ts.isSpreadElement(node) ||
                ts.isElementAccessExpression(node)) &&
                isOptions(node.expression)) ||
              (ts.isCallExpression(node) && node.arguments.some(isOptions)) ||
              (ts.isVariableDeclaration(node) &&
                !ts.isIdentifier(node.name) &&
                node.initializer &&
                isOptions(node.initializer))
            )
              optionReads.add('*');
            if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent))
              names.add((node.propertyName ?? node.name).getText(source));
            if (ts.isElementAccessExpression(node)) {
              const object = node.expression.getText(source);
              if (object === otherName || object.endsWith('.other')) names.add('*');
            }
            ts.forEachChild(node, walk);
            return;
          }
          if (live) walk(live);
        };
        for (const statement of source.statements)
          if (ts.isExportDeclaration(statement) && statement.exportClause)
            ts.forEachChild(statement.exportClause, (spec) =>
              reach(
                ((spec as ts.ExportSpecifier).propertyName ?? (spec as ts.ExportSpecifier).name)
                  .text,
              ),
            );
        while (queue.length) walk(queue.pop()!);
        if (names.has('*')) fail('no computed member reads');
        if (seen.size === reached.size && names.size === accessed.size) break;
        reached = seen;
        accessed = names;
      }
      for (const p of otherProps) {
        if (accessed.has(p.name?.getText(source) ?? '')) continue;
        const comma = /^\s*,/.exec(code.slice(p.end));
        out.remove(p.getStart(source), p.end + (comma ? comma[0].length : 0));
      }
      // The defaults getDefaults() returns keep the options that code still reads (`tokenizer`):
      // the others are folded above or read by nothing the exports reach.
      if (optionReads.has('*')) fail('options read one by one (`….options.name`)');
      const defaultsSpec = source.statements
        .filter(ts.isExportDeclaration)
        .flatMap((s) =>
          s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements : [],
        )
        .find((spec) => spec.name.text === 'getDefaults');
      const getDefaults = topLevel.get(
        (defaultsSpec?.propertyName ?? defaultsSpec?.name)?.text ?? '',
      );
      const [returned] =
        getDefaults && ts.isFunctionDeclaration(getDefaults) ? getDefaults.body!.statements : [];
      const defaults =
        returned &&
        ts.isReturnStatement(returned) &&
        returned.expression &&
        ts.isObjectLiteralExpression(returned.expression)
          ? returned.expression
          : fail('a getDefaults() that returns an object literal');
      if (!defaults.properties.every(ts.isPropertyAssignment)) fail('plain getDefaults() options');
      for (const p of defaults.properties) {
        if (optionReads.has(p.name!.getText(source))) continue;
        const comma = /^\s*,/.exec(code.slice(p.end));
        out.remove(p.getStart(source), p.end + (comma ? comma[0].length : 0));
      }
      const dead = new Set(list.filter((d) => !reached.has(d)));
      for (const [i, d] of list.entries()) {
        if (!dead.has(d)) continue;
        const next = list[i + 1];
        if (next) out.remove(d.getStart(source), next.getStart(source));
        else out.remove(list.filter((k, j) => j < i && !dead.has(k)).at(-1)!.end, d.end);
      }
      return {code: out.toString(), map: out.generateMap({hires: true, source: id})};
    },
  };
}

/** Whether an identifier names what is declared or a property, rather than referencing a binding. */
function isDeclarationName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    ((ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isParameter(parent)) &&
      parent.name === node) ||
    (ts.isPropertyAccessExpression(parent) && parent.name === node)
  );
}

/**
 * A second minifier pass over the script-tag bundles: terser (three compress passes) after
 * Vite's own oxc minifier, which leaves code it could still fold (measured on the IIFE,
 * Node's zlib level 9, 2026-12-02: 46,172 → 46,062 B; terser instead of oxc gives 46,690 B;
 * with the options below tuned for gzip rather than length, 46,065 → 45,931 B, and inline
 * off, 45,642 → 45,606 B, pure_getters 45,592 → 45,567 B).
 * The source map is carried through terser (the bundle's map asset is read and replaced),
 * so it still points at the sources.
 */
export function terserPass({
  asciiOnly = true,
  pureGetters = false,
  forGzip = true,
}: {asciiOnly?: boolean; pureGetters?: boolean; forGzip?: boolean} = {}): Plugin {
  return {
    name: 'zaby-terser-pass',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const {minify} = await import('terser');
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // The map is already an asset of the bundle: it is read, and replaced, there.
        const map = bundle[`${chunk.fileName}.map`];
        const input = map?.type === 'asset' ? String(map.source) : undefined;
        const result = await minify(chunk.code, {
          ecma: 2022,
          // `forGzip`: off, rewrites that shorten the code but leave gzip less to match (each
          // measured alone on the IIFE: lhs_constants −37 B, sequences −32 B, if_return −25 B;
          // then inline, which copies small functions into their callers, −36 B). On the
          // ag-ui add-on too (−30 B); the other add-ons are a few bytes smaller without.
          compress: {
            passes: 3,
            ...(forGzip
              ? {lhs_constants: false, sequences: false, if_return: false, inline: false}
              : {}),
            // On the IIFE (src/, Lit, marked, eventsource-parser), no getter has a side effect:
            // terser may then move a property read past another (−25 B; the output's every
            // change reviewed). A bare read for its effect, such as `el.offsetHeight;` to force
            // a layout, would be dropped: write none.
            pure_getters: pureGetters,
          },
          // \u escapes for non-ASCII characters (the same strings and regexes): −32 B gzip
          // on the IIFE, but +153 B on the locales add-on, whose text is mostly not ASCII.
          format: {comments: false, ascii_only: asciiOnly},
          // The map keeps its sources; its URL comment goes back at the end of the code.
          sourceMap: input
            ? {content: input, url: `${chunk.fileName}.map`, includeSources: true}
            : false,
        });
        chunk.code = result.code!;
        if (map?.type === 'asset' && typeof result.map === 'string') map.source = result.map;
      }
    },
  };
}
