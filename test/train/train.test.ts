// trainCodec end to end on tiny data: beats the trivial predictor, train/serve parity through a .bsq
// file, determinism, codec shape (raw units, sorted, bin-mean levels, provenance), report shape,
// callbacks and abort.

import { describe, expect, it } from 'vitest';
import { readBsq, writeBsq, isBsqError } from 'bsq';
import * as tf from '@tensorflow/tfjs-core';
import { predict, predictRaw, toRawModel, trainCodec, type RegressionMetrics, type TrainResult } from 'bsq/train';
import { fixtureColumns, regressionData, TINY } from './helpers.js';

function rowMajor(columns: Float64Array[]): Float32Array {
  const n = columns[0]!.length, d = columns.length;
  const out = new Float32Array(n * d);
  columns.forEach((c, f) => { for (let i = 0; i < n; i++) out[i * d + f] = c[i]!; });
  return out;
}

/** Parity: predictions from codes read back out of a .bsq file == the raw model's hard forward pass. */
function expectParity(res: TrainResult, columns: Float64Array[]): void {
  const rows = rowMajor(columns); // float32 values: the hard layer and the codec see the same numbers
  const n = columns[0]!.length;
  const file = readBsq(writeBsq(res.codec, { rows, blockRows: 97 }));
  expect(file.rowCount).toBe(n);
  const fromFile = predict(res.model, file.codes());
  const fromBlocks = file.blocks.flatMap((b) => Array.from(predict(res.model, b)));
  const raw = toRawModel(res.model);
  const hard = (raw.predict(tf.tensor2d(rows, [n, columns.length])) as tf.Tensor).dataSync();
  expect(Array.from(fromFile)).toEqual(Array.from(hard));
  expect(fromBlocks).toEqual(Array.from(hard));
}

