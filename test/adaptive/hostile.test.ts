// Hostile input to encoding 3: random bodies behind valid CRCs, appended bytes, short bodies, seq
// in files, huge row counts on tiny bodies, and every single bit flip of a record. Decoding may
// only return exactly rowCount rows of valid codes or throw BsqError; work is bounded by rowCount.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError, FLAG_CRITICAL, RECORD_DATA, decodeDataRecord, encodeDataRecord, encodeRecord } from '../../src/internals.js';
import { codecOf, walk } from './helpers.js';

function dataRecord(rowCount: number, body: Uint8Array): Uint8Array {
  const payload = new Uint8Array(5 + body.length);
  new DataView(payload.buffer).setUint32(0, rowCount, true);
  payload[4] = 3;
  payload.set(body, 5);
  return encodeRecord(RECORD_DATA, FLAG_CRITICAL, payload);
}

function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(BsqError);
    return (e as BsqError).code;
  }
}

describe('encoding 3, hostile input', () => {
  const bits = [4, 1, 12];
  const codec = codecOf(bits);

  it('random bodies with seq 0 behind a valid CRC: rowCount rows of valid codes, or CORRUPT_BLOCK', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.uint8Array({ maxLength: 300 }), (rows, junk) => {
        const body = new Uint8Array(2 + junk.length);
        body.set(junk, 2);
        const rec = dataRecord(rows, body);
        const r = outcome(() => {
          const b = decodeDataRecord(codec, rec);
          expect(b.rowCount).toBe(rows);
          const codes = codec.decodeCodes(b.packed, rows);
          for (let i = 0; i < codes.length; i++) expect(codes[i]!).toBeLessThan(2 ** bits[i % 3]!);
        });
        expect(['ok', 'CORRUPT_BLOCK']).toContain(r);
      }),
      { numRuns: 150 },
    );
  });

  it('bytes appended to a valid body, a body shorter than seq, and seq != 0 in a file are CORRUPT_BLOCK', () => {
    const codes = walk(bits, 300, 0.1, 3);
    const rec = encodeDataRecord(codec, codec.packCodes(codes, 300), 300, 'adaptive');
    expect(rec[10]).toBe(3);
    const body = rec.subarray(11, rec.length - 4);
    // (a few appended bytes could still be read by a decoder whose last steps take another path; 64 cannot)
    const longer = new Uint8Array(body.length + 64);
    longer.set(body);
    longer.fill(0x5a, body.length);
    expect(outcome(() => decodeDataRecord(codec, dataRecord(300, longer)))).toBe('CORRUPT_BLOCK');
    expect(outcome(() => decodeDataRecord(codec, dataRecord(300, new Uint8Array([0]))))).toBe('CORRUPT_BLOCK');
    const seq1 = body.slice();
    seq1[0] = 1;
    expect(outcome(() => decodeDataRecord(codec, dataRecord(300, seq1)))).toBe('CORRUPT_BLOCK');
  });

  it('a huge rowCount on a tiny body is bounded by the limits, and otherwise decodes in bounded work', () => {
    const body = new Uint8Array([0, 0, 0xff, 0xff, 0xff]);
    expect(outcome(() => decodeDataRecord(codec, dataRecord(5_000_000, body), { maxBlockRows: 1_000_000 }))).toBe('LIMIT_EXCEEDED');
    const r = outcome(() => decodeDataRecord(codec, dataRecord(20_000, body)));
    expect(['ok', 'CORRUPT_BLOCK']).toContain(r);
  });

  it('every single bit flip of a record is detected (CRC)', () => {
    const codes = walk(bits, 60, 0.2, 5);
    const rec = encodeDataRecord(codec, codec.packCodes(codes, 60), 60, 'adaptive');
    const seen = new Set<string>();
    for (let i = 0; i < rec.length * 8; i++) {
      const bad = rec.slice();
      bad[i >> 3] ^= 1 << (i & 7);
      const r = outcome(() => decodeDataRecord(codec, bad));
      expect(r).not.toBe('ok');
      seen.add(r);
    }
    expect(seen.has('CHECKSUM_MISMATCH')).toBe(true);
  });
});
