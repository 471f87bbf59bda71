// Model fitting: counts the codes of each feature (order 0 and order 1 given the previous row's
// code of the same feature), quantizes them into frequency tables and picks per feature the
// cheapest of uniform / order 0 / order 1 (with the best context width) by description length:
// coded size of the fitting data plus the serialised size of the tables, the latter weighted by
// rows / max(rows, expectedRows) because one model codes many more rows than it was fitted on.

import { BsqError } from '../errors.js';
import {
  DEFAULT_SCALE_BITS,
  MAX_SCALE_BITS,
  MIN_SCALE_BITS,
  MODE_ORDER0,
  MODE_ORDER1,
  MODE_UNIFORM,
  modelledBits,
  type EntropyFeatureModel,
  type EntropyModel,
} from './model.js';
import { codedBits, quantizeFrequencies } from './quantize.js';
import { varintLength } from './serialize.js';

export interface FitEntropyOptions {
  /** Frequency precision, 8..15 (default 12). */
  scaleBits?: number;
  /** Cap on stored frequencies per feature (default 8192, i.e. 16 KiB); limits order-1 context width. */
  maxTableEntries?: number;
  /** Pseudo-count weight of the order-0 distribution mixed into each order-1 context (default 0.5). */
  smoothing?: number;
  /** Restrict the choice: 'auto' (default) picks by description length. */
  mode?: 'auto' | 'uniform' | 'order0' | 'order1';
  /**
   * Rows the model is expected to code over its life (default 65536): the model's own size is
   * charged at rows / max(rows, expectedRows) when choosing between modes and context widths.
   */
  expectedRows?: number;
}

function tableBits(freqs: Uint16Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += varintLength(freqs[i]!);
  return 8 * n;
}

/**
 * Fits a static model on row-major `codes` (rowCount x bits.length). Codes must be below 2^bits.
 */
export function fitEntropyModelToCodes(codes: ArrayLike<number>, bits: ArrayLike<number>, opts: FitEntropyOptions = {}): EntropyModel {
  const F = bits.length;
  const S = opts.scaleBits ?? DEFAULT_SCALE_BITS;
  const cap = opts.maxTableEntries ?? 8192;
  const alpha = opts.smoothing ?? 0.5;
  const modeOpt = opts.mode ?? 'auto';
  const expectedRows = opts.expectedRows ?? 65536;
  if (F < 1) throw new BsqError('INVALID_ARGUMENT', 'fitEntropyModelToCodes: no features');
  if (!Number.isInteger(S) || S < MIN_SCALE_BITS || S > MAX_SCALE_BITS) {
    throw new BsqError('INVALID_ARGUMENT', `fitEntropyModelToCodes: scaleBits must be an integer in ${MIN_SCALE_BITS}..${MAX_SCALE_BITS}`, { scaleBits: S });
  }
  if (!(cap >= 0)) throw new BsqError('INVALID_ARGUMENT', 'fitEntropyModelToCodes: maxTableEntries must be >= 0');
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new BsqError('INVALID_ARGUMENT', 'fitEntropyModelToCodes: smoothing must be a finite number >= 0');
  if (!['auto', 'uniform', 'order0', 'order1'].includes(modeOpt)) {
    throw new BsqError('INVALID_ARGUMENT', `fitEntropyModelToCodes: unknown mode ${String(modeOpt)}`);
  }
  if (!(expectedRows >= 0)) throw new BsqError('INVALID_ARGUMENT', 'fitEntropyModelToCodes: expectedRows must be >= 0');
  if (codes.length % F !== 0) {
    throw new BsqError('INVALID_ARGUMENT', `fitEntropyModelToCodes: ${codes.length} codes is not a multiple of ${F} features`);
  }
  const N = codes.length / F;
  const features: EntropyFeatureModel[] = [];
  for (let f = 0; f < F; f++) {
    const b = bits[f]!;
    if (!Number.isInteger(b) || b < 1 || b > 16) throw new BsqError('INVALID_ARGUMENT', `fitEntropyModelToCodes: bits[${f}] = ${b} is outside 1..16`);
    const weight = N === 0 ? 1 : N / Math.max(N, expectedRows);
    features.push(fitFeature(codes, N, F, f, b, S, cap, alpha, modeOpt, weight));
  }
  return { scaleBits: S, features };
}

