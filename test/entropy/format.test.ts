// Encoding 2 in the .bsq format: writeBsq/readBsq round trips over random codecs, models and block
// sizes, any chunking through BsqReader, the per-block raw fallback bound, models travelling with
// the codec, self-delimiting DATA records, and hostile block bodies behind valid CRCs.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BsqError,
  BsqReader,
  crc32c,
  decodeDataRecord,
  encodeCodecRecord,
  encodeDataRecord,
  encodeEndRecord,
  encodeEntropyModelRecord,
  encodeHeader,
  encodeEntropyModel,
  fitEntropyModelToCodes,
  quantizeFrequencies,
  readBsq,
  writeBsq,
  type Codes,
  type EntropyModel,
  type EntropyMode,
} from '../../src/internals.js';
import { xorshift32 as rng } from '../support/prng.js';
import { codecOf } from './helpers.js';


/** Codes that change with probability pChange per row and feature (1 = noise). */
function walk(bits: number[], rows: number, pChange: number, seed: number): Codes {
  const r = rng(seed);
  const F = bits.length;
  const out = bits.some((b) => b > 8) ? new Uint16Array(rows * F) : new Uint8Array(rows * F);
  const cur = bits.map((b) => Math.floor(r() * 2 ** b));
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < F; f++) {
      if (r() < pChange) cur[f] = pChange >= 1 ? Math.floor(r() * 2 ** bits[f]!) : Math.max(0, Math.min(2 ** bits[f]! - 1, cur[f]! + (r() < 0.5 ? -1 : 1)));
      out[i * F + f] = cur[f]!;
    }
  }
  return out;
}

function randomModel(bits: number[], seed: number): EntropyModel {
  const r = rng(seed);
  const S = 8 + Math.floor(r() * 8);
  return {
    scaleBits: S,
    features: bits.map((b) => {
      const m = Math.min(b, 8);
      const mode = Math.floor(r() * 3) as EntropyMode;
      const cb = mode === 2 ? 1 + Math.floor(r() * Math.min(m, 3)) : 0;
      const tables = mode === 0 ? 0 : mode === 1 ? 1 : 1 + 2 ** cb;
      const freqs = new Uint16Array(tables << m);
      for (let t = 0; t < tables; t++) {
        const w = Array.from({ length: 1 << m }, () => (r() < 0.4 ? 0 : r() ** 4));
        quantizeFrequencies(w, S, freqs, t << m);
      }
      return { bits: b, mode, contextBits: cb, freqs };
    }),
  };
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
    return 'none';
  } catch (e) {
    expect(e).toBeInstanceOf(BsqError);
    return (e as BsqError).code;
  }
}

/** Offsets of the records of a file: [offset, type, payloadLength]. */
function records(bytes: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let p = 16; p < bytes.length; ) {
    const len = bytes[p + 2]! | (bytes[p + 3]! << 8) | (bytes[p + 4]! << 16) | (bytes[p + 5]! * 2 ** 24);
    out.push([p, bytes[p]!, len]);
    p += 10 + len;
  }
  return out;
}

function refreshCrc(bytes: Uint8Array, at: number, len: number): void {
  const crc = crc32c(bytes.subarray(at, at + 6 + len));
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at + 6 + len, crc, true);
}

