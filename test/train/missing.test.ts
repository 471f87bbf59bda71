// Missing values in training data: rows without a target are dropped and counted; a missing feature
// value is code 0 in training (soft and hard) exactly as the codec's { nan: { code: 0 } } policy and
// the device send it, so train/serve parity holds.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { bitwiseSoftQuantize, predictRaw, thermometerIndex, trainCodec } from 'bsq/train';
import { MISSING_INPUT, NAN_CODE, toRowMajor } from '../../src/train/prep.js';
import { regressionData, TINY } from './helpers.js';

describe('missing values', () => {
  it('drops rows without a target and counts missing feature values', async () => {
    const d = regressionData(300, 7);
    const y = Array.from(d.y, (v, i) => (i % 50 === 3 ? null : v)); // 6 missing targets
    const x1 = Float64Array.from(d.x1, (v, i) => (i % 10 === 1 ? NaN : v)); // 30 missing values
    const res = await trainCodec({ x0: d.x0, x1, x2: d.x2, y }, { target: 'y', bits: 3, ...TINY, epochs: 3, hardEpochs: 1 });
    expect(res.report.data.droppedRows).toBe(6);
    expect(res.report.data.rows).toBe(294);
    expect(res.report.data.missing).toEqual({ x1: 30 });
    expect(res.report.data.nanCode).toBe(0);
    expect(res.report.splits.train + res.report.splits.validation + res.report.splits.test).toBe(294);
    expect(Number.isFinite((res.report.test as { stdMse: number }).stdMse)).toBe(true);
    expect(res.codec.metadata?.['nan']).toEqual({ code: 0 });
    // Serving: a NaN is refused by default and coded 0 with the trained policy.
    const cols = [Float64Array.of(0.5), Float64Array.of(NaN), Float64Array.of(-1)];
    expect(() => predictRaw(res.model, cols)).toThrow(/NaN/);
    const viaPolicy = predictRaw(res.model, cols, { nan: { code: NAN_CODE } });
    const lowest = res.codec.features[1]!.thresholds[0]! - 1; // a real value below every threshold: code 0
    expect(viaPolicy[0]).toBeCloseTo(predictRaw(res.model, [cols[0]!, Float64Array.of(lowest), cols[2]!])[0]!, 5);
  }, 60_000);

  it('training sees a missing value as code 0, soft and hard, like the codec', () => {
    const bits = [2, 3];
    const x = toRowMajor([Float64Array.of(NaN, 0.2), Float64Array.of(1.5, NaN)]);
    expect(x[0]).toBe(Math.fround(MISSING_INPUT));
    const thresholds = tf.tensor1d([-3, 0, 3, -2, -1, 0, 1, 2, 3, 4]);
    const index = tf.tensor1d(thermometerIndex(bits), 'int32');
    const xt = tf.tensor2d(x, [2, 2]);
    for (const hard of [true, false]) {
      const out = bitwiseSoftQuantize(xt, thresholds, index, 1e-3, hard).arraySync() as number[][];
      expect(out[0]!.slice(0, 3)).toEqual([0, 0, 0]); // feature 0 of row 0 is missing: code 0
      expect(out[1]!.slice(3)).toEqual([0, 0, 0, 0, 0, 0, 0]); // feature 1 of row 1 is missing: code 0
    }
    tf.dispose([thresholds, index, xt]);
  });
});
