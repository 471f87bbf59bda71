// Test helper: fast-check arbitraries for codecs, rows and chunkings used by the format tests.
import fc from 'fast-check';
import { Codec } from '../../src/index.js';

/** Sorted binary32 thresholds (ties allowed) for `bits` bits, built from non-negative gaps. */
function thresholdsArb(bits: number): fc.Arbitrary<number[]> {
  const K = (1 << bits) - 1;
  return fc
    .tuple(fc.integer({ min: -1000, max: 1000 }), fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })), { minLength: K, maxLength: K }))
    .map(([start, gaps]) => {
      let t = start;
      return gaps.map((g) => Math.fround((t += g) / 8));
    });
}

export const codecArb: fc.Arbitrary<Codec> = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 9, max: 12 }) }), {
    minLength: 1,
    maxLength: 5,
  })
  .chain((bits) => fc.tuple(...bits.map((b) => thresholdsArb(b))))
  .chain((ts) =>
    fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean()), { maxKeys: 3 }), { nil: undefined }).map((metadata) =>
      Codec.fromThresholds(
        ts.map((thresholds, i) => ({ name: `f${i}`, thresholds })),
        { metadata },
      ),
    ),
  );

/** Row-major values for `codec`: around the thresholds, including exact threshold values. */
export function rowsArb(codec: Codec, maxRows: number): fc.Arbitrary<Float64Array> {
  const F = codec.featureCount;
  return fc.integer({ min: 0, max: maxRows }).chain((n) =>
    fc
      .array(
        fc.oneof(
          fc.double({ min: -200, max: 200, noNaN: true }),
          fc.integer({ min: 0, max: 1 << 12 }),
          fc.constantFrom(-Infinity, Infinity),
        ),
        { minLength: n * F, maxLength: n * F },
      )
      .map((vals) =>
        Float64Array.from(vals, (v, i) => {
          if (Number.isInteger(v) && Math.abs(v) < 4097 && v >= 0) {
            const t = codec.features[i % F].thresholds; // an exact threshold value (a tie case)
            return t[v % t.length];
          }
          return v;
        }),
      ),
  );
}

/** Splits `bytes` at random cut points (possibly empty chunks). */
export const cutsArb = fc.array(fc.nat(), { maxLength: 12 });
export function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  out.push(bytes.subarray(prev));
  return out;
}
