// Shared test helpers for the stream tests: small codecs, random rows, chunking, stream collection.
import fc from 'fast-check';
import { Codec } from '../../src/index.js';
import { concatBytes as concat } from '../../src/format/index.js';
export { concat };

/** A codec with the given bit widths; thresholds spread over [-1, 1] (sorted, with no ties). */
export function makeCodec(bits: number[]): Codec {
  return Codec.fromThresholds(
    bits.map((b, i) => {
      const k = (1 << b) - 1;
      const thresholds = Array.from({ length: k }, (_, j) => -1 + (2 * (j + 1)) / (k + 1) + i * 0.01);
      return { name: `f${i}`, thresholds };
    }),
  );
}

/** fast-check arbitrary: a codec with 1..5 features of 1..10 bits. */
export const codecArb = fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 5 }).map(makeCodec);

/** Row-major Float64 values in about [-1.5, 1.5], exact ties with thresholds included. */
export function rowsArb(featureCount: number, maxRows = 300): fc.Arbitrary<Float64Array> {
  const value = fc.oneof(fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.constantFrom(-1, 0, 0.5, 1));
  return fc.array(fc.array(value, { minLength: featureCount, maxLength: featureCount }), { maxLength: maxRows }).map((rows) => Float64Array.from(rows.flat()));
}

/** Split `n` items at sorted random cut points in [0, n]. */
export function cutPoints(n: number, cuts: number[]): Array<[number, number]> {
  const pts = [0, ...cuts.map((c) => Math.floor(c * (n + 1))).filter((c) => c <= n), n].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (let i = 1; i < pts.length; i++) out.push([pts[i - 1], pts[i]]);
  return out;
}

export const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 8 });

export function splitBytes(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  return cutPoints(bytes.length, cuts).map(([a, b]) => bytes.subarray(a, b));
}

/** Write `chunks` into `ts` and read everything out. */
export async function runTransform<I, O>(ts: TransformStream<I, O>, chunks: I[]): Promise<O[]> {
  const out: O[] = [];
  const reading = (async () => {
    for await (const x of ts.readable as unknown as AsyncIterable<O>) out.push(x);
  })();
  const writer = ts.writable.getWriter();
  try {
    for (const c of chunks) await writer.write(c);
    await writer.close();
  } catch {
    // the error also surfaces on the readable side
  }
  await reading;
  return out;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
