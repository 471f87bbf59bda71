// The state of the adaptive context model of encoding 3 (spec/FORMAT.md 4.5) and its memory
// layout: per feature, bit counters for the "same code as the previous row" decision (two
// contexts), for the sign and exponent bits of a change (three contexts of the feature) and for its
// mantissa bits (the absolute position of the codes still possible); small logistic mixers per
// feature, and the feature's history. Reset puts every counter at p = 1/2, n = 0 and every weight
// at its initial value. The RAM formula the generated C states is adaptiveStateBytes().

import { BsqError } from '../errors.js';
import { STRETCH } from './tables.js';

/** Largest number of modelled bits per code; wider codes send the rest uncoded. */
export const ADAPTIVE_MAX_MODELLED_BITS = 8;
/** Bits of the previous code that select counters (E1 and G1). */
export const ADAPTIVE_CONTEXT_BITS = 4;
/** Counters of E2 (the row so far and the feature's last step) per feature. */
export const E2_SIZE = 24;
/** Inputs of the E mixer (E1, E2, bias), of a sign or exponent mixer (G1, G2, G3, bias) and of the mantissa mixer (GP, bias). */
export const E_INPUTS = 3;
export const G_INPUTS = 4;
export const GM_INPUTS = 2;
/** Initial counter: p = 4096 of 8192 (1/2), n = 0; stored as p << 3 | n. */
export const COUNTER_INIT = 4096 << 3;
/** Mixer weights: scale 16384 = 1.0, initial value, limit (|w| <= WEIGHT_LIMIT). */
export const WEIGHT_ONE = 16384;
export const WEIGHT_INIT = 6144;
export const WEIGHT_LIMIT = 131071;


/** Layout of one feature's state. */
export interface FeatureLayout {
  bits: number;
  /** Modelled bits m = min(bits, 8) and bypass bits k = bits - m. */
  m: number;
  k: number;
  /** Context bits of the previous code, cb = min(m, 4). */
  cb: number;
  /**
   * Exponent levels of the change: ex = m, or m + 1 when k > 0 (the modelled part may then stay
   * the same, so |sd| + 1 is coded). ns = 2ex - 1 sign and exponent nodes.
   */
  ex: number;
  ns: number;
  /** Counters of GP per sign: q = 2^(m+1) - 2^(m-ex+2). */
  q: number;
  /** Offsets into the counter array. */
  e1: number;
  e2: number;
  g1: number;
  g2: number;
  g3: number;
  gp: number;
  /** Offsets into the weight array: WE, WG (ex sets), WM. */
  we: number;
  wg: number;
  wm: number;
}

export interface AdaptiveLayout {
  features: FeatureLayout[];
  counterCount: number;
  weightCount: number;
}

export function adaptiveLayout(bits: readonly number[]): AdaptiveLayout {
  let c = 0;
  let w = 0;
  const features = bits.map((b) => {
    if (!Number.isInteger(b) || b < 1 || b > 16) throw new BsqError('INVALID_ARGUMENT', `feature bits must be 1..16, got ${b}`);
    const m = Math.min(b, ADAPTIVE_MAX_MODELLED_BITS);
    const cb = Math.min(m, ADAPTIVE_CONTEXT_BITS);
    const ex = b > m ? m + 1 : m;
    const ns = 2 * ex - 1;
    const q = 2 ** (m + 1) - 2 ** (m - ex + 2);
    const f: FeatureLayout = { bits: b, m, k: b - m, cb, ex, ns, q, e1: 0, e2: 0, g1: 0, g2: 0, g3: 0, gp: 0, we: 0, wg: 0, wm: 0 };
    f.e1 = c;
    c += 1 << cb;
    f.e2 = c;
    c += E2_SIZE;
    f.g1 = c;
    c += (1 << cb) * ns;
    f.g2 = c;
    c += (2 * m + 1) * ns;
    f.g3 = c;
    c += (2 * m + 2) * ns;
    f.gp = c;
    c += 2 * q;
    f.we = w;
    w += E_INPUTS;
    f.wg = w;
    w += G_INPUTS * ex;
    f.wm = w;
    w += GM_INPUTS;
    return f;
  });
  // an even count keeps the C struct free of padding (its weights follow the u16 counters)
  c += c & 1;
  return { features, counterCount: c, weightCount: w };
}

/**
 * Bytes of model state for features of these widths, as the generated C holds it: 2 per counter,
 * 4 per weight, 4 per feature of history (previous code u16, the changed bit u8, the last change's
 * context u8).
 */
export function adaptiveStateBytes(bits: readonly number[]): number {
  const L = adaptiveLayout(bits);
  return 2 * L.counterCount + 4 * L.weightCount + 4 * bits.length;
}

/** Entries per feature row of AdaptiveState.mem: 14 layout constants, padding, 3 history fields, padding. */
export const ROW_STRIDE = 20;
/** Offsets in a feature row: layout m, k, cb, ns, ex, e1, e2, g1, g2, g3, gp, we, wg, wm at 0..13 (we, wg, wm as mem offsets), then the history. */
export const ROW_PREV = 16;
export const ROW_CHANGED = 17;
export const ROW_LAST = 18;

/**
 * The mutable model state; one per stream (or per block when every block resets). Everything the
 * coding loop touches is one Int32Array `mem` (one base pointer in the optimized loop): the
 * counters, then the weights, then one row per feature (its layout constants and its history).
 */
export class AdaptiveState {
  readonly layout: AdaptiveLayout;
  readonly mem: Int32Array;
  /** Counters as stretch(p >> 1) << 16 | p << 3 | n (the low 16 bits are the spec's p * 8 + n); a view of mem. */
  readonly counters: Int32Array;
  /** Mixer weights; a view of mem. */
  readonly weights: Int32Array;
  /** mem offset of the feature rows (ROW_STRIDE each). */
  readonly rowBase: number;

  constructor(bits: readonly number[]) {
    this.layout = adaptiveLayout(bits);
    const cc = this.layout.counterCount;
    const wc = this.layout.weightCount;
    const F = bits.length;
    this.rowBase = cc + wc;
    this.mem = new Int32Array(this.rowBase + F * ROW_STRIDE);
    this.counters = this.mem.subarray(0, cc);
    this.weights = this.mem.subarray(cc, cc + wc);
    this.layout.features.forEach((L, f) => {
      this.mem.set([L.m, L.k, L.cb, L.ns, L.ex, L.e1, L.e2, L.g1, L.g2, L.g3, L.gp, cc + L.we, cc + L.wg, cc + L.wm], this.rowBase + f * ROW_STRIDE);
    });
    this.reset();
  }

  /** The previous row's code of feature f (what the next row's codes are coded against). */
  previousCode(f: number): number {
    return this.mem[this.rowBase + f * ROW_STRIDE + ROW_PREV]!;
  }

  reset(): void {
    this.counters.fill((STRETCH[COUNTER_INIT >>> 4]! << 16) | COUNTER_INIT);
    this.weights.fill(WEIGHT_INIT);
    for (let f = 0; f < this.layout.features.length; f++) {
      this.mem.fill(0, this.rowBase + f * ROW_STRIDE + ROW_PREV, this.rowBase + (f + 1) * ROW_STRIDE);
    }
  }
}
