// Saving a trained model (codec.bsq + model.json + weights.bin) and loading it back, in this process
// and in a fresh Node process (the custom layer class and metadata must come back from disk alone).

import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readBsq, isBsqError } from 'bsq';
import { loadModel, modelFromArtifacts, modelToArtifacts, predict, saveModel, trainCodec } from 'bsq/train';
import { classificationData, TINY } from './helpers.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('save and load', () => {
  it('round-trips through a directory, in process and in a fresh process', async () => {
    const d = classificationData(300, 4);
    const res = await trainCodec(d, { target: 'label', bits: 2, seed: 5, ...TINY, epochs: 4 });
    const dir = await mkdtemp(join(tmpdir(), 'bsq-train-'));
    try {
      await saveModel(res.model, dir, { report: res.report });
      expect((await readdir(dir)).sort()).toEqual(['codec.bsq', 'model.json', 'report.json', 'weights.bin']);
      // The codec file is a codec-only .bsq.
      const { readFile } = await import('node:fs/promises');
      const file = readBsq(new Uint8Array(await readFile(join(dir, 'codec.bsq'))));
      expect(file.rowCount).toBe(0);
      expect(file.codec.metadata?.['task']).toBe('classification');

      const cols = res.codec.features.map((f) => Float32Array.from(d[f.name as 'a' | 'b']));
      const codes = res.codec.encodeColumnsToCodes(cols);
      const want = Array.from(predict(res.model, codes));

      const loaded = await loadModel(dir);
      expect(loaded.task).toBe('classification');
      expect(loaded.classes).toEqual(['high', 'left', 'low']);
      expect(Array.from(predict(loaded, codes))).toEqual(want);

      // Fresh process: only the package entry point and the files on disk.
      const codesPath = join(dir, 'codes.bin');
      await writeFile(codesPath, codes);
      const script = join(dir, 'load.mts');
      await writeFile(script, [
        `import { loadModel, predict } from ${JSON.stringify(join(repo, 'src/train/index.ts'))};`,
        `import { readFileSync } from 'node:fs';`,
        `const m = await loadModel(${JSON.stringify(dir)});`,
        `const codes = new Uint8Array(readFileSync(${JSON.stringify(codesPath)}));`,
        `process.stdout.write(JSON.stringify({ classes: m.classes, p: Array.from(predict(m, codes)) }));`,
      ].join('\n'));
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { cwd: repo, maxBuffer: 1 << 26 });
      const out = JSON.parse(stdout) as { classes: unknown; p: number[] };
      expect(out.classes).toEqual(['high', 'left', 'low']);
      expect(out.p).toEqual(want);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serialises to bytes without the file system (browser path) and rejects a mismatched network', async () => {
    const d = classificationData(200, 6);
    const res = await trainCodec(d, { target: 'label', bits: 2, ...TINY, epochs: 2, hardEpochs: 0 });
    const a = await modelToArtifacts(res.model);
    const back = await modelFromArtifacts(a);
    const codes = res.codec.encodeColumnsToCodes([Float32Array.from(d.a), Float32Array.from(d.b)]);
    expect(Array.from(predict(back, codes))).toEqual(Array.from(predict(res.model, codes)));
    const other = await trainCodec(d, { target: 'label', bits: 3, ...TINY, epochs: 1, hardEpochs: 0 });
    const b = await modelToArtifacts(other.model);
    await expect(modelFromArtifacts({ ...a, codecBytes: b.codecBytes })).rejects.toSatisfy((e: unknown) => isBsqError(e, 'INVALID_DATA'));
  });

  it('loadModel on a missing directory is a clear error', async () => {
    await expect(loadModel(join(tmpdir(), 'bsq-no-such-dir-xyz'))).rejects.toSatisfy((e: unknown) => isBsqError(e, 'INVALID_DATA'));
  });
});
