// The static entropy model of encoding 2 (spec/FORMAT.md 4.4): per feature, integer code
// frequencies that sum to 2^scaleBits, either uniform, order 0, or order 1 (conditioned on the
// previous row's code of the same feature). This module holds the types, the constants of the
// coder, the shape rules (how many tables of how many entries a feature has) and validation.

import { BsqError } from '../errors.js';

/** rANS lower bound of the normalised state: states live in [RANS_L, 2^31). */
export const RANS_L = 1 << 23;
/** At most this many high bits of a code are modelled; lower bits are sent uniformly (bypass). */
export const MAX_MODELLED_BITS = 8;
/** Allowed range of the model-wide frequency precision (tables sum to 2^scaleBits). */
export const MIN_SCALE_BITS = 8;
export const MAX_SCALE_BITS = 15;
/** Default precision used by the fitter. */
export const DEFAULT_SCALE_BITS = 12;

/** How a feature is modelled: uniform (no table), order 0 (one table), order 1 (1 + 2^c tables). */
export const MODE_UNIFORM = 0;
export const MODE_ORDER0 = 1;
export const MODE_ORDER1 = 2;
export type EntropyMode = typeof MODE_UNIFORM | typeof MODE_ORDER0 | typeof MODE_ORDER1;

export interface EntropyFeatureModel {
  /** Code width of the feature (1..16), as in the codec. */
  readonly bits: number;
  readonly mode: EntropyMode;
  /** Order 1 only: the context is the top `contextBits` bits of the previous modelled symbol (1..m). */
  readonly contextBits: number;
  /**
   * Frequencies, `tableCount x 2^m` entries (m = modelledBits(bits)), table after table. Table 0 is
   * the order-0 table (first row of a block, and every row in order-0 mode); table 1 + k is the
   * order-1 table for context k. Each table sums to 2^scaleBits and every entry is >= 1.
   */
  readonly freqs: Uint16Array;
}

export interface EntropyModel {
  readonly scaleBits: number;
  readonly features: readonly EntropyFeatureModel[];
}

/** Number of high code bits that are entropy coded for a feature of `bits` bits. */
export function modelledBits(bits: number): number {
  return bits < MAX_MODELLED_BITS ? bits : MAX_MODELLED_BITS;
}

/** Number of frequency tables a feature stores in the model (0 for uniform). */
export function tableCount(mode: EntropyMode, contextBits: number): number {
  if (mode === MODE_UNIFORM) return 0;
  if (mode === MODE_ORDER0) return 1;
  return 1 + (1 << contextBits);
}

/** Stored entries (u16) of a feature. */
export function featureEntryCount(bits: number, mode: EntropyMode, contextBits: number): number {
  return tableCount(mode, contextBits) << modelledBits(bits);
}

/**
 * Checks a model against the rules of spec/FORMAT.md 4.4 and the codec's bit widths. Throws
 * BsqError(`code`) naming the feature. `names` (codec order) only improves messages.
 */
export function validateEntropyModel(
  model: EntropyModel,
  bits: ArrayLike<number>,
  names?: ArrayLike<string>,
  code: 'INVALID_CODEC' | 'INVALID_ARGUMENT' = 'INVALID_CODEC',
): void {
  const S = model.scaleBits;
  if (!Number.isInteger(S) || S < MIN_SCALE_BITS || S > MAX_SCALE_BITS) {
    throw new BsqError(code, `entropy model: scaleBits ${S} is outside ${MIN_SCALE_BITS}..${MAX_SCALE_BITS}`, { scaleBits: S });
  }
  if (model.features.length !== bits.length) {
    throw new BsqError(code, `entropy model has ${model.features.length} features, the codec has ${bits.length}`, {
      modelFeatures: model.features.length,
      codecFeatures: bits.length,
    });
  }
  const M = 1 << S;
  for (let f = 0; f < bits.length; f++) {
    const fm = model.features[f]!;
    const label = names ? `feature ${f} ("${names[f]}")` : `feature ${f}`;
    const fail = (msg: string, extra?: Record<string, unknown>): never => {
      throw new BsqError(code, `entropy model, ${label}: ${msg}`, { feature: f, ...(names ? { name: names[f] } : {}), ...extra });
    };
    if (fm.bits !== bits[f]) fail(`bits ${fm.bits} differ from the codec's ${bits[f]}`);
    const m = modelledBits(fm.bits);
    if (fm.mode !== MODE_UNIFORM && fm.mode !== MODE_ORDER0 && fm.mode !== MODE_ORDER1) fail(`unknown mode ${fm.mode}`);
    if (fm.mode === MODE_ORDER1) {
      if (!Number.isInteger(fm.contextBits) || fm.contextBits < 1 || fm.contextBits > m) {
        fail(`contextBits ${fm.contextBits} is outside 1..${m}`);
      }
    } else if (fm.contextBits !== 0) {
      fail(`contextBits must be 0 unless the mode is order 1 (got ${fm.contextBits})`);
    }
    const L = 1 << m;
    const expected = tableCount(fm.mode, fm.contextBits) * L;
    if (fm.freqs.length !== expected) fail(`has ${fm.freqs.length} frequencies, expected ${expected}`);
    for (let t = 0; t < expected; t += L) {
      let sum = 0;
      for (let s = 0; s < L; s++) {
        const v = fm.freqs[t + s]!;
        if (v === 0) fail(`table ${t / L} gives code ${s} probability zero`, { table: t / L, symbol: s });
        sum += v;
      }
      if (sum !== M) fail(`table ${t / L} sums to ${sum}, expected 2^${S} = ${M}`, { table: t / L, sum });
    }
  }
}

/** A model where every feature is uniform: coding costs exactly `bits` per value (plus framing). */
export function uniformEntropyModel(bits: ArrayLike<number>, scaleBits = DEFAULT_SCALE_BITS): EntropyModel {
  const features: EntropyFeatureModel[] = [];
  for (let f = 0; f < bits.length; f++) {
    features.push({ bits: bits[f]!, mode: MODE_UNIFORM, contextBits: 0, freqs: new Uint16Array(0) });
  }
  return { scaleBits, features };
}
