import {defineConfig} from 'vitest/config';

/** End-to-end tests: playwright-core driving Debian's Chromium against the demo server. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // `UPDATE_SNAPSHOTS=1 npm run test:e2e` writes the accessibility snapshots again (as `-u`).
    ...(process.env['UPDATE_SNAPSHOTS'] === '1' ? {update: true} : {}),
  },
});
