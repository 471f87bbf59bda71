// The coding loop of encoding 3 (spec/FORMAT.md 4.5). For every value, in row-major order: the
// bit "same code as the previous row" (E) under a logistic mix of three counters, then, if the
// code changed, the change sd = hi - hi_prev of its m modelled bits as sign, Elias-gamma exponent
// (unary) and mantissa, each bit under a mix of four counters (the feature's previous code, its
// last direction, the previous feature's change in this row, the row's net direction so far),
// then the k bypass bits at p = 1/2. One loop serves both directions
// (the encoder passes the true bit, the decoder gets it back), with the range coder of
// range-coder.ts written inline for speed (the tests decode its output with the independent
// reference decoder of test/adaptive, and the generated C must match it byte for byte).

import type { Codes } from '../codec.js';
import { LAYOUT_STRIDE, WEIGHT_LIMIT, type AdaptiveState } from './model.js';
import { STRETCH as STRETCH_TABLE, SQUASH as SQUASH_TABLE } from './tables.js';

/** 16-bit copies of the tables for the coding loop (half the cache footprint). */
const STRETCH16 = Int16Array.from(STRETCH_TABLE);
const SQUASH16 = Int16Array.from(SQUASH_TABLE);

/** Counter rates by count n (16-bit fixed point): 1/1.5, 1/2.5, 1/3.5, 1/5, 1/8, 1/12, 1/20, 1/32. */
export const RATES: Int32Array = Int32Array.from([43691, 26214, 18725, 13107, 8192, 5461, 3277, 2048]);
/** Run length (rows since the last change, 0..255) to its bucket 0..7. */
export const RUN_BUCKET: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let r = 0; r < 256; r++) t[r] = r < 3 ? r : r <= 4 ? 3 : r <= 8 ? 4 : r <= 16 ? 5 : r <= 32 ? 6 : 7;
  return t;
})();
/** Mixer learning rate: w += (s * err) >> MIX_SHIFT (err = (y << 12) - p). */
export const MIX_SHIFT = 12;
/** Flips the sign bit: (a ^ SIGN) <= (b ^ SIGN) compares int32 bit patterns as unsigned. */
const SIGN = -0x80000000;
/** Bias input of both mixers. */
export const BIAS = 256;
// The coding loop spells these constants as literals (run()); they must agree.
if (LAYOUT_STRIDE !== 16 || WEIGHT_LIMIT !== 131071 || MIX_SHIFT !== 12 || BIAS !== 256 || SIGN !== -0x80000000) {
  throw new Error('adaptive coding loop: literal constants out of sync');
}

/** Encoder output or decoder input, and the coder state kept between calls. */
interface Io {
  buf: Uint8Array;
  /** Encoder: bytes beyond cap are counted, not written (unless growable: the buffer doubles). */
  cap: number;
  growable: boolean;
  pos: number;
  /** Coder registers as int32 bit patterns of the unsigned 32-bit values. */
  x1: number;
  x2: number;
  x: number;
  started: boolean;
}

function newIo(buf: Uint8Array, cap: number, growable: boolean): Io {
  return { buf, cap, growable, pos: 0, x1: 0, x2: -1, x: 0, started: false };
}

function grow(io: Io, pos: number): Uint8Array {
  const b = new Uint8Array(Math.max(64, io.buf.length * 2));
  b.set(io.buf.subarray(0, pos));
  io.buf = b;
  io.cap = b.length;
  return b;
}

