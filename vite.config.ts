/// <reference types="vitest/config" />
import {defineConfig, type UserConfig} from 'vite';
import {
  litStaticProperties,
  markedGfmOnly,
  markedLexerOnly,
  minifyLitTemplates,
  prismTokenizeOnly,
  sseParserFold,
  terserPass,
} from './build/vite-plugins.ts';

/**
 * `npm run build` runs four library builds (Vite's IIFE format takes one entry, and the
 * emulator is for Node):
 * - default: `dist/zaby-chat.js` + `dist/testing.js`, ESM for bundlers, dependencies external,
 *   and `dist/react.js` + `dist/vue.js`: empty modules behind the typings-only entries, so
 *   `import 'zaby-chat/react'` resolves in a bundler as well as in TypeScript;
 * - `--mode iife`: `dist/zaby-chat.iife.js`, one self-contained minified file for a script tag;
 * - `--mode iife-highlight`: `dist/zaby-chat-highlight.iife.js`, the highlight add-on, likewise;
 * - `--mode iife-html`: `dist/zaby-chat-html.iife.js`, the html add-on with DOMPurify, likewise;
 * - `--mode iife-locales`: `dist/zaby-chat-locales.iife.js`, the languages but English, likewise;
 * - `--mode iife-ag-ui`: `dist/zaby-chat-ag-ui.iife.js`, the ag-ui add-on (the AG-UI backend), likewise;
 * - `--mode node`: `dist/emulator.js` + `dist/emulator-cli.js` for Node.
 */
const deps = [
  /^lit($|\/)/,
  /^@lit\//,
  'dompurify',
  'marked',
  'eventsource-parser',
  'jose',
  'fast-json-patch',
];

const builds: Record<string, UserConfig['build']> = {
  esm: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    lib: {
      entry: {
        'zaby-chat': 'src/index.ts',
        testing: 'src/testing/index.ts',
        react: 'src/react.ts',
        vue: 'src/vue.ts',
        // Prism is bundled in: its scripts must run in the order src/addons/highlight/prism.ts
        // gives, which hoisted external imports would not keep.
        'zaby-chat-highlight': 'src/addons/highlight/index.ts',
        'zaby-chat-html': 'src/addons/html/index.ts',
        'zaby-chat-locales': 'src/addons/locales/index.ts',
        'zaby-chat-ag-ui': 'src/addons/ag-ui/index.ts',
        'locales/ar': 'src/addons/locales/ar.ts',
        'locales/de': 'src/addons/locales/de.ts',
        'locales/es': 'src/addons/locales/es.ts',
        'locales/fr': 'src/addons/locales/fr.ts',
        'locales/he': 'src/addons/locales/he.ts',
        'locales/it': 'src/addons/locales/it.ts',
        'locales/ja': 'src/addons/locales/ja.ts',
        'locales/nl': 'src/addons/locales/nl.ts',
        'locales/pl': 'src/addons/locales/pl.ts',
        'locales/pt-BR': 'src/addons/locales/pt-BR.ts',
        'locales/zh-CN': 'src/addons/locales/zh-CN.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {external: deps},
  },
  iife: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: 'src/index.ts',
      name: 'ZabyChat',
      formats: ['iife'],
      fileName: () => 'zaby-chat.iife.js',
    },
    // No Symbol.toStringTag on window.ZabyChat: a page never asks it (24 B).
    rolldownOptions: {output: {generatedCode: {symbols: false}}},
  },
  // `--mode iife-highlight`: `dist/zaby-chat-highlight.iife.js`, the self-contained highlight add-on.
  'iife-highlight': {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: 'src/addons/highlight/index.ts',
      name: 'ZabyChatHighlight',
      formats: ['iife'],
      fileName: () => 'zaby-chat-highlight.iife.js',
    },
  },
  // `--mode iife-html`: `dist/zaby-chat-html.iife.js`, the html add-on, DOMPurify bundled in.
  'iife-html': {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: 'src/addons/html/index.ts',
      name: 'ZabyChatHtml',
      formats: ['iife'],
      fileName: () => 'zaby-chat-html.iife.js',
    },
  },
  // `--mode iife-locales`: `dist/zaby-chat-locales.iife.js`, every language but English.
  'iife-locales': {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: 'src/addons/locales/index.ts',
      name: 'ZabyChatLocales',
      formats: ['iife'],
      fileName: () => 'zaby-chat-locales.iife.js',
    },
  },
  // `--mode iife-ag-ui`: `dist/zaby-chat-ag-ui.iife.js`, the self-contained AG-UI backend.
  'iife-ag-ui': {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: 'src/addons/ag-ui/index.ts',
      name: 'ZabyChatAgUi',
      formats: ['iife'],
      fileName: () => 'zaby-chat-ag-ui.iife.js',
    },
  },
  node: {
    target: 'node20',
    sourcemap: true,
    emptyOutDir: false,
    ssr: true,
    lib: {
      entry: {emulator: 'src/emulator/index.ts', 'emulator-cli': 'src/emulator/cli.ts'},
      formats: ['es'],
    },
    rolldownOptions: {external: [...deps, /^node:/]},
  },
};

export default defineConfig(({mode}) => ({
  plugins: [
    litStaticProperties(),
    minifyLitTemplates(),
    markedLexerOnly(),
    markedGfmOnly(),
    prismTokenizeOnly(),
    sseParserFold(),
    ...(mode.startsWith('iife')
      ? [
          terserPass({
            asciiOnly: mode !== 'iife-locales',
            pureGetters: mode === 'iife',
            forGzip: mode === 'iife' || mode === 'iife-ag-ui',
          }),
        ]
      : []),
  ],
  build: builds[mode] ?? builds['esm'],
  // The script-tag bundle always takes Lit's production build, also when built from a
  // process whose NODE_ENV is not "production" (the e2e tests build it under Vitest).
  ...(mode.startsWith('iife') ? {resolve: {conditions: ['module', 'browser', 'production']}} : {}),
  server: {host: '127.0.0.1'},
  test: {
    // test/dom: the element under jsdom and happy-dom, as host apps' own tests run it.
    include: ['test/unit/**/*.test.ts', 'test/dom/**/*.test.ts'],
    environment: 'node',
    // 2 cores: the emulator tests open real sockets; keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
}));
