// Block decoder of encoding 2 (spec/FORMAT.md 4.4): reads the two interleaved rANS states, then
// decodes exactly rowCount x features codes in row-major order with the same context rule as the encoder,
// in one go or chunk by chunk (so a caller can pack rows as they come and never hold the whole
// block's codes). Hostile input: every byte read is bounds-checked, a row count that the body
// cannot possibly hold is refused before any work, the work is fixed by rowCount, and a block must
// end with both states back at 2^23 and every byte consumed; anything else is CORRUPT_BLOCK.

import { BsqError } from '../errors.js';
import { RANS_L, type EntropyModel } from './model.js';
import { coderTables, type CoderTables } from './tables.js';

const STATE_END = 2 ** 31;

function corrupt(msg: string, details?: Record<string, unknown>): never {
  throw new BsqError('CORRUPT_BLOCK', `entropy-coded block: ${msg}`, details);
}

/**
 * Most modelled symbols a body of `bodyBytes` bytes can hold under precision 2^scaleBits: every
 * step lowers the state by at least state / 2^scaleBits (no frequency reaches 2^scaleBits), a read
 * byte raises it by at most 2^8, and the state lives in [2^23, 2^31). (ln 2^8 < 6.)
 */
export function maxSymbolsForBody(bodyBytes: number, scaleBits: number): number {
  // Each of the two states brings at most 8 bits of room, each byte 8 more.
  return Math.max(0, bodyBytes - 6) * 6 * 2 ** scaleBits;
}

/** Incremental decoder of one encoding-2 block: call decodeRows until rowCount rows, then finish. */
export class EntropyBlockDecoder {
  readonly rowCount: number;
  readonly featureCount: number;
  /** Uint8Array codes suffice (every feature has <= 8 bits). */
  readonly narrow: boolean;
  #T: CoderTables;
  #slots: Uint8Array | undefined;
  #body: Uint8Array;
  #x: number;
  #y: number;
  #p = 8;
  #row = 0;
  #next: Int32Array;

  constructor(model: EntropyModel, body: Uint8Array, rowCount: number) {
    const T = coderTables(model);
    this.#T = T;
    this.featureCount = T.featureCount;
    this.narrow = T.narrow;
    if (!Number.isSafeInteger(rowCount) || rowCount < 0) {
      throw new BsqError('INVALID_ARGUMENT', `decodeEntropyBlock: rowCount ${rowCount} is not a non-negative integer`);
    }
    this.rowCount = rowCount;
    const end = body.length;
    if (end < 8) corrupt(`body of ${end} bytes is shorter than its two 4-byte states`, { length: end });
    const x = (body[0]! | (body[1]! << 8) | (body[2]! << 16) | (body[3]! << 24)) >>> 0;
    const y = (body[4]! | (body[5]! << 8) | (body[6]! << 16) | (body[7]! << 24)) >>> 0;
    if (x < RANS_L || x >= STATE_END) corrupt(`initial state A 0x${x.toString(16)} is outside [2^23, 2^31)`);
    if (y < RANS_L || y >= STATE_END) corrupt(`initial state B 0x${y.toString(16)} is outside [2^23, 2^31)`);
    if (rowCount * T.featureCount > maxSymbolsForBody(end, T.scaleBits)) {
      corrupt(`${end} bytes cannot hold ${rowCount} rows of ${T.featureCount} codes`, { rowCount, length: end });
    }
    this.#x = x;
    this.#y = y;
    this.#body = body;
    this.#next = Int32Array.from(T.tableBase);
    this.#slots = T.slotSymbols();
  }

