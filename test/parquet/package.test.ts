// bsq/parquet and bsq/parquet/node resolve by package name from the built dist/ (the self-reference a
// user gets), and a .bsq -> Parquet -> .bsq round trip works through them, workers included.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, tempDir } from '../cli/helpers.js';

describe('package entry points bsq/parquet, bsq/parquet/node (built dist/)', () => {
  const built = existsSync(join(ROOT, 'dist/parquet/node.js'));
  it.runIf(built)('round-trips through the public names, with a worker thread', () => {
    const { dir, cleanup } = tempDir();
    try {
      const script = `
        import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
        import { Codec, writeBsq } from 'bsq';
        import { parquetFromBsq, parquetToBsq } from 'bsq/parquet';
        import { encodeFiles } from 'bsq/parquet/node';
        const codec = Codec.fromThresholds([{ name: 'x', thresholds: [0, 1, 2] }]);
        const bsq = writeBsq(codec, { rows: new Float64Array([-1, 0.5, 1.5, 3]) });
        const pq = await parquetFromBsq(bsq);
        if (Buffer.compare(await parquetToBsq(pq, codec), bsq) !== 0) throw new Error('round trip');
        mkdirSync(${JSON.stringify(join(dir, 'in'))});
        for (const f of ['a', 'b']) writeFileSync(${JSON.stringify(join(dir, 'in'))} + '/' + f + '.parquet', pq);
        const r = await encodeFiles([${JSON.stringify(join(dir, 'in'))}], codec, { outDir: ${JSON.stringify(join(dir, 'out'))}, jobs: 2 });
        if (!r.every((x) => x.ok && Buffer.compare(readFileSync(x.output), bsq) === 0)) throw new Error(JSON.stringify(r));
        console.log('ok');`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('ok');
    } finally {
      cleanup();
    }
  });
});
