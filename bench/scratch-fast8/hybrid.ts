// Scratch (issue 12 feasibility study), design 1 ("hybrid"): a COPY of encoding 3's coding loop
// (src/codec/adaptive/block.ts, unchanged there) with two switches, for 8-bit codes only:
// `tree`: the exponent as a 3-level binary tree (3 modelled steps, same counters and mixers, node
// sgn * 7 + tree node) instead of unary (up to 7 steps); `bypass`: the e mantissa bits as ONE
// equiprobable coder step (the interval split into 2^e equal parts, CABAC-style bypass; bit by bit
// when the range is below 2^16) instead of e modelled steps. With both off it must reproduce
// encoding 3's bytes (asserted by hybrid-run.ts).

import type { Codes } from '../../src/codec/codec.js';
import { ROW_STRIDE, ROW_PREV, ROW_CHANGED, ROW_LAST, WEIGHT_LIMIT, type AdaptiveState } from '../../src/codec/adaptive/model.js';
import { RATES, STRETCH as STRETCH_TABLE, SQUASH as SQUASH_TABLE } from '../../src/codec/adaptive/tables.js';


/**
 * Counter update as one lookup: NEXT[y << 16 | p << 3 | n] is the counter after coding bit y, in
 * the loop's form stretch(p' >> 1) << 16 | p' << 3 | n' (spec/FORMAT.md 4.5: p' = p + floor((8192 -
 * p) * RATES[n] / 65536) on a 1, p - floor(p * RATES[n] / 65536) on a 0, n' = min(n + 1, 7)).
 * 512 KB, built on first use.
 */
let NEXT: Int32Array | null = null;
function nextTable(): Int32Array {
  if (NEXT) return NEXT;
  const t = new Int32Array(1 << 17);
  for (let y = 0; y < 2; y++) {
    for (let p = 0; p < 8192; p++) {
      for (let n = 0; n < 8; n++) {
        const r = RATES[n]!;
        const q = y ? p + Math.floor(((8192 - p) * r) / 65536) : p - Math.floor((p * r) / 65536);
        t[(y << 16) | (p << 3) | n] = (STRETCH_TABLE[q >>> 1]! << 16) | (q << 3) | Math.min(n + 1, 7);
      }
    }
  }
  return (NEXT = t);
}

/** stretch (at 0..4095) and squash (at 4096 + 2048 + d) as one 16-bit table for the coding loop. */
const TABLES16 = (() => {
  const t = new Int16Array(8192);
  t.set(STRETCH_TABLE, 0);
  t.set(SQUASH_TABLE, 4096);
  return t;
})();

