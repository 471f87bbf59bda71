// The classification path: string labels, probabilities, predictClasses, metrics; the occupancy
// fixture against the majority class; the baselines in the same harness.

import { describe, expect, it } from 'vitest';
import { readBsq, writeBsq } from 'bsq';
import { BASELINES, predict, predictClasses, trainCodec, type ClassificationMetrics, type RegressionMetrics } from 'bsq/train';
import { classificationData, fixtureColumns, regressionData, TINY } from './helpers.js';

describe('trainCodec (classification)', () => {
  it('trains on string labels and returns probabilities and labels', async () => {
    const d = classificationData(500);
    const res = await trainCodec(d, { target: 'label', bits: 3, seed: 1, ...TINY });
    expect(res.report.task).toBe('classification');
    expect(res.report.classes).toEqual(['high', 'left', 'low']);
    const t = res.report.test as ClassificationMetrics;
    expect(t.accuracy).toBeGreaterThan(0.8); // majority class is ~0.35-0.4
    expect(t.macroF1).toBeGreaterThan(0.7);
    expect(t.logLoss).toBeGreaterThan(0);
    const cols = res.codec.features.map((f) => Float32Array.from(d[f.name as 'a' | 'b']));
    const codes = res.codec.encodeColumnsToCodes(cols);
    const p = predict(res.model, codes);
    expect(p.length).toBe(500 * 3);
    for (let i = 0; i < 500; i++) expect(p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!).toBeCloseTo(1, 5);
    const labels = predictClasses(res.model, codes);
    const acc = labels.filter((l, i) => l === d.label[i]).length / 500;
    expect(acc).toBeGreaterThan(0.8);
    // Every explicit input form gives the same predictions; a plain Float32Array is not guessed at.
    const rows = new Float32Array(500 * cols.length);
    cols.forEach((c, f) => c.forEach((v, r) => (rows[r * cols.length + f] = v)));
    const want = Array.from(p);
    expect(Array.from(predict(res.model, { codes }))).toEqual(want);
    expect(Array.from(predict(res.model, { rows }))).toEqual(want);
    expect(Array.from(predict(res.model, { rows: Float64Array.from(rows) }))).toEqual(want);
    expect(Array.from(predict(res.model, { thermometer: res.codec.codesToThermometer(codes) }))).toEqual(want);
    expect(() => predict(res.model, rows as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/ambiguous/) }));
    expect(() => predict(res.model, { thermometer: new Float32Array(7) })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('occupancy fixture: 0/1 target inferred as classification, clearly beats the majority class', async () => {
    const cols = fixtureColumns('occupancy_tiny.csv');
    const res = await trainCodec(cols, { target: 'Occupancy', bits: 2, seed: 0, ...TINY, testFraction: 0.25 });
    expect(res.report.task).toBe('classification');
    expect(res.report.classes).toEqual([0, 1]);
    const y = cols['Occupancy']!;
    const majority = Math.max(...[0, 1].map((c) => y.filter((v) => v === c).length)) / y.length;
    expect((res.report.test as ClassificationMetrics).accuracy).toBeGreaterThan(majority + 0.1);
    // Codes through a .bsq file give the same probabilities as encoding directly.
    const features = res.codec.features.map((f) => cols[f.name]!);
    const file = readBsq(writeBsq(res.codec, { columns: features }));
    expect(Array.from(predict(res.model, file))).toEqual(Array.from(predict(res.model, res.codec.encodeColumnsToCodes(features))));
  });
});

describe('baselines in the same harness', () => {
  it("trains every baseline on the same splits with the same metric shape ('all')", async () => {
    const data = regressionData(300, 5);
    const res = await trainCodec(data, { target: 'y', bits: 2, seed: 2, ...TINY, epochs: 3, hardEpochs: 1, baselines: 'all' });
    const b = res.report.baselines!;
    expect(Object.keys(b)).toEqual([...BASELINES]);
    for (const name of BASELINES) {
      const t = b[name]!.test as RegressionMetrics;
      expect(Object.keys(t).sort()).toEqual(Object.keys(res.report.test).sort());
      expect(Number.isFinite(t.nmse)).toBe(true);
    }
    // Post-training quantization reuses FP's network (no training of its own).
    expect(b['Po-QQ']!.epochs).toBe(0);
    expect(b['FP']!.epochs).toBe(3);
  });

  it('classification baselines report accuracy / macroF1 / logLoss', async () => {
    const d = classificationData(300, 9);
    const res = await trainCodec(d, { target: 'label', bits: 2, ...TINY, epochs: 2, hardEpochs: 0, baselines: ['FP', 'Bw-QQ', 'LSQ'] });
    for (const name of ['FP', 'Bw-QQ', 'LSQ']) {
      const t = res.report.baselines![name]!.test as ClassificationMetrics;
      expect(t.accuracy).toBeGreaterThan(0);
      expect(t.accuracy).toBeLessThanOrEqual(1);
      expect(Number.isFinite(t.logLoss)).toBe(true);
    }
  });
});
