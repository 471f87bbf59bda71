// Encoding 3 in the .bsq format: writeBsq/readBsq round trips, the per-block raw fallback, any
// chunking through BsqReader, streams and self-delimiting records, and record chains with a lost,
// reordered or corrupted record (STATE_LOST until the next reset).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AdaptiveChainDecoder,
  AdaptiveChainEncoder,
  BsqError,
  BsqReader,
  decodeDataRecord,
  decodeAsync,
  encodeDataRecord,
  encodeAsync,
  readBsq,
  writeBsq,
  type Codes,
} from '../../src/index.js';
import { codecOf, walk } from './helpers.js';

function codesOfFile(bytes: Uint8Array): number[] {
  return Array.from(readBsq(bytes).codes());
}

describe('encoding 3 in files', () => {
  it('writeBsq/readBsq round-trip over random widths and block sizes; BsqReader in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(0.02, 0.2, 1),
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 97 }),
        (bits, rows, blockRows, p, seed, chunk) => {
          const codec = codecOf(bits);
          const codes = walk(bits, rows, p, seed);
          const bytes = writeBsq(codec, { codes, encoding: 'adaptive', blockRows });
          const file = readBsq(bytes);
          expect(Array.from(file.codes())).toEqual(Array.from(codes));
          for (const b of file.blocks) expect(['adaptive', 'raw']).toContain(b.encoding);
          // never larger than raw per block
          const raw = writeBsq(codec, { codes, encoding: 'raw', blockRows });
          expect(bytes.length).toBeLessThanOrEqual(raw.length);
          const reader = new BsqReader();
          const got: number[] = [];
          for (let o = 0; o < bytes.length; o += chunk) {
            for (const ev of reader.push(bytes.subarray(o, o + chunk))) if (ev.type === 'block') got.push(...codec.decodeCodes(ev.packed, ev.rowCount));
          }
          reader.end();
          expect(got).toEqual(Array.from(codes));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('time-ordered codes use encoding 3 and beat deflate; noise falls back to raw', () => {
    const bits = [4, 4, 4, 4, 4];
    const codec = codecOf(bits);
    const slow = walk(bits, 4096, 0.05, 1);
    const a = writeBsq(codec, { codes: slow, encoding: 'adaptive' });
    const d = writeBsq(codec, { codes: slow, encoding: 'deflate' });
    expect(readBsq(a).blocks.map((b) => b.encoding)).toEqual(['adaptive']);
    expect(a.length).toBeLessThan(d.length * 0.8);
    const noise = walk(bits, 1000, 1, 2);
    expect(readBsq(writeBsq(codec, { codes: noise, encoding: 'adaptive' })).blocks.map((b) => b.encoding)).toEqual(['raw']);
  });

  it('self-delimiting DATA records and streams carry encoding 3', async () => {
    const bits = [3, 10];
    const codec = codecOf(bits);
    const codes = walk(bits, 700, 0.1, 4);
    const packed = codec.packCodes(codes, 700);
    const rec = encodeDataRecord(codec, packed, 700, 'adaptive');
    expect(rec[10]).toBe(3);
    expect(Array.from(decodeDataRecord(codec, rec).packed)).toEqual(Array.from(packed));
    expect(codesOfFile(writeBsq(codec, { codes, encoding: 'adaptive', blockRows: 128 }))).toEqual(Array.from(codes));
  });

  it("streams: encodeAsync with encoding 'adaptive' and decodeAsync give back the codes", async () => {
    const bits = [4, 4, 2];
    const codec = codecOf(bits);
    const codes = walk(bits, 1500, 0.05, 6);
    const rows = Float64Array.from(codes, (c) => c + 0.5);
    const chunks: Uint8Array[] = [];
    async function* source() {
      for (let r = 0; r < 1500; r += 333) yield rows.subarray(r * 3, Math.min(1500, r + 333) * 3);
    }
    for await (const b of encodeAsync(codec, source(), { encoding: 'adaptive', blockRows: 500 })) chunks.push(b);
    const file = new Uint8Array(Buffer.concat(chunks));
    expect(readBsq(file).blocks.map((b) => b.encoding)).toEqual(['adaptive', 'adaptive', 'adaptive']);
    const got: number[] = [];
    for await (const block of decodeAsync([file.subarray(0, 100), file.subarray(100)], { output: 'codes' })) got.push(...block.codes!);
    expect(got).toEqual(Array.from(codes));
  });
});

