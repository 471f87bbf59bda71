// Initial thresholds on features with heavily repeated values (issue 10): maximum-entropy cuts
// against an exhaustive search, the distinctness check, and initFeature's use of both.
import { describe, expect, it } from 'vitest';
import { maxEntropyThresholds, thresholdsDistinct } from '../../src/train/entropy-cuts.js';
import { initFeature } from '../../src/train/init.js';
import { codeOf, lloydMaxThresholds, quantileThresholds } from '../../src/train/prep.js';
import { lcg } from './helpers.js';

/** Entropy (nats) of the code that thresholds give a column. */
function codeEntropy(c: ArrayLike<number>, t: ArrayLike<number>): number {
  const n = new Map<number, number>();
  for (let i = 0; i < c.length; i++) { const k = codeOf(t, c[i]!); n.set(k, (n.get(k) ?? 0) + 1); }
  let h = 0;
  for (const m of n.values()) h -= (m / c.length) * Math.log(m / c.length);
  return h;
}

/** Every way to cut the distinct values into 2^bits cells: the largest code entropy. */
function bruteForceEntropy(c: Float64Array, bits: number): number {
  const values = [...new Set(c)].sort((a, b) => a - b);
  const K = 2 ** bits - 1;
  let best = -Infinity;
  const pick = (from: number, t: number[]): void => {
    if (t.length === K) { best = Math.max(best, codeEntropy(c, t)); return; }
    for (let i = from; i < values.length - 1; i++) pick(i + 1, [...t, (values[i]! + values[i + 1]!) / 2]);
  };
  pick(0, []);
  return best;
}

/** A column of small integers where `heavy` of the rows are 0 (a dark pixel, a light sensor at night). */
function zeroHeavy(n: number, heavy: number, top: number, seed: number): Float64Array {
  const r = lcg(seed);
  return Float64Array.from({ length: n }, () => (r() < heavy ? 0 : 1 + Math.floor(r() * top)));
}

describe('maximum-entropy cuts', () => {
  it('reach the largest code entropy of an exhaustive search', () => {
    const r = lcg(11);
    for (let trial = 0; trial < 40; trial++) {
      const bits = trial % 2 === 0 ? 2 : 3;
      const d = 2 ** bits + Math.floor(r() * 5);
      // Skewed counts: some values hold most rows.
      const c = Float64Array.from(Array.from({ length: d }, (_, v) => Array<number>(1 + Math.floor(r() ** 3 * 40)).fill(v * 0.5)).flat()).sort();
      const t = maxEntropyThresholds(c, bits)!;
      expect(t).toHaveLength(2 ** bits - 1);
      expect(codeEntropy(c, t)).toBeCloseTo(bruteForceEntropy(c, bits), 9);
      expect(thresholdsDistinct(c, t)).toBe(true);
    }
  });

  it('sit halfway between the two values of each cut', () => {
    // 0 holds half the rows, values 1..4 one eighth each: at 2 bits the best cells are {0} and three cells of 1..4.
    const c = Float64Array.from([0, 0, 0, 0, 1, 2, 3, 4]);
    const t = maxEntropyThresholds(c, 2)!;
    expect(t[0]).toBe(0.5);
    // The other two cuts split 1..4 into three cells of one or two values.
    const rest = Array.from(t.subarray(1));
    expect(rest.every((x) => [1.5, 2.5, 3.5].includes(x))).toBe(true);
    expect(new Set(rest).size).toBe(2);
  });

  it('come close to the best entropy on many distinct values (cuts between blocks of rows)', () => {
    // 30% zeros, the rest continuous: 14k distinct values, more than 32 x 2^bits, so the DP runs on blocks.
    const r = lcg(21);
    const c = Float64Array.from({ length: 20000 }, (_, i) => (i < 6000 ? 0 : 1 + r())).sort();
    for (const bits of [4, 8]) {
      const t = maxEntropyThresholds(c, bits)!;
      const L = 2 ** bits;
      // The ideal: one code for the zeros, the other L - 1 codes share the remaining 70% equally.
      const ideal = -0.3 * Math.log(0.3) - 0.7 * Math.log(0.7 / (L - 1));
      expect(t[0]).toBeGreaterThan(0);
      expect(t[0]).toBeLessThan(1 + 1e-3);
      expect(thresholdsDistinct(c, t)).toBe(true);
      expect(codeEntropy(c, t)).toBeGreaterThan(ideal - 0.01);
    }
  });

  it('are undefined above 8 bits (the quantiles stay)', () => {
    expect(maxEntropyThresholds(Float64Array.from({ length: 600 }, (_, i) => i % 550), 9)).toBeUndefined();
  });

  it('are undefined with fewer than 2^bits distinct values (the lossless case)', () => {
    expect(maxEntropyThresholds(Float64Array.from([1, 1, 2, 3]), 2)).toBeUndefined();
    expect(maxEntropyThresholds(Float64Array.from([1, 2, 3, 4]), 2)).toBeDefined();
  });
});