function fitFeature(
  codes: ArrayLike<number>,
  N: number,
  F: number,
  f: number,
  b: number,
  S: number,
  cap: number,
  alpha: number,
  modeOpt: string,
  weight: number,
): EntropyFeatureModel {
  const m = modelledBits(b);
  const L = 1 << m;
  const low = b - m;
  const limit = 2 ** b;
  // pair[prev * L + cur] over consecutive rows; counts0 over all rows.
  const counts0 = new Float64Array(L);
  const pair = new Float64Array(L * L);
  let prev = -1;
  for (let r = 0, i = f; r < N; r++, i += F) {
    const c = codes[i]!;
    if (!(c >= 0 && c < limit) || !Number.isInteger(c)) {
      throw new BsqError('INVALID_ARGUMENT', `fitEntropyModelToCodes: code ${c} at row ${r}, feature ${f} does not fit in ${b} bits`, { row: r, feature: f });
    }
    const s = c >>> low;
    counts0[s]!++;
    if (prev >= 0) pair[prev * L + s]!++;
    prev = s;
  }

  const uniform: EntropyFeatureModel = { bits: b, mode: MODE_UNIFORM, contextBits: 0, freqs: new Uint16Array(0) };
  if (modeOpt === 'uniform') return uniform;

  const t0 = new Uint16Array(L);
  quantizeFrequencies(counts0, S, t0);
  const order0: EntropyFeatureModel = { bits: b, mode: MODE_ORDER0, contextBits: 0, freqs: t0 };
  if (modeOpt === 'order0') return order0;

  let best: EntropyFeatureModel = modeOpt === 'order1' ? order0 : uniform;
  let bestCost = modeOpt === 'order1' ? Infinity : N * m;
  if (modeOpt === 'auto') {
    const cost0 = codedBits(counts0, t0, S) + weight * tableBits(t0, 0, L);
    if (cost0 < bestCost) {
      best = order0;
      bestCost = cost0;
    }
  }
  const p0 = new Float64Array(L);
  for (let s = 0; s < L; s++) p0[s] = N > 0 ? counts0[s]! / N : 1 / L;
  const w = new Float64Array(L);
  const ctxCounts = new Float64Array(L);
  for (let c = 1; c <= m; c++) {
    const contexts = 1 << c;
    const entries = (1 + contexts) * L;
    if (entries > cap && !(modeOpt === 'order1' && c === 1)) break;
    const freqs = new Uint16Array(entries);
    freqs.set(t0, 0);
    const shift = m - c;
    // The first row of the data is coded with table 0 (as the first row of a block).
    let cost = weight * tableBits(t0, 0, L);
    if (N > 0) cost += S - Math.log2(t0[codes[f]! >>> low]!);
    for (let k = 0; k < contexts; k++) {
      ctxCounts.fill(0);
      for (let p = k << shift; p < (k + 1) << shift; p++) {
        for (let s = 0; s < L; s++) ctxCounts[s]! += pair[p * L + s]!;
      }
      for (let s = 0; s < L; s++) w[s] = ctxCounts[s]! + alpha * p0[s]!;
      quantizeFrequencies(w, S, freqs, (1 + k) * L);
      cost += codedBits(ctxCounts, freqs, S, (1 + k) * L) + weight * tableBits(freqs, (1 + k) * L, (2 + k) * L);
    }
    if (cost < bestCost) {
      bestCost = cost;
      best = { bits: b, mode: MODE_ORDER1, contextBits: c, freqs };
    }
  }
  return best;
}
