// Block decoder of encoding 2 (spec/FORMAT.md 4.4): reads the initial rANS state, then decodes
// exactly rowCount x features codes in row-major order with the same context rule as the encoder.
// Hostile input: every byte read is bounds-checked, the work is fixed by rowCount (each step reads
// at most 2 bytes), and a block must end with the state back at 2^23 and every byte consumed;
// anything else is BsqError CORRUPT_BLOCK. Never allocates more than the declared output.

import { BsqError } from '../errors.js';
import { RANS_L, type EntropyModel } from './model.js';
import { coderTables } from './tables.js';

const STATE_END = 2 ** 31;

function corrupt(msg: string, details?: Record<string, unknown>): never {
  throw new BsqError('CORRUPT_BLOCK', `entropy-coded block: ${msg}`, details);
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
  const F = T.featureCount;
  if (!Number.isInteger(rowCount) || rowCount < 0) {
    throw new BsqError('INVALID_ARGUMENT', `decodeEntropyBlock: rowCount ${rowCount} is not a non-negative integer`);
  }
  const n = rowCount * F;
  if (out) {
    if (out.length !== n) throw new BsqError('INVALID_ARGUMENT', `decodeEntropyBlock: output has ${out.length} elements, expected ${n}`);
  } else {
    out = T.narrow ? new Uint8Array(n) : new Uint16Array(n);
  }
  const end = body.length;
  if (end < 4) corrupt(`body of ${end} bytes is shorter than the 4-byte state`, { length: end });
  let x = (body[0]! | (body[1]! << 8) | (body[2]! << 16) | (body[3]! << 24)) >>> 0;
  if (x < RANS_L || x >= STATE_END) corrupt(`initial state 0x${x.toString(16)} is outside [2^23, 2^31)`);
  let p = 4;
  const S = T.scaleBits;
  const mask = (1 << S) - 1;
  const { m, low, shift, ctxOff, tableBase, entryBase, freq, cum } = T;
  const slots = T.slotSymbols();
  const prev = new Int32Array(F);
  let o = 0;
  for (let r = 0; r < rowCount; r++) {
    const first = r === 0 ? 0 : 1;
    for (let f = 0; f < F; f++) {
      const mf = m[f]!;
      const t = first * (ctxOff[f]! + (prev[f]! >>> shift[f]!));
      const slot = x & mask;
      const s = slots[((tableBase[f]! + t) << S) | slot]!;
      const e = entryBase[f]! + (t << mf) + s;
      x = freq[e]! * (x >>> S) + slot - cum[e]!;
      while (x < RANS_L) {
        if (p >= end) corrupt('ran past the end of the body', { row: r, feature: f });
        x = (x << 8) | body[p++]!;
      }
      prev[f] = s;
      const lb = low[f]!;
      if (lb === 0) {
        out[o++] = s;
      } else {
        const sh = S - lb;
        const sl = x & mask;
        x = (1 << sh) * (x >>> S) + (sl & ((1 << sh) - 1));
        while (x < RANS_L) {
          if (p >= end) corrupt('ran past the end of the body', { row: r, feature: f });
          x = (x << 8) | body[p++]!;
        }
        out[o++] = (s << lb) | (sl >>> sh);
      }
    }
  }
  if (x !== RANS_L) corrupt(`final state 0x${x.toString(16)} is not 2^23 (wrong model or damaged data)`);
  if (p !== end) corrupt(`${end - p} bytes left after the last row`, { extra: end - p });
  return out;
}
