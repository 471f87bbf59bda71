// Shared pieces of the encoding-2 and encoding-3 vector generators: feature definitions on a grid,
// the codec they make, codes as the right array type, and hand-built DATA records.
import { Codec, type Codes } from '../../src/index.js';
import { encodeRecord } from '../../src/internals.js';

export interface FeatureDef {
  name: string;
  thresholds: number[];
  levels: number[];
}

/** A feature of `bits` bits with thresholds every `step` from `lo` and levels at the bin middles. */
export function grid(name: string, bits: number, lo: number, step: number): FeatureDef {
  const K = (1 << bits) - 1;
  const f32 = Math.fround;
  return {
    name,
    thresholds: Array.from({ length: K }, (_, k) => f32(lo + step * (k + 1))),
    levels: Array.from({ length: K + 1 }, (_, c) => f32(lo + step * c + step / 2)),
  };
}

export const bitsOf = (f: FeatureDef): number => Math.log2(f.levels.length);

export function codecOf(features: FeatureDef[]): Codec {
  return Codec.fromFeatures(features.map((f) => ({ name: f.name, bits: bitsOf(f), thresholds: Float32Array.from(f.thresholds), levels: Float32Array.from(f.levels) })));
}

/** Rows of codes as the Codes array the codec uses (Uint16Array when a feature has over 8 bits). */
export function flat(features: FeatureDef[], codes: number[][]): Codes {
  return features.some((f) => bitsOf(f) > 8) ? Uint16Array.from(codes.flat()) : Uint8Array.from(codes.flat());
}

export function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}

/** A DATA record built by hand: row count, encoding byte and body (for invalid vectors). */
export function dataRecord(rowCount: number, encoding: number, body: ArrayLike<number>): Uint8Array {
  return encodeRecord(0x02, 0x01, Uint8Array.from([...u32(rowCount), encoding, ...Array.from(body)]));
}
