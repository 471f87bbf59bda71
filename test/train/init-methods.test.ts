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
  it('is per feature: Lloyd-Max for regression features of 3+ bits, quantiles at 1-2 bits and for classification; an unknown value is refused', async () => {
    const { resolveOptions } = await import('../../src/train/options.js');
    expect(resolveOptions({ target: 'y' }, 'regression', ['a']).thresholdInit).toEqual(['lloyd-max']);
    expect(resolveOptions({ target: 'y', bits: { a: 1, b: 2, c: 3, d: 8 } }, 'regression', ['a', 'b', 'c', 'd']).thresholdInit)
      .toEqual(['quantile', 'quantile', 'lloyd-max', 'lloyd-max']);
    expect(resolveOptions({ target: 'y', bits: { a: 2, b: 4 } }, 'classification', ['a', 'b']).thresholdInit).toEqual(['quantile', 'quantile']);
    expect(resolveOptions({ target: 'y', bits: 2, thresholdInit: 'lloyd-max' }, 'regression', ['a']).thresholdInit).toEqual(['lloyd-max']);
    expect(resolveOptions({ target: 'y', thresholdInit: 'lloyd-max' }, 'classification', ['a']).thresholdInit).toEqual(['lloyd-max']);
    expect(() => resolveOptions({ target: 'y', thresholdInit: 'kmeans' as never }, 'regression', ['a'])).toThrow(/thresholdInit/);
  });

  it('trainCodec starts a 2-bit feature at its quantiles and a 4-bit one at Lloyd-Max', async () => {
    const { trainCodec } = await import('bsq/train');
    const r = lcg(5);
    const n = 2000;
    // Skewed features (u^3 of an evenly spread u, shuffled): their quantile and Lloyd-Max thresholds
    // lie far apart, and any 80% of the rows has nearly the same thresholds as all of them.
    const skewed = () => {
      const u = Float64Array.from({ length: n }, (_, i) => ((i + 0.5) / n) ** 3);
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [u[i], u[j]] = [u[j]!, u[i]!]; }
      return u;
    };
    const a = skewed(), b = skewed();
    const y = Float64Array.from({ length: n }, (_, i) => a[i]! - b[i]!);
    // A learning rate too small to move anything: the codec keeps the initial thresholds.
    const { codec, report } = await trainCodec({ a, b, y }, {
      target: 'y', bits: { a: 2, b: 4 }, hiddenLayers: 1, hiddenUnits: 4, epochs: 1, hardEpochs: 0, averageEpochs: 0,
      learningRate: 1e-12, backend: 'cpu', testFraction: 0.1, validationFraction: 0.1,
    });
    expect(report.settings.thresholdInit).toEqual(['quantile', 'lloyd-max']);
    const dist = (x: ArrayLike<number>, ref: ArrayLike<number>) => Math.max(...Array.from(x, (v, k) => Math.abs(v - ref[k]!)));
    const near = (f: number, col: Float64Array, bits: number) => {
      const t = codec.features[f]!.thresholds;
      return { q: dist(t, quantileThresholds(col, bits)), l: dist(t, lloydMaxThresholds(col, bits, true)) };
    };
    // Reference thresholds come from all rows; the codec's from the 80% training split, so compare distances.
    const da = near(0, a, 2), db = near(1, b, 4);
    expect(da.q).toBeLessThan(da.l);
    expect(db.l).toBeLessThan(db.q);
  });
});
