/**
 * The token colours, adopted into each shadow root that shows highlighted code. Each public
 * `--zaby-code-*` property is read once into a private `--_code-*` one on :host; the
 * defaults are `light-dark()` pairs, chosen by the inherited `color-scheme` (the chat's
 * theme sets it), each at least 4.5:1 on the default code background of its theme (#e5e7eb
 * light, #0b1220 dark). In forced-colors mode the browser's system colours replace them.
 */
export const css = `
:host {
  --_code-keyword: var(--zaby-code-keyword, light-dark(#8e24aa, #d8b4fe));
  --_code-string: var(--zaby-code-string, light-dark(#0f6b2c, #86efac));
  --_code-comment: var(--zaby-code-comment, light-dark(#4b5563, #9ca3af));
  --_code-number: var(--zaby-code-number, light-dark(#9a3412, #fdba74));
  --_code-function: var(--zaby-code-function, light-dark(#1d4ed8, #93c5fd));
  --_code-type: var(--zaby-code-type, light-dark(#8a5300, #fcd34d));
  --_code-attr: var(--zaby-code-attr, light-dark(#0e6371, #67e8f9));
  --_code-tag: var(--zaby-code-tag, light-dark(#b3261e, #fca5a5));
  --_code-variable: var(--zaby-code-variable, light-dark(#a3154c, #f9a8d4));
  --_code-inserted: var(--zaby-code-inserted, light-dark(#166534, #86efac));
  --_code-deleted: var(--zaby-code-deleted, light-dark(#b3261e, #fca5a5));
}
.token.keyword, .token.atrule, .token.rule, .token.important, .token.selector { color: var(--_code-keyword); }
.token.string, .token.char, .token.attr-value, .token.regex, .token.url, .token.template-string { color: var(--_code-string); }
.token.comment, .token.prolog, .token.doctype, .token.cdata { color: var(--_code-comment); font-style: italic; }
.token.number, .token.boolean, .token.constant, .token.symbol, .token.entity { color: var(--_code-number); }
.token.function, .token.function-definition, .token.macro { color: var(--_code-function); }
.token.class-name, .token.builtin, .token.namespace, .token.title { color: var(--_code-type); }
.token.attr-name, .token.property, .token.key { color: var(--_code-attr); }
.token.tag { color: var(--_code-tag); }
.token.variable, .token.parameter { color: var(--_code-variable); }
.token.inserted { color: var(--_code-inserted); }
.token.deleted { color: var(--_code-deleted); }
.token.bold, .token.important { font-weight: 600; }
.token.italic { font-style: italic; }
.token.namespace { opacity: 1; }
`;