function run(state: AdaptiveState, codes: Codes, rows: number, io: Io, decoding: boolean): void {
  // Imported bindings copied to locals: module getters (CommonJS interop) must stay out of the loop.
  const STRETCH = STRETCH16;
  const SQUASH = SQUASH16;
  // Constants as literals (module bindings are loaded and untagged on every use in optimized code);
  // the module-level names below say what they are, and a test checks they agree.
  const LIMIT = 131071; // WEIGHT_LIMIT
  const NLIMIT = -131071;
  const BIAS_IN = 256; // BIAS
  const SHIFT = 12; // MIX_SHIFT
  const STRIDE = 16; // LAYOUT_STRIDE
  const FLIP = -0x80000000; // SIGN
  const RATE = RATES;
  const RUNB = RUN_BUCKET;
  const F = state.layout.features.length | 0;
  const G4 = state.layout.g4 | 0;
  const NNMAX = state.layout.nnMax | 0;
  const LAY = state.packedLayout;
  const C = state.counters;
  const W = state.weights;
  const prev = state.prev;
  const runs = state.run;
  const dirs = state.dir;
  const changed = state.changed;
  const lasts = state.last;
  let buf = io.buf;
  let pos = io.pos | 0;
  const len = buf.length | 0;
  let cap = io.cap | 0;
  const growable = io.growable;
  let x1 = io.x1 | 0;
  let x2 = io.x2 | 0;
  let x = io.x | 0;
  if (decoding && !io.started) {
    for (let i = 0; i < 4; i++, pos++) x = (x << 8) | (pos < len ? buf[pos]! : 0);
  }
  io.started = true;
  // The bit-dependent steps are branchless: my = -y (all ones on a 1), ny = y - 1 (all ones on a 0).
  // Counter update: t = y ? 8192 - q : q, d = floor(t * rate / 65536), q = y ? q + d : q - d.
  let w = 0;
  let err = 0;
  let q = 0;
  let n = 0;
  let d = 0;

  let i = 0;
  for (let r = 0; r < rows; r++) {
    let rowChanged = 0;
    let prevFeat = 2;
    // the previous feature's change in this row (0: none) and the row's net direction so far
    let pd = 0;
    let rowSum = 0;
    for (let f = 0; f < F; f++, i++) {
      const o = f * STRIDE;
      const m = LAY[o]!;
      const k = LAY[o + 1]!;
      const c1 = prev[f]!;
      const hi1 = c1 >>> k;
      const cctx = hi1 >>> (m - LAY[o + 2]!);
      const c = codes[i]!;
      const dir = dirs[f]!;
      // E: same code as the previous row?
      const i1 = LAY[o + 6]! + cctx;
      const i2 = LAY[o + 7]! + RUNB[runs[f]!]! * 3 + dir;
      const i3 = LAY[o + 8]! + ((rowChanged * 3 + prevFeat) << 1) + changed[f]!;
      const v1 = C[i1]!;
      const v2 = C[i2]!;
      const v3 = C[i3]!;
      const s1 = v1 >> 16;
      const s2 = v2 >> 16;
      const s3 = v3 >> 16;
      const we = LAY[o + 12]!;
      let dot = (Math.imul(W[we]!, s1) + Math.imul(W[we + 1]!, s2) + Math.imul(W[we + 2]!, s3) + Math.imul(W[we + 3]!, BIAS_IN)) >> 14;
      dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
      const p = SQUASH[dot + 2048]!;
      // 1 when c = c1 (c ^ c1 = 0), else 0, without a branch
      let same = (((c ^ c1) - 1) >> 31) & 1;
        {
          const rr = (x2 - x1) | 0;
          const xmid = (x1 + Math.imul(rr >>> 12, p) + (Math.imul(rr & 0xfff, p) >> 12)) | 0;
          if (decoding) same = (x ^ FLIP) <= (xmid ^ FLIP) ? 1 : 0;
          const my = (0 - same) | 0;
          x2 ^= (x2 ^ xmid) & my;
          x1 ^= (x1 ^ (xmid + 1)) & ~my;
          while (((x1 ^ x2) & 0xff000000) === 0) {
            if (decoding) x = (x << 8) | (pos < len ? buf[pos]! : 0);
            else {
              if (pos >= cap && growable) {
                buf = grow(io, pos);
                cap = io.cap;
              }
              if (pos < cap) buf[pos] = x2 >>> 24;
            }
            pos++;
            x1 = x1 << 8;
            x2 = (x2 << 8) | 255;
          }
        }
      {
        const my = (0 - same) | 0;
        const ny = same - 1;
        err = (same << 12) - p;
        w = W[we]! + (Math.imul(s1, err) >> SHIFT);
        W[we] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
        w = W[we + 1]! + (Math.imul(s2, err) >> SHIFT);
        W[we + 1] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
        w = W[we + 2]! + (Math.imul(s3, err) >> SHIFT);
        W[we + 2] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
        w = W[we + 3]! + (Math.imul(BIAS_IN, err) >> SHIFT);
        W[we + 3] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
        q = ((v1 & 0xffff) >>> 3);
        n = v1 & 7;
        d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
        q += (d ^ ny) - ny;
        C[i1] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
        q = ((v2 & 0xffff) >>> 3);
        n = v2 & 7;
        d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
        q += (d ^ ny) - ny;
        C[i2] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
        q = ((v3 & 0xffff) >>> 3);
        n = v3 & 7;
        d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
        q += (d ^ ny) - ny;
        C[i3] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
      }
      if (same) {
        codes[i] = c1;
        if (runs[f]! < 255) runs[f]!++;
        changed[f] = 0;
        prevFeat = 0;
        pd = 0;
        continue;
      }
      // The change sd = hi - hi1 (signed, nonzero): its sign, the exponent e = floor(log2 |sd|) in
      // unary (bit j: e > j, for j < m - 1), then the e bits below the leading one of |sd|.
      const ns = LAY[o + 3]!;
      const ms = LAY[o + 4]!;
      const nn = LAY[o + 5]!;
      const ex = LAY[o + 14]!;
      const off = ex - m; // 1 when k > 0: |sd| + 1 is coded (sd may be 0)
      const sdT = (c >>> k) - hi1;
      const sT = sdT < 0 ? 1 : 0;
      const aT = (sT ? 0 - sdT : sdT) + off;
      const eT = 31 - Math.clz32(aT);
      // contexts of the three per-feature tables and the shared one
      const g4 = G4 + ((rowSum < -4 ? -4 : rowSum > 4 ? 4 : rowSum) + 4) * NNMAX;
      let pctx = 1;
      if (f === 0) pctx = 0;
      else if (pd !== 0) {
        const pa = pd < 0 ? 0 - pd : pd;
        const pe = 31 - Math.clz32(pa);
        pctx = 2 + 2 * (pe < m - 1 ? pe : m - 1) + (pd < 0 ? 1 : 0);
      }
      const wg = LAY[o + 13]!;
      let sgn = 0;
      let e = 0;
      {
        // sign (step 0) and exponent bits (step 1 + j): four counters and the bias
        const g1s = LAY[o + 9]! + cctx * ns;
        const g2s = LAY[o + 10]! + lasts[f]! * ns;
        const g3s = LAY[o + 11]! + pctx * ns;
        for (let t = 0; ; t++) {
          const node = t === 0 ? 0 : sgn * (ex - 1) + t;
          const ws = wg + t * 5;
          let y = t === 0 ? sT : eT >= t ? 1 : 0;
          const ia = g1s + node;
          const ib = g2s + node;
          const ic = g3s + node;
          const id = g4 + node;
          const va = C[ia]!;
          const vb = C[ib]!;
          const vc = C[ic]!;
          const vd = C[id]!;
          const u1 = va >> 16;
          const u2 = vb >> 16;
          const u3 = vc >> 16;
          const u4 = vd >> 16;
          dot = (Math.imul(W[ws]!, u1) + Math.imul(W[ws + 1]!, u2) + Math.imul(W[ws + 2]!, u3) + Math.imul(W[ws + 3]!, u4) + Math.imul(W[ws + 4]!, BIAS_IN)) >> 14;
          dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
          const q0 = SQUASH[dot + 2048]!;
          {
            const rr = (x2 - x1) | 0;
            const xmid = (x1 + Math.imul(rr >>> 12, q0) + (Math.imul(rr & 0xfff, q0) >> 12)) | 0;
            if (decoding) y = (x ^ FLIP) <= (xmid ^ FLIP) ? 1 : 0;
            const my = (0 - y) | 0;
            x2 ^= (x2 ^ xmid) & my;
            x1 ^= (x1 ^ (xmid + 1)) & ~my;
            while (((x1 ^ x2) & 0xff000000) === 0) {
              if (decoding) x = (x << 8) | (pos < len ? buf[pos]! : 0);
              else {
                if (pos >= cap && growable) {
                  buf = grow(io, pos);
                  cap = io.cap;
                }
                if (pos < cap) buf[pos] = x2 >>> 24;
              }
              pos++;
              x1 = x1 << 8;
              x2 = (x2 << 8) | 255;
            }
          }
          const my = (0 - y) | 0;
          const ny = y - 1;
          err = (y << 12) - q0;
          w = W[ws]! + (Math.imul(u1, err) >> SHIFT);
          W[ws] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 1]! + (Math.imul(u2, err) >> SHIFT);
          W[ws + 1] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 2]! + (Math.imul(u3, err) >> SHIFT);
          W[ws + 2] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 3]! + (Math.imul(u4, err) >> SHIFT);
          W[ws + 3] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 4]! + (Math.imul(BIAS_IN, err) >> SHIFT);
          W[ws + 4] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          q = ((va & 0xffff) >>> 3);
          n = va & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[ia] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          q = ((vb & 0xffff) >>> 3);
          n = vb & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[ib] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          q = ((vc & 0xffff) >>> 3);
          n = vc & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[ic] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          q = ((vd & 0xffff) >>> 3);
          n = vd & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[id] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          if (t === 0) {
            sgn = y;
            if (ex === 1) break;
          } else if (y === 0) {
            e = t - 1;
            break;
          } else if (t === ex - 1) {
            e = t;
            break;
          }
        }
      }
      let mant = 0;
      if (e > 0) {
        // mantissa bits: the same four tables at their mantissa nodes, plus G5 (the absolute
        // position of the codes still possible), and the bias
        const base = sgn * ms + (e <= 1 ? 0 : 2 * e - 3);
        const g1m = LAY[o + 9]! + (ns << LAY[o + 2]!) + (cctx >>> 2) * (nn - ns) + base;
        const g2m = LAY[o + 10]! + (2 * m + 1) * ns + base;
        const g3m = LAY[o + 11]! + (2 * m + 2) * ns + base;
        const g4m = g4 + ns + base;
        const ws = wg + ex * 5;
        const g5 = LAY[o + 15]! + sgn * ((2 << m) - (1 << (m - ex + 2))) + (2 << m);
        const mmask = (1 << m) - 1;
        for (let mpos = 0; mpos < e; mpos++) {
          const node = mpos > 0 ? 1 : 0;
          let y = (aT >>> (e - 1 - mpos)) & 1;
          const lvl = e - mpos;
          const low = (((1 << mpos) | mant) << lvl) - off;
          const st0 = sgn ? hi1 - low - (1 << lvl) + 1 : hi1 + low;
          const ie = g5 - (1 << (m - lvl + 2)) + ((st0 & mmask) >>> (lvl - 1));
          const ia = g1m + node;
          const ib = g2m + node;
          const ic = g3m + node;
          const id = g4m + node;
          const va = C[ia]!;
          const vb = C[ib]!;
          const vc = C[ic]!;
          const vd = C[id]!;
          const ve = C[ie]!;
          const u1 = va >> 16;
          const u2 = vb >> 16;
          const u3 = vc >> 16;
          const u4 = vd >> 16;
          const u5 = ve >> 16;
          dot = (Math.imul(W[ws]!, u1) + Math.imul(W[ws + 1]!, u2) + Math.imul(W[ws + 2]!, u3) + Math.imul(W[ws + 3]!, u4) + Math.imul(W[ws + 4]!, u5) + Math.imul(W[ws + 5]!, BIAS_IN)) >> 14;
          dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
          const q0 = SQUASH[dot + 2048]!;
          {
            const rr = (x2 - x1) | 0;
            const xmid = (x1 + Math.imul(rr >>> 12, q0) + (Math.imul(rr & 0xfff, q0) >> 12)) | 0;
            if (decoding) y = (x ^ FLIP) <= (xmid ^ FLIP) ? 1 : 0;
            const my = (0 - y) | 0;
            x2 ^= (x2 ^ xmid) & my;
            x1 ^= (x1 ^ (xmid + 1)) & ~my;
            while (((x1 ^ x2) & 0xff000000) === 0) {
              if (decoding) x = (x << 8) | (pos < len ? buf[pos]! : 0);
              else {
                if (pos >= cap && growable) {
                  buf = grow(io, pos);
                  cap = io.cap;
                }
                if (pos < cap) buf[pos] = x2 >>> 24;
              }
              pos++;
              x1 = x1 << 8;
              x2 = (x2 << 8) | 255;
            }
          }
          const my = (0 - y) | 0;
          const ny = y - 1;
          err = (y << 12) - q0;
          w = W[ws]! + (Math.imul(u1, err) >> SHIFT);
          W[ws] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 1]! + (Math.imul(u2, err) >> SHIFT);
          W[ws + 1] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 2]! + (Math.imul(u3, err) >> SHIFT);
          W[ws + 2] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 3]! + (Math.imul(u4, err) >> SHIFT);
          W[ws + 3] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 4]! + (Math.imul(u5, err) >> SHIFT);
          W[ws + 4] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = W[ws + 5]! + (Math.imul(BIAS_IN, err) >> SHIFT);
          W[ws + 5] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          q = ((ve & 0xffff) >>> 3);
          n = ve & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[ie] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          q = ((va & 0xffff) >>> 3);
          n = va & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[ia] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          q = ((vb & 0xffff) >>> 3);
          n = vb & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[ib] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          q = ((vc & 0xffff) >>> 3);
          n = vc & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[ic] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          q = ((vd & 0xffff) >>> 3);
          n = vd & 7;
          d = Math.imul(q + ((8192 - q - q) & my), RATE[n]!) >>> 16;
          q += (d ^ ny) - ny;
          C[id] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n + ((n - 7) >>> 31));
          mant = (mant << 1) | y;
        }
      }
      const mag = (1 << e) + mant - off;
      const sd = sgn ? 0 - mag : mag;
      const hi = (hi1 + sd) & ((1 << m) - 1);
      let lo = 0;
      for (let jj = k - 1; jj >= 0; jj--) {
        let y = (c >>> jj) & 1;
        {
          const rr = (x2 - x1) | 0;
          const xmid = (x1 + ((rr >>> 12) << 11) + ((rr & 0xfff) >>> 1)) | 0;
          if (decoding) y = (x ^ FLIP) <= (xmid ^ FLIP) ? 1 : 0;
          const my = (0 - y) | 0;
          x2 ^= (x2 ^ xmid) & my;
          x1 ^= (x1 ^ (xmid + 1)) & ~my;
          while (((x1 ^ x2) & 0xff000000) === 0) {
            if (decoding) x = (x << 8) | (pos < len ? buf[pos]! : 0);
            else {
              if (pos >= cap && growable) {
                buf = grow(io, pos);
                cap = io.cap;
              }
              if (pos < cap) buf[pos] = x2 >>> 24;
            }
            pos++;
            x1 = x1 << 8;
            x2 = (x2 << 8) | 255;
          }
        }
        lo = (lo << 1) | y;
      }
      const code = (hi << k) | lo;
      codes[i] = code;
      prev[f] = code;
      dirs[f] = code > c1 ? 1 : 2;
      runs[f] = 0;
      changed[f] = 1;
      prevFeat = 1;
      if (rowChanged < 3) rowChanged++;
      pd = sd;
      rowSum += sd < 0 ? -1 : sd > 0 ? 1 : 0;
      if (sd === 0) lasts[f] = 0;
      else {
        const le = 31 - Math.clz32(mag);
        lasts[f] = 1 + 2 * (le < m - 1 ? le : m - 1) + (sd < 0 ? 1 : 0);
      }
    }
  }
  io.buf = buf;
  io.pos = pos;
  io.x1 = x1;
  io.x2 = x2;
  io.x = x;
}

