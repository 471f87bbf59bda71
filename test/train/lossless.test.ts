// Point 3 of issue 10: a feature with at most 2^b distinct training values gets thresholds between
// its values (frozen during training), so it is coded without loss: decoded value == input.
import { describe, expect, it } from 'vitest';
import { trainCodec } from 'bsq/train';
import { distinctValues, losslessThresholds, thresholdBetween } from '../../src/train/init.js';
import { lcg, TINY } from './helpers.js';

describe('lossless coding of discrete features', () => {
  it('thresholds sit between consecutive values, as binary32', () => {
    expect(Array.from(losslessThresholds(Float64Array.of(0, 1, 2, 3), 2))).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(losslessThresholds(Float64Array.of(1, 5), 2))).toEqual([3, 3, 3]); // padded
    const lo = 1, hi = 1 + 2 ** -23; // adjacent binary32 values: no binary32 strictly between
    const t = thresholdBetween(lo, hi);
    expect(t >= lo && t < hi).toBe(true);
    const a = 0.1, b = 0.1000001;
    const u = thresholdBetween(a, b);
    expect(u >= a && u < b).toBe(true);
    expect(Math.fround(u)).toBe(u);
    expect(distinctValues(Float64Array.of(3, NaN, 1, 3, 2))).toEqual(Float64Array.of(1, 2, 3));
    expect(distinctValues(Float64Array.of(1, 2, 3), 2)).toBeUndefined();
  });

  it('trained codec decodes a <= 2^b-valued feature exactly; a continuous one is not frozen', async () => {
    const r = lcg(11);
    const n = 400;
    const grade = Float64Array.from({ length: n }, () => [-2.5, 0.1, 3, 7.25, 8, 10.5, 11, 40][Math.floor(r() * 8)]!); // 8 values
    const level = Float64Array.from({ length: n }, () => Math.floor(r() * 3) * 0.3); // 3 values
    const cont = Float64Array.from({ length: n }, () => r() * 4 - 2);
    const y = Float64Array.from({ length: n }, (_, i) => Math.log(Math.abs(grade[i]!) + 1) + 2 * level[i]! + Math.sin(cont[i]!));
    const { codec, report } = await trainCodec({ grade, level, cont, y }, { target: 'y', bits: 3, ...TINY, epochs: 4, hardEpochs: 1, learningRate: 3e-2 });
    expect(report.data.lossless).toEqual(['grade', 'level']);
    const rows = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) { rows[i * 3] = grade[i]!; rows[i * 3 + 1] = level[i]!; rows[i * 3 + 2] = cont[i]!; }
    const decoded = codec.decodeValues(codec.encodeRows(rows), n);
    for (let i = 0; i < n; i++) {
      expect(decoded[i * 3]).toBe(Math.fround(grade[i]!));
      expect(decoded[i * 3 + 1]).toBe(Math.fround(level[i]!));
    }
    const t = codec.features[0]!.thresholds;
    expect(Array.from(t)).toEqual([-1.2, 1.55, 5.125, 7.625, 9.25, 10.75, 25.5].map(Math.fround));
    // The continuous feature is trained (8 levels for many values): lossy.
    let exact = 0;
    for (let i = 0; i < n; i++) if (decoded[i * 3 + 2] === Math.fround(cont[i]!)) exact++;
    expect(exact).toBeLessThan(n / 2);
  }, 60_000);
});
