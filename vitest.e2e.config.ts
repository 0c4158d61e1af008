import {defineConfig} from 'vitest/config';

/** End-to-end tests: playwright-core driving Debian's Chromium against the demo server. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