/** Encoder flush: the shortest k in 1..4 top bytes of v = x1 rounded up to a multiple of 2^(32 - 8k), v <= x2. */
function flush(io: Io): void {
  for (let kk = 1; kk <= 4; kk++) {
    const unit = 2 ** (32 - 8 * kk);
    const v = Math.ceil((io.x1 >>> 0) / unit) * unit;
    if (v <= io.x2 >>> 0) {
      for (let j = 0; j < kk; j++) {
        if (io.pos >= io.cap && io.growable) grow(io, io.pos);
        if (io.pos < io.cap) io.buf[io.pos] = Math.floor(v / 2 ** (24 - 8 * j)) & 255;
        io.pos++;
      }
      return;
    }
  }
}

/**
 * Codes `rows` rows of `codes` (row-major, the state's features), updating `state` (always over all
 * rows). Returns the body bytes, or null when the body would be longer than `maxBytes`.
 */
export function encodeAdaptiveCodes(state: AdaptiveState, codes: Codes, rows: number, maxBytes = Infinity): Uint8Array | null {
  const F = state.layout.features.length | 0;
  // A small cap (the raw fallback of a file block) is a fixed buffer that only counts past its end;
  // otherwise the buffer grows as needed.
  const fixed = maxBytes <= rows * F * 2 + 64;
  const size = fixed ? Math.max(0, maxBytes) : Math.max(64, rows * F);
  const io = newIo(new Uint8Array(size), size, !fixed);
  run(state, codes.slice(0, rows * F), rows, io, false);
  flush(io);
  if (io.pos > maxBytes) return null;
  return io.buf.slice(0, io.pos);
}

/**
 * Incremental decoder of one body: decodeRows() may be called repeatedly (chunks of rows); the
 * coder state and `state` carry over. `consumed` counts the bytes read, reads past the end (which
 * yield 0) included: a valid body has consumed >= its length after its last row.
 */
export class AdaptiveDecoder {
  readonly #state: AdaptiveState;
  readonly #io: Io;

  constructor(state: AdaptiveState, body: Uint8Array) {
    this.#state = state;
    this.#io = newIo(body, 0, false);
  }

  /** Decodes the next `rows` rows into `out` (row-major, at least rows x features long). */
  decodeRows(out: Codes, rows: number): void {
    run(this.#state, out, rows, this.#io, true);
  }

  get consumed(): number {
    return this.#io.started ? this.#io.pos : 0;
  }
}

/** Decodes `rows` rows into `out` (row-major), updating `state`; returns the bytes consumed (see AdaptiveDecoder). */
export function decodeAdaptiveCodes(state: AdaptiveState, body: Uint8Array, rows: number, out: Codes): number {
  const dec = new AdaptiveDecoder(state, body);
  dec.decodeRows(out, rows);
  return dec.consumed;
}
