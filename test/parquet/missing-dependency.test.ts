// Without the optional Parquet packages (hidden from module resolution by a loader hook in a child
// process), Parquet use fails with BsqError MISSING_DEPENDENCY naming the package and the install
// command, in the library and in the CLI, while CSV encoding still works.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Codec, writeBsq } from '../../src/index.js';
import { ROOT, tempDir } from '../cli/helpers.js';

const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

describe('without hyparquet', () => {
  it('is MISSING_DEPENDENCY in the library and the CLI; CSV still encodes', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(
        join(dir, 'hooks.mjs'),
        `export async function resolve(spec, ctx, next) {
           if (spec === 'hyparquet' || spec.startsWith('hyparquet-')) {
             throw Object.assign(new Error("Cannot find package '" + spec + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
           }
           return next(spec, ctx);
         }`,
      );
      writeFileSync(join(dir, 'hide.mjs'), `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`);
      writeFileSync(join(dir, 'codec.bsq'), writeBsq(Codec.fromThresholds([{ name: 'x', thresholds: [0] }])));
      writeFileSync(join(dir, 'x.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: Float64Array.from([1, -1]), type: 'DOUBLE' }] })));
      writeFileSync(join(dir, 'x.csv'), 'x\n1\n-1\n');
      const node = (args: string[]) =>
        spawnSync(process.execPath, ['--import', TSX, '--import', pathToFileURL(join(dir, 'hide.mjs')).href, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      // one child: the library call, then the CLI in-process on the Parquet file and on the CSV
      const src = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
      const r = node([
        '--input-type=module',
        '-e',
        `import { readFileSync } from 'node:fs';
         const { parquetToBsq } = await import(${src('src/parquet/index.ts')});
         const { readBsq } = await import(${src('src/index.ts')});
         const { runCli } = await import(${src('src/cli/main.ts')});
         try { await parquetToBsq(readFileSync('x.parquet'), readBsq(readFileSync('codec.bsq')).codec); console.log('no error'); }
         catch (e) { console.log(e.name, e.code, e.message); }
         console.log('parquet exit', await runCli(['encode', '--codec', 'codec.bsq', 'x.parquet', '-o', 'x.bsq']));
         console.log('csv exit', await runCli(['encode', '--codec', 'codec.bsq', 'x.csv', '-o', 'x.bsq']));`,
      ]);
      const out = r.stdout.split('\n');
      expect(out[0]).toMatch(/^BsqError MISSING_DEPENDENCY .*'hyparquet'.*npm install hyparquet hyparquet-writer/);
      expect(out.slice(1, 3)).toEqual(['parquet exit 1', 'csv exit 0']);
      expect(r.stderr).toMatch(/^bsq encode: error: .*npm install hyparquet hyparquet-writer \[MISSING_DEPENDENCY\]\nencoded 2 rows/);
    } finally {
      cleanup();
    }
  });
});
