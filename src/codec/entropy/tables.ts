// Coder tables derived from a validated entropy model: flat typed arrays shared by the block
// encoder and decoder (cumulative starts, frequencies, and per-table slot -> symbol maps), plus
// the per-feature addressing (where a feature's tables start, how the context is formed).
// Built once per model and cached. The decoder's slot tables (2^scaleBits bytes per table) are
// only built while they stay within SLOT_TABLE_BUDGET, so a small hostile model record cannot make
// a reader allocate much more than the model and codec records themselves; past it the decoder
// finds symbols by binary search over the starts instead (slower, same result).

import { BsqError } from '../errors.js';
import { MODE_ORDER1, MODE_UNIFORM, modelledBits, validateEntropyModel, type EntropyModel } from './model.js';

export interface CoderTables {
  readonly scaleBits: number;
  readonly featureCount: number;
  /** True iff every feature has <= 8 bits (codes fit a Uint8Array, no bypass bits). */
  readonly narrow: boolean;
  /** Per feature: modelled bits m, bypass bits (b - m), context shift (order 1: m - c; else 8). */
  readonly m: Uint8Array;
  readonly low: Uint8Array;
  readonly shift: Uint8Array;
  /** Per feature: 1 if order 1 (rows after the first use table 1 + context), else 0. */
  readonly ctxOff: Uint8Array;
  /** Per feature: global index of its table 0, and entry offset of its table 0. */
  readonly tableBase: Int32Array;
  readonly entryBase: Int32Array;
  /** Per entry (table-major, 2^m entries per table): freq | start << 16 (one load per symbol). */
  readonly packed: Uint32Array;
  /** Per entry (built on first encode): (1 + 2^-48) / freq, so floor(x * rcp) = floor(x / freq) for every x < 2^31. */
  rcp(): Float64Array;
  /** Per global table: entry offset of its first symbol. */
  readonly tableEntry: Int32Array;
  /** Per global table: number of symbols (2^m). */
  readonly tableSize: Int32Array;
  /**
   * Per global table, 2^scaleBits slots: the symbol owning the slot (built on first decode), or
   * undefined when that would exceed SLOT_TABLE_BUDGET bytes.
   */
  slotSymbols(): Uint8Array | undefined;
}

const cache = new WeakMap<EntropyModel, CoderTables>();

/** Most bytes of decoder slot tables built for one model (16 MiB). */
export const SLOT_TABLE_BUDGET = 16 * 1024 * 1024;

/**
 * Coder tables of `model`, cached per model object (models are treated as immutable). The model is
 * validated on first use (INVALID_ARGUMENT), so the public kernel functions never run on a model
 * that breaks the rules (a zero frequency, a table that does not sum to 2^scaleBits, ...).
 */
export function coderTables(model: EntropyModel): CoderTables {
  let t = cache.get(model);
  if (!t) {
    if (model === null || typeof model !== 'object' || !Array.isArray(model.features)) {
      throw new BsqError('INVALID_ARGUMENT', 'expected an entropy model');
    }
    validateEntropyModel(
      model,
      model.features.map((f) => f.bits),
      undefined,
      'INVALID_ARGUMENT',
    );
    t = buildTables(model);
    cache.set(model, t);
  }
  return t;
}

function buildTables(model: EntropyModel): CoderTables {
  const S = model.scaleBits;
  const M = 1 << S;
  const F = model.features.length;
  const m = new Uint8Array(F);
  const low = new Uint8Array(F);
  const shift = new Uint8Array(F);
  const ctxOff = new Uint8Array(F);
  const tableBase = new Int32Array(F);
  const entryBase = new Int32Array(F);
  let tables = 0;
  let entries = 0;
  let narrow = true;
  for (let f = 0; f < F; f++) {
    const fm = model.features[f]!;
    const mf = modelledBits(fm.bits);
    m[f] = mf;
    low[f] = fm.bits - mf;
    if (fm.bits > 8) narrow = false;
    // Uniform features get one implicit uniform table so the coding loop has no special case.
    const count = fm.mode === MODE_UNIFORM ? 1 : fm.freqs.length >>> mf;
    ctxOff[f] = fm.mode === MODE_ORDER1 ? 1 : 0;
    shift[f] = fm.mode === MODE_ORDER1 ? mf - fm.contextBits : 8;
    tableBase[f] = tables;
    entryBase[f] = entries;
    tables += count;
    entries += count << mf;
  }
  // One u32 per entry: freq | start << 16 (4 bytes per stored frequency, so the tables stay
  // proportional to the model record).
  const packed = new Uint32Array(entries);
  const tableEntry = new Int32Array(tables);
  const tableSize = new Int32Array(tables);
  for (let f = 0; f < F; f++) {
    const fm = model.features[f]!;
    const L = 1 << m[f]!;
    const base = entryBase[f]!;
    const count = fm.mode === MODE_UNIFORM ? 1 : fm.freqs.length / L;
    for (let k = 0; k < count; k++) {
      const e0 = base + k * L;
      tableEntry[tableBase[f]! + k] = e0;
      tableSize[tableBase[f]! + k] = L;
      let c = 0;
      for (let s = 0; s < L; s++) {
        const fr = fm.mode === MODE_UNIFORM ? M / L : fm.freqs[k * L + s]!;
        packed[e0 + s] = (fr | (c << 16)) >>> 0;
        c += fr;
      }
    }
  }
  let rcpTable: Float64Array | undefined;
  const rcp = (): Float64Array => {
    if (!rcpTable) {
      rcpTable = new Float64Array(entries);
      for (let e = 0; e < entries; e++) rcpTable[e] = (1 + 2 ** -48) / (packed[e]! & 0xffff);
    }
    return rcpTable;
  };
  let slots: Uint8Array | undefined;
  const slotSymbols = (): Uint8Array | undefined => {
    if (tables * M > SLOT_TABLE_BUDGET) return undefined;
    if (!slots) {
      slots = new Uint8Array(tables * M);
      for (let t = 0; t < tables; t++) {
        const e0 = tableEntry[t]!;
        const L = tableSize[t]!;
        let o = t * M;
        for (let s = 0; s < L; s++) {
          const fr = packed[e0 + s]! & 0xffff;
          slots.fill(s, o, o + fr);
          o += fr;
        }
      }
    }
    return slots;
  };
  return { scaleBits: S, featureCount: F, narrow, m, low, shift, ctxOff, tableBase, entryBase, packed, rcp, tableEntry, tableSize, slotSymbols };
}
