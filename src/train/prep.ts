// Preprocessing on the training split: standardization statistics, quantile and min-max thresholds,
// and the fixed quantizers the baselines use (decode to the interval middle).

import { BsqError } from '../codec/errors.js';

export interface Standardizer {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/**
 * Missing feature values (NaN) in the row-major training inputs are this value instead: below every
 * threshold, so every thermometer bit is 0 (soft and hard), i.e. code 0, which is what the codec's
 * NaN policy { nan: { code: 0 } } and the generated C encoder with nanCode 0 send.
 */
export const MISSING_INPUT = -1e30;
/** The NaN code of a trained codec (see MISSING_INPUT). */
export const NAN_CODE = 0;

/** Mean and (population) standard deviation per column, ignoring NaN; a constant column is an error. */
export function fitStandardizer(columns: Float64Array[], names: string[], role: 'feature' | 'target' = 'feature'): Standardizer {
  const d = columns.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let f = 0; f < d; f++) {
    const c = columns[f]!;
    let s = 0, n = 0;
    for (let i = 0; i < c.length; i++) { const x = c[i]!; if (x === x) { s += x; n++; } }
    if (n === 0) throw new BsqError('INVALID_DATA', `column '${names[f]}' has no values in the training split (all missing)`, { column: names[f] });
    const m = s / n;
    let v = 0;
    for (let i = 0; i < c.length; i++) { const x = c[i]!; if (x === x) v += (x - m) ** 2; }
    const sdv = Math.sqrt(v / n);
    // Relative to the mean only: a column of values near 1e-30 that differ is not constant.
    if (!(sdv > 0 && sdv > 1e-12 * Math.abs(m))) {
      throw new BsqError(
        'INVALID_DATA',
        role === 'target'
          ? `target '${names[f]}' is constant in the training split (value ${m}): there is nothing to learn`
          : `column '${names[f]}' is constant in the training split (value ${m}); drop it`,
        { column: names[f] },
      );
    }
    mean[f] = m;
    sd[f] = sdv;
  }
  return { mean, sd };
}

export function standardizeColumn(c: Float64Array, mean: number, sd: number): Float64Array {
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = (c[i]! - mean) / sd;
  return out;
}

/** Row-major float32 matrix from columns; NaN becomes `missing` (default MISSING_INPUT). */
export function toRowMajor(columns: Float64Array[], missing = MISSING_INPUT): Float32Array {
  const d = columns.length;
  const n = d > 0 ? columns[0]!.length : 0;
  const out = new Float32Array(n * d);
  for (let f = 0; f < d; f++) {
    const c = columns[f]!;
    for (let i = 0; i < n; i++) { const x = c[i]!; out[i * d + f] = x === x ? x : missing; }
  }
  return out;
}

/** Sorted copy without NaN. */
export function sorted(c: Float64Array): Float64Array {
  return c.filter((x) => x === x).sort();
}

/** Quantile q in [0,1] of sorted values, linear interpolation (numpy's default). */
export function quantileSorted(s: Float64Array, q: number): number {
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  const w = pos - lo;
  return s[lo]! * (1 - w) + s[hi]! * w;
}

/**
 * K = 2^bits - 1 thresholds at the quantiles k / 2^bits. With `offData`, a threshold that lands
 * exactly on a training value (common for discrete features) moves to the middle between that value
 * and the next larger one: a soft sigmoid at such a threshold outputs 0.5 for those rows at any
 * temperature while the hard bit is 0, so training and deployment would disagree.
 */
export function quantileThresholds(c: Float64Array, bits: number, offData = false): Float64Array {
  const s = sorted(c);
  const L = 2 ** bits;
  const out = new Float64Array(L - 1);
  for (let k = 1; k < L; k++) {
    let q = quantileSorted(s, k / L);
    if (offData) {
      // First index with s[i] > q (s is sorted); q is a data value if s[i - 1] === q.
      let lo = 0, hi = s.length;
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid]! > q) hi = mid; else lo = mid + 1; }
      if (lo > 0 && s[lo - 1] === q) {
        const next = lo < s.length ? s[lo]! : q + Math.max(1e-3, Math.abs(q) * 1e-3);
        q = (q + next) / 2;
      }
    }
    out[k - 1] = q;
  }
  return out;
}