describe('writeBsq / readBsq with encoding entropy', () => {
  it('round-trips random codecs, models and block sizes; any chunking gives the same events', () => {
    const seen = { entropy: 0, raw: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(0.02, 0.2, 1),
        fc.constantFrom('fitted', 'random', 'none'),
        fc.integer(),
        (bits, rows, blockRows, p, kind, seed) => {
          const base = codecOf(bits);
          const codes = walk(bits, rows, p, seed);
          const codec =
            kind === 'fitted'
              ? base.fitEntropyModelFromCodes(walk(bits, 200, 0.05, seed ^ 0x5555))
              : kind === 'random'
                ? base.withEntropyModel(randomModel(bits, seed))
                : base; // writeBsq fits on the data itself
          const bytes = writeBsq(codec, { codes, blockRows, encoding: 'entropy' });
          const file = readBsq(bytes);
          expect(Array.from(file.codes())).toEqual(Array.from(codes));
          expect(file.codec.entropyModel).toBeDefined();
          for (const b of file.blocks) seen[b.encoding as 'entropy' | 'raw']++;
          // The file is never larger than raw packing plus the model record.
          const raw = writeBsq(base, { codes, blockRows });
          const modelRecord = 10 + encodeEntropyModel(file.codec.entropyModel!).length;
          expect(bytes.length).toBeLessThanOrEqual(raw.length + modelRecord);
          // Any chunking through the incremental reader: same blocks.
          const cut = rng(seed)();
          const r = new BsqReader();
          const step = 1 + Math.floor(cut * 97);
          const events = [];
          for (let i = 0; i < bytes.length; i += step) events.push(...r.push(bytes.subarray(i, i + step)));
          r.end();
          const blocks = events.filter((e) => e.type === 'block');
          expect(blocks.map((b) => (b.type === 'block' ? b.encoding : ''))).toEqual(file.blocks.map((b) => b.encoding));
          blocks.forEach((b, i) => b.type === 'block' && expect(Array.from(b.packed)).toEqual(Array.from(file.blocks[i]!.packed)));
        },
      ),
      { numRuns: 60, seed: 20261127 },
    );
    // Both paths were exercised (fixed seed, so these counts are stable).
    expect(seen.entropy).toBeGreaterThan(10);
    expect(seen.raw).toBeGreaterThan(5);
  });

  it('uses encoding 2 where it pays and raw where it does not, block by block', () => {
    const bits = [4, 4, 4];
    const slow = walk(bits, 1000, 0.02, 1);
    const noise = walk(bits, 1000, 1, 2);
    const codes = new Uint8Array(3000 * 3);
    codes.set(slow, 0);
    codes.set(noise, 3000);
    codes.set(slow, 6000);
    const codec = codecOf(bits).fitEntropyModelFromCodes(slow);
    const file = readBsq(writeBsq(codec, { codes, blockRows: 1000, encoding: 'entropy' }));
    expect(file.blocks.map((b) => b.encoding)).toEqual(['entropy', 'raw', 'entropy']);
    expect(Array.from(file.codes())).toEqual(Array.from(codes));
  });

  it('a codec with a model ships in codec-only and raw files (non-critical record) and reads back with it', () => {
    const bits = [3, 10];
    const codec = codecOf(bits).fitEntropyModelFromCodes(walk(bits, 500, 0.1, 3));
    for (const bytes of [writeBsq(codec), writeBsq(codec, { codes: walk(bits, 50, 0.1, 4) }), writeBsq(codec, { codes: walk(bits, 50, 0.1, 4), encoding: 'deflate' })]) {
      const recs = records(bytes);
      const model = recs.find(([, type]) => type === 0x03)!;
      expect(model).toBeDefined();
      expect(bytes[model[0] + 1]).toBe(0x00); // non-critical
      const back = readBsq(bytes).codec.entropyModel!;
      expect(encodeEntropyModel(back)).toEqual(encodeEntropyModel(codec.entropyModel!));
    }
    const coded = writeBsq(codec, { codes: walk(bits, 50, 0.1, 4), encoding: 'entropy' });
    const model = records(coded).find(([, type]) => type === 0x03)!;
    expect(coded[model[0] + 1]).toBe(0x01); // critical when blocks use it
    expect(records(writeBsq(codecOf(bits))).some(([, type]) => type === 0x03)).toBe(false);
  });

  it('self-delimiting DATA records decode with the model the codec carries', () => {
    const bits = [4, 2];
    const codes = walk(bits, 400, 0.05, 5);
    const codec = codecOf(bits).fitEntropyModelFromCodes(codes);
    const packed = codec.packCodes(codes, 400);
    const rec = encodeDataRecord(codec, packed, 400, 'entropy');
    expect(rec[10]).toBe(2);
    expect(rec.length).toBeLessThan(packed.length);
    const block = decodeDataRecord(codec, rec);
    expect(block.encoding).toBe('entropy');
    expect(Array.from(block.packed)).toEqual(Array.from(packed));
    expect(errorCode(() => decodeDataRecord(codecOf(bits), rec))).toBe('CORRUPT_FILE');
    expect(errorCode(() => encodeDataRecord(codecOf(bits), packed, 400, 'entropy'))).toBe('INVALID_ARGUMENT');
    // A different model: the final-state check refuses the block instead of returning wrong rows.
    const other = codecOf(bits).fitEntropyModelFromCodes(walk(bits, 400, 0.3, 6));
    expect(errorCode(() => decodeDataRecord(other, rec))).toBe('CORRUPT_BLOCK');
  });

  it('encodeEntropyModelRecord lets a writer frame the records itself (as the CLI does)', () => {
    const bits = [4, 4];
    const codes = walk(bits, 300, 0.05, 8);
    const codec = codecOf(bits).fitEntropyModelFromCodes(codes);
    const packed = codec.packCodes(codes, 300);
    const bytes = new Uint8Array(
      Buffer.concat([
        encodeHeader(),
        encodeCodecRecord(codec),
        encodeEntropyModelRecord(codec, true),
        encodeDataRecord(codec, packed, 300, 'entropy'),
        encodeEndRecord(300, 1),
      ]),
    );
    expect(bytes).toEqual(writeBsq(codec, { codes, encoding: 'entropy' }));
    expect(encodeEntropyModelRecord(codec, false)[1]).toBe(0);
    expect(errorCode(() => encodeEntropyModelRecord(codecOf(bits), true))).toBe('INVALID_ARGUMENT');
  });

  it('a later ENTROPY_MODEL record replaces the earlier one for the blocks after it', () => {
    const bits = [4, 3];
    const first = walk(bits, 400, 0.02, 9);
    const second = walk(bits, 400, 0.4, 10);
    const c1 = codecOf(bits).fitEntropyModelFromCodes(first);
    const c2 = codecOf(bits).fitEntropyModelFromCodes(second, { mode: 'order0' });
    const rec1 = encodeDataRecord(c1, c1.packCodes(first, 400), 400, 'entropy');
    const rec2 = encodeDataRecord(c2, c2.packCodes(second, 400), 400, 'entropy');
    expect([rec1[10], rec2[10]]).toEqual([2, 2]);
    const bytes = new Uint8Array(
      Buffer.concat([encodeHeader(), encodeCodecRecord(c1), encodeEntropyModelRecord(c1, true), rec1, encodeEntropyModelRecord(c2, true), rec2, encodeEndRecord(800, 2)]),
    );
    const file = readBsq(bytes);
    expect(Array.from(file.codes())).toEqual([...first, ...second]);
    expect(encodeEntropyModel(file.codec.entropyModel!)).toEqual(encodeEntropyModel(c2.entropyModel!));
    // The second block under the first model: refused, not misread.
    const swapped = new Uint8Array(Buffer.concat([encodeHeader(), encodeCodecRecord(c1), encodeEntropyModelRecord(c1, true), rec2, encodeEndRecord(400, 1)]));
    expect(errorCode(() => readBsq(swapped))).toBe('CORRUPT_BLOCK');
  });

  it('rejects a model that does not fit the codec', () => {
    expect(errorCode(() => codecOf([4]).withEntropyModel(fitEntropyModelToCodes(new Uint8Array(10), [3])))).toBe('INVALID_ARGUMENT');
  });
});

