// Record-level encoders and decoders checked against bytes built by hand (one comment per field),
// and the reader's handling of each rule of spec/FORMAT.md sections 3-4.
import { describe, expect, it } from 'vitest';
import {
  BsqError,
  BsqReader,
  Codec,
  crc32c,
  decodeDataRecord,
  encodeCodecRecord,
  encodeDataRecord,
  encodeEndRecord,
  encodeHeader,
  encodeRecord,
  peekRecord,
  readBsq,
  type BsqErrorCode,
} from '../../src/internals.js';

const u32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const f32 = (v: number) => Array.from(new Uint8Array(Float32Array.of(v).buffer));
const cat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

/** A record built by hand: head, payload, CRC-32C of head+payload. */
function rec(type: number, flags: number, payload: ArrayLike<number>): Uint8Array {
  const body = cat([type, flags], u32(payload.length), payload);
  return cat(body, u32(crc32c(body)));
}

function codeOf(fn: () => unknown): BsqErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (!(e instanceof BsqError)) throw e;
    return e.code;
  }
}

// One feature "x", 1 bit, threshold 0, levels -1, 1: the smallest codec.
const tiny = Codec.fromThresholds([{ name: 'x', thresholds: [0], levels: [-1, 1] }]);
// prettier-ignore
const tinyPayload = [
  0x01, 0x00,             // featureCount 1
  0x00, 0x00, 0x00, 0x00, // metadataLength 0
  0x01, 0x78,             // nameLength 1, "x"
  0x01,                   // bits 1
  ...f32(0),              // t1 = 0
  ...f32(-1), ...f32(1),  // v0 = -1, v1 = 1
];
const header = encodeHeader();
const codecRec = rec(0x01, 0x01, tinyPayload);
const endRec = (rows: number, blocks: number) => rec(0x7f, 0x01, [...u32(rows), 0, 0, 0, 0, ...u32(blocks)]);

describe('header', () => {
  it('encodeHeader writes signature, version 1.0, reserved 0 and the CRC of bytes 0-11', () => {
    const first12 = [0x89, 0x42, 0x53, 0x51, 0x0d, 0x0a, 0x1a, 0x0a, /* major */ 1, /* minor */ 0, /* reserved */ 0, 0];
    expect(Array.from(encodeHeader())).toEqual([...first12, ...u32(crc32c(Uint8Array.from(first12)))]);
    expect(encodeHeader(3)[9]).toBe(3);
    expect(codeOf(() => encodeHeader(256))).toBe('INVALID_ARGUMENT');
  });

  it('checks signature, then CRC, then major', () => {
    const file = cat(header, codecRec, endRec(0, 0));
    const badSig = file.slice();
    badSig[3] = 0x52; // 'R' instead of 'Q' (also breaks the CRC, but the signature is checked first)
    expect(codeOf(() => readBsq(badSig))).toBe('BAD_MAGIC');
    const flipMajor = file.slice();
    flipMajor[8] = 2; // major 2 without fixing the CRC: a checksum error, not a version error
    expect(codeOf(() => readBsq(flipMajor))).toBe('CHECKSUM_MISMATCH');
    const major2 = flipMajor.slice();
    major2.set(u32(crc32c(major2.subarray(0, 12))), 12);
    expect(codeOf(() => readBsq(major2))).toBe('UNSUPPORTED_VERSION');
  });

  it('short input: BAD_MAGIC unless it is a prefix of the signature, else TRUNCATED', () => {
    expect(codeOf(() => readBsq(new Uint8Array(0)))).toBe('TRUNCATED');
    expect(codeOf(() => readBsq(Uint8Array.of(0x89, 0x42)))).toBe('TRUNCATED');
    expect(codeOf(() => readBsq(Uint8Array.of(0x89, 0x41)))).toBe('BAD_MAGIC');
    expect(codeOf(() => readBsq(new TextEncoder().encode('a,b\n1,2\n')))).toBe('BAD_MAGIC');
    expect(codeOf(() => readBsq(header.subarray(0, 12)))).toBe('TRUNCATED');
  });

  it('accepts a newer minor version and reports it', () => {
    const f = readBsq(cat(encodeHeader(7), codecRec, endRec(0, 0)));
    expect(f.version).toEqual({ major: 1, minor: 7 });
  });
});

