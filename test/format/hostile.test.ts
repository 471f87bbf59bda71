// Hostile input: random bytes, every golden file truncated at every offset and with every single
// bit flipped. Only BsqError with a known format code may come out, every flip is detected (never a
// silently different result), chunked reading fails the same way, and hostile lengths never make
// the reader allocate beyond its limits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError, BsqReader, Codec, crc32c, encodeCodecRecord, encodeHeader, readBsq, writeBsq, type BsqErrorCode } from '../../src/internals.js';
import { chunk, cutsArb } from './arbitraries.js';
import { VECTORS } from './vectors.js';

const FORMAT_CODES = new Set<BsqErrorCode>([
  'BAD_MAGIC',
  'UNSUPPORTED_VERSION',
  'TRUNCATED',
  'CHECKSUM_MISMATCH',
  'LIMIT_EXCEEDED',
  'INVALID_CODEC',
  'UNSUPPORTED_RECORD',
  'UNSUPPORTED_ENCODING',
  'CORRUPT_BLOCK',
  'CORRUPT_FILE',
  'TRAILING_DATA',
]);

/** The error code readBsq throws, 'none' if it reads; anything but a BsqError fails the test. */
function readCode(bytes: Uint8Array, limits?: Parameters<typeof readBsq>[1]): string {
  try {
    readBsq(bytes, limits);
    return 'none';
  } catch (e) {
    if (!(e instanceof BsqError)) throw new Error(`non-BsqError thrown: ${String(e)}`, { cause: e });
    if (!FORMAT_CODES.has(e.code)) throw new Error(`unexpected code ${e.code}: ${e.message}`);
    return e.code;
  }
}

function chunkedCode(chunks: Uint8Array[]): string {
  const r = new BsqReader();
  try {
    for (const c of chunks) r.push(c);
    r.end();
    return 'none';
  } catch (e) {
    if (!(e instanceof BsqError)) throw new Error(`non-BsqError thrown: ${String(e)}`, { cause: e });
    return e.code;
  }
}

const codec = Codec.fromThresholds([
  { name: 'a', thresholds: [0, 1, 2] },
  { name: 'b', thresholds: [0.5] },
]);
const prefix = new Uint8Array([...encodeHeader(), ...encodeCodecRecord(codec)]);

describe('random bytes', () => {
  it('random input, and random records after a valid header and codec, give only BsqError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), cutsArb, (junk, afterPrefix, cuts) => {
        const bytes = afterPrefix ? new Uint8Array([...prefix, ...junk]) : junk;
        const code = readCode(bytes);
        expect(code).not.toBe('none');
        expect(chunkedCode(chunk(bytes, cuts))).toBe(code);
      }),
      { numRuns: 400 },
    );
  });

  it('records with valid CRCs but random content give only BsqError', () => {
    // Random type/flags/payload framed correctly, so the payload decoders see the junk.
    fc.assert(
      fc.property(fc.constantFrom(0x01, 0x02, 0x03, 0x7f, 0x05, 0x90), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 64 }), (type, flags, payload) => {
        const rec = new Uint8Array(10 + payload.length);
        rec[0] = type;
        rec[1] = flags;
        new DataView(rec.buffer).setUint32(2, payload.length, true);
        rec.set(payload, 6);
        new DataView(rec.buffer).setUint32(6 + payload.length, crc32c(rec.subarray(0, 6 + payload.length)), true);
        readCode(new Uint8Array([...prefix, ...rec]));
        readCode(new Uint8Array([...encodeHeader(), ...rec]));
      }),
      { numRuns: 400 },
    );
  });
});

/** Byte offsets of the header and of every record's 6-byte head and 4-byte CRC. */
function structuralBytes(b: Uint8Array): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < 16; i++) out.add(i);
  for (let o = 16; o + 6 <= b.length; ) {
    const len = new DataView(b.buffer, b.byteOffset + o + 2, 4).getUint32(0, true);
    for (let i = 0; i < 6; i++) out.add(o + i);
    for (let i = 0; i < 4; i++) out.add(o + 6 + len + i);
    o += 10 + len;
  }
  return out;
}

