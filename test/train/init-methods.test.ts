// Threshold initialisation (issue 10): Lloyd-Max thresholds against a plain reference k-means.
import { describe, expect, it } from 'vitest';
import { lloydMaxThresholds, quantileThresholds } from '../../src/train/prep.js';
import { lcg } from './helpers.js';

/** Reference Lloyd iteration on the unsorted values: assign every value, average, midpoints. */
function referenceLloyd(c: Float64Array, bits: number, iterations: number): Float64Array {
  const t = quantileThresholds(c, bits);
  const K = t.length;
  for (let it = 0; it < iterations; it++) {
    const sum = new Float64Array(K + 1), cnt = new Float64Array(K + 1);
    for (const x of c) {
      let code = 0;
      while (code < K && x > t[code]!) code++;
      sum[code]! += x;
      cnt[code]!++;
    }
    const centre = Array.from(sum, (s, k) => (cnt[k]! > 0 ? s / cnt[k]! : NaN));
    for (let k = 0; k < K; k++) if (centre[k] === centre[k] && centre[k + 1] === centre[k + 1]) t[k] = (centre[k]! + centre[k + 1]!) / 2;
  }
  return t;
}

describe('Lloyd-Max thresholds', () => {
  it('equal the reference k-means on a skewed sample', () => {
    const r = lcg(7);
    const c = Float64Array.from({ length: 3000 }, () => Math.exp(2 * r()) + (r() < 0.1 ? 20 * r() : 0));
    for (const bits of [1, 2, 4]) {
      const got = lloydMaxThresholds(c, bits, false, 25);
      const want = referenceLloyd(c, bits, 25);
      for (let k = 0; k < want.length; k++) expect(got[k]).toBeCloseTo(want[k]!, 9);
    }
  });

  it('spread farther into a long tail than the quantiles and lower the squared error', () => {
    const r = lcg(3);
    const c = Float64Array.from({ length: 5000 }, () => -Math.log(1 - r())); // exponential
    const q = quantileThresholds(c, 3), l = lloydMaxThresholds(c, 3);
    expect(l[l.length - 1]!).toBeGreaterThan(q[q.length - 1]!);
    const sse = (t: Float64Array) => {
      const codes = Array.from(c, (x) => t.filter((v) => x > v).length);
      const sum = new Float64Array(t.length + 1), cnt = new Float64Array(t.length + 1);
      codes.forEach((k, i) => { sum[k]! += c[i]!; cnt[k]!++; });
      return codes.reduce((s, k, i) => s + (c[i]! - sum[k]! / cnt[k]!) ** 2, 0);
    };
    expect(sse(l)).toBeLessThan(sse(q));
  });

  it('move a threshold that lands on a data value off it (offData)', () => {
    const c = Float64Array.from({ length: 400 }, (_, i) => i % 5); // values 0..4
    const t = lloydMaxThresholds(c, 3, true);
    for (const v of t) expect([0, 1, 2, 3, 4].includes(v)).toBe(false);
    for (let k = 1; k < t.length; k++) expect(t[k]!).toBeGreaterThanOrEqual(t[k - 1]!);
  });
});

describe("thresholdInit 'auto'", () => {
  it('is Lloyd-Max for regression and quantiles for classification; an unknown value is refused', async () => {
    const { resolveOptions } = await import('../../src/train/options.js');
    expect(resolveOptions({ target: 'y' }, 'regression', ['a']).thresholdInit).toBe('lloyd-max');
    expect(resolveOptions({ target: 'y' }, 'classification', ['a']).thresholdInit).toBe('quantile');
    expect(resolveOptions({ target: 'y', thresholdInit: 'lloyd-max' }, 'classification', ['a']).thresholdInit).toBe('lloyd-max');
    expect(() => resolveOptions({ target: 'y', thresholdInit: 'kmeans' as never }, 'regression', ['a'])).toThrow(/thresholdInit/);
  });
});
