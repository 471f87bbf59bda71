// Hostile input to the encoding-2 block decoder: random bytes, truncations, bit flips and crafted
// states. The decoder may only return exactly rowCount x features codes or throw BsqError
// CORRUPT_BLOCK; it never loops without bound (each case below must finish quickly).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError } from '../../src/codec/errors.js';
import { coderTables, SLOT_TABLE_BUDGET } from '../../src/codec/entropy/tables.js';
import {
  maxSymbolsForBody,
  decodeEntropyBlock,
  encodeEntropyBlock,
  fitEntropyModelToCodes,
  uniformEntropyModel,
  type EntropyModel,
} from '../../src/codec/entropy/index.js';

function decodeOrCorrupt(model: EntropyModel, body: Uint8Array, rows: number, F: number): 'ok' | 'corrupt' {
  try {
    const out = decodeEntropyBlock(model, body, rows);
    expect(out.length).toBe(rows * F);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(BsqError);
    expect((e as BsqError).code).toBe('CORRUPT_BLOCK');
    return 'corrupt';
  }
}

const bits = [4, 3, 11];
const rows = 300;
const codes = new Uint16Array(rows * 3);
for (let r = 0, a = 5, b = 2, c = 1000; r < rows; r++) {
  if (r % 7 === 0) a = (a + 1) & 15;
  if (r % 13 === 0) b = (b + 3) & 7;
  c = (c + ((r * 31) % 5) - 2) & 2047;
  codes.set([a, b, c], r * 3);
}
const model = fitEntropyModelToCodes(codes, bits, { mode: 'order1' });
const body = encodeEntropyBlock(model, codes, rows)!;

describe('entropy decoder on hostile bytes', () => {
  it('decodes the untouched body', () => {
    expect(Array.from(decodeEntropyBlock(model, body, rows))).toEqual(Array.from(codes));
  });

  it('random bodies: only CORRUPT_BLOCK or exactly rowCount rows', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), fc.integer({ min: 0, max: 2000 }), (bytes, n) => {
        decodeOrCorrupt(model, bytes, n, 3);
        decodeOrCorrupt(uniformEntropyModel(bits), bytes, n, 3);
      }),
      { numRuns: 400 },
    );
  });

  it('every truncation is detected, most single-bit flips too, and the decoder never fails otherwise', () => {
    for (let len = 0; len < body.length; len++) expect(decodeOrCorrupt(model, body.subarray(0, len), rows, 3)).toBe('corrupt');
    let detected = 0;
    for (let i = 0; i < body.length * 8; i++) {
      const bad = Uint8Array.from(body);
      bad[i >>> 3]! ^= 1 << (i & 7);
      if (decodeOrCorrupt(model, bad, rows, 3) === 'corrupt') detected++;
    }
    // rANS has no redundancy of its own (a flip inside uniformly coded bits just changes a value;
    // the DATA record's CRC-32C catches transport errors). The final-state and length checks
    // still catch most flips; without them none would be caught.
    expect(detected / (body.length * 8)).toBeGreaterThan(0.6);
    expect(decodeOrCorrupt(model, Uint8Array.from([...body, 0]), rows, 3)).toBe('corrupt');
    expect(decodeOrCorrupt(model, body, rows + 1, 3)).toBe('corrupt');
    expect(decodeOrCorrupt(model, body, rows - 1, 3)).toBe('corrupt');
  });

  it('crafted states: out-of-range initial state, all-zero and all-0xFF streams', () => {
    for (const state of [0, 1, 0x7fffff, 0x80000000, 0xffffffff]) {
      for (const at of [0, 4]) {
        const b = new Uint8Array(64);
        new DataView(b.buffer).setUint32(0, 0x800000, true);
        new DataView(b.buffer).setUint32(4, 0x800000, true);
        new DataView(b.buffer).setUint32(at, state, true);
        expect(decodeOrCorrupt(model, b, 10, 3)).toBe('corrupt');
      }
    }
    // A valid-range state followed by zeros or 0xFF for a huge declared row count: must stop at the
    // end of the bytes, not spin.
    for (const fill of [0, 0xff]) {
      const b = new Uint8Array(1 << 12).fill(fill);
      b.set([0, 0, 0x80, 0, 0, 0, 0x80, 0]);
      expect(decodeOrCorrupt(model, b, 1 << 16, 3)).toBe('corrupt');
    }
  });
});

describe('the early row-count bound', () => {
  it('holds for the densest possible blocks (one code of probability 1 - 2^-S, 1-bit feature)', () => {
    for (const S of [8, 12, 15]) {
      const model = fitEntropyModelToCodes(new Uint8Array(100), [1], { scaleBits: S, mode: 'order0' });
      expect(model.features[0]!.freqs[0]).toBe(2 ** S - 1);
      for (const n of [10, 10_000, 1_500_000]) {
        const body = encodeEntropyBlock(model, new Uint8Array(n), n)!;
        expect(n).toBeLessThanOrEqual(maxSymbolsForBody(body.length, S));
        expect(decodeEntropyBlock(model, body, n).length).toBe(n);
      }
    }
  });
});

describe('decoder memory stays bounded for large models', () => {
  it('past the slot-table budget the decoder searches instead, with the same result', () => {
    const bits = Array.from({ length: 40 }, () => 8);
    const rows = 120;
    const codes = new Uint8Array(rows * 40);
    for (let i = 0; i < codes.length; i++) codes[i] = (i * 7 + Math.floor(i / 40) * 3) & 255;
    const model = fitEntropyModelToCodes(codes, bits, { scaleBits: 15, mode: 'order1' });
    expect(model.features[0]!.freqs.length).toBe(17 * 256);
    const T = coderTables(model);
    expect(T.tableSize.length * 2 ** 15).toBeGreaterThan(SLOT_TABLE_BUDGET);
    expect(T.slotSymbols()).toBeUndefined();
    const body = encodeEntropyBlock(model, codes, rows)!;
    expect(Array.from(decodeEntropyBlock(model, body, rows))).toEqual(Array.from(codes));
    // Hostile bytes on the search path: still only CORRUPT_BLOCK.
    for (let k = 0; k < 50; k++) {
      const bad = body.slice();
      bad[8 + ((k * 37) % (bad.length - 8))]! ^= 1 + k;
      decodeOrCorrupt(model, bad, rows, 40);
    }
  });

  it('a model of many uniform features builds no slot tables past the budget', () => {
    const bits = Array.from({ length: 2000 }, () => 8);
    const model = uniformEntropyModel(bits, 15);
    expect(coderTables(model).slotSymbols()).toBeUndefined();
    const codes = Uint8Array.from({ length: 2000 * 3 }, (_, i) => i & 255);
    expect(Array.from(decodeEntropyBlock(model, encodeEntropyBlock(model, codes, 3)!, 3))).toEqual(Array.from(codes));
  });
});