describe('golden files, truncated and bit-flipped', () => {
  for (const v of VECTORS) {
    // Files up to 8 KiB: every offset and every bit. Larger files (the entropy vectors): every byte
    // of the header and of every record head and CRC fully, and elsewhere one bit per byte
    // (rotating) / every 7th offset, to keep the suite fast; a CRC catches any single-bit flip in
    // a payload whatever its position, so the sampled positions exercise the same paths.
    const full = v.bytes.length <= 8192;
    const structural = structuralBytes(v.bytes);

    it(`${v.name}: every truncation is TRUNCATED`, () => {
      for (let k = 0; k < v.bytes.length; k++) {
        if (!full && !structural.has(k) && k % 7 !== 0) continue;
        expect(readCode(v.bytes.subarray(0, k))).toBe('TRUNCATED');
      }
    });

    it(`${v.name}: every single-bit flip is detected as a BsqError`, () => {
      const b = v.bytes.slice();
      const seen = new Map<string, number>();
      const stackLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0; // tens of thousands of expected errors: skip stack capture
      try {
        for (let i = 0; i < b.length; i++) {
          for (let bit = 0; bit < 8; bit++) {
            if (!full && !structural.has(i) && bit !== i % 8) continue;
            b[i] ^= 1 << bit;
            const code = readCode(b);
            b[i] ^= 1 << bit;
            if (code === 'none') throw new Error(`flip of bit ${bit} of byte ${i} was not detected`);
            seen.set(code, (seen.get(code) ?? 0) + 1);
          }
        }
      } finally {
        Error.stackTraceLimit = stackLimit;
      }
      expect(seen.get('CHECKSUM_MISMATCH')).toBeGreaterThan(0);
      expect(seen.get('BAD_MAGIC')).toBe(64);
    });
  }

  it('chunked reading reports the same error as the whole-buffer reader (sampled flips)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VECTORS), fc.nat(), cutsArb, (v, pos, cuts) => {
        const b = v.bytes.slice();
        const i = pos % (b.length * 8);
        b[i >>> 3] ^= 1 << (i & 7);
        expect(chunkedCode(chunk(b, cuts))).toBe(readCode(b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('limits are enforced before allocating', () => {
  /** A record head claiming `length` payload bytes, and nothing more. */
  const head = (type: number, length: number) => {
    const h = new Uint8Array(6);
    h[0] = type;
    h[1] = 1;
    new DataView(h.buffer).setUint32(2, length, true);
    return h;
  };

  it('a record length of 0xFFFFFFFF is LIMIT_EXCEEDED as soon as its head arrives', () => {
    const r = new BsqReader();
    r.push(prefix);
    expect(() => r.push(head(0x02, 0xffffffff))).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    expect(readCode(new Uint8Array([...prefix, ...head(0x02, 0xffffffff)]))).toBe('LIMIT_EXCEEDED');
  });

  it('a 200 MiB claim under small limits allocates nothing (byte by byte and whole)', () => {
    const before = process.memoryUsage().arrayBuffers;
    for (const limits of [{ maxRecordBytes: 1 << 20 }]) {
      const r = new BsqReader({ limits });
      r.push(prefix);
      const h = head(0x02, 200 * 1024 * 1024);
      let err: unknown;
      try {
        for (let i = 0; i < h.length; i++) r.push(h.subarray(i, i + 1));
      } catch (e) {
        err = e;
      }
      expect((err as BsqError).code).toBe('LIMIT_EXCEEDED');
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    // Within the limit, the claim is only TRUNCATED at the end (the reader waits for the bytes).
    const ok = new BsqReader({ limits: { maxRecordBytes: 100 } });
    ok.push(prefix);
    ok.push(head(0x02, 100));
    expect(() => ok.end()).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('a deflate block claiming many rows is LIMIT_EXCEEDED before inflating', () => {
    const small = Codec.fromThresholds([{ name: 'x', thresholds: [0] }]);
    const file = writeBsq(small, { codes: new Uint8Array(20000), encoding: 'deflate' });
    expect(readCode(file)).toBe('none');
    // 20000 one-bit rows decode to 2500 bytes: over a 2000-byte limit although the payload is tiny
    expect(readCode(file, { limits: { maxRecordBytes: 2000 } })).toBe('LIMIT_EXCEEDED');
    expect(readCode(file, { limits: { maxBlockRows: 19999 } })).toBe('LIMIT_EXCEEDED');
    expect(readCode(file, { limits: { maxTotalRows: 19999 } })).toBe('LIMIT_EXCEEDED');
  });

  it('a codec record claiming 65535 features of 16 bits in a few bytes is refused without allocating', () => {
    const payload = [0xff, 0xff, 0, 0, 0, 0, 1, 0x78, 16];
    const rec = new Uint8Array(10 + payload.length);
    rec.set([0x01, 0x01]);
    new DataView(rec.buffer).setUint32(2, payload.length, true);
    rec.set(payload, 6);
    new DataView(rec.buffer).setUint32(6 + payload.length, crc32c(rec.subarray(0, 6 + payload.length)), true);
    expect(readCode(new Uint8Array([...encodeHeader(), ...rec]))).toBe('INVALID_CODEC');
    expect(readCode(new Uint8Array([...encodeHeader(), ...rec]), { limits: { maxFeatures: 100 } })).toBe('LIMIT_EXCEEDED');
  });
});

describe('a 0-bit feature in a CODEC record', () => {
  it('is INVALID_CODEC naming the feature (a feature that is not sent is left out of the codec)', () => {
    // featureCount 1, no metadata, name "z", bits 0, then one level (what a 0-bit feature would carry)
    const payload = [1, 0, 0, 0, 0, 0, 1, 0x7a, 0, 0, 0, 0, 0];
    const rec = new Uint8Array(10 + payload.length);
    rec.set([0x01, 0x01]);
    new DataView(rec.buffer).setUint32(2, payload.length, true);
    rec.set(payload, 6);
    new DataView(rec.buffer).setUint32(6 + payload.length, crc32c(rec.subarray(0, 6 + payload.length)), true);
    let err: unknown;
    try { readBsq(new Uint8Array([...encodeHeader(), ...rec])); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(BsqError);
    expect((err as BsqError).code).toBe('INVALID_CODEC');
    expect((err as BsqError).message).toMatch(/feature "z" \(index 0\): bits must be in 1\.\.16, got 0 \(a feature that is not sent is left out of the codec\)/);
  });
});

describe('corrupted payloads behind valid CRCs', () => {
  /** Offsets of the records of a file (after the 16-byte header). */
  function recordOffsets(b: Uint8Array): number[] {
    const out: number[] = [];
    for (let o = 16; o < b.length; ) {
      out.push(o);
      o += 10 + new DataView(b.buffer, b.byteOffset + o + 2, 4).getUint32(0, true);
    }
    return out;
  }

  it('random byte changes inside one record, CRC recomputed: a result or a BsqError, never a crash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VECTORS),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        cutsArb,
        (v, which, edits, cuts) => {
          const b = v.bytes.slice();
          const offs = recordOffsets(b);
          const o = offs[which % offs.length];
          const len = new DataView(b.buffer, o + 2, 4).getUint32(0, true);
          if (len === 0) return;
          for (const [at, val] of edits) b[o + 6 + (at % len)] = val;
          new DataView(b.buffer).setUint32(o + 6 + len, crc32c(b.subarray(o, o + 6 + len)), true);
          const code = readCode(b);
          expect(chunkedCode(chunk(b, cuts))).toBe(code);
        },
      ),
      { numRuns: 500 },
    );
  });
});
