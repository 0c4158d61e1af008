// Its own module, so that bundlers which turn the CommonJS core into a call at the top of
// the importing module still run it after prism-scope.ts and before the languages.
import 'prismjs/components/prism-core.js';