describe('hostile encoding-2 blocks behind valid CRCs', () => {
  const bits = [4, 3, 9];
  const codes = walk(bits, 2000, 0.05, 7);
  const codec = codecOf(bits).fitEntropyModelFromCodes(codes);
  const good = writeBsq(codec, { codes, blockRows: 500, encoding: 'entropy' });
  const dataRecs = records(good).filter(([, type]) => type === 0x02);

  it('random byte changes inside bodies: CORRUPT_BLOCK or the declared rows, never anything else', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, where, xor) => {
        const bytes = good.slice();
        const [at, , len] = dataRecs[which % dataRecs.length]!;
        const body = at + 6 + 5;
        bytes[body + (where % (len - 5))]! ^= xor;
        refreshCrc(bytes, at, len);
        let code = 'none';
        try {
          const f = readBsq(bytes);
          expect(f.rowCount).toBe(2000);
          expect(f.codes().length).toBe(2000 * 3);
        } catch (e) {
          expect(e).toBeInstanceOf(BsqError);
          code = (e as BsqError).code;
        }
        expect(['none', 'CORRUPT_BLOCK']).toContain(code);
      }),
      { numRuns: 300 },
    );
  });

  it('a huge declared row count with a tiny body is refused before any work', () => {
    const bytes = good.slice();
    const [at, , len] = dataRecs[0]!;
    new DataView(bytes.buffer).setUint32(at + 6, 16_000_000, true);
    refreshCrc(bytes, at, len);
    // Refused by the early row-count bound (rows a body of this size can hold), not by decoding:
    // the message says so, and no decode of 16M rows is attempted.
    let err: unknown;
    try { readBsq(bytes); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(BsqError);
    expect((err as BsqError).code).toBe('CORRUPT_BLOCK');
    expect((err as BsqError).message).toMatch(/16000000|16,000,000/);
  });

  it('random changes to the model record (valid CRC): only INVALID_CODEC, UNSUPPORTED_ENCODING or CORRUPT_BLOCK', () => {
    const [at, , len] = records(good).find(([, type]) => type === 0x03)!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.boolean(), (edits, cut) => {
        let bytes = good.slice();
        for (const [where, xor] of edits) bytes[at + 6 + (where % len)]! ^= xor;
        refreshCrc(bytes, at, len);
        if (cut) {
          // Also drop the last payload byte (length and CRC fixed up).
          const shorter = new Uint8Array(bytes.length - 1);
          shorter.set(bytes.subarray(0, at + 6 + len - 1));
          shorter.set(bytes.subarray(at + 6 + len), at + 6 + len - 1);
          new DataView(shorter.buffer).setUint32(at + 2, len - 1, true);
          refreshCrc(shorter, at, len - 1);
          bytes = shorter;
        }
        const code = errorCode(() => readBsq(bytes).codes());
        expect(['none', 'INVALID_CODEC', 'UNSUPPORTED_ENCODING', 'CORRUPT_BLOCK']).toContain(code);
      }),
      { numRuns: 300 },
    );
  });

  it('a damaged model record (valid CRC) is INVALID_CODEC', () => {
    const bytes = good.slice();
    const [at, , len] = records(good).find(([, type]) => type === 0x03)!;
    bytes[at + 6]! = 20; // scaleBits 20
    refreshCrc(bytes, at, len);
    expect(errorCode(() => readBsq(bytes))).toBe('INVALID_CODEC');
  });
});