describe('thresholdsDistinct', () => {
  const s = Float64Array.from([0, 0, 0, 1, 2, 3]);
  it('accepts one threshold per gap between values, on or off a value', () => {
    expect(thresholdsDistinct(s, [0.5, 1.5, 2.5])).toBe(true);
    expect(thresholdsDistinct(s, [0, 1, 2])).toBe(true); // x > t: a threshold on a value sits just above it
  });
  it('rejects two thresholds in one gap, and thresholds outside the data', () => {
    expect(thresholdsDistinct(s, [0.25, 0.75, 2.5])).toBe(false);
    expect(thresholdsDistinct(s, [0, 0.5, 2.5])).toBe(false);
    expect(thresholdsDistinct(s, [-1, 0.5, 2.5])).toBe(false);
    expect(thresholdsDistinct(s, [0.5, 1.5, 3])).toBe(false);
  });
});

describe('initFeature on repeated values', () => {
  const std = (c: Float64Array) => {
    const m = c.reduce((a, b) => a + b, 0) / c.length;
    const sd = Math.sqrt(c.reduce((a, b) => a + (b - m) ** 2, 0) / c.length);
    return { m, sd, z: c.map((v) => (v - m) / sd) };
  };

  it('gives a zero-heavy feature one threshold per code (quantiles would repeat one)', () => {
    const raw = zeroHeavy(4000, 0.7, 16, 3); // 17 distinct values, 16 codes at 4 bits
    const { m, sd, z } = std(raw);
    const q = quantileThresholds(z, 4, true);
    expect(new Set(q).size).toBeLessThan(15); // the quantiles collide on the mass at 0
    for (const method of ['quantile', 'lloyd-max'] as const) {
      const f = initFeature(raw, z, m, sd, 4, { lossless: true, betweenValues: true, method });
      expect(f.frozen).toBe(false);
      expect(thresholdsDistinct(z.slice().sort(), f.thresholds)).toBe(true);
      const codes = new Set(Array.from(z, (x) => codeOf(f.thresholds, x)));
      expect(codes.size).toBe(16);
      expect(codeEntropy(z, f.thresholds)).toBeGreaterThan(codeEntropy(z, q));
    }
  });

  it('leaves a feature without repeated quantiles at its quantiles or Lloyd-Max thresholds', () => {
    const r = lcg(5);
    const raw = Float64Array.from({ length: 3000 }, () => Math.exp(2 * r()));
    const { m, sd, z } = std(raw);
    for (const bits of [2, 4]) {
      expect(initFeature(raw, z, m, sd, bits, { lossless: true, betweenValues: true, method: 'quantile' }).thresholds).toEqual(quantileThresholds(z, bits, true));
      expect(initFeature(raw, z, m, sd, bits, { lossless: true, betweenValues: true, method: 'lloyd-max' }).thresholds).toEqual(lloydMaxThresholds(z, bits, true));
    }
  });
});