describe('CODEC record', () => {
  it('encodeCodecRecord writes the payload of section 4.1', () => {
    expect(Array.from(encodeCodecRecord(tiny))).toEqual(Array.from(codecRec));
  });

  it('writes metadata as compact JSON and reads it back', () => {
    const c = tiny.withMetadata({ task: 'cls', n: [1, 2] });
    const r = encodeCodecRecord(c);
    const json = '{"task":"cls","n":[1,2]}';
    expect(Array.from(r.subarray(6, 12))).toEqual([1, 0, ...u32(json.length)]);
    expect(new TextDecoder().decode(r.subarray(12, 12 + json.length))).toBe(json);
    expect(readBsq(cat(header, r, endRec(0, 0))).codec.metadata).toEqual({ task: 'cls', n: [1, 2] });
    // {} is written as 2 bytes and reads back as {}
    const empty = encodeCodecRecord(tiny.withMetadata({}));
    expect(Array.from(empty.subarray(8, 14))).toEqual([...u32(2), 0x7b, 0x7d]);
    expect(readBsq(cat(header, empty, endRec(0, 0))).codec.metadata).toEqual({});
  });

  const withPayload = (p: number[]) => cat(header, rec(0x01, 0x01, p), endRec(0, 0));
  const feature = (bits: number, name = [0x78]) => [name.length, ...name, bits, ...Array(4 * (2 ** bits - 1 + 2 ** bits)).fill(0)];

  it('refuses malformed payloads with INVALID_CODEC', () => {
    const meta = (json: string) => {
      const b = Array.from(new TextEncoder().encode(json));
      return [1, 0, ...u32(b.length), ...b, ...tinyPayload.slice(6)];
    };
    expect(codeOf(() => readBsq(withPayload(meta('{"a":1}'))))).toBe('none');
    expect(codeOf(() => readBsq(withPayload([0, 0, 0, 0, 0, 0])))).toBe('INVALID_CODEC'); // featureCount 0
    expect(codeOf(() => readBsq(withPayload([...tinyPayload, 0])))).toBe('INVALID_CODEC'); // a byte left over
    expect(codeOf(() => readBsq(withPayload(tinyPayload.slice(0, -1))))).toBe('INVALID_CODEC'); // a byte short
    expect(codeOf(() => readBsq(withPayload([1, 0, 0, 0, 0, 0, ...feature(0)])))).toBe('INVALID_CODEC'); // bits 0
    expect(codeOf(() => readBsq(withPayload([1, 0, 0, 0, 0, 0, 1, 0x78, 17])))).toBe('INVALID_CODEC'); // bits 17
    expect(codeOf(() => readBsq(withPayload([1, 0, 0, 0, 0, 0, 0, 1, ...f32(0), ...f32(-1), ...f32(1)])))).toBe('INVALID_CODEC'); // empty name
    expect(codeOf(() => readBsq(withPayload([1, 0, 0, 0, 0, 0, ...feature(1, [0xc3, 0x28])])))).toBe('INVALID_CODEC'); // bad UTF-8 name
    expect(codeOf(() => readBsq(withPayload(meta('[1,2]'))))).toBe('INVALID_CODEC'); // metadata not an object
    expect(codeOf(() => readBsq(withPayload(meta('null'))))).toBe('INVALID_CODEC');
    expect(codeOf(() => readBsq(withPayload(meta('{"a":'))))).toBe('INVALID_CODEC'); // not JSON
    expect(codeOf(() => readBsq(withPayload([2, 0, 0, 0, 0, 0, ...tinyPayload.slice(6), ...tinyPayload.slice(6)])))).toBe('INVALID_CODEC'); // duplicate name
    // thresholds decreasing: 1-bit features cannot; use 2 bits: t = 1, 0, 2
    expect(
      codeOf(() => readBsq(withPayload([1, 0, 0, 0, 0, 0, 1, 0x78, 2, ...f32(1), ...f32(0), ...f32(2), ...f32(-1), ...f32(0.5), ...f32(1.5), ...f32(3)]))),
    ).toBe('INVALID_CODEC');
    // NaN threshold
    expect(codeOf(() => readBsq(withPayload([1, 0, 0, 0, 0, 0, 1, 0x78, 1, ...f32(NaN), ...f32(-1), ...f32(1)])))).toBe('INVALID_CODEC');
  });

  it('refuses counts over the limits with LIMIT_EXCEEDED', () => {
    const two = [2, 0, 0, 0, 0, 0, ...feature(1, [0x61]), ...feature(1, [0x62])];
    expect(codeOf(() => readBsq(withPayload(two), { limits: { maxFeatures: 1 } }))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => readBsq(withPayload([1, 0, 0, 0, 0, 0, ...feature(3)]), { limits: { maxBits: 2 } }))).toBe('LIMIT_EXCEEDED');
    const meta = [1, 0, ...u32(9), ...new TextEncoder().encode('{"a":123}'), ...tinyPayload.slice(6)];
    expect(codeOf(() => readBsq(withPayload(meta), { limits: { maxMetadataBytes: 8 } }))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => readBsq(withPayload(meta), { limits: { maxMetadataBytes: 9 } }))).toBe('none');
  });
});

