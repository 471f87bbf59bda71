// The mixed-width field kernels (src/codec/field.ts) on random layouts larger than the other
// property tests use: widths 1..16 in any order, up to 40 features, enough rows to span several
// encode/decode chunks and to end in a partial chunk read from the padded copy. Bytes must equal the
// bit-by-bit reference packer; decoding (codes, values, into an odd-offset subarray) must invert it;
// NaN handling must match the row-major first-NaN rule.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError, Codec } from '../../src/codec/index.js';
import { makeRows, makeThresholds, refCodes, refPack, toColumns, STYLES } from './helpers.js';

/** Widths weighted towards 1..8 (the bit-budget case), with 9..16 now and then. */
const widthArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 9, max: 16 }) });
const layoutArb = fc.record({
  widths: fc.array(widthArb, { minLength: 2, maxLength: 40 }),
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  style: fc.constantFrom(...STYLES),
  /** Values per case, so a case costs about the same whatever its feature count. */
  values: fc.integer({ min: 1, max: 40_000 }),
});

function codecOf(widths: number[], seed: number, style: (typeof STYLES)[number]): Codec {
  // at most one 16-bit feature per codec: 65 535 thresholds each make codec construction slow
  let wide = 0;
  return Codec.fromThresholds(widths.map((b0, i) => {
    const b = b0 >= 14 && wide++ > 0 ? 8 : b0;
    return { name: `f${i}`, thresholds: makeThresholds(b, seed + i, style) };
  }));
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('mixed-width field kernels', () => {
  it('encode to the reference bytes and decode back, across chunks, on random layouts', () => {
    fc.assert(
      fc.property(layoutArb, ({ widths, seed, style, values }) => {
        const codec = codecOf(widths, seed, style);
        const F = codec.featureCount;
        // the reference search is linear: few rows when a feature has thousands of thresholds
        const n = Math.max(1, Math.floor(Math.min(values, codec.features.some((f) => f.bits > 12) ? 2000 : values) / F));
        const rows = makeRows(codec, n, seed ^ 0x5bd1e995);
        const codes = refCodes(codec, rows);
        const expected = refPack(codec, codes);
        const packed = codec.encodeRows(rows);
        expect(same(packed, expected)).toBe(true);
        expect(same(codec.encodeColumns(toColumns(codec, rows)), expected)).toBe(true);
        expect(same(codec.encodeRows(Float32Array.from(rows)), refPack(codec, refCodes(codec, Float32Array.from(rows))))).toBe(true);
        expect(same(codec.decodeCodes(packed, n), codes)).toBe(true);
        const levels = Float32Array.from(codes, (c, i) => codec.features[i % F].levels[c]);
        expect(same(codec.decodeValues(packed, n), levels)).toBe(true);
        // into a subarray at an odd byte offset of a larger, dirty buffer: neighbours untouched
        const wide = codec.features.some((f) => f.bits > 8);
        const big = wide ? new Uint16Array(n * F + 6).fill(0xabcd) : new Uint8Array(n * F + 6).fill(0xab);
        const into = big.subarray(3, 3 + n * F);
        codec.decodeCodes(packed, n, into);
        expect(same(into, codes)).toBe(true);
        expect(Array.from(big.subarray(0, 3)).concat(Array.from(big.subarray(3 + n * F)))).toEqual(Array(6).fill(wide ? 0xabcd : 0xab));
      }),
      { numRuns: 40 },
    );
  });

  it('a NaN anywhere is reported at its row and feature (first in row-major order), or mapped to the NaN code', () => {
    fc.assert(
      fc.property(layoutArb, fc.integer({ min: 0, max: 0x7fffffff }), ({ widths, seed, style, values }, pick) => {
        const codec = codecOf(widths, seed, style);
        const F = codec.featureCount;
        const n = Math.max(1, Math.floor(Math.min(values, codec.features.some((f) => f.bits > 12) ? 2000 : values) / F));
        const rows = makeRows(codec, n, seed);
        // two NaNs: the later one in a lower feature, to catch a feature-major search for the first
        const a = pick % (n * F);
        const b = Math.min(n * F - 1, a + F + 1);
        rows[a] = NaN;
        rows[b] = NaN;
        let err: unknown;
        try { codec.encodeRows(rows, { firstRow: 5 }); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(BsqError);
        expect((err as BsqError).code).toBe('NAN_INPUT');
        expect((err as BsqError).details).toMatchObject({ row: 5 + Math.floor(a / F), featureIndex: a % F });
        let errC: unknown;
        try { codec.encodeColumns(toColumns(codec, rows)); } catch (e) { errC = e; }
        expect((errC as BsqError).details).toMatchObject({ row: Math.floor(a / F), featureIndex: a % F });
        // mapped: the reference with NaN replaced by the code
        const codes = refCodes(codec, rows.map((x) => (x !== x ? -Infinity : x))).map((c, i) => (i === a || i === b ? 1 : c));
        expect(same(codec.encodeRows(rows, { nan: { code: 1 } }), refPack(codec, codes))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
