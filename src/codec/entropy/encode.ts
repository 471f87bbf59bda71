// Block encoder of encoding 2: byte-wise rANS (two interleaved 32-bit states, lower bound 2^23;
// steps alternate between them) over the codes of one block in row-major order, each modelled
// symbol coded with the table of its context (first row: table 0; later rows of an order-1
// feature: table 1 + previous symbol >> shift), bypass bits of features wider than 8 bits coded
// uniformly as a step of their own after their symbol. rANS encodes back to front; the body is the
// two final states (A then B, u32 LE) followed by the bytes in the order the decoder reads them.

import { BsqError } from '../errors.js';
import { RANS_L, type EntropyModel } from './model.js';
import { coderTables } from './tables.js';

/**
 * Entropy-codes `rowCount` rows of row-major `codes` with `model` (validated). Returns the
 * encoding-2 block body, or `null` when it would be longer than `maxBytes` (then the caller
 * writes the block raw). Codes must fit their feature's bits (INVALID_ARGUMENT otherwise).
 */
export function encodeEntropyBlock(
  model: EntropyModel,
  codes: ArrayLike<number>,
  rowCount: number,
  maxBytes = Infinity,
): Uint8Array | null {
  const T = coderTables(model);
  const F = T.featureCount;
  if (!Number.isInteger(rowCount) || rowCount < 0 || codes.length !== rowCount * F) {
    throw new BsqError('INVALID_ARGUMENT', `encodeEntropyBlock: ${codes.length} codes do not make ${rowCount} rows of ${F} features`);
  }
  const S = T.scaleBits;
  const unit = 2 ** (31 - S); // x_max(freq) = freq * 2^(31 - S) = ((RANS_L >> S) << 8) * freq
  const { m, low, shift, ctxOff, entryBase, packed } = T;
  const rcp = T.rcp();
  // Each coded step emits at most 2 bytes (S <= 15), plus 8 for the final states.
  let symbols = rowCount * F;
  if (!T.narrow) for (let f = 0; f < F; f++) if (low[f]! > 0) symbols += rowCount;
  const bound = 8 + 2 * symbols;
  const cap = Math.min(bound, Math.max(0, Math.floor(maxBytes)));
  if (cap < 8) return null;
  const buf = new Uint8Array(cap);
  let pos = cap;
  const floor = 8; // keep room for the states
  // x codes the current step, y the other state; they swap after every step. Both start at 2^23,
  // so which is A does not matter until the end: after step 0 (coded last) A is in y.
  let x = RANS_L;
  let y = RANS_L;
  let t = 0;
  if (T.narrow && codes instanceof Uint8Array) {
    // Fast path: no bypass bits, and the codes are integers 0..255 by type; only the width is checked.
    for (let i = rowCount * F - 1, f = F - 1; i >= 0; i--) {
      const s = codes[i]!;
      const mf = m[f]!;
      if (s >>> mf !== 0) {
        const r = Math.floor(i / F);
        throw new BsqError('INVALID_ARGUMENT', `encodeEntropyBlock: code ${s} at row ${r}, feature ${f} does not fit in ${mf} bits`, { row: r, feature: f });
      }
      let e = entryBase[f]! + s;
      if (i >= F) e += (ctxOff[f]! + (codes[i - F]! >>> shift[f]!)) << mf;
      const v = packed[e]!;
      const fr = v & 0xffff;
      const xmax = fr * unit;
      while (x >= xmax) {
        if (pos <= floor) return null;
        buf[--pos] = x & 0xff;
        x >>>= 8;
      }
      const q = (x * rcp[e]!) | 0; // = floor(x / fr), see tables.ts
      x = (q << S) + (x - q * fr) + (v >>> 16);
      t = x;
      x = y;
      y = t;
      if (--f < 0) f = F - 1;
    }
  } else {
    for (let r = rowCount - 1; r >= 0; r--) {
      const rowBase = r * F;
      for (let f = F - 1; f >= 0; f--) {
        const code = codes[rowBase + f]!;
        const lb = low[f]!;
        const mf = m[f]!;
        if (!(code >>> 0 === code) || code >>> (lb + mf) !== 0) {
          throw new BsqError('INVALID_ARGUMENT', `encodeEntropyBlock: code ${code} at row ${r}, feature ${f} does not fit in ${lb + mf} bits`, {
            row: r,
            feature: f,
          });
        }
        if (lb !== 0) {
          // Bypass bits: frequency 2^(S - lb), start = value << (S - lb).
          const sh = S - lb;
          const fr = 1 << sh;
          const xmax = fr * unit;
          while (x >= xmax) {
            if (pos <= floor) return null;
            buf[--pos] = x & 0xff;
            x >>>= 8;
          }
          x = ((x >>> sh) << S) + (x & (fr - 1)) + ((code & ((1 << lb) - 1)) << sh);
          t = x;
          x = y;
          y = t;
        }
        const s = code >>> lb;
        let e = entryBase[f]! + s;
        if (r > 0) {
          const prev = codes[rowBase - F + f]! >>> lb;
          e += (ctxOff[f]! + (prev >>> shift[f]!)) << mf;
        }
        const v = packed[e]!;
        const fr = v & 0xffff;
        const xmax = fr * unit;
        while (x >= xmax) {
          if (pos <= floor) return null;
          buf[--pos] = x & 0xff;
          x >>>= 8;
        }
        const q = (x * rcp[e]!) | 0; // = floor(x / fr), see tables.ts
        x = (q << S) + (x - q * fr) + (v >>> 16);
        t = x;
        x = y;
        y = t;
      }
    }
  }
  if (pos < floor) return null;
  pos -= 8;
  // State A (the one that coded step 0) is in y, state B in x.
  buf[pos] = y & 0xff;
  buf[pos + 1] = (y >>> 8) & 0xff;
  buf[pos + 2] = (y >>> 16) & 0xff;
  buf[pos + 3] = y >>> 24;
  buf[pos + 4] = x & 0xff;
  buf[pos + 5] = (x >>> 8) & 0xff;
  buf[pos + 6] = (x >>> 16) & 0xff;
  buf[pos + 7] = x >>> 24;
  return pos === 0 ? buf : buf.slice(pos);
}
