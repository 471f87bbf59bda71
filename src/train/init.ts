// Initial thresholds of the learned quantizers (bsq and SQ), per feature, on the training split.
// A feature with at most 2^b distinct training values gets thresholds between its values (in raw
// units, exact as binary32) and keeps them frozen: it is coded without loss. Any other feature
// starts at its training quantiles k / 2^b, moved off data values (a sigmoid centred on a data value
// gives 0.5 in training while the hard bit is 0). Missing values (NaN) are ignored here.

import { lloydMaxThresholds, quantileThresholds } from './prep.js';

/** Where learned thresholds start: training quantiles, or Lloyd-Max (1-D k-means) thresholds. */
export type ThresholdInit = 'quantile' | 'lloyd-max';

export interface FeatureInit {
  /** 2^b - 1 thresholds in standardized units. */
  readonly thresholds: Float64Array;
  /** Lossless feature: thresholds between every two consecutive distinct values, never trained. */
  readonly frozen: boolean;
  /** Lossless feature: the exact raw thresholds (binary32 values) the codec must use. */
  readonly raw?: Float64Array;
}

/** Distinct finite values, ascending. */
export function distinctValues(c: ArrayLike<number>, limit = Infinity): Float64Array | undefined {
  const seen = new Set<number>();
  for (let i = 0; i < c.length; i++) {
    const v = c[i]!;
    if (v !== v) continue;
    if (!seen.has(v)) {
      seen.add(v);
      if (seen.size > limit) return undefined;
    }
  }
  return Float64Array.from(seen).sort();
}

/**
 * A binary32 threshold t with lo <= t < hi (so code(lo) < code(hi) under `x > t`): the binary32
 * midpoint when it lies in [lo, hi), else the largest binary32 below hi.
 */
export function thresholdBetween(lo: number, hi: number): number {
  const mid = Math.fround(lo + (hi - lo) / 2);
  if (mid >= lo && mid < hi) return mid;
  // Largest binary32 below hi (lo and hi are too close for a representable midpoint).
  const f = new Float32Array([hi]);
  const u = new Int32Array(f.buffer);
  u[0] = hi > 0 ? u[0]! - 1 : hi < 0 ? u[0]! + 1 : -2147483647; // hi == 0: -min subnormal
  return f[0]!;
}

/** Raw thresholds between consecutive distinct values, padded with copies of the last one. */
export function losslessThresholds(values: Float64Array, bits: number): Float64Array {
  const K = 2 ** bits - 1;
  const out = new Float64Array(K);
  const m = values.length;
  for (let k = 0; k < K; k++) {
    const j = Math.min(k, m - 2);
    out[k] = m >= 2 ? thresholdBetween(values[j]!, values[j + 1]!) : values[0]!;
  }
  return out;
}

/** Initial thresholds of one feature: raw training column, its standardized copy, mean and sd. */
export function initFeature(
  raw: Float64Array, standardized: Float64Array, mean: number, sd: number, bits: number,
  opts: { lossless: boolean; betweenValues: boolean; method?: ThresholdInit } = { lossless: true, betweenValues: true },
): FeatureInit {
  const values = opts.lossless ? distinctValues(raw, 2 ** bits) : undefined;
  if (values && values.length >= 2) {
    const rawT = losslessThresholds(values, bits);
    return { thresholds: rawT.map((t) => (t - mean) / sd), frozen: true, raw: rawT };
  }
  const finite = standardized.filter((v) => v === v);
  const t = opts.method === 'lloyd-max' ? lloydMaxThresholds(finite, bits, opts.betweenValues) : quantileThresholds(finite, bits, opts.betweenValues);
  return { thresholds: t, frozen: false };
}