describe('DATA record', () => {
  // 2 features: a (2 bits), b (3 bits): the example of FORMAT.md section 2
  const ab = Codec.fromThresholds([
    { name: 'a', thresholds: [1, 2, 3] },
    { name: 'b', thresholds: [1, 2, 3, 4, 5, 6, 7] },
  ]);
  // rows (a=3,b=5), (a=1,b=6): 10 bits -> 0x37, 0x03
  const packed = ab.packCodes(Uint8Array.of(3, 5, 1, 6), 2);

  it('encodeDataRecord frames rowCount, encoding and body', () => {
    expect(Array.from(packed)).toEqual([0x37, 0x03]);
    // prettier-ignore
    const payload = [
      0x02, 0x00, 0x00, 0x00, // rowCount 2
      0x00,                   // encoding 0 = raw
      0x37, 0x03,             // packed rows
    ];
    expect(Array.from(encodeDataRecord(ab, packed, 2))).toEqual(Array.from(rec(0x02, 0x01, payload)));
  });

  it('decodeDataRecord decodes one self-delimiting record (raw and deflate)', () => {
    for (const enc of ['raw', 'deflate'] as const) {
      const r = encodeDataRecord(ab, packed, 2, enc);
      const b = decodeDataRecord(ab, r);
      expect(b).toEqual({ firstRow: 0, rowCount: 2, encoding: enc, packed: Uint8Array.of(0x37, 0x03) });
      expect(b.packed.buffer).not.toBe(r.buffer); // a copy, not a view of the message
      expect(Array.from(ab.decodeCodes(b.packed, 2))).toEqual([3, 5, 1, 6]);
    }
  });

  it('decodeDataRecord refuses short, long, corrupted and non-DATA records', () => {
    const r = encodeDataRecord(ab, packed, 2);
    expect(codeOf(() => decodeDataRecord(ab, r.subarray(0, 4)))).toBe('TRUNCATED');
    expect(codeOf(() => decodeDataRecord(ab, r.subarray(0, r.length - 1)))).toBe('TRUNCATED');
    expect(codeOf(() => decodeDataRecord(ab, cat(r, [0])))).toBe('TRAILING_DATA');
    const bad = r.slice();
    bad[11] ^= 0x10;
    expect(codeOf(() => decodeDataRecord(ab, bad))).toBe('CHECKSUM_MISMATCH');
    expect(codeOf(() => decodeDataRecord(ab, encodeEndRecord(0, 0)))).toBe('CORRUPT_FILE');
    expect(codeOf(() => decodeDataRecord(ab, r, { maxBlockRows: 1 }))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => decodeDataRecord(ab, r, { maxRecordBytes: 6 }))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 0, 0x37, 0x83])))).toBe('CORRUPT_BLOCK'); // padding bit
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [0, 0, 0, 0, 0])))).toBe('CORRUPT_BLOCK'); // rowCount 0
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0])))).toBe('CORRUPT_BLOCK'); // payload < 5 bytes
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 1, 0xff, 0xff])))).toBe('CORRUPT_BLOCK'); // bad deflate
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 2, 0x37, 0x03])))).toBe('CORRUPT_FILE'); // entropy without a model
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 200, 0x37, 0x03])))).toBe('UNSUPPORTED_ENCODING');
  });

  it('deflate: a stream that inflates short or long is CORRUPT_BLOCK', () => {
    // stored DEFLATE block: BFINAL=1 BTYPE=00, LEN, NLEN, bytes
    const stored = (b: number[]) => [0x01, b.length, 0, ~b.length & 0xff, 0xff, ...b];
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 1, ...stored([0x37, 0x03])])))).toBe('none');
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 1, ...stored([0x37])])))).toBe('CORRUPT_BLOCK');
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 1, ...stored([0x37, 0x03, 0])])))).toBe('CORRUPT_BLOCK');
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 1])))).toBe('CORRUPT_BLOCK'); // empty stream
    // ends early: a stored block header that promises 2 bytes, then only 1
    expect(codeOf(() => decodeDataRecord(ab, rec(0x02, 0x01, [2, 0, 0, 0, 1, 0x01, 2, 0, 0xfd, 0xff, 0x37])))).toBe('CORRUPT_BLOCK');
  });

  it('peekRecord reads a record head for framing', () => {
    const r = encodeDataRecord(ab, packed, 2);
    expect(peekRecord(r.subarray(0, 5))).toBeNull();
    expect(peekRecord(r)).toEqual({ type: 2, flags: 1, length: 7, totalBytes: 17 });
    expect(peekRecord(cat([0, 0], r), 2)).toEqual({ type: 2, flags: 1, length: 7, totalBytes: 17 });
  });
});

