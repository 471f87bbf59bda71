// The level path of the first layer (issue 10): its matrix, the zero-initialized residual rows, the
// hand-written gradient against tfjs autodiff of the plain formula, and the export fold (the exported
// network on thermometer bits predicts exactly what the trained network did).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ensureBackend, predictRaw, trainCodec, type RegressionMetrics } from '../../src/train/index.js';
import { createMlp, disposeMlp, firstKernel } from '../../src/train/mlp.js';
import { Rng } from '../../src/train/random.js';
import { centralRange, LEVEL_STEP_CAP, levelPath } from '../../src/train/stages.js';
import { regressionData } from './helpers.js';

describe('levelPath', () => {
  it('puts the gap around each threshold in its feature column, capped, and leaves categorical rows out', () => {
    const init = [Float64Array.of(-1, 0, 2), Float64Array.of(0.5), Float64Array.of(-1, 0, 9), Float64Array.of(0, 1, 2)];
    const range = [4, 3, 1.5, 4];
    const { matrix, zeroRows } = levelPath([2, 1, 2, 2], init, range, [false, false, false, true]);
    const d = 4;
    const row = (i: number) => Array.from(matrix.subarray(i * d, i * d + d));
    expect(row(0)).toEqual([1, 0, 0, 0]); // first threshold: the gap to the next (0 - -1)
    expect(row(1)).toEqual([1.5, 0, 0, 0]); // middle: mean of the gaps either side ((2 - -1) / 2)
    expect(row(2)).toEqual([2, 0, 0, 0]); // last: the gap to the previous
    expect(row(3)).toEqual([0, 3, 0, 0]); // a lone threshold: the central range / 1
    // An outlier's threshold: gaps 1, 5, 9 capped at LEVEL_STEP_CAP x 1.5 / 3 = 1.
    expect(row(4)).toEqual([0, 0, 1, 0]);
    expect(row(5)).toEqual([0, 0, 1, 0]);
    expect(row(6)).toEqual([0, 0, 1, 0]);
    for (let i = 7; i < 10; i++) expect(row(i)).toEqual([0, 0, 0, 0]); // categorical: no level
    expect(Array.from(zeroRows)).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(LEVEL_STEP_CAP).toBe(2);
  });

  it('centralRange is the 1%..99% quantile spread, ignoring NaN', () => {
    const c = Float64Array.from({ length: 101 }, (_, i) => i);
    const withNaN = Float64Array.from([...c, NaN, NaN]);
    expect(Array.from(centralRange([c, withNaN, new Float64Array(0)]))).toEqual([98, 98, 0]);
  });
});

describe('the first layer with a level path', () => {
  it('starts with zero residual rows (Glorot rows where flagged 0) and its gradient matches autodiff', async () => {
    await ensureBackend('cpu');
    const W = 5, d = 2, H = 4;
    const levels = Float32Array.from({ length: W * d }, (_, i) => ((i * 7) % 5) / 4);
    const zeroRows = Uint8Array.of(1, 1, 1, 0, 0);
    const mlp = createMlp({ inputs: W, hiddenLayers: 1, hiddenUnits: H, outputs: 1, dropout: 0, levels, zeroRows }, new Rng(3));
    const k0 = mlp.kernels[0]!.arraySync() as number[][];
    for (let r = 0; r < W; r++) {
      const zero = k0[r]!.every((v) => v === 0);
      expect(zero).toBe(zeroRows[r] === 1);
    }
    // Give the residual non-zero values, then compare gradients of sum((K + L V)^2 * c).
    mlp.kernels[0]!.assign(tf.tensor2d(Float32Array.from({ length: W * H }, (_, i) => Math.sin(i)), [W, H]));
    const c = tf.tensor2d(Float32Array.from({ length: W * H }, (_, i) => Math.cos(3 * i)), [W, H]);
    const lp = mlp.levelPath!;
    const f = (k: tf.Tensor2D, v: tf.Tensor2D) => tf.sum(tf.mul(tf.square(lp.op(k, v)), c)) as tf.Scalar;
    const ref = (k: tf.Tensor2D, v: tf.Tensor2D) => tf.sum(tf.mul(tf.square(tf.add(k, tf.matMul(lp.matrix, v))), c)) as tf.Scalar;
    const args = [mlp.kernels[0]! as tf.Tensor2D, lp.kernel as tf.Tensor2D] as const;
    const got = tf.grads((k, v) => f(k as tf.Tensor2D, v as tf.Tensor2D))([...args]);
    const want = tf.grads((k, v) => ref(k as tf.Tensor2D, v as tf.Tensor2D))([...args]);
    for (let i = 0; i < 2; i++) {
      const g = got[i]!.dataSync(), w = want[i]!.dataSync();
      expect(g.length).toBe(w.length);
      for (let j = 0; j < g.length; j++) expect(g[j]).toBeCloseTo(w[j]!, 4);
    }
    const eff = firstKernel(mlp).dataSync();
    const plain = tf.add(mlp.kernels[0]!, tf.matMul(lp.matrix, lp.kernel as tf.Tensor2D)).dataSync();
    for (let j = 0; j < eff.length; j++) expect(eff[j]).toBeCloseTo(plain[j]!, 5);
    disposeMlp(mlp);
  });

  it('is folded into the exported network: predictions on the test data equal the trained run\'s test metrics', async () => {
    const data = regressionData(600, 5);
    const test = regressionData(200, 6);
    for (const lp of [true, false]) {
      const { model, report } = await trainCodec(data, {
        target: 'y', bits: 3, epochs: 3, hardEpochs: 1, hiddenLayers: 1, hiddenUnits: 16, seed: 2, levelPath: lp, testData: test,
      });
      const p = predictRaw(model, [test.x0, test.x1, test.x2]);
      let se = 0;
      for (let i = 0; i < p.length; i++) se += (p[i]! - test.y[i]!) ** 2;
      expect(se / p.length).toBeCloseTo((report.test as RegressionMetrics).mse, 4);
    }
  });
});
