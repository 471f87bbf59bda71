// Data intake helpers: fromMatrix, task inference, metrics.

import { describe, expect, it } from 'vitest';
import { isBsqError } from 'bsq';
import { classificationMetrics, explainTask, fromMatrix, inferTask, regressionMetrics } from 'bsq/train';

describe('fromMatrix', () => {
  it('builds named columns from an array of rows or a row-major typed array', () => {
    const a = fromMatrix([[1, 2], [3, 4], [5, 6]], [7, 8, 9], { featureNames: ['p', 'q'], targetName: 'y' });
    expect(Object.keys(a)).toEqual(['p', 'q', 'y']);
    expect(Array.from(a['q'] as Float64Array)).toEqual([2, 4, 6]);
    const b = fromMatrix(Float32Array.from([1, 2, 3, 4, 5, 6]), ['a', 'b', 'c']);
    expect(Object.keys(b)).toEqual(['x0', 'x1', 'target']);
    expect(Array.from(b['x1'] as Float64Array)).toEqual([2, 4, 6]);
  });

  it('rejects ragged rows and mismatched lengths', () => {
    expect(() => fromMatrix([[1, 2], [3]], [1, 2])).toThrow(/row 1/);
    expect(() => fromMatrix([[1, 2]], [1, 2])).toThrow(/1 feature rows but 2/);
    let err: unknown;
    try { fromMatrix(Float64Array.from([1, 2, 3]), [1, 2]); } catch (e) { err = e; }
    expect(isBsqError(err, 'INVALID_DATA')).toBe(true);
  });
});

describe('inferTask', () => {
  it('labels and two-valued integer targets are classification, the rest regression', () => {
    expect(inferTask(['a', 'b', 'a'])).toBe('classification');
    expect(inferTask([true, false])).toBe('classification');
    expect(inferTask(Float64Array.from([0, 1, 1, 0]))).toBe('classification');
    expect(inferTask(Float64Array.from([3, 5, 6, 7]))).toBe('regression');
    expect(inferTask(Float64Array.from([0.5, 1, 2]))).toBe('regression');
    expect(inferTask(['1.5', '2.5'])).toBe('regression');
  });

  it('an integer target with few distinct values relative to the rows is classification (type_of_target)', () => {
    const occupancyCount = Float64Array.from({ length: 400 }, (_, i) => i % 4); // people in a room, 0..3
    const c = explainTask(occupancyCount);
    expect(c).toMatchObject({ task: 'classification', distinct: 4, rows: 400 });
    expect(c.reason).toMatch(/4 distinct values in 400 rows/);
    expect(inferTask(Float64Array.from({ length: 1000 }, (_, i) => i % 10))).toBe('classification'); // digits
    expect(inferTask(Float64Array.from({ length: 1000 }, (_, i) => (i * 37) % 900))).toBe('regression'); // counts
    expect(inferTask(Float64Array.from({ length: 9 }, (_, i) => i % 4))).toBe('regression'); // 4 values in 9 rows
    expect(inferTask(Float64Array.from({ length: 100 }, (_, i) => i % 60))).toBe('regression'); // > sqrt(rows)
    expect(inferTask([1, null, 0, undefined, 1])).toBe('classification'); // missing cells ignored
  });
});

describe('metrics', () => {
  it('regression: nmse is MSE over the test variance, r2 = 1 - nmse, stdMse uses the training sd', () => {
    const m = regressionMetrics([1, 2, 3, 5], [1, 2, 3, 4], 2);
    expect(m.mse).toBeCloseTo(0.25, 12);
    expect(m.mae).toBeCloseTo(0.25, 12);
    expect(m.nmse).toBeCloseTo(0.25 / 1.25, 12);
    expect(m.r2).toBeCloseTo(1 - 0.2, 12);
    expect(m.stdMse).toBeCloseTo(0.25 / 4, 12);
  });

  it('classification: accuracy, macro-F1 and log-loss', () => {
    // 3 rows, 2 classes: predictions 0, 1, 1; truth 0, 1, 0.
    const p = [0.9, 0.1, 0.2, 0.8, 0.4, 0.6];
    const m = classificationMetrics(p, [0, 1, 0], 2);
    expect(m.accuracy).toBeCloseTo(2 / 3, 12);
    // class 0: tp 1, fn 1, fp 0 -> F1 2/3; class 1: tp 1, fp 1 -> F1 2/3.
    expect(m.macroF1).toBeCloseTo(2 / 3, 12);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, 12);
  });
});

describe('quantile initialisation', () => {
  it('initBetweenValues moves thresholds off training values (discrete features)', async () => {
    const { quantileThresholds } = await import('../../src/train/prep.js');
    const c = Float64Array.from([0, 0, 0, 0, 1, 1, 2, 2, 3, 5]);
    const plain = quantileThresholds(c, 2);
    expect(Array.from(plain)).toEqual([0, 1, 2]); // quantiles 0.25, 0.5, 0.75 land on data values
    const moved = quantileThresholds(c, 2, true);
    expect(Array.from(moved)).toEqual([0.5, 1.5, 2.5]);
    const top = quantileThresholds(Float64Array.from([1, 2, 2, 2]), 1, true);
    expect(top[0]).toBeGreaterThan(2); // no larger value: nudged just above
  });
});
