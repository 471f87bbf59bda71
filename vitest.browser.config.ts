// `npm run test:browser`: the tests in a real browser (Debian's chromium driven by playwright-core)
// against the built and served playground. Kept apart from `npm test` (test/browser/*.browser.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
