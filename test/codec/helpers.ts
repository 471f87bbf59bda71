// Test helpers for the codec: a seeded PRNG, random codec/row generators covering ties, adjacent
// binary32 thresholds, huge and tiny magnitudes and infinities, and straightforward reference
// implementations (count-based encode, bit-by-bit packing) that the fast kernels are checked against.

import fc from 'fast-check';
import { Codec, type FeatureSpec } from '../../src/codec/index.js';
import { mulberry32 } from '../support/prng.js';
export { mulberry32 };


const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** Next binary32 above a finite binary32 `t`. */
export function nextUp32(t: number): number {
  if (t === 0) return 1.401298464324817e-45;
  f32[0] = t;
  u32[0] = t > 0 ? u32[0] + 1 : u32[0] - 1;
  return f32[0];
}
/** Next binary32 below a finite binary32 `t`. */
export function nextDown32(t: number): number {
  return -nextUp32(-t);
}
/** Next binary64 above / below a finite `x`. */
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
export function nextUp64(x: number): number {
  if (x === 0) return 5e-324;
  f64[0] = x;
  u64[0] = x > 0 ? u64[0] + 1n : u64[0] - 1n;
  return f64[0];
}
export function nextDown64(x: number): number {
  return -nextUp64(-x);
}

export const STYLES = ['spread', 'ties', 'huge', 'tiny', 'adjacent', 'mixed'] as const;
export type Style = (typeof STYLES)[number];

function oneValue(rnd: () => number, style: Exclude<Style, 'adjacent' | 'mixed'>): number {
  const sign = rnd() < 0.5 ? -1 : 1;
  switch (style) {
    case 'spread': return (rnd() - 0.5) * 2000;
    case 'ties': return [-1, 0, 0.5, 2, 2, 1e-3][Math.floor(rnd() * 6)];
    case 'huge': return sign * 3.4e38 * rnd();
    case 'tiny': return sign * rnd() * (rnd() < 0.5 ? 1e-38 : 1e-44);
  }
}

/** 2^bits - 1 sorted finite binary32 thresholds from a seed, in one of several styles. */
export function makeThresholds(bits: number, seed: number, style: Style): Float32Array {
  const K = (1 << bits) - 1;
  const rnd = mulberry32(seed);
  const t = new Float32Array(K);
  if (style === 'adjacent') {
    let x = Math.fround((rnd() - 0.5) * (rnd() < 0.3 ? 6e38 : 100));
    for (let k = 0; k < K; k++) {
      t[k] = x;
      if (rnd() < 0.9) x = nextUp32(x); // adjacent, sometimes a tie
    }
    return t;
  }
  const simple = ['spread', 'ties', 'huge', 'tiny'] as const;
  for (let k = 0; k < K; k++) {
    const s = style === 'mixed' ? simple[Math.floor(rnd() * 4)] : style;
    t[k] = oneValue(rnd, s);
  }
  return t.sort();
}

export interface CodecCase {
  specs: FeatureSpec[];
  seed: number;
}

/** Bit widths: mostly 1..8, sometimes 9..12, rarely 13..16 (kept small so tests stay fast). */
export const bitsArb = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 3, arbitrary: fc.integer({ min: 9, max: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 13, max: 16 }) },
);

export const featureArb = fc.record({
  bits: bitsArb,
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  style: fc.constantFrom(...STYLES),
});

export const codecArb = fc
  .array(featureArb, { minLength: 1, maxLength: 6 })
  .map((fs) => Codec.fromThresholds(fs.map((f, i) => ({ name: `f${i}`, thresholds: makeThresholds(f.bits, f.seed, f.style) }))));

/** Uniform-width codecs, to hit the packer's fast paths (1, 2, 4, 8, 16 bits). */
export const uniformCodecArb = fc
  .record({
    bits: fc.constantFrom(1, 2, 3, 4, 8, 16),
    count: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    style: fc.constantFrom(...STYLES),
  })
  .map(({ bits, count, seed, style }) =>
    Codec.fromThresholds(Array.from({ length: bits === 16 ? 1 : count }, (_, i) => ({ name: `u${i}`, thresholds: makeThresholds(bits, seed + i, style) }))));

/**
 * rowCount x featureCount row-major values for a codec: thresholds exactly, the binary64 neighbours
 * of thresholds (just above / below a binary32 threshold), levels, random wide values, +-Infinity,
 * +-0, huge and tiny values.
 */
export function makeRows(codec: Codec, rowCount: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  const F = codec.featureCount;
  const out = new Float64Array(rowCount * F);
  for (let r = 0; r < rowCount; r++) {
    for (let f = 0; f < F; f++) {
      const { thresholds: t, levels: v } = codec.features[f];
      const tk = t[Math.floor(rnd() * t.length)];
      let x: number;
      switch (Math.floor(rnd() * 10)) {
        case 0: x = tk; break;
        case 1: x = nextUp64(tk); break;
        case 2: x = nextDown64(tk); break;
        case 3: x = v[Math.floor(rnd() * v.length)]; break;
        case 4: x = rnd() < 0.5 ? Infinity : -Infinity; break;
        case 5: x = rnd() < 0.5 ? 0 : -0; break;
        case 6: x = (rnd() - 0.5) * 1e39; break;
        case 7: x = (rnd() - 0.5) * 1e-40; break;
        default: x = Math.fround(tk + (rnd() - 0.5) * Math.abs(tk || 1));
      }
      out[r * F + f] = x;
    }
  }
  return out;
}

// ------------------------------------------------------------------ reference implementations

/** code(x) = #{k : x > t_k}, by counting. */
export function refCode(t: Float32Array, x: number): number {
  let c = 0;
  for (let k = 0; k < t.length; k++) if (x > t[k]) c++;
  return c;
}

export function refCodes(codec: Codec, rows: ArrayLike<number>): number[] {
  const F = codec.featureCount;
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) out.push(refCode(codec.features[i % F].thresholds, rows[i]));
  return out;
}

/** Bit-by-bit packing straight from FORMAT.md section 2. */
export function refPack(codec: Codec, codes: ArrayLike<number>): Uint8Array {
  const F = codec.featureCount;
  const bitsPerRow = codec.features.reduce((s, f) => s + f.bits, 0);
  const rows = codes.length / F;
  const out = new Uint8Array(Math.ceil((rows * bitsPerRow) / 8));
  let q = 0;
  for (let i = 0; i < codes.length; i++) {
    const b = codec.features[i % F].bits;
    for (let j = 0; j < b; j++, q++) if ((codes[i] >> j) & 1) out[q >> 3] |= 1 << (q & 7);
  }
  return out;
}

export function refThermometer(codec: Codec, codes: ArrayLike<number>): number[] {
  const F = codec.featureCount;
  const out: number[] = [];
  for (let i = 0; i < codes.length; i++) {
    const K = codec.features[i % F].thresholds.length;
    for (let k = 0; k < K; k++) out.push(k < codes[i] ? 1 : 0);
  }
  return out;
}

/** Split row-major values into one Float64Array per feature. */
export function toColumns(codec: Codec, rows: Float64Array): Float64Array[] {
  const F = codec.featureCount;
  const n = rows.length / F;
  return Array.from({ length: F }, (_, f) => Float64Array.from({ length: n }, (_, r) => rows[r * F + f]));
}
