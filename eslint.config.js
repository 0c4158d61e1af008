import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import noOnlyTests from 'eslint-plugin-no-only-tests';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.tmp/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'bench/results/**',
      '**/*.d.ts',
    ],
  },
  ...tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  wc.configs['flat/recommended'],
  {
    files: ['src/elements/**/*.ts'],
    plugins: {'lit-a11y': litA11y},
    rules: {...litA11y.configs.recommended.rules},
  },
  {
    plugins: {'no-only-tests': noOnlyTests},
    rules: {
      'no-only-tests/no-only-tests': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_'},
      ],
    },
  },
  {
    // Shared by the browser and Node (the emulator, MockTransport, the client): the DOM lib
    // types fetch and streams there, but nothing may use what only a page has.
    files: ['src/protocol/**/*.ts', 'src/runtime/**/*.ts', 'src/state/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'location',
          'localStorage',
          'sessionStorage',
          'requestAnimationFrame',
          'requestIdleCallback',
          'customElements',
          'HTMLElement',
        ].map((name) => ({
          name,
          message: 'src/protocol, src/runtime and src/state run in Node too.',
        })),
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