  /** Decodes the next `rows` rows into `out` (from index 0, rows x features codes). */
  decodeRows(out: Uint8Array | Uint16Array, rows: number): void {
    const T = this.#T;
    const F = T.featureCount;
    if (!Number.isInteger(rows) || rows < 0 || this.#row + rows > this.rowCount || out.length < rows * F) {
      throw new BsqError('INVALID_ARGUMENT', `decodeRows: ${rows} rows do not fit (row ${this.#row} of ${this.rowCount}, output ${out.length})`);
    }
    if (rows === 0) return;
    const body = this.#body;
    const end = body.length;
    const S = T.scaleBits;
    const mask = (1 << S) - 1;
    const { low, shift, ctxOff, tableBase, tableEntry, packed } = T;
    const slots = this.#slots;
    // next[f]: global index of the table feature f uses in the next row (table 0 in row 0).
    const next = this.#next;
    // Two interleaved states: x codes the current step, y the next one; they swap after each step.
    let x = this.#x;
    let y = this.#y;
    let p = this.#p;
    const n = rows * F;
    if (T.narrow && slots !== undefined) {
      // No bypass bits: the hot loop, two steps (one per state) per iteration so that the two
      // dependency chains overlap.
      let o = 0;
      let f = 0;
      for (; o + 1 < n; o += 2) {
        const ga = next[f]!;
        const sla = x & mask;
        const sa = slots[(ga << S) | sla]!;
        const va = packed[tableEntry[ga]! + sa]!;
        x = (va & 0xffff) * (x >>> S) + sla - (va >>> 16);
        next[f] = tableBase[f]! + ctxOff[f]! + (sa >>> shift[f]!);
        out[o] = sa;
        const f1 = f + 1 === F ? 0 : f + 1;
        const gb = next[f1]!;
        const slb = y & mask;
        const sb = slots[(gb << S) | slb]!;
        const vb = packed[tableEntry[gb]! + sb]!;
        y = (vb & 0xffff) * (y >>> S) + slb - (vb >>> 16);
        next[f1] = tableBase[f1]! + ctxOff[f1]! + (sb >>> shift[f1]!);
        out[o + 1] = sb;
        f = f1 + 1 === F ? 0 : f1 + 1;
        while (x < RANS_L) {
          if (p >= end) corrupt('ran past the end of the body', { row: this.#row + Math.floor(o / F) });
          x = (x << 8) | body[p++]!;
        }
        while (y < RANS_L) {
          if (p >= end) corrupt('ran past the end of the body', { row: this.#row + Math.floor(o / F) });
          y = (y << 8) | body[p++]!;
        }
      }
      if (o < n) {
        const g = next[f]!;
        const slot = x & mask;
        const s = slots[(g << S) | slot]!;
        const v = packed[tableEntry[g]! + s]!;
        x = (v & 0xffff) * (x >>> S) + slot - (v >>> 16);
        while (x < RANS_L) {
          if (p >= end) corrupt('ran past the end of the body', { row: this.#row + rows - 1, feature: f });
          x = (x << 8) | body[p++]!;
        }
        next[f] = tableBase[f]! + ctxOff[f]! + (s >>> shift[f]!);
        out[o] = s;
        const t = x;
        x = y;
        y = t;
      }
    } else {
      // Bypass bits and/or no slot tables (a model too large for them): the general loop.
      const { tableSize } = T;
      for (let o = 0, f = 0; o < n; o++) {
        const g = next[f]!;
        const slot = x & mask;
        let s: number;
        if (slots !== undefined) {
          s = slots[(g << S) | slot]!;
        } else {
          // Binary search for the last symbol whose start is <= slot.
          const e0 = tableEntry[g]!;
          let lo = 0;
          let hi = tableSize[g]! - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >>> 1;
            if (packed[e0 + mid]! >>> 16 <= slot) lo = mid;
            else hi = mid - 1;
          }
          s = lo;
        }
        const v = packed[tableEntry[g]! + s]!;
        x = (v & 0xffff) * (x >>> S) + slot - (v >>> 16);
        while (x < RANS_L) {
          if (p >= end) corrupt('ran past the end of the body', { row: this.#row + Math.floor(o / F), feature: f });
          x = (x << 8) | body[p++]!;
        }
        next[f] = tableBase[f]! + ctxOff[f]! + (s >>> shift[f]!);
        let t = x;
        x = y;
        y = t;
        const lb = low[f]!;
        if (lb === 0) {
          out[o] = s;
        } else {
          // Bypass step: lb uniform bits, frequency 2^(S - lb).
          const sh = S - lb;
          const sl = x & mask;
          x = (1 << sh) * (x >>> S) + (sl & ((1 << sh) - 1));
          while (x < RANS_L) {
            if (p >= end) corrupt('ran past the end of the body', { row: this.#row + Math.floor(o / F), feature: f });
            x = (x << 8) | body[p++]!;
          }
          out[o] = (s << lb) | (sl >>> sh);
          t = x;
          x = y;
          y = t;
        }
        if (++f === F) f = 0;
      }
    }
    this.#x = x;
    this.#y = y;
    this.#p = p;
    this.#row += rows;
  }

  /** Checks the end of the block: all rows decoded, state back at 2^23, every byte consumed. */
  finish(): void {
    if (this.#row !== this.rowCount) throw new BsqError('INVALID_ARGUMENT', `finish: ${this.#row} of ${this.rowCount} rows decoded`);
    if (this.#x !== RANS_L || this.#y !== RANS_L) {
      corrupt(`final states 0x${this.#x.toString(16)}, 0x${this.#y.toString(16)} are not 2^23 (wrong model or damaged data)`);
    }
    const extra = this.#body.length - this.#p;
    if (extra !== 0) corrupt(`${extra} bytes left after the last row`, { extra });
  }
}

/**
 * Decodes an encoding-2 block body into row-major codes (Uint8Array when every feature has <= 8
 * bits, else Uint16Array). `out`, when given, must have exactly rowCount x features elements.
 */
export function decodeEntropyBlock(
  model: EntropyModel,
  body: Uint8Array,
  rowCount: number,
  out?: Uint8Array | Uint16Array,
): Uint8Array | Uint16Array {
  const T = coderTables(model);
  if (Number.isSafeInteger(rowCount) && rowCount >= 0) {
    const n = rowCount * T.featureCount;
    if (out && out.length !== n) throw new BsqError('INVALID_ARGUMENT', `decodeEntropyBlock: output has ${out.length} elements, expected ${n}`);
  }
  const dec = new EntropyBlockDecoder(model, body, rowCount);
  const codes = out ?? (dec.narrow ? new Uint8Array(rowCount * dec.featureCount) : new Uint16Array(rowCount * dec.featureCount));
  dec.decodeRows(codes, rowCount);
  dec.finish();
  return codes;
}
