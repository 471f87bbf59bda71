// NaN among infinities of both signs, at every position of the unrolled encode kernels' groups
// (the single-feature 4-bit kernel tests four values at once through their sum, which is also NaN
// for +Infinity and -Infinity together): codes equal the counting reference, the first NaN is
// reported by row, and a NaN code lands exactly on the NaN values.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError, Codec } from '../../src/codec/index.js';
import { refCodes, refPack } from './helpers.js';

const valueArb = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 0.5, 3, 7, 14, 15),
  fc.double({ min: -20, max: 20, noNaN: true }),
);

describe('encode with NaN and infinities mixed', () => {
  it('single-feature and multi-feature uniform kernels agree with the reference', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom(1, 2, 3),
        fc.array(valueArb, { maxLength: 26 }),
        fc.boolean(),
        (bits, F, vals, f32) => {
          const K = (1 << bits) - 1;
          const codec = Codec.fromThresholds(Array.from({ length: F }, (_, f) => ({ name: `f${f}`, thresholds: Array.from({ length: K }, (_, k) => k * (16 / (K + 1)) + f * 0.25) })));
          const n = Math.floor(vals.length / F);
          const rows = f32 ? Float32Array.from(vals.slice(0, n * F)) : Float64Array.from(vals.slice(0, n * F));
          const nanCode = K >> 1;
          const expected = refCodes(codec, rows).map((c, i) => (Number.isNaN(rows[i]) ? nanCode : c));
          expect(Array.from(codec.encodeRowsToCodes(rows, { nan: { code: nanCode } }))).toEqual(expected);
          expect(Array.from(codec.encodeRows(rows, { nan: { code: nanCode } }))).toEqual(Array.from(refPack(codec, expected)));
          const first = Array.from(rows).findIndex((x) => Number.isNaN(x));
          let err: unknown;
          try {
            codec.encodeRows(rows);
          } catch (e) {
            err = e;
          }
          if (first < 0) expect(err).toBeUndefined();
          else {
            expect(err).toBeInstanceOf(BsqError);
            expect((err as BsqError).code).toBe('NAN_INPUT');
            expect((err as BsqError).details).toMatchObject({ row: Math.floor(first / F), featureIndex: first % F });
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
