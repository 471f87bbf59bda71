// Golden vectors checked without the library: a record walker, a bitwise CRC-32C, a bit-by-bit packer
// and node:zlib's inflate, each written here from spec/FORMAT.md. The committed bytes of every golden
// file must agree with its expected JSON under these independent readings, so the vectors are not a
// snapshot of whatever `writeBsq` produced.
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VECTORS, type Expected } from './vectors.js';

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), one bit at a time. */
function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Section 2: codes LSB first, rows back to back, zero padding. */
function packBitByBit(rows: number[][], widths: number[]): Uint8Array {
  const bitsPerRow = widths.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(Math.ceil((rows.length * bitsPerRow) / 8));
  let q = 0;
  for (const row of rows) {
    row.forEach((code, f) => {
      for (let j = 0; j < widths[f]!; j++, q++) if ((code >> j) & 1) out[q >> 3]! |= 1 << (q & 7);
    });
  }
  return out;
}

interface RawRecord {
  type: number;
  flags: number;
  payload: Uint8Array;
}

function walk(bytes: Uint8Array): RawRecord[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x42, 0x53, 0x51, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(dv.getUint32(12, true)).toBe(crc32c(bytes.subarray(0, 12)));
  const records: RawRecord[] = [];
  let at = 16;
  while (at < bytes.length) {
    const type = bytes[at]!;
    const length = dv.getUint32(at + 2, true);
    const end = at + 6 + length;
    expect(dv.getUint32(end, true)).toBe(crc32c(bytes.subarray(at, end)));
    records.push({ type, flags: bytes[at + 1]!, payload: bytes.subarray(at + 6, end) });
    at = end + 4;
  }
  expect(at).toBe(bytes.length);
  return records;
}

const ENCODINGS = ['raw', 'deflate', 'entropy', 'adaptive'];

function checkIndependently(bytes: Uint8Array, e: Expected): void {
  const records = walk(bytes);
  expect(records[0]!.type).toBe(0x01);
  expect(records.at(-1)!.type).toBe(0x7f);
  const widths = e.codec.features.map((f) => f.bits);
  const bitsPerRow = widths.reduce((a, b) => a + b, 0);

  // CODEC payload: feature names, widths, thresholds and levels at the offsets section 4.1 gives.
  const codec = records[0]!.payload;
  const cv = new DataView(codec.buffer, codec.byteOffset, codec.byteLength);
  expect(cv.getUint16(0, true)).toBe(e.codec.features.length);
  let p = 6 + cv.getUint32(2, true);
  for (const f of e.codec.features) {
    const nameLength = codec[p]!;
    expect(new TextDecoder().decode(codec.subarray(p + 1, p + 1 + nameLength))).toBe(f.name);
    p += 1 + nameLength;
    expect(codec[p]).toBe(f.bits);
    p += 1;
    const K = 2 ** f.bits - 1;
    const thresholds = Array.from({ length: K }, (_, k) => cv.getFloat32(p + 4 * k, true));
    p += 4 * K;
    const levels = Array.from({ length: K + 1 }, (_, k) => cv.getFloat32(p + 4 * k, true));
    p += 4 * (K + 1);
    expect(thresholds).toEqual(f.thresholds);
    expect(levels).toEqual(f.levels);
  }
  // Format 1.1: the dictionaries of the categorical features follow the last feature (section 4.1).
  const categorical = e.codec.features.flatMap((f, i) => (f.categories ? [i] : []));
  expect(bytes[9]).toBe(categorical.length > 0 ? 1 : e.version.minor);
  if (categorical.length > 0) {
    // what a 1.0 reader sees: bytes after the last feature, which it must refuse (INVALID_CODEC)
    expect(p).toBeLessThan(codec.length);
    expect(cv.getUint16(p, true)).toBe(categorical.length);
    p += 2;
    for (const i of categorical) {
      const f = e.codec.features[i]!;
      expect(cv.getUint16(p, true)).toBe(i);
      expect(codec[p + 2]).toBe(f.unknown === 'code' ? 1 : 0);
      const k = cv.getUint32(p + 3, true);
      p += 7;
      const cats: string[] = [];
      for (let c = 0; c < k; c++) {
        const len = cv.getUint16(p, true);
        cats.push(new TextDecoder('utf-8', { fatal: true }).decode(codec.subarray(p + 2, p + 2 + len)));
        p += 2 + len;
      }
      expect(cats).toEqual(f.categories);
      // the feature's bits: the smallest width holding the categories (and the unknown code)
      expect(2 ** f.bits >= k + (f.unknown === 'code' ? 1 : 0) && (f.bits === 1 || 2 ** (f.bits - 1) < k + (f.unknown === 'code' ? 1 : 0))).toBe(true);
    }
  }
  expect(p).toBe(codec.length);
  if (e.categoryValues) {
    e.codes.forEach((row, r) => row.forEach((c, f) => {
      const cats = e.codec.features[f]!.categories;
      expect(e.categoryValues![r]![f]).toBe(cats ? (cats[c] ?? null) : null);
    }));
  }

  // DATA payloads: the body of each block is the independently packed expected codes.
  const data = records.filter((r) => r.type === 0x02);
  expect(data.length).toBe(e.blockCount);
  data.forEach((r, i) => {
    const dv = new DataView(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength);
    const block = e.blocks[i]!;
    expect(dv.getUint32(0, true)).toBe(block.rowCount);
    expect(ENCODINGS[r.payload[4]!]).toBe(block.encoding);
    const want = packBitByBit(e.codes.slice(block.firstRow, block.firstRow + block.rowCount), widths);
    expect(want.length).toBe(Math.ceil((block.rowCount * bitsPerRow) / 8));
    const body = r.payload.subarray(5);
    if (block.encoding === 'raw') expect(Array.from(body)).toEqual(Array.from(want));
    else if (block.encoding === 'deflate') expect(Array.from(inflateRawSync(body))).toEqual(Array.from(want));
    // (encoding 2 and 3 bodies are checked against independent decoders in test/entropy/vectors.test.ts
    // and test/adaptive/vectors.test.ts)
  });

  // END payload: total rows (u64) and block count.
  const end = records.at(-1)!.payload;
  const ev = new DataView(end.buffer, end.byteOffset, end.byteLength);
  expect(end.length).toBe(12);
  expect(Number(ev.getBigUint64(0, true))).toBe(e.rowCount);
  expect(ev.getUint32(8, true)).toBe(e.blockCount);
}

describe('golden vectors read without the library', () => {
  it('the CRC-32C reference gives the standard check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('the bit-by-bit packer gives the spec example (a=3,b=5),(a=1,b=6) -> 37 03', () => {
    expect(Array.from(packBitByBit([[3, 5], [1, 6]], [2, 3]))).toEqual([0x37, 0x03]);
  });

  for (const v of VECTORS) {
    it(`${v.name}.bsq: header, CRCs, codec fields, DATA bodies and END agree with ${v.name}.json`, () => {
      checkIndependently(v.bytes, v.expected);
    });
  }
});
