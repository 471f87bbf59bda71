// trainCodec with a row budget (bitsPerRow): the allocation fits the budget, a feature that carries
// nothing gets width 0 and is gone from the codec, the server model, the saved files and the
// generated C; the device side (compiled with the system C compiler) encodes only the kept features
// and its .bsq file decodes and predicts like the TypeScript path. Plus the frontier and bad options.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportC, isBsqError, readBsq } from 'bsq';
import { loadModel, predict, predictRaw, saveModel, trainCodec } from 'bsq/train';
import { buildProgram, findCompiler, floatPayload, OP, STRICT_FLAGS } from '../device/harness.js';
import { classificationData, lcg, TINY } from './helpers.js';
import { KEEP_MARGIN } from '../../src/train/budget.js';

/** y depends on a and b only; n1 and n2 are noise. */
function data(n: number, seed: number) {
  const r = lcg(seed);
  const a = new Float64Array(n), b = new Float64Array(n), n1 = new Float64Array(n), n2 = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = r() * 4 - 2; b[i] = r() * 4 - 2; n1[i] = r(); n2[i] = r() * 10;
    y[i] = 2 * a[i]! + Math.abs(b[i]!) * 1.5 + 0.05 * (r() - 0.5);
  }
  return { a, n1, b, n2, y };
}

const cc = findCompiler();