describe('trainCodec (regression)', () => {
  const data = regressionData(600);
  let first: TrainResult;

  it('learns a codec and a model that clearly beat the mean predictor', async () => {
    const epochs: number[] = [];
    const taus: number[] = [];
    first = await trainCodec(data, {
      target: 'y', bits: 3, seed: 3, ...TINY,
      // Only the first bsq run's epochs (the regularized candidate reports under its own method label).
      callbacks: { onEpochEnd: (e, logs) => { if (logs.method !== 'bsq') return; epochs.push(e); if (logs.phase === 'soft') taus.push(logs.tau); } },
    });
    const { report, codec } = first;
    expect(report.task).toBe('regression');
    const t = report.test as RegressionMetrics;
    expect(t.nmse).toBeLessThan(0.35); // the mean predictor has nmse ~1
    expect(t.r2).toBeCloseTo(1 - t.nmse, 12);
    expect(t.mse).toBeGreaterThan(0);
    expect(t.mae).toBeGreaterThan(0);
    expect(report.splits).toEqual({ train: 486, validation: 54, test: 60 });
    expect(report.history).toHaveLength(TINY.epochs + TINY.hardEpochs);
    expect(epochs).toEqual(Array.from({ length: TINY.epochs + TINY.hardEpochs }, (_, i) => i));
    expect(taus[0]).toBe(1);
    for (let i = 1; i < taus.length; i++) expect(taus[i]).toBeLessThan(taus[i - 1]!);
    expect(report.validation.epoch).toBeGreaterThanOrEqual(0);
    expect(report.settings.batchSize).toBe(TINY.batchSize);
    expect(report.backend).toMatch(/wasm|cpu/);
    // Codec: raw units, sorted, levels inside their bins, provenance.
    expect(codec.features.map((f) => f.name)).toEqual(['x0', 'x1', 'x2']);
    for (const f of codec.features) {
      expect(f.bits).toBe(3);
      for (let k = 1; k < f.thresholds.length; k++) expect(f.thresholds[k]).toBeGreaterThanOrEqual(f.thresholds[k - 1]!);
      expect(f.thresholds[0]).toBeGreaterThan(-3); // raw units (x in [-2, 2]), not standardized
      expect(f.thresholds[6]).toBeLessThan(3);
      for (let c = 0; c < f.levels.length; c++) {
        if (c > 0) expect(f.levels[c]).toBeGreaterThan(f.thresholds[c - 1]!);
        if (c < f.thresholds.length) expect(f.levels[c]).toBeLessThanOrEqual(f.thresholds[c]!);
      }
    }
    expect(codec.metadata?.['producer']).toBe('bsq/train');
    expect(codec.metadata?.['target']).toBe('y');
    expect(codec.metadata?.['task']).toBe('regression');
  });

  it('levels are the mean of the training values in each bin', async () => {
    // With testFraction and validationFraction tiny, (almost) all rows train; recompute bin means on the
    // training rows reported back through a 1-feature codec trained on distinct values.
    const n = 300;
    const x = Float64Array.from({ length: n }, (_, i) => i / 10);
    const y = Float64Array.from(x, (v) => Math.sin(v));
    const res = await trainCodec({ x, y }, { target: 'y', bits: 2, epochs: 2, hardEpochs: 0, hiddenLayers: 1, hiddenUnits: 8, seed: 1, validationFraction: 0.01, testFraction: 0.01 });
    const f = res.codec.features[0]!;
    // Every bin's level is the mean of some contiguous run of the grid values inside it.
    for (let c = 0; c < 4; c++) {
      const lo = c === 0 ? -Infinity : f.thresholds[c - 1]!;
      const hi = c === 3 ? Infinity : f.thresholds[c]!;
      const inBin = Array.from(x).filter((v) => v > lo && v <= hi);
      if (inBin.length === 0) continue;
      const mean = inBin.reduce((a, b) => a + b, 0) / inBin.length;
      // The training split misses ~2% of rows, so allow a small difference.
      expect(Math.abs(f.levels[c]! - mean)).toBeLessThan(0.3);
    }
  });

  it('train/serve parity: codes read back from a .bsq file predict exactly what the hard raw model predicts', () => {
    expectParity(first, [data.x0, data.x1, data.x2]);
    // And predictRaw (codec encode of raw columns) agrees with predict on file codes.
    const cols = [data.x0, data.x1, data.x2].map((c) => Float32Array.from(c));
    const rows = rowMajor([data.x0, data.x1, data.x2]);
    expect(Array.from(predictRaw(first.model, cols))).toEqual(Array.from(predict(first.model, readBsq(writeBsq(first.codec, { rows })).codes())));
  });

  it('the same seed and backend give the same thresholds and metrics', async () => {
    const again = await trainCodec(data, { target: 'y', bits: 3, seed: 3, ...TINY });
    expect(again.codec.features.map((f) => Array.from(f.thresholds))).toEqual(first.codec.features.map((f) => Array.from(f.thresholds)));
    expect(again.report.test).toEqual(first.report.test);
    const other = await trainCodec(data, { target: 'y', bits: 3, seed: 4, ...TINY, epochs: 2, hardEpochs: 0 });
    expect(other.codec.features.map((f) => Array.from(f.thresholds))).not.toEqual(first.codec.features.map((f) => Array.from(f.thresholds)));
  });

  it('inputDropout changes training (same seed), deterministically', async () => {
    const opts = { target: 'y', bits: 3, seed: 3, ...TINY, epochs: 2, hardEpochs: 1 };
    const off = await trainCodec(data, { ...opts, inputDropout: 0 });
    const on = await trainCodec(data, { ...opts, inputDropout: 0.3 });
    const onAgain = await trainCodec(data, { ...opts, inputDropout: 0.3 });
    const th = (r: TrainResult) => r.codec.features.map((f) => Array.from(f.thresholds));
    expect(on.report.settings.inputDropout).toEqual([0.3, 0.3, 0.3]);
    expect(off.report.settings.inputDropout).toEqual([0, 0, 0]);
    expect(th(on)).not.toEqual(th(off));
    expect(th(onAgain)).toEqual(th(on));
    expect(onAgain.report.test).toEqual(on.report.test);
    // 'auto': per feature K / (K + 255), K = 2^bits - 1 thresholds.
    const auto = await trainCodec(data, { ...opts, epochs: 1, hardEpochs: 0, bits: { x0: 2, x1: 8 }, inputDropout: 'auto' });
    expect(auto.report.settings.inputDropout.map((p) => +p.toFixed(4))).toEqual([+(3 / 258).toFixed(4), 0.5, +(15 / 270).toFixed(4)]);
  });

  it('accepts row objects, per-feature bits and an explicit test set', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ a: data.x0[i]!, b: data.x1[i]!, y: data.y[i]! }));
    const test = Array.from({ length: 100 }, (_, i) => ({ a: data.x0[300 + i]!, b: data.x1[300 + i]!, y: data.y[300 + i]! }));
    const res = await trainCodec(rows, { target: 'y', bits: { a: 2, b: 5 }, testData: test, epochs: 2, hardEpochs: 1, hiddenLayers: 1, hiddenUnits: 16 });
    expect(res.codec.features.map((f) => f.bits)).toEqual([2, 5]);
    expect(res.model.network.inputs[0]!.shape[1]).toBe(3 + 31);
    expect(res.report.splits.test).toBe(100);
  });

  it('honours an AbortSignal', async () => {
    const ac = new AbortController();
    const p = trainCodec(data, { target: 'y', ...TINY, epochs: 50, signal: ac.signal, callbacks: { onEpochEnd: (e) => { if (e === 1) ac.abort(); } } });
    await expect(p).rejects.toSatisfy((e: unknown) => isBsqError(e, 'ABORTED'));
  });
});

describe('trainCodec on a real fixture', () => {
  it('wine (tiny slice): parity through a .bsq file and better than the mean', async () => {
    const cols = fixtureColumns('wine_red_tiny.csv');
    const res = await trainCodec(cols, { target: 'quality', task: 'regression', bits: 2, seed: 0, ...TINY, epochs: 40, testFraction: 0.2 });
    expect((res.report.test as RegressionMetrics).nmse).toBeLessThan(0.9);
    const features = res.codec.features.map((f) => cols[f.name]!);
    expectParity(res, features);
  });
});