/** Mixer learning rate: w += (s * err) >> MIX_SHIFT (err = (y << 12) - p). */
const MIX_SHIFT = 12;
/** Flips the sign bit: (a ^ SIGN) <= (b ^ SIGN) compares int32 bit patterns as unsigned. */
const SIGN = -0x80000000;
/** Bias input of every mixer. */
const BIAS = 256;
// The coding loop spells these constants as literals (run()); they must agree.
if (ROW_STRIDE !== 20 || ROW_PREV !== 16 || ROW_CHANGED !== 17 || ROW_LAST !== 18 || WEIGHT_LIMIT !== 131071 || MIX_SHIFT !== 12 || BIAS !== 256 || SIGN !== -0x80000000) {
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

// codes is always a Uint16Array: one element kind keeps the loop's loads and stores monomorphic.
function run(state: AdaptiveState, codes: Uint16Array, rows: number, io: Io, decoding: boolean, tree: boolean, bypass: boolean): void {
  // One Int32Array for the state (see AdaptiveState) and one Int16Array for stretch and squash.
  const M = state.mem;
  const T = TABLES16;
  const NX = nextTable();
  // Constants as literals (module bindings are loaded and untagged on every use in optimized code);
  // the module-level names say what they are, and the module checks they agree.
  const LIMIT = 131071; // WEIGHT_LIMIT
  const NLIMIT = -131071;
  const BIAS_IN = 256; // BIAS
  const SHIFT = 12; // MIX_SHIFT
  const STRIDE = 20; // ROW_STRIDE
  const FLIP = -0x80000000; // SIGN
  const SQ = 6144; // squash(d) at T[SQ + d]
  const F = state.layout.features.length | 0;
  const ROWS = state.rowBase | 0;
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
  // The bit-dependent coder step is branchless (my = -y: all ones on a 1); a counter update is
  // one lookup, NX[y << 16 | p << 3 | n].
  let w = 0;
  let err = 0;

  let i = 0;
  for (let r = 0; r < rows; r++) {
    let rowChanged = 0;
    let prevFeat = 2;
    // the previous feature's change in this row (0: none)
    let pd = 0;
    for (let f = 0; f < F; f++, i++) {
      const o = ROWS + f * STRIDE;
      const m = M[o]!;
      const k = M[o + 1]!;
      const c1 = M[o + 16]!;
      const hi1 = c1 >>> k;
      const cctx = hi1 >>> (m - M[o + 2]!);
      // the decoder never reads its output (stale values there would only feed mispredicted branches)
      const c = decoding ? 0 : codes[i]!;
      // E: same code as the previous row?
      const i1 = M[o + 5]! + cctx;
      const i2 = M[o + 6]! + ((rowChanged * 3 + prevFeat) << 1) + M[o + 17]!;
      const v1 = M[i1]!;
      const v2 = M[i2]!;
      const s1 = v1 >> 16;
      const s2 = v2 >> 16;
      const we = M[o + 11]!;
      let dot = (Math.imul(M[we]!, s1) + Math.imul(M[we + 1]!, s2) + Math.imul(M[we + 2]!, BIAS_IN)) >> 14;
      dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
      const p = T[SQ + dot]!;
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
        const yb = same << 16;
        err = (same << 12) - p;
        w = M[we]! + (Math.imul(s1, err) >> SHIFT);
        M[we] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
        w = M[we + 1]! + (Math.imul(s2, err) >> SHIFT);
        M[we + 1] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
        w = M[we + 2]! + (Math.imul(BIAS_IN, err) >> SHIFT);
        M[we + 2] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
        M[i1] = NX[(v1 & 0xffff) | yb]!;
        M[i2] = NX[(v2 & 0xffff) | yb]!;
      }
      if (same) {
        codes[i] = c1;
        M[o + 17] = 0;
        prevFeat = 0;
        pd = 0;
        continue;
      }
      // The change sd = hi - hi1 (signed, nonzero): its sign, the exponent e = floor(log2 |sd|) in
      // unary (bit j: e > j, for j < ex - 1), then the e bits below the leading one of |sd|.
      const ns = M[o + 3]!;
      const ex = M[o + 4]!;
      const off = ex - m; // 1 when k > 0: |sd| + 1 is coded (sd may be 0)
      const sdT = (c >>> k) - hi1;
      const sT = sdT < 0 ? 1 : 0;
      const aT = (sT ? 0 - sdT : sdT) + off;
      const eT = 31 - Math.clz32(aT);
      let pctx = 1;
      if (f === 0) pctx = 0;
      else if (pd !== 0) {
        const pa = pd < 0 ? 0 - pd : pd;
        const pe = 31 - Math.clz32(pa);
        pctx = 2 + 2 * (pe < m - 1 ? pe : m - 1) + (pd < 0 ? 1 : 0);
      }
      const wg = M[o + 12]!;
      let sgn = 0;
      let e = 0;
      {
        // sign (step 0) and exponent bits (step 1 + j): three counters and the bias
        const g1s = M[o + 7]! + cctx * ns;
        const g2s = M[o + 8]! + M[o + 18]! * ns;
        const g3s = M[o + 9]! + pctx * ns;
        let tn = 1;
        for (let t = 0; ; t++) {
          const node = t === 0 ? 0 : tree ? sgn * (ex - 1) + tn : sgn * (ex - 1) + t;
          const ws = wg + (t << 2);
          let y = t === 0 ? sT : tree ? (eT >> (3 - t)) & 1 : eT >= t ? 1 : 0;
          const ia = g1s + node;
          const ib = g2s + node;
          const ic = g3s + node;
          const va = M[ia]!;
          const vb = M[ib]!;
          const vc = M[ic]!;
          const u1 = va >> 16;
          const u2 = vb >> 16;
          const u3 = vc >> 16;
          dot = (Math.imul(M[ws]!, u1) + Math.imul(M[ws + 1]!, u2) + Math.imul(M[ws + 2]!, u3) + Math.imul(M[ws + 3]!, BIAS_IN)) >> 14;
          dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
          const q0 = T[SQ + dot]!;
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
          const yb = y << 16;
          err = (y << 12) - q0;
          w = M[ws]! + (Math.imul(u1, err) >> SHIFT);
          M[ws] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = M[ws + 1]! + (Math.imul(u2, err) >> SHIFT);
          M[ws + 1] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = M[ws + 2]! + (Math.imul(u3, err) >> SHIFT);
          M[ws + 2] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = M[ws + 3]! + (Math.imul(BIAS_IN, err) >> SHIFT);
          M[ws + 3] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          M[ia] = NX[(va & 0xffff) | yb]!;
          M[ib] = NX[(vb & 0xffff) | yb]!;
          M[ic] = NX[(vc & 0xffff) | yb]!;
          if (t === 0) {
            sgn = y;
            if (ex === 1) break;
          } else if (tree) {
            tn = 2 * tn + y;
            if (t === 3) {
              e = tn - 8;
              break;
            }
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
      if (e > 0 && bypass) {
        const max = (1 << e) - 1;
        const unit = (x2 - x1) >>> e;
        if (unit >= 65536) {
          // one step: the interval in 2^e equal parts (the last one takes the remainder)
          let v = aT & max;
          if (decoding) {
            v = Math.floor(((x - x1) >>> 0) / unit);
            if (v > max) v = max;
          }
          const nx1 = (x1 + Math.imul(unit, v)) | 0;
          if (v !== max) x2 = (nx1 + unit - 1) | 0;
          x1 = nx1;
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
          mant = v;
        } else {
          for (let jj = e - 1; jj >= 0; jj--) {
            let y = (aT >>> jj) & 1;
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
            mant = (mant << 1) | y;
          }
        }
      } else if (e > 0) {
        // mantissa bits: one counter of GP (the absolute position of the codes still possible)
        // and the bias
        const wm = M[o + 13]!;
        const gp = M[o + 10]! + sgn * ((2 << m) - (1 << (m - ex + 2))) + (2 << m);
        const mmask = (1 << m) - 1;
        for (let mpos = 0; mpos < e; mpos++) {
          let y = (aT >>> (e - 1 - mpos)) & 1;
          const lvl = e - mpos;
          const low = (((1 << mpos) | mant) << lvl) - off;
          const st0 = sgn ? hi1 - low - (1 << lvl) + 1 : hi1 + low;
          const ie = gp - (1 << (m - lvl + 2)) + ((st0 & mmask) >>> (lvl - 1));
          const ve = M[ie]!;
          const u5 = ve >> 16;
          dot = (Math.imul(M[wm]!, u5) + Math.imul(M[wm + 1]!, BIAS_IN)) >> 14;
          dot = dot > 2047 ? 2047 : dot < -2047 ? -2047 : dot;
          const q0 = T[SQ + dot]!;
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
          err = (y << 12) - q0;
          w = M[wm]! + (Math.imul(u5, err) >> SHIFT);
          M[wm] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          w = M[wm + 1]! + (Math.imul(BIAS_IN, err) >> SHIFT);
          M[wm + 1] = w > LIMIT ? LIMIT : w < NLIMIT ? NLIMIT : w;
          M[ie] = NX[(ve & 0xffff) | (y << 16)]!;
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
      M[o + 16] = code;
      M[o + 17] = 1;
      prevFeat = 1;
      if (rowChanged < 3) rowChanged++;
      pd = sd;
      if (sd === 0) M[o + 18] = 0;
      else {
        const le = 31 - Math.clz32(mag);
        M[o + 18] = 1 + 2 * (le < m - 1 ? le : m - 1) + (sd < 0 ? 1 : 0);
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
export function encodeHybrid(state: AdaptiveState, codes: Codes, rows: number, tree: boolean, bypass: boolean, maxBytes = Infinity): Uint8Array | null {
  const F = state.layout.features.length | 0;
  // A small cap (the raw fallback of a file block) is a fixed buffer that only counts past its end;
  // otherwise the buffer grows as needed.
  const fixed = maxBytes <= rows * F * 2 + 64;
  const size = fixed ? Math.max(0, maxBytes) : Math.max(64, rows * F);
  const io = newIo(new Uint8Array(size), size, !fixed);
  // a copy (the loop writes every code back, as the decoder does), as a Uint16Array
  const work = new Uint16Array(rows * F);
  work.set(codes.subarray(0, rows * F));
  run(state, work, rows, io, false, tree, bypass);
  flush(io);
  if (io.pos > maxBytes) return null;
  return io.buf.slice(0, io.pos);
}

/** Decodes `rows` rows into `out` (row-major), updating `state`. */
export function decodeHybrid(state: AdaptiveState, body: Uint8Array, rows: number, out: Uint16Array, tree: boolean, bypass: boolean): void {
  run(state, out, rows, newIo(body, 0, false), true, tree, bypass);
}
