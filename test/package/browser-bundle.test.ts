// The public entry points bundle for browsers: esbuild with platform 'browser' resolves every import
// of bsq, bsq/arrow and bsq/train (through package.json's "browser" condition) without reaching a
// node: module, and the browser build of bsq/train exports what the Node one does, minus the
// directory helpers saveModel/loadModel.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import * as nodeTrain from '../../src/train/index.js';
import * as browserTrain from '../../src/train/browser.js';

const root = new URL('../../', import.meta.url).pathname;

async function bundle(entry: string): Promise<{ inputs: string[]; text: string }> {
  const r = await build({
    absWorkingDir: root,
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Resolve 'bsq', 'bsq/arrow', 'bsq/train' through package.json exports (self-reference), pointed
    // at the sources: the same condition a user's bundler applies to dist/.
    conditions: ['browser'],
    plugins: [
      {
        name: 'bsq-sources',
        setup(b) {
          const pkg = JSON.parse(readFileSync(root + 'package.json', 'utf8')) as { exports: Record<string, unknown> };
          b.onResolve({ filter: /^bsq(\/.*)?$/ }, (args) => {
            const sub = '.' + args.path.slice(3);
            const e = pkg.exports[sub] as string | Record<string, unknown> | undefined;
            if (!e) return { errors: [{ text: `no export ${sub}` }] };
            const browser = typeof e === 'object' ? ((e.browser as Record<string, string> | undefined)?.default ?? (e.default as string)) : e;
            return { path: root + browser.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts') };
          });
        },
      },
    ],
  });
  return { inputs: Object.keys(r.metafile!.inputs), text: r.outputFiles![0]!.text };
}

describe('browser bundles (esbuild, platform browser)', () => {
  for (const [name, entry] of [
    ['bsq', `export * from 'bsq';`],
    ['bsq/arrow', `export * from 'bsq/arrow';`],
    ['bsq/train', `export * from 'bsq/train';`],
  ] as const) {
    it(`${name} bundles without any node: import`, async () => {
      const { inputs, text } = await bundle(entry);
      expect(inputs.filter((i) => i.startsWith('node:') || /(^|\/)node\.ts$|node-io\.ts$/.test(i))).toEqual([]);
      expect(inputs.some((i) => i.includes('src/'))).toBe(true);
      expect(text).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
    }, 60_000);
  }

  it('bsq/train for browsers uses WebGL first and ships setWasmPaths', async () => {
    const { inputs } = await bundle(`export * from 'bsq/train';`);
    expect(inputs.some((i) => i.includes('tfjs-backend-webgl'))).toBe(true);
    expect(typeof browserTrain.setWasmPaths).toBe('function');
    expect(typeof browserTrain.useBrowserBackend).toBe('function');
  }, 60_000);

  it('exports everything bsq/train does except saveModel and loadModel', () => {
    const expected = Object.keys(nodeTrain).filter((k) => k !== 'saveModel' && k !== 'loadModel').sort();
    const extra = ['modelFromFiles', 'modelToFiles', 'setWasmPaths', 'useBrowserBackend', 'webglInfo'];
    expect(Object.keys(browserTrain).filter((k) => !extra.includes(k)).sort()).toEqual(expected);
    expect('saveModel' in browserTrain).toBe(false);
  });
});