/** K thresholds splitting [min, max] into 2^bits equal bins. */
export function minMaxThresholds(c: Float64Array, bits: number): Float64Array {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < c.length; i++) { const v = c[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
  const L = 2 ** bits;
  const out = new Float64Array(L - 1);
  for (let k = 1; k < L; k++) out[k - 1] = lo + ((hi - lo) * k) / L;
  return out;
}

/**
 * A fixed quantizer: thresholds plus the value each code decodes to (the middle of its interval; the
 * outer intervals end at the training min and max).
 */
export interface FixedQuantizer {
  readonly thresholds: Float64Array;
  readonly middles: Float64Array;
}

export function fixedQuantizer(c: Float64Array, bits: number, kind: 'quantile' | 'minmax'): FixedQuantizer {
  const t = kind === 'quantile' ? quantileThresholds(c, bits) : minMaxThresholds(c, bits);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < c.length; i++) { const v = c[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
  const K = t.length;
  const middles = new Float64Array(K + 1);
  for (let code = 0; code <= K; code++) {
    const a = code === 0 ? lo : t[code - 1]!;
    const b = code === K ? hi : t[code]!;
    middles[code] = (a + b) / 2;
  }
  return { thresholds: t, middles };
}

/** code(x) = #{k : x > t_k} for sorted thresholds (binary search). */
export function codeOf(t: ArrayLike<number>, x: number): number {
  let lo = 0, hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x > t[mid]!) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Quantize a column and decode each value to its interval middle. */
export function quantizeToMiddles(c: Float64Array, q: FixedQuantizer): Float64Array {
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = q.middles[codeOf(q.thresholds, c[i]!)]!;
  return out;
}

/**
 * Lloyd-Max thresholds (1-D k-means on the values, squared error): start at the quantiles, then
 * alternately set each centre to the mean of its bin and each threshold to the midpoint of its two
 * neighbouring centres, on the sorted column with prefix sums (O(2^bits log n) per iteration). An
 * empty bin keeps its thresholds. With offData, a threshold on a data value moves to the midpoint
 * between that value and the next larger one.
 */
export function lloydMaxThresholds(c: Float64Array, bits: number, offData = false, iterations = 30): Float64Array {
  const s = sorted(c);
  const n = s.length;
  const t = quantileThresholds(c, bits, false);
  if (n < 2) return t;
  const K = t.length;
  const pre = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) pre[i + 1] = pre[i]! + s[i]!;
  // Index of the first value > v.
  const upper = (v: number): number => {
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid]! > v) hi = mid; else lo = mid + 1; }
    return lo;
  };
  const centres = new Float64Array(K + 1);
  for (let it = 0; it < iterations; it++) {
    let prev = 0;
    let moved = 0;
    for (let k = 0; k <= K; k++) {
      const end = k < K ? upper(t[k]!) : n;
      centres[k] = end > prev ? (pre[end]! - pre[prev]!) / (end - prev) : NaN;
      prev = Math.max(prev, end);
    }
    for (let k = 0; k < K; k++) {
      const a = centres[k]!, b = centres[k + 1]!;
      if (a !== a || b !== b) continue;
      const m = (a + b) / 2;
      moved = Math.max(moved, Math.abs(m - t[k]!));
      t[k] = m;
    }
    if (moved < 1e-9) break;
  }
  for (let k = 1; k < K; k++) if (t[k]! < t[k - 1]!) t[k] = t[k - 1]!;
  if (offData) {
    for (let k = 0; k < K; k++) {
      const i = upper(t[k]!);
      if (i > 0 && s[i - 1] === t[k]) {
        const next = i < n ? s[i]! : t[k]! + Math.max(1e-3, Math.abs(t[k]!) * 1e-3);
        t[k] = (t[k]! + next) / 2;
      }
    }
  }
  return t;
}