describe('record chains', () => {
  const bits = [4, 4, 6];
  const codec = codecOf(bits);
  const F = bits.length;
  const rowsPer = 5;
  const codes = walk(bits, 40 * rowsPer, 0.1, 8);
  const part = (k: number): Codes => codes.subarray(k * rowsPer * F, (k + 1) * rowsPer * F);

  function records(resetEvery: number): Uint8Array[] {
    const enc = new AdaptiveChainEncoder(codec, { resetEvery });
    return Array.from({ length: 40 }, (_, k) => enc.encodeCodes(part(k), rowsPer));
  }

  it('round-trips; seq counts records since the last reset; carrying state beats independent records', () => {
    const recs = records(8);
    const dec = new AdaptiveChainDecoder(codec);
    recs.forEach((r, k) => {
      expect(r[11]! | (r[12]! << 8)).toBe(k % 8);
      expect(Array.from(codec.decodeCodes(dec.decode(r).packed, rowsPer))).toEqual(Array.from(part(k)));
    });
    const chained = recs.reduce((a, r) => a + r.length, 0);
    const single = records(1).reduce((a, r) => a + r.length, 0);
    expect(chained).toBeLessThan(single);
  });

  it('a lost record: STATE_LOST for the rest of its chain, then decoding resumes at the reset', () => {
    const recs = records(8);
    const dec = new AdaptiveChainDecoder(codec);
    for (let k = 0; k < 3; k++) dec.decode(recs[k]!);
    // record 3 lost
    for (let k = 4; k < 8; k++) {
      expect(() => dec.decode(recs[k]!)).toThrow(BsqError);
      try {
        dec.decode(recs[k]!);
      } catch (e) {
        expect((e as BsqError).code).toBe('STATE_LOST');
      }
    }
    for (let k = 8; k < 16; k++) expect(Array.from(codec.decodeCodes(dec.decode(recs[k]!).packed, rowsPer))).toEqual(Array.from(part(k)));
  });

  it('reordering and a fresh decoder joining mid-chain are STATE_LOST; a corrupted record is a CRC error', () => {
    const recs = records(16);
    const dec = new AdaptiveChainDecoder(codec);
    dec.decode(recs[0]!);
    expect(() => dec.decode(recs[2]!)).toThrow(expect.objectContaining({ code: 'STATE_LOST' }));
    expect(() => new AdaptiveChainDecoder(codec).decode(recs[5]!)).toThrow(expect.objectContaining({ code: 'STATE_LOST' }));
    const bad = recs[1]!.slice();
    bad[bad.length - 6] ^= 1;
    const d2 = new AdaptiveChainDecoder(codec);
    d2.decode(recs[0]!);
    expect(() => d2.decode(bad)).toThrow(expect.objectContaining({ code: 'CHECKSUM_MISMATCH' }));
    // a record that failed its CRC was never decoded: the chain still continues from record 0
    expect(Array.from(codec.decodeCodes(d2.decode(recs[1]!).packed, rowsPer))).toEqual(Array.from(part(1)));
  });

  it('reset() makes the next record seq 0; a chained record in a file is CORRUPT_BLOCK; other encodings pass through', () => {
    const enc = new AdaptiveChainEncoder(codec, { resetEvery: 100 });
    enc.encodeCodes(part(0), rowsPer);
    expect(enc.nextSeq).toBe(1);
    enc.reset();
    expect(enc.nextSeq).toBe(0);
    enc.encodeCodes(part(0), rowsPer);
    const second = enc.encodeCodes(part(1), rowsPer);
    expect(() => decodeDataRecord(codec, second)).toThrow(expect.objectContaining({ code: 'CORRUPT_BLOCK' }));
    const raw = encodeDataRecord(codec, codec.packCodes(part(2), rowsPer), rowsPer, 'raw');
    const dec = new AdaptiveChainDecoder(codec);
    expect(dec.decode(raw).encoding).toBe('raw');
    expect(() => new AdaptiveChainEncoder(codec, { resetEvery: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
