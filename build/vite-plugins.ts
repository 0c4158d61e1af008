/**
 * The build plugins that keep the script-tag bundles within budget, each with its reason
 * and its guard (a plugin that edits a dependency's code fails the build when that
 * dependency changes shape). Measured on the IIFE (gzip -9, 2026-12-01): 44.0 KiB with all
 * of them; without markedLexerOnly 47.2 KiB and without minifyLitTemplates 45.3 KiB, both
 * over the 45 KiB budget, so nothing simpler reaches it. prismTokenizeOnly keeps the
 * highlight add-on under its 25 KiB budget.
 */
import MagicString from 'magic-string';
import ts from 'typescript';
import type {Plugin} from 'vite';

/** CSS without comments and the whitespace around its punctuation. */
function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/(?<![\w.-])0\.(\d)/g, '.$1')
    .replace(/;}/g, '}');
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
          const minify =
            node.tag.text === 'css' ? minifyCss : (t: string) => t.replace(/\s*\n\s*/g, ' ');
          const template = node.template;
          // Each literal part without its delimiters: `…${, }…${, }…`.
          const parts = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map((span) => span.literal)];
          for (const part of parts) {
            const start = part.getStart(source) + 1;
            const end = part.end - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
            const text = code.slice(start, end);
            const minified = minify(text);
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