describe('trainCodec with bitsPerRow', () => {
  it('drops the noise features (width 0) end to end: codec, model, files, generated C, device encode, decode, predict', async () => {
    const d = data(1200, 7);
    const { codec, model, report } = await trainCodec(d, { target: 'y', bitsPerRow: 6, bits: 3, seed: 2, ...TINY, epochs: 8 });
    const a = report.allocation!;
    expect(a.bitsPerRow).toBe(6);
    expect(a.searchBits).toBe(3);
    expect(a.features).toEqual(['a', 'n1', 'b', 'n2']);
    expect(a.widths['n1']).toBe(0);
    expect(a.widths['n2']).toBe(0);
    expect(a.widths['a']).toBeGreaterThan(0);
    expect(a.widths['b']).toBeGreaterThan(0);
    expect(a.usedBits).toBeLessThanOrEqual(6);
    expect(a.dropped).toEqual(['n1', 'n2']);
    expect(Object.values(a.curves).every((c) => c.length === 4)).toBe(true);
    // Leaving out a costs validation loss; leaving out a noise feature costs (almost) none.
    expect(a.curves['a']![0]!).toBeGreaterThan(a.curves['a']![3]! + 0.1);
    expect(report.features).toEqual(['a', 'b']);
    expect(codec.features.map((f) => f.name)).toEqual(['a', 'b']);
    expect(codec.features.map((f) => f.bits)).toEqual([a.widths['a'], a.widths['b']]);
    expect(codec.metadata?.['dropped']).toEqual(['n1', 'n2']);
    expect(model.network.inputs[0]!.shape[1]).toBe(codec.thermometerWidth);
    expect((report.test as { r2: number }).r2).toBeGreaterThan(0.8);

    const dir = await mkdtemp(join(tmpdir(), 'bsq-budget-'));
    try {
      await saveModel(model, dir, { report });
      const loaded = await loadModel(dir);
      expect(loaded.codec.features.map((f) => f.name)).toEqual(['a', 'b']);
      const gen = exportC(loaded.codec, { prefix: 'bud', fileHelpers: true });
      for (const text of Object.values(gen)) expect(text).not.toMatch(/\bn1\b|\bn2\b/);

      // Device rows hold only the kept features, in codec order.
      const n = 200;
      const rows = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) { rows[2 * i] = d.a[i]!; rows[2 * i + 1] = d.b[i]!; }
      const want = predictRaw(loaded, [Float32Array.from(d.a.subarray(0, n)), Float32Array.from(d.b.subarray(0, n))]);
      let bytes: Uint8Array;
      if (cc) {
        const prog = buildProgram(cc, [{ codec: loaded.codec, opts: { prefix: 'bud', fileHelpers: true } }], [...STRICT_FLAGS, '-O1']);
        try {
          const [res] = prog.run([{ codec: 0, op: OP.file, n, arg: 64, payload: floatPayload(rows) }]);
          bytes = res!.bytes;
        } finally { prog.dispose(); }
      } else {
        console.warn('[test/train/budget] no C compiler: the device side is the TypeScript encoder');
        const { writeBsq } = await import('bsq');
        bytes = writeBsq(loaded.codec, { rows, encoding: 'raw' });
      }
      const file = readBsq(bytes);
      expect(file.rowCount).toBe(n);
      expect(file.codec.features.map((f) => f.name)).toEqual(['a', 'b']);
      expect(Array.from(file.codes())).toEqual(Array.from(loaded.codec.encodeRowsToCodes(rows)));
      const got = predict(loaded, file);
      expect(Array.from(got)).toEqual(Array.from(want));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('classification, with a frontier and baselines at the uniform width the budget buys', async () => {
    const d = classificationData(500, 3);
    const { report } = await trainCodec(d, { target: 'label', bitsPerRow: 3, bits: 2, frontier: true, baselines: ['Bw-QQ'], seed: 1, ...TINY, epochs: 4 });
    const a = report.allocation!;
    expect(a.usedBits).toBeLessThanOrEqual(3);
    expect(a.frontier!.map((p) => p.bitsPerRow)).toEqual([2, 4]);
    for (const p of a.frontier!) {
      expect(p.widths.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(p.bitsPerRow);
      expect(p.uniform!.bits).toBe(p.bitsPerRow / 2);
      // The knapsack's widths are kept only when they score better jointly than every feature at the
      // uniform width by more than KEEP_MARGIN standard errors of the paired per-row difference.
      const pr = p.uniform!.paired;
      expect(pr.se).toBeGreaterThanOrEqual(0);
      if (p.chosenBy === 'knapsack') {
        expect(pr.mean).toBeCloseTo(p.validation.loss - p.uniform!.validation.loss, 6);
        expect(p.validation.loss - p.uniform!.validation.loss).toBeLessThanOrEqual(-KEEP_MARGIN * pr.se);
      } else {
        expect(p.chosenBy).toBe('uniform');
        expect(p.widths.every((w) => w === p.uniform!.bits)).toBe(true);
        expect(p.validation).toEqual(p.uniform!.validation);
        expect(pr.mean).toBeGreaterThan(-KEEP_MARGIN * pr.se - 1e-9);
      }
      expect(p.validation.metric).toBeGreaterThanOrEqual(0);
      expect(p.validation.metric).toBeLessThanOrEqual(1);
    }
    expect(a.uniform!.bits).toBe(1);
    expect(Object.keys(report.baselines)).toEqual(['Bw-QQ']);
    expect('accuracy' in report.test).toBe(true);
  }, 60_000);

  it('an entropy budget: a slowly changing feature is cheap to widen, and the final codec is measured', async () => {
    const r = lcg(11);
    const n = 1500;
    const slow = new Float64Array(n), noise = new Float64Array(n), y = new Float64Array(n);
    let v = 0;
    for (let i = 0; i < n; i++) {
      v += (r() - 0.5) * 0.2;
      slow[i] = v;
      noise[i] = r() * 4 - 2;
    }
    for (let i = 0; i < n; i++) y[i] = 2 * (slow[i]! - v / 2) + noise[i]!;
    const { codec, report } = await trainCodec({ slow, noise, y }, { target: 'y', bitsPerRow: { entropy: 4 }, bits: 4, frontier: true, seed: 3, ...TINY, epochs: 6 });
    const a = report.allocation!;
    const e = a.entropy!;
    expect(e.budget).toBe(4);
    expect(e.estimate).toBeLessThanOrEqual(4 + 1e-9);
    expect(e.measured).toBeGreaterThan(0);
    expect(e.rows).toBe(n);
    // In time order the slow feature costs far less per width than the noise feature.
    for (let w = 1; w <= 4; w++) expect(a.entropyCosts!['slow']![w]!).toBeLessThan(a.entropyCosts!['noise']![w]!);
    expect(a.widths['slow']).toBeGreaterThanOrEqual(a.widths['noise']!);
    expect(codec.bitsPerRow).toBe(a.usedBits);
    expect(a.bitsPerRow).toBe(a.usedBits);
    expect(codec.metadata?.['bitsPerRow']).toEqual({ entropy: 4 });
    for (const p of a.frontier!) expect(p.entropyBits!).toBeLessThanOrEqual(p.bitsPerRow + 1e-9);
  }, 60_000);

  it('rejects bad budgets with INVALID_ARGUMENT before training', async () => {
    const d = data(50, 1);
    const bad = [
      { bitsPerRow: 0 }, { bitsPerRow: 2.5 }, { bitsPerRow: '8' as unknown as number },
      { bitsPerRow: 8, bits: { a: 2 } }, { bitsPerRow: 8, bits: 9 }, { frontier: true },
      { bitsPerRow: 8, frontier: [0] }, { bitsPerRow: 8, frontier: [] as number[] }, { bitsPerRow: 8, validationFraction: 0 },
      { bitsPerRow: { entropy: 0 } }, { bitsPerRow: { entropy: 4, x: 1 } as unknown as number }, { bitsPerRow: { entropy: 4 }, frontier: [-1] },
    ];
    for (const o of bad) {
      const e = await trainCodec(d, { target: 'y', ...o }).then(() => undefined, (err: unknown) => err);
      expect(isBsqError(e) && e.code, JSON.stringify(o)).toBe('INVALID_ARGUMENT');
    }
  });
});