describe('END record and record order', () => {
  it('encodeEndRecord writes totalRows as u64 and blockCount as u32', () => {
    // prettier-ignore
    expect(Array.from(encodeEndRecord(2 ** 40 + 5, 3))).toEqual(Array.from(rec(0x7f, 0x01, [
      0x05, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, // totalRows 2^40 + 5 (low u32 first)
      0x03, 0x00, 0x00, 0x00,                         // blockCount 3
    ])));
  });

  const data1 = rec(0x02, 0x01, [1, 0, 0, 0, 0, 0x01]); // 1 row of feature x, code 1

  it('checks END counts, END size and u64 range', () => {
    expect(readBsq(cat(header, codecRec, data1, endRec(1, 1))).values()).toEqual(Float32Array.of(1));
    expect(codeOf(() => readBsq(cat(header, codecRec, data1, endRec(1, 2))))).toBe('CORRUPT_FILE');
    expect(codeOf(() => readBsq(cat(header, codecRec, data1, endRec(2, 1))))).toBe('CORRUPT_FILE');
    expect(codeOf(() => readBsq(cat(header, codecRec, data1, rec(0x7f, 0x01, [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]))))).toBe('CORRUPT_FILE');
    const huge = rec(0x7f, 0x01, [0, 0, 0, 0, 0, 0, 0x20, 0, 1, 0, 0, 0]); // totalRows 2^53
    expect(codeOf(() => readBsq(cat(header, codecRec, data1, huge)))).toBe('LIMIT_EXCEEDED');
  });

  it('skips unknown non-critical records (after checking their CRC), refuses unknown critical ones', () => {
    const skip = rec(0x04, 0x00, [9, 9, 9]);
    const priv = rec(0xc0, 0xfe, []); // reserved flag bits set, critical clear
    expect(readBsq(cat(header, codecRec, skip, data1, priv, endRec(1, 1))).rowCount).toBe(1);
    const broken = skip.slice();
    broken[7] ^= 1;
    expect(codeOf(() => readBsq(cat(header, codecRec, broken, data1, endRec(1, 1))))).toBe('CHECKSUM_MISMATCH');
    expect(codeOf(() => readBsq(cat(header, codecRec, rec(0x04, 0x01, []), data1, endRec(1, 1))))).toBe('UNSUPPORTED_RECORD');
    expect(codeOf(() => readBsq(cat(header, codecRec, rec(0x90, 0x03, []), data1, endRec(1, 1))))).toBe('UNSUPPORTED_RECORD');
  });

  it('ENTROPY_MODEL is a known record: a malformed payload is INVALID_CODEC whatever its flags (see test/entropy)', () => {
    expect(codeOf(() => readBsq(cat(header, codecRec, rec(0x03, 0x01, [1]), data1, endRec(1, 1))))).toBe('INVALID_CODEC');
    expect(codeOf(() => readBsq(cat(header, codecRec, rec(0x03, 0x00, [1]), data1, endRec(1, 1))))).toBe('INVALID_CODEC');
  });

  it('accepts known records with the critical flag clear', () => {
    const f = readBsq(cat(header, rec(0x01, 0x00, tinyPayload), rec(0x02, 0x00, [1, 0, 0, 0, 0, 0x01]), rec(0x7f, 0x00, [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])));
    expect(Array.from(f.codes())).toEqual([1]);
  });

  it('CODEC first and only once; nothing after END', () => {
    expect(codeOf(() => readBsq(cat(header, rec(0x04, 0x00, []), codecRec, endRec(0, 0))))).toBe('CORRUPT_FILE');
    expect(codeOf(() => readBsq(cat(header, endRec(0, 0))))).toBe('CORRUPT_FILE');
    expect(codeOf(() => readBsq(cat(header, codecRec, codecRec, endRec(0, 0))))).toBe('CORRUPT_FILE');
    expect(codeOf(() => readBsq(cat(header, codecRec, endRec(0, 0), [0])))).toBe('TRAILING_DATA');
    expect(codeOf(() => readBsq(cat(header, codecRec, endRec(0, 0), endRec(0, 0))))).toBe('TRAILING_DATA');
    expect(codeOf(() => readBsq(cat(header, codecRec)))).toBe('TRUNCATED');
  });

  it('a failed reader keeps failing with the same error; end() before END is TRUNCATED', () => {
    const r = new BsqReader();
    expect(r.push(cat(header, codecRec)).map((e) => e.type)).toEqual(['codec']);
    expect(r.codec?.featureCount).toBe(1);
    expect(codeOf(() => r.end())).toBe('TRUNCATED');
    expect(codeOf(() => r.push(endRec(0, 0)))).toBe('TRUNCATED');
    const r2 = new BsqReader();
    expect(codeOf(() => r2.push(Uint8Array.of(1, 2, 3)))).toBe('BAD_MAGIC');
    expect(codeOf(() => r2.push(header))).toBe('BAD_MAGIC');
    expect(codeOf(() => new BsqReader().push('abc' as unknown as Uint8Array))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new BsqReader({ limits: { maxBits: -1 } }))).toBe('INVALID_ARGUMENT');
  });

  it('encodeRecord frames any payload', () => {
    expect(Array.from(encodeRecord(0x80, 0, Uint8Array.of(7)))).toEqual(Array.from(rec(0x80, 0, [7])));
    expect(codeOf(() => encodeRecord(256, 0, new Uint8Array(0)))).toBe('INVALID_ARGUMENT');
  });
});
