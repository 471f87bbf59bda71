// Shared helpers of the Parquet tests: a codec with evenly spaced thresholds, rows drawn from a seeded
// PRNG, and reading a Parquet buffer back to plain rows with hyparquet (an independent reader).
import { parquetReadObjects } from 'hyparquet';
import { Codec } from '../../src/index.js';
import { mulberry32 } from '../support/prng.js';

export function makeCodec(bits: number[], names = bits.map((_, i) => `c${i}`)): Codec {
  return Codec.fromThresholds(
    bits.map((b, i) => {
      const k = (1 << b) - 1;
      return { name: names[i], thresholds: Array.from({ length: k }, (_, j) => -50 + (100 * (j + 1)) / (k + 1)) };
    }),
  );
}

/** Row-major values in [-60, 60) (some outside the threshold range), seeded. */
export function makeRows(features: number, rows: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  const out = new Float64Array(features * rows);
  for (let i = 0; i < out.length; i++) out[i] = -60 + 120 * rnd();
  return out;
}

export async function readRows(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const ab = bytes.slice().buffer as ArrayBuffer;
  return parquetReadObjects({ file: ab });
}
