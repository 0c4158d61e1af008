/**
 * Prism's core and the languages the add-on knows, without a global left behind (see
 * prism-scope.ts). The order matters: each language extends the ones before it.
 */
import {pageHad} from './prism-scope.ts';
import './prism-core.ts';
import 'prismjs/components/prism-markup.js';
import 'prismjs/components/prism-css.js';
import 'prismjs/components/prism-clike.js';
import 'prismjs/components/prism-javascript.js';
import 'prismjs/components/prism-typescript.js';
import 'prismjs/components/prism-bash.js';
import 'prismjs/components/prism-c.js';
import 'prismjs/components/prism-cpp.js';
import 'prismjs/components/prism-csharp.js';
import 'prismjs/components/prism-diff.js';
import 'prismjs/components/prism-go.js';
import 'prismjs/components/prism-java.js';
import 'prismjs/components/prism-json.js';
import 'prismjs/components/prism-kotlin.js';
import 'prismjs/components/prism-markdown.js';
import 'prismjs/components/prism-markup-templating.js';
import 'prismjs/components/prism-php.js';
import 'prismjs/components/prism-python.js';
import 'prismjs/components/prism-ruby.js';
import 'prismjs/components/prism-rust.js';
import 'prismjs/components/prism-sql.js';
import 'prismjs/components/prism-swift.js';
import 'prismjs/components/prism-yaml.js';

/** A grammar: what `Prism.tokenize` matches with. */
export type Grammar = Record<string, unknown>;

/** Prism's token: `content` is a string, a token or a list of both. */
export interface PrismToken {
  type: string;
  alias?: string | string[];
  content: TokenStream;
}
export type TokenStream = string | PrismToken | (string | PrismToken)[];

export interface PrismApi {
  languages: Record<string, Grammar | undefined>;
  tokenize(text: string, grammar: Grammar): (string | PrismToken)[];
  hooks: {run(name: string, env: Record<string, unknown>): void};
}

const scope = globalThis as {Prism?: unknown};
const Prism = scope.Prism as PrismApi;
if (pageHad.own) scope.Prism = pageHad.value;
else delete scope.Prism;

export default Prism;
