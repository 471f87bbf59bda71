// The coding loop of encoding 3 (spec/FORMAT.md 4.5). For every value, in row-major order: the
// bit "same code as the previous row" (E) under a logistic mix of three counters, then, if the
// code changed, the m modelled bits of the change d = (hi - hi_prev) mod 2^m through a binary tree
// under a mix of two counters, then the k bypass bits at p = 1/2. One loop serves both directions
// (the encoder passes the true bit, the decoder gets it back), with the range coder of
// range-coder.ts written inline for speed (the tests decode its output with the independent
// reference decoder of test/adaptive, and the generated C must match it byte for byte).

import type { Codes } from '../codec.js';
import { LAYOUT_STRIDE, WEIGHT_LIMIT, type AdaptiveState } from './model.js';
import { STRETCH as STRETCH_TABLE, SQUASH as SQUASH_TABLE } from './tables.js';

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
  const STRETCH = STRETCH_TABLE;
  const SQUASH = SQUASH_TABLE;
  const LIMIT = WEIGHT_LIMIT;
  const STRIDE = LAYOUT_STRIDE;
  const RATE = RATES;
  const RUNB = RUN_BUCKET;
  const F = state.layout.features.length;
  const LAY = state.packedLayout;
  const C = state.counters;
  const W = state.weights;
  const prev = state.prev;
  const runs = state.run;
  const dirs = state.dir;
  const changed = state.changed;
  let buf = io.buf;
  let pos = io.pos;
  const len = buf.length;
  let cap = io.cap;
  const growable = io.growable;
  let x1 = io.x1;
  let x2 = io.x2;
  let x = io.x;
  if (decoding && !io.started) {
    for (let i = 0; i < 4; i++, pos++) x = (x << 8) | (pos < len ? buf[pos]! : 0);
  }
  io.started = true;

  let i = 0;
  for (let r = 0; r < rows; r++) {
    let rowChanged = 0;
    let prevFeat = 2;
    let rowDir = 0;
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
      const i1 = LAY[o + 3]! + cctx;
      const i2 = LAY[o + 4]! + RUNB[runs[f]!]! * 3 + dir;
      const i3 = LAY[o + 5]! + ((rowChanged * 3 + prevFeat) << 1) + changed[f]!;
      const v1 = C[i1]!;
      const v2 = C[i2]!;
      const v3 = C[i3]!;
      const s1 = v1 >> 16;
      const s2 = v2 >> 16;
      const s3 = v3 >> 16;
      const we = LAY[o + 8]!;
      let dot = (W[we]! * s1 + W[we + 1]! * s2 + W[we + 2]! * s3 + W[we + 3]! * BIAS) >> 14;
      dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
      const p = SQUASH[dot + 2048]!;
      let same = c === c1 ? 1 : 0;
      {
        const rr = (x2 - x1) | 0;
        const xmid = (x1 + Math.imul(rr >>> 12, p) + (((rr & 0xfff) * p) >>> 12)) | 0;
        if (decoding) same = (x ^ SIGN) <= (xmid ^ SIGN) ? 1 : 0;
        if (same) x2 = xmid;
        else x1 = (xmid + 1) | 0;
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
      let err = (same << 12) - p;
      let w = W[we]! + ((s1 * err) >> MIX_SHIFT);
      W[we] = w > LIMIT ? LIMIT : w < -LIMIT ? -LIMIT : w;
      w = W[we + 1]! + ((s2 * err) >> MIX_SHIFT);
      W[we + 1] = w > LIMIT ? LIMIT : w < -LIMIT ? -LIMIT : w;
      w = W[we + 2]! + ((s3 * err) >> MIX_SHIFT);
      W[we + 2] = w > LIMIT ? LIMIT : w < -LIMIT ? -LIMIT : w;
      w = W[we + 3]! + ((BIAS * err) >> MIX_SHIFT);
      W[we + 3] = w > LIMIT ? LIMIT : w < -LIMIT ? -LIMIT : w;
      // counter updates: p += (8192 - p) * rate >> 16 on a 1, p -= p * rate >> 16 on a 0; n saturates at 7.
      // A counter is held as stretch(p >> 1) << 16 | p << 3 | n (the stretch cached for the next read).
      {
        let q = (v1 & 0xffff) >>> 3;
        let n = v1 & 7;
        q = same ? q + (((8192 - q) * RATE[n]!) >>> 16) : q - ((q * RATE[n]!) >>> 16);
        C[i1] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n < 7 ? n + 1 : 7);
        q = (v2 & 0xffff) >>> 3;
        n = v2 & 7;
        q = same ? q + (((8192 - q) * RATE[n]!) >>> 16) : q - ((q * RATE[n]!) >>> 16);
        C[i2] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n < 7 ? n + 1 : 7);
        q = (v3 & 0xffff) >>> 3;
        n = v3 & 7;
        q = same ? q + (((8192 - q) * RATE[n]!) >>> 16) : q - ((q * RATE[n]!) >>> 16);
        C[i3] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n < 7 ? n + 1 : 7);
      }
      if (same) {
        codes[i] = c1;
        if (runs[f]! < 255) runs[f]!++;
        changed[f] = 0;
        prevFeat = 0;
        rowDir = 0;
        continue;
      }
      // The change d = (hi - hi1) mod 2^m, most significant bit first through the tree.
      const mask = (1 << m) - 1;
      const d = ((c >>> k) - hi1) & mask;
      const t1 = LAY[o + 6]! + (cctx << m);
      const t2 = LAY[o + 7]! + ((dir * 3 + rowDir) << m);
      let node = 1;
      let wt = LAY[o + 9]!;
      for (let j = m - 1; j >= 0; j--, wt += 3) {
        const a = t1 + node;
        const b = t2 + node;
        const va = C[a]!;
        const vb = C[b]!;
        const u1 = va >> 16;
        const u2 = vb >> 16;
        dot = (W[wt]! * u1 + W[wt + 1]! * u2 + W[wt + 2]! * BIAS) >> 14;
        dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
        const q0 = SQUASH[dot + 2048]!;
        let y = (d >>> j) & 1;
        {
        const rr = (x2 - x1) | 0;
        const xmid = (x1 + Math.imul(rr >>> 12, q0) + (((rr & 0xfff) * q0) >>> 12)) | 0;
        if (decoding) y = (x ^ SIGN) <= (xmid ^ SIGN) ? 1 : 0;
        if (y) x2 = xmid;
        else x1 = (xmid + 1) | 0;
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
        err = (y << 12) - q0;
        w = W[wt]! + ((u1 * err) >> MIX_SHIFT);
        W[wt] = w > LIMIT ? LIMIT : w < -LIMIT ? -LIMIT : w;
        w = W[wt + 1]! + ((u2 * err) >> MIX_SHIFT);
        W[wt + 1] = w > LIMIT ? LIMIT : w < -LIMIT ? -LIMIT : w;
        w = W[wt + 2]! + ((BIAS * err) >> MIX_SHIFT);
        W[wt + 2] = w > LIMIT ? LIMIT : w < -LIMIT ? -LIMIT : w;

        let q = (va & 0xffff) >>> 3;
        let n = va & 7;
        q = y ? q + (((8192 - q) * RATE[n]!) >>> 16) : q - ((q * RATE[n]!) >>> 16);
        C[a] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n < 7 ? n + 1 : 7);
        q = (vb & 0xffff) >>> 3;
        n = vb & 7;
        q = y ? q + (((8192 - q) * RATE[n]!) >>> 16) : q - ((q * RATE[n]!) >>> 16);
        C[b] = (STRETCH[q >>> 1]! << 16) | (q << 3) | (n < 7 ? n + 1 : 7);

        node = (node << 1) | y;
      }
      const hi = (hi1 + node) & mask;
      let lo = 0;
      for (let j = k - 1; j >= 0; j--) {
        let y = (c >>> j) & 1;
        {
        const rr = (x2 - x1) | 0;
        const xmid = (x1 + Math.imul(rr >>> 12, 2048) + (((rr & 0xfff) * 2048) >>> 12)) | 0;
        if (decoding) y = (x ^ SIGN) <= (xmid ^ SIGN) ? 1 : 0;
        if (y) x2 = xmid;
        else x1 = (xmid + 1) | 0;
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
      const nd = code > c1 ? 1 : 2;
      dirs[f] = nd;
      rowDir = nd;
      runs[f] = 0;
      changed[f] = 1;
      prevFeat = 1;
      if (rowChanged < 3) rowChanged++;
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
  const F = state.layout.features.length;
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
