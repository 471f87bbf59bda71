// Builds the playground into playground/dist/: the page (index.html, style.css, main.js), the training
// worker (worker.js), Chart.js's UMD build, tfjs's WASM binaries (wasm/), the occupancy sample
// (sample/) and the library's browser bundles (lib/bsq.js, lib/arrow.js, lib/train.js; the browser
// tests load these). Everything is local: the site works offline. Usage: node playground/build.mjs
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
export const distDir = join(here, 'dist');

export async function buildPlayground({ quiet = false } = {}) {
  const t0 = performance.now();
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(join(distDir, 'wasm'), { recursive: true });
  mkdirSync(join(distDir, 'sample'), { recursive: true });
  mkdirSync(join(distDir, 'lib'), { recursive: true });
  const common = {
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['browser'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    define: { __BSQ_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
    logLevel: quiet ? 'silent' : 'warning',
  };
  await build({
    ...common,
    entryPoints: { main: join(here, 'src/main.ts'), worker: join(here, 'src/worker.ts') },
    outdir: distDir,
  });
  await build({
    ...common,
    entryPoints: { bsq: join(root, 'src/index.ts'), arrow: join(root, 'src/arrow/index.ts'), train: join(root, 'src/train/browser.ts') },
    outdir: join(distDir, 'lib'),
    // Shared modules in shared chunks: one Codec class for all three entry points, as with dist/.
    splitting: true,
    chunkNames: 'chunk-[hash]',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(distDir, f));
  const require = createRequire(import.meta.url);
  copyFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), join(distDir, 'chart.umd.js'));
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copyFileSync(join(wasmDir, f), join(distDir, 'wasm', f));
  }
  copyFileSync(join(root, 'fixtures/occupancy_train.csv'), join(distDir, 'sample/occupancy_train.csv'));
  if (!quiet) console.log(`built the playground into ${distDir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return distDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildPlayground().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
