import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by its public names; point them at the sources so that
    // `vitest` needs no build step. test/package-exports.test.ts checks the built dist/.
    alias: [
      { find: /^bsq\/arrow$/, replacement: src('arrow/index.ts') },
      { find: /^bsq\/parquet$/, replacement: src('parquet/index.ts') },
      { find: /^bsq\/parquet\/node$/, replacement: src('parquet/node.ts') },
      { find: /^bsq\/train$/, replacement: src('train/index.ts') },
      { find: /^bsq\/stream\/node$/, replacement: src('stream/node.ts') },
      { find: /^bsq\/internals$/, replacement: src('internals.ts') },
      { find: /^bsq$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/docs/.blocks/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
