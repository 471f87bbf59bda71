// Test data for the device encoder: seeded random codecs (mixed widths 1..16, ties, extreme and
// subnormal thresholds) and rows that hit the edges of the search: values exactly on thresholds,
// one ulp either side, +-0, +-Infinity, subnormals, +-FLT_MAX, and NaN where the policy allows it.

import fc from 'fast-check';
import { Codec } from '../../src/index.js';
/** mulberry32: a small seeded PRNG (uniform in [0, 1)). */
import { mulberry32 as prng } from '../support/prng.js';
export { prng };


const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The binary32 neighbour of finite x towards +Infinity (dir 1) or -Infinity (dir -1). */
export function nextF32(x: number, dir: 1 | -1): number {
  f32[0] = x;
  if (x === 0) {
    u32[0] = 1;
    return dir > 0 ? f32[0] : -f32[0];
  }
  if ((x > 0) === (dir > 0)) u32[0] = u32[0] + 1;
  else u32[0] = u32[0] - 1;
  return f32[0];
}

export const FLT_MAX = 3.4028234663852886e38;

/** Sorted binary32 thresholds for `bits`, with ties (every `tieEvery`-th threshold repeats the previous one). */
export function thresholdsFor(rand: () => number, bits: number, scale: number, tieEvery = 5): Float32Array {
  const K = 2 ** bits - 1;
  const t = new Float32Array(K);
  for (let k = 0; k < K; k++) t[k] = (rand() * 2 - 1) * scale;
  t.sort();
  for (let k = 1; k < K; k++) if (k % tieEvery === 0) t[k] = t[k - 1];
  return t;
}

/** The mixed codec: widths 2 (with a tie), 3, 1, 5, 8, `widest` (16), 4, 7, 12 and 2 (around +-0), wide value ranges. */
export function mixedCodec(seed = 7, widest = 16): Codec {
  const rand = prng(seed);
  const widths = [2, 3, 1, 5, 8, widest, 4, 7, 12];
  const scales = [10, 1e-3, 5, 1e6, 100, 1e3, 1e-38, 1e30, 50];
  const specs = widths.map((b, i) => {
    const t = thresholdsFor(rand, b, scales[i], b === 2 ? 2 : 5);
    return { name: `f${i}_${b}b`, thresholds: t };
  });
  // Signed zeros and the smallest subnormals: -0 and +0 are the same threshold.
  specs.push({ name: 'zeros', thresholds: Float32Array.of(-1.401298464324817e-45, -0, 1.401298464324817e-45) });
  return Codec.fromThresholds(specs);
}

/** The paper's ESP32-S3 demo shape: 81 features x 2 bits. */
export function paperCodec(seed = 11): Codec {
  const rand = prng(seed);
  return Codec.fromThresholds(Array.from({ length: 81 }, (_, i) => ({ name: `s${i}`, thresholds: thresholdsFor(rand, 2, 1 + i, 99) })));
}

export function uniformCodec(features: number, bits: number, seed = 13): Codec {
  const rand = prng(seed);
  return Codec.fromThresholds(Array.from({ length: features }, (_, i) => ({ name: `u${i}`, thresholds: thresholdsFor(rand, bits, 4, 9) })));
}

/** Random codecs drawn by fast-check (seeded): 1..7 features of 1..10 bits, arbitrary finite binary32 thresholds. */
export function randomCodecs(count: number, seed: number): Codec[] {
  const feature = fc.integer({ min: 1, max: 10 }).chain((bits) =>
    fc.record({
      bits: fc.constant(bits),
      values: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 2 ** bits - 1, maxLength: 2 ** bits - 1 }),
      ties: fc.integer({ min: 2, max: 8 }),
    }),
  );
  const arb = fc.array(feature, { minLength: 1, maxLength: 7 });
  return fc.sample(arb, { seed, numRuns: count }).map((specs) =>
    Codec.fromThresholds(
      specs.map((s, i) => {
        const t = Float32Array.from(s.values).sort();
        for (let k = 1; k < t.length; k++) if (k % s.ties === 0) t[k] = t[k - 1];
        return { name: `r${i}`, thresholds: t };
      }),
    ),
  );
}

/** One edge-heavy binary32 value for a feature with thresholds `t`. */
function edgeValue(rand: () => number, t: Float32Array, nan: boolean): number {
  const r = rand();
  const k = Math.floor(rand() * t.length);
  if (r < 0.3) return t[k];
  if (r < 0.45) return Math.abs(t[k]) < FLT_MAX ? nextF32(t[k], rand() < 0.5 ? 1 : -1) : t[k];
  if (r < 0.5) return rand() < 0.5 ? Infinity : -Infinity;
  if (r < 0.55) return rand() < 0.5 ? 0 : -0;
  if (r < 0.6) {
    const specials = [1.401298464324817e-45, -1.401298464324817e-45, 1e-40, -1e-40, FLT_MAX, -FLT_MAX, 1.1754943508222875e-38];
    return specials[Math.floor(rand() * specials.length)];
  }
  if (nan && r < 0.63) return NaN;
  const lo = t[0];
  const hi = t[t.length - 1];
  const span = Math.max(hi - lo, Math.abs(lo), 1e-30);
  return Math.fround(lo - span / 4 + rand() * (hi - lo + span / 2));
}

/** `n` rows (row-major Float32Array) of edge-heavy values; NaN only if `nan`. */
export function edgeRows(codec: Codec, n: number, seed: number, nan = false): Float32Array {
  const rand = prng(seed);
  const F = codec.featureCount;
  const rows = new Float32Array(n * F);
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) rows[r * F + f] = edgeValue(rand, codec.features[f].thresholds, nan);
  return rows;
}

/** Indices of rows that hold a NaN. */
export function nanRows(rows: Float32Array, F: number): Set<number> {
  const s = new Set<number>();
  for (let i = 0; i < rows.length; i++) if (rows[i] !== rows[i]) s.add(Math.floor(i / F));
  return s;
}

/** The rows of `rows` whose index is not in `drop`. */
export function withoutRows(rows: Float32Array, F: number, drop: Set<number>): Float32Array {
  const n = rows.length / F;
  const out = new Float32Array((n - drop.size) * F);
  let o = 0;
  for (let r = 0; r < n; r++) {
    if (drop.has(r)) continue;
    out.set(rows.subarray(r * F, r * F + F), o);
    o += F;
  }
  return out;
}

/**
 * `count` features alternating 1, 3, 2, 5 bits: up to 64 features the generator writes straight-line
 * code for the layout; more (with more than 16 width runs) take the width-table loop.
 */
export function alternatingCodec(seed = 17, count = 40): Codec {
  const rand = prng(seed);
  const widths = [1, 3, 2, 5];
  return Codec.fromThresholds(Array.from({ length: count }, (_, i) => ({ name: `alt${i}`, thresholds: thresholdsFor(rand, widths[i % 4], 3, 4) })));
}
