// Property tests of the codec against straightforward references, over random codecs (mixed widths
// 1..16, ties, adjacent binary32 thresholds, huge/tiny magnitudes) and random rows (threshold
// values, their binary64 neighbours, levels, infinities, signed zeros).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Codec } from '../../src/codec/index.js';
import {
  codecArb, uniformCodecArb, makeRows, refCode, refCodes, refPack, refThermometer, toColumns, mulberry32, nextUp32,
} from './helpers.js';

const rowsArb = fc.record({ rowCount: fc.integer({ min: 0, max: 40 }), seed: fc.integer({ min: 0, max: 0x7fffffff }) });
const anyCodecArb = fc.oneof(codecArb, uniformCodecArb);

function rowCountFor(codec: Codec, wanted: number): number {
  // keep 16-bit-heavy cases small
  return codec.bitsPerRow > 40 ? Math.min(wanted, 8) : wanted;
}

describe('codec properties', () => {
  it('encode equals the counting reference; rows, columns, Float32 input and encodeValue agree', () => {
    fc.assert(
      fc.property(anyCodecArb, rowsArb, (codec, { rowCount, seed }) => {
        const n = rowCountFor(codec, rowCount);
        const rows = makeRows(codec, n, seed);
        const expected = refCodes(codec, rows);
        const codes = codec.encodeRowsToCodes(rows);
        expect(codes).toBeInstanceOf(codec.features.every((f) => f.bits <= 8) ? Uint8Array : Uint16Array);
        expect(Array.from(codes)).toEqual(expected);
        expect(Array.from(codec.encodeColumnsToCodes(toColumns(codec, rows)))).toEqual(expected);
        const F = codec.featureCount;
        for (let i = 0; i < Math.min(rows.length, 20); i++) expect(codec.encodeValue(i % F, rows[i])).toBe(expected[i]);
        // Float32 input: the reference on the rounded values
        const rows32 = Float32Array.from(rows);
        expect(Array.from(codec.encodeRowsToCodes(rows32))).toEqual(refCodes(codec, rows32));
      }),
      { numRuns: 300 },
    );
  });

  it('packed bytes equal the bit-by-bit reference; rows and columns give identical bytes', () => {
    fc.assert(
      fc.property(anyCodecArb, rowsArb, (codec, { rowCount, seed }) => {
        const n = rowCountFor(codec, rowCount);
        const rows = makeRows(codec, n, seed);
        const expected = refPack(codec, refCodes(codec, rows));
        const packed = codec.encodeRows(rows);
        expect(packed.length).toBe(codec.packedByteLength(n));
        expect(Array.from(packed)).toEqual(Array.from(expected));
        expect(Array.from(codec.encodeColumns(toColumns(codec, rows)))).toEqual(Array.from(expected));
        expect(Array.from(codec.packCodes(codec.encodeRowsToCodes(rows), n))).toEqual(Array.from(expected));
        const rows32 = Float32Array.from(rows);
        const expected32 = Array.from(refPack(codec, refCodes(codec, rows32)));
        expect(Array.from(codec.encodeRows(rows32))).toEqual(expected32);
        expect(Array.from(codec.encodeColumns(toColumns(codec, rows).map((c) => Float32Array.from(c))))).toEqual(expected32);
      }),
      { numRuns: 300 },
    );
  });

  it('decoding: codes round-trip, values are levels[code], thermometer matches, re-encoding values is the identity', () => {
    fc.assert(
      fc.property(anyCodecArb, rowsArb, (codec, { rowCount, seed }) => {
        const n = rowCountFor(codec, rowCount);
        const rows = makeRows(codec, n, seed);
        const codes = codec.encodeRowsToCodes(rows);
        const packed = codec.encodeRows(rows);
        const F = codec.featureCount;
        expect(Array.from(codec.decodeCodes(packed, n))).toEqual(Array.from(codes));
        const values = codec.decodeValues(packed, n);
        const expectedValues = Array.from(codes, (c, i) => codec.features[i % F].levels[c]);
        expect(Array.from(values)).toEqual(expectedValues);
        expect(Array.from(codec.codesToValues(codes))).toEqual(expectedValues);
        expect(Array.from(codec.encodeRowsToCodes(values))).toEqual(Array.from(codes));
        expect(Array.from(codec.encodeRows(values))).toEqual(Array.from(packed));
        if (codec.thermometerWidth * n <= 200_000) {
          const th = refThermometer(codec, codes);
          expect(Array.from(codec.decodeThermometer(packed, n))).toEqual(th);
          expect(Array.from(codec.codesToThermometer(codes))).toEqual(th);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('pack/unpack is the identity on arbitrary in-range codes (producible or not)', () => {
    fc.assert(
      fc.property(anyCodecArb, rowsArb, (codec, { rowCount, seed }) => {
        const n = rowCountFor(codec, rowCount);
        const F = codec.featureCount;
        const rnd = mulberry32(seed);
        const wide = codec.features.some((f) => f.bits > 8);
        const codes = wide ? new Uint16Array(n * F) : new Uint8Array(n * F);
        for (let i = 0; i < codes.length; i++) codes[i] = Math.floor(rnd() * (1 << codec.features[i % F].bits));
        const packed = codec.packCodes(codes, n);
        expect(Array.from(packed)).toEqual(Array.from(refPack(codec, codes)));
        const back = codec.decodeCodes(packed, n);
        expect(back.constructor).toBe(codes.constructor);
        expect(Array.from(back)).toEqual(Array.from(codes));
      }),
      { numRuns: 300 },
    );
  });

  it('default levels obey the level rule: every producible code decodes to a level that encodes back to it', () => {
    fc.assert(
      fc.property(anyCodecArb, (codec) => {
        const wrong: string[] = [];
        codec.features.forEach((f, i) => {
          const t = f.thresholds;
          const K = t.length;
          for (let c = 0; c <= K; c++) {
            const lo = c === 0 ? -Infinity : t[c - 1];
            const hi = c === K ? Infinity : t[c];
            const v = f.levels[c];
            // producible: the level lies in (t_c, t_c+1] (so it encodes back to c); tie: level is t_c
            const ok = lo < hi ? v > lo && v <= hi && (K > 255 || refCode(t, v) === c) && codec.encodeValue(i, v) === c : v === lo;
            if (!ok) wrong.push(`${f.name} code ${c}: level ${v}, interval (${lo}, ${hi}]`);
          }
        });
        expect(wrong).toEqual([]);
        // fromFeatures accepts what fromThresholds built (the reader path)
        const again = Codec.fromFeatures(codec.features.slice());
        expect(again.features.map((f) => f.name)).toEqual(codec.features.map((f) => f.name));
      }),
      { numRuns: 300 },
    );
  });

  it('decodeCodes refuses a wrong length and non-zero padding bits (CORRUPT_BLOCK)', () => {
    fc.assert(
      fc.property(anyCodecArb, rowsArb, fc.integer({ min: 0, max: 7 }), (codec, { rowCount, seed }, bit) => {
        const n = Math.max(1, rowCountFor(codec, rowCount));
        const packed = codec.encodeRows(makeRows(codec, n, seed));
        const longer = new Uint8Array(packed.length + 1);
        longer.set(packed);
        expect(() => codec.decodeCodes(longer, n)).toThrow(expect.objectContaining({ code: 'CORRUPT_BLOCK' }));
        expect(() => codec.decodeValues(packed.subarray(0, packed.length - 1), n)).toThrow(expect.objectContaining({ code: 'CORRUPT_BLOCK' }));
        const used = (n * codec.bitsPerRow) % 8;
        if (used !== 0 && bit >= used) {
          const bad = packed.slice();
          bad[bad.length - 1] |= 1 << bit;
          expect(() => codec.decodeCodes(bad, n)).toThrow(expect.objectContaining({ code: 'CORRUPT_BLOCK' }));
          expect(() => codec.decodeThermometer(bad, n)).toThrow(expect.objectContaining({ code: 'CORRUPT_BLOCK' }));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('custom levels', () => {
  it('any level inside its interval is accepted and round-trips; a level on the lower bound is refused', () => {
    fc.assert(
      fc.property(codecArb, fc.integer({ min: 0, max: 0x7fffffff }), (base, seed) => {
        const rnd = mulberry32(seed);
        const specs = base.features.map((f) => {
          const t = f.thresholds;
          const K = t.length;
          const v = new Float32Array(K + 1);
          for (let c = 0; c <= K; c++) {
            const lo = c === 0 ? -Infinity : t[c - 1];
            const hi = c === K ? Infinity : t[c];
            if (!(lo < hi)) { v[c] = (rnd() - 0.5) * 1e30; continue; } // tie: anything but NaN
            const pick = rnd();
            if (pick < 0.3) v[c] = c === K ? Infinity : hi; // upper end (inclusive)
            else if (pick < 0.6 && lo > -Infinity) v[c] = nextUp32(lo); // just above the lower end
            else v[c] = f.levels[c];
          }
          return { name: f.name, thresholds: t, levels: v };
        });
        const codec = Codec.fromThresholds(specs);
        const F = codec.featureCount;
        const n = rowCountFor(codec, 12);
        const rows = makeRows(codec, n, seed);
        const codes = codec.encodeRowsToCodes(rows);
        const values = codec.decodeValues(codec.packCodes(codes, n), n);
        expect(Array.from(values)).toEqual(Array.from(codes, (c, i) => specs[i % F].levels[c]));
        expect(Array.from(codec.encodeRowsToCodes(values))).toEqual(Array.from(codes));
        // break one producible level of the last feature (code 1 when producible): level = t_1
        const last = specs[F - 1];
        if (last.thresholds.length >= 1 && (last.thresholds.length === 1 || last.thresholds[0] < last.thresholds[1])) {
          const bad = last.levels.slice();
          bad[1] = last.thresholds[0];
          expect(() => Codec.fromThresholds([...specs.slice(0, -1), { ...last, levels: bad }])).toThrow(
            expect.objectContaining({ code: 'INVALID_CODEC', message: expect.stringContaining(`"${last.name}"`) }),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});
