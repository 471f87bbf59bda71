// Scratch (issue 12 feasibility study): design "lw4", the candidate that the ideal-code-length study
// (mixing.ts) says can meet the 8-bit rate target with one or two multi-symbol steps per value:
// 1. the class symbol (0 = same code; else 1 + 2e + sign of sd = c - c_prev, e = floor(log2|sd|))
//    from a LINEAR mix of 4 context CDFs (own previous symbol, previous feature's symbol, position
//    of the previous code, the symbol two features back) with per-feature weights learned by a
//    (linearised) exponentiated-gradient step; context models are frequency counts whose 15-bit
//    CDF is rebuilt after 1, 2, 4, ... up to `rmax` updates (O(1) per update, amortised rebuild);
// 2. the e mantissa bits as ONE symbol: the code among the codes of the class window, coded with
//    the feature's order-0 code counts (prefix sums rebuilt periodically), arbitrary total.
// Integer arithmetic only (the divisions are exact integer divisions). One range coder (coder.ts
// arithmetic, inlined), one byte stream. Encoder and decoder are separate loops with the same
// model code. Codes of at most 8 bits.

export interface Lw4Params {
  /** count increment, initial count, halving limit of a context's total, largest rebuild period */
  inc: number;
  prior: number;
  limit: number;
  rmax: number;
  /** weight learning rate 2^-eta */
  eta: number;
  /** window counts: increment (initial count 1), largest rebuild period, halving limit */
  winInc: number;
  winRmax: number;
  winLimit: number;
  /** contexts used (1..4): own, prevf, pos, prevf2 */
  K: number;
  /** ablation for the speed study: weights fixed at their initial values */
  fixedWeights?: boolean;
  /** ablation for the speed study: no model updates at all (weights, counts, window counts frozen) */
  frozen?: boolean;
}

export const LW4_DEFAULT: Lw4Params = { inc: 32, prior: 4, limit: 8192, rmax: 4, eta: 3, winInc: 1, winRmax: 32, winLimit: 65536, K: 4 };

const S = 18; // CDF / count stride per slot (N <= 17)

class Model {
  readonly F: number;
  readonly B: Int32Array; // bits per feature
  readonly N: Int32Array;
  readonly slot0: Int32Array; // first slot of feature f; kinds at +0 (own, N), +N (prevf, N+1), +2N+1 (pos, 16), +2N+17 (prevf2, N+1)
  readonly CNT: Int32Array;
  readonly CDF: Int32Array;
  readonly TOT: Int32Array;
  readonly LEFT: Int32Array;
  readonly PER: Int32Array;
  readonly W: Int32Array; // 4 per feature, sum 4096
  readonly WC: Int32Array; // window counts, 256 per feature
  readonly WP: Int32Array; // prefix sums, 257 per feature
  readonly WLEFT: Int32Array;
  readonly WPER: Int32Array;
  readonly WT: Int32Array; // window count totals
  readonly slots: number;

  constructor(bits: readonly number[], readonly p: Lw4Params) {
    const F = bits.length;
    this.F = F;
    this.B = Int32Array.from(bits);
    this.N = Int32Array.from(bits, (b) => 2 * b + 1);
    this.slot0 = new Int32Array(F);
    let sl = 0;
    for (let f = 0; f < F; f++) {
      if (bits[f]! > 8) throw new Error('lw4: at most 8 bits');
      this.slot0[f] = sl;
      sl += 3 * this.N[f]! + 18;
    }
    this.slots = sl;
    this.CNT = new Int32Array(sl * S);
    this.CDF = new Int32Array(sl * S);
    this.TOT = new Int32Array(sl);
    this.LEFT = new Int32Array(sl);
    this.PER = new Int32Array(sl);
    for (let f = 0; f < F; f++) {
      const N = this.N[f]!;
      for (let s = this.slot0[f]!; s < this.slot0[f]! + 3 * N + 18; s++) {
        for (let i = 0; i < N; i++) this.CNT[s * S + i] = p.prior;
        this.TOT[s] = N * p.prior;
        this.rebuild(s, N);
        this.PER[s] = 1;
        this.LEFT[s] = 1;
      }
    }
    this.W = new Int32Array(F * 4);
    const w = p.K === 4 ? [1024, 1024, 1024, 1024] : p.K === 3 ? [1366, 1365, 1365, 0] : p.K === 2 ? [2048, 2048, 0, 0] : [4096, 0, 0, 0];
    for (let f = 0; f < F; f++) this.W.set(w, 4 * f);
    this.WC = new Int32Array(F * 256).fill(1);
    this.WP = new Int32Array(F * 257);
    this.WLEFT = new Int32Array(F).fill(1);
    this.WPER = new Int32Array(F).fill(1);
    this.WT = Int32Array.from(bits, (b) => 1 << b);
    for (let f = 0; f < F; f++) this.winRebuild(f);
  }

  rebuild(s: number, N: number): void {
    const C = this.CNT;
    const o = s * S;
    let tot = this.TOT[s]!;
    if (tot > this.p.limit) {
      tot = 0;
      for (let i = 0; i < N; i++) {
        const v = (C[o + i]! + 1) >> 1;
        C[o + i] = v;
        tot += v;
      }
      this.TOT[s] = tot;
    }
    const K = Math.floor(((32768 - N) * 65536) / tot);
    let cum = 0;
    const D = this.CDF;
    D[o] = 0;
    for (let i = 0; i < N - 1; i++) {
      cum += C[o + i]!;
      D[o + i + 1] = i + 1 + (Math.imul(cum, K) >>> 16);
    }
    D[o + N] = 32768;
  }

  winRebuild(f: number): void {
    const n = 1 << this.B[f]!;
    const C = this.WC;
    const P = this.WP;
    const oc = f * 256;
    const op = f * 257;
    if (this.WT[f]! > this.p.winLimit) {
      let t = 0;
      for (let i = 0; i < n; i++) {
        const v = (C[oc + i]! + 1) >> 1;
        C[oc + i] = v;
        t += v;
      }
      this.WT[f] = t;
    }
    let cum = 0;
    P[op] = 0;
    for (let i = 0; i < n; i++) {
      cum += C[oc + i]!;
      P[op + i + 1] = cum;
    }
  }
}

/** State bytes of a C form: counts u16 and CDF u16 per slot entry, tot/left/period, weights, window counts and prefix (u16/u32), history. */
export function lw4StateBytes(bits: readonly number[]): number {
  let b = 0;
  for (const x of bits) {
    const N = 2 * x + 1;
    const slots = 3 * N + 18;
    b += slots * (2 * N + 2 * (N + 1) + 2 + 1 + 1) + 4 * 2 + (1 << x) * 2 + ((1 << x) + 1) * 4 + 4;
  }
  return b;
}

export interface Lw4Stats {
  classSymbols: number;
  mantSymbols: number;
}

export function lw4Encode(bits: readonly number[], codes: Uint16Array, rows: number, p: Lw4Params = LW4_DEFAULT, stats?: Lw4Stats): Uint8Array {
  const md = new Model(bits, p);
  const F = md.F | 0;
  const NN = md.N;
  const BB = md.B;
  const SL = md.slot0;
  const CNT = md.CNT;
  const CDF = md.CDF;
  const TOT = md.TOT;
  const LEFT = md.LEFT;
  const PER = md.PER;
  const W = md.W;
  const WC = md.WC;
  const WP = md.WP;
  const WLEFT = md.WLEFT;
  const WPER = md.WPER;
  const WT = md.WT;
  const INC = p.inc | 0;
  const RMAX = p.rmax | 0;
  const ETA = (12 + p.eta) | 0;
  const WINC = p.winInc | 0;
  const WRMAX = p.winRmax | 0;
  const FIXED = p.fixedWeights === true || p.frozen === true;
  const FROZEN = p.frozen === true;
  const out = new Uint8Array(rows * F * 3 + 64);
  const prev = new Int32Array(F);
  const ownS = new Int32Array(F);
  let low = 0;
  let cy = 0;
  let range = 0xffffffff;
  let cache = 0;
  let cacheSize = 0;
  let first = 1;
  let pos = 0;
  let nMant = 0;
  let i = 0;
  for (let r = 0; r < rows; r++) {
    let pf = -1;
    let pf2 = -1;
    for (let f = 0; f < F; f++, i++) {
      const N = NN[f]!;
      const b = BB[f]!;
      const c1 = prev[f]!;
      const c = codes[i]!;
      const sd = c - c1;
      const neg = sd < 0 ? 1 : 0;
      const a = neg ? -sd : sd;
      const e = 31 - Math.clz32(a);
      const s = sd === 0 ? 0 : 1 + 2 * e + neg;
      const base = SL[f]!;
      const sA = base + ownS[f]!;
      const sB = base + N + (pf < 0 ? N : pf);
      const sC = base + 2 * N + 1 + (c1 >> (b > 4 ? b - 4 : 0));
      const sD = base + 2 * N + 17 + (pf2 < 0 ? N : pf2);
      const oA = sA * 18;
      const oB = sB * 18;
      const oC = sC * 18;
      const oD = sD * 18;
      const wo = f << 2;
      let w0 = W[wo]!;
      let w1 = W[wo + 1]!;
      let w2 = W[wo + 2]!;
      let w3 = W[wo + 3]!;
      const a0 = CDF[oA + s]!;
      const b0 = CDF[oB + s]!;
      const c0 = CDF[oC + s]!;
      const d0 = CDF[oD + s]!;
      const pA = CDF[oA + s + 1]! - a0;
      const pB = CDF[oB + s + 1]! - b0;
      const pC = CDF[oC + s + 1]! - c0;
      const pD = CDF[oD + s + 1]! - d0;
      const lo2 = Math.imul(w0, a0 + pA) + Math.imul(w1, b0 + pB) + Math.imul(w2, c0 + pC) + Math.imul(w3, d0 + pD);
      const lo = (Math.imul(w0, a0) + Math.imul(w1, b0) + Math.imul(w2, c0) + Math.imul(w3, d0)) >> 12;
      const pm = Math.imul(w0, pA) + Math.imul(w1, pB) + Math.imul(w2, pC) + Math.imul(w3, pD);
      const hi = lo2 >> 12;
      {
        const rr = range >>> 15;
        {
        const add = Math.imul(rr, lo);
        const nl = (low + add) | 0;
        if ((nl ^ -0x80000000) < (add ^ -0x80000000)) cy = 1;
        low = nl;
      }
        range = rr * (hi - lo);
        while (range < 16777216) {
          range = (range * 256) >>> 0;
          // shiftLow: low is the low 32 bits (int32 pattern), cy its carry bit
          if (cy !== 0 || low >>> 24 !== 255) {
          if (first === 0) out[pos++] = (cache + cy) & 255;
          first = 0;
          for (; cacheSize > 0; cacheSize--) out[pos++] = (255 + cy) & 255;
          cache = low >>> 24;
          } else cacheSize++;
          low <<= 8;
          cy = 0;
        }
      }
      // weights: w_k *= 1 + 2^-eta (p_k / p_mix - 1), ratios in 2^12 fixed point, sum kept at 4096
      if (!FIXED) {
        const inv = Math.floor(268435456 / pm);
        let g = Math.imul(pA, inv) >>> 4;
        w0 += Math.imul(w0, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        g = Math.imul(pB, inv) >>> 4;
        w1 += Math.imul(w1, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        g = Math.imul(pC, inv) >>> 4;
        w2 += Math.imul(w2, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        g = Math.imul(pD, inv) >>> 4;
        w3 += Math.imul(w3, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        if (W[wo + 1] !== 0 && w1 < 32) w1 = 32;
        if (W[wo + 2] !== 0 && w2 < 32) w2 = 32;
        if (W[wo + 3] !== 0 && w3 < 32) w3 = 32;
        if (w0 < 32) w0 = 32;
        const res = 4096 - (w0 + w1 + w2 + w3);
        // the residual goes to the largest weight
        if (w0 >= w1 && w0 >= w2 && w0 >= w3) w0 += res;
        else if (w1 >= w2 && w1 >= w3) w1 += res;
        else if (w2 >= w3) w2 += res;
        else w3 += res;
        W[wo] = w0;
        W[wo + 1] = w1;
        W[wo + 2] = w2;
        W[wo + 3] = w3;
      }
      // context counts; a CDF is rebuilt after 1, 2, 4, ... RMAX updates
      if (!FROZEN) {
      CNT[oA + s]! += INC;
      TOT[sA]! += INC;
      if (--LEFT[sA]! === 0) {
        md.rebuild(sA, N);
        const q = PER[sA]! * 2;
        PER[sA] = q > RMAX ? RMAX : q;
        LEFT[sA] = PER[sA]!;
      }
      CNT[oB + s]! += INC;
      TOT[sB]! += INC;
      if (--LEFT[sB]! === 0) {
        md.rebuild(sB, N);
        const q = PER[sB]! * 2;
        PER[sB] = q > RMAX ? RMAX : q;
        LEFT[sB] = PER[sB]!;
      }
      CNT[oC + s]! += INC;
      TOT[sC]! += INC;
      if (--LEFT[sC]! === 0) {
        md.rebuild(sC, N);
        const q = PER[sC]! * 2;
        PER[sC] = q > RMAX ? RMAX : q;
        LEFT[sC] = PER[sC]!;
      }
      CNT[oD + s]! += INC;
      TOT[sD]! += INC;
      if (--LEFT[sD]! === 0) {
        md.rebuild(sD, N);
        const q = PER[sD]! * 2;
        PER[sD] = q > RMAX ? RMAX : q;
        LEFT[sD] = PER[sD]!;
      }
      }
      // mantissa: the code within the class window, order-0 counts of the feature
      if (e > 0) {
        const top = (1 << b) - 1;
        let wlo = neg ? c1 - (2 << e) + 1 : c1 + (1 << e);
        let whi = neg ? c1 - (1 << e) : c1 + (2 << e) - 1;
        if (wlo < 0) wlo = 0;
        if (whi > top) whi = top;
        if (whi > wlo) {
          const op = f * 257;
          const pl = WP[op + wlo]!;
          const T = WP[op + whi + 1]! - pl;
          const st = WP[op + c]! - pl;
          const sz = WP[op + c + 1]! - pl - st;
          const rr = Math.floor(range / T);
          {
        const add = Math.imul(rr, st);
        const nl = (low + add) | 0;
        if ((nl ^ -0x80000000) < (add ^ -0x80000000)) cy = 1;
        low = nl;
      }
          range = rr * sz;
          while (range < 16777216) {
            range = (range * 256) >>> 0;
            // shiftLow: low is the low 32 bits (int32 pattern), cy its carry bit
            if (cy !== 0 || low >>> 24 !== 255) {
            if (first === 0) out[pos++] = (cache + cy) & 255;
            first = 0;
            for (; cacheSize > 0; cacheSize--) out[pos++] = (255 + cy) & 255;
            cache = low >>> 24;
            } else cacheSize++;
            low <<= 8;
            cy = 0;
          }
          nMant++;
        }
      }
      if (!FROZEN) WC[(f << 8) + c]! += WINC;
      if (!FROZEN) WT[f]! += WINC;
      if (!FROZEN && --WLEFT[f]! === 0) {
        md.winRebuild(f);
        const q = WPER[f]! * 2;
        WPER[f] = q > WRMAX ? WRMAX : q;
        WLEFT[f] = WPER[f]!;
      }
      prev[f] = c;
      ownS[f] = s;
      pf2 = pf;
      pf = s;
    }
  }
  for (let k = 0; k < 5; k++) {
    // shiftLow: low is the low 32 bits (int32 pattern), cy its carry bit
    if (cy !== 0 || low >>> 24 !== 255) {
    if (first === 0) out[pos++] = (cache + cy) & 255;
    first = 0;
    for (; cacheSize > 0; cacheSize--) out[pos++] = (255 + cy) & 255;
    cache = low >>> 24;
    } else cacheSize++;
    low <<= 8;
    cy = 0;
  }
  while (pos > 0 && out[pos - 1] === 0) pos--;
  if (stats) {
    stats.classSymbols = rows * F;
    stats.mantSymbols = nMant;
  }
  return out.slice(0, pos);
}

export function lw4Decode(bits: readonly number[], body: Uint8Array, rows: number, codes: Uint16Array, p: Lw4Params = LW4_DEFAULT): void {
  const md = new Model(bits, p);
  const F = md.F | 0;
  const NN = md.N;
  const BB = md.B;
  const SL = md.slot0;
  const CNT = md.CNT;
  const CDF = md.CDF;
  const TOT = md.TOT;
  const LEFT = md.LEFT;
  const PER = md.PER;
  const W = md.W;
  const WC = md.WC;
  const WP = md.WP;
  const WLEFT = md.WLEFT;
  const WPER = md.WPER;
  const WT = md.WT;
  const INC = p.inc | 0;
  const RMAX = p.rmax | 0;
  const ETA = (12 + p.eta) | 0;
  const WINC = p.winInc | 0;
  const WRMAX = p.winRmax | 0;
  const FIXED = p.fixedWeights === true || p.frozen === true;
  const FROZEN = p.frozen === true;
  const buf = new Uint8Array(body.length + 8);
  buf.set(body);
  const blen = body.length + 4;
  const prev = new Int32Array(F);
  const ownS = new Int32Array(F);
  let range = 0xffffffff;
  let code = 0;
  let pos = 0;
  for (let k = 0; k < 4; k++) code = ((code << 8) | buf[pos++]!) >>> 0;
  let i = 0;
  for (let r = 0; r < rows; r++) {
    let pf = -1;
    let pf2 = -1;
    for (let f = 0; f < F; f++, i++) {
      const N = NN[f]!;
      const b = BB[f]!;
      const c1 = prev[f]!;
      const base = SL[f]!;
      const sA = base + ownS[f]!;
      const sB = base + N + (pf < 0 ? N : pf);
      const sC = base + 2 * N + 1 + (c1 >> (b > 4 ? b - 4 : 0));
      const sD = base + 2 * N + 17 + (pf2 < 0 ? N : pf2);
      const oA = sA * 18;
      const oB = sB * 18;
      const oC = sC * 18;
      const oD = sD * 18;
      const wo = f << 2;
      let w0 = W[wo]!;
      let w1 = W[wo + 1]!;
      let w2 = W[wo + 2]!;
      let w3 = W[wo + 3]!;
      const rr = range >>> 15;
      // the largest s with mix(s) <= floor(code / rr): branchless binary search (mix(0) = 0)
      let q = Math.floor(code / rr);
      if (q > 32767) q = 32767;
      let s = 0;
      let n = N;
      while (n > 1) {
        const half = n >> 1;
        const mid = s + half;
        const m = (Math.imul(w0, CDF[oA + mid]!) + Math.imul(w1, CDF[oB + mid]!) + Math.imul(w2, CDF[oC + mid]!) + Math.imul(w3, CDF[oD + mid]!)) >> 12;
        s = m <= q ? mid : s;
        n -= half;
      }
      const lo = (Math.imul(w0, CDF[oA + s]!) + Math.imul(w1, CDF[oB + s]!) + Math.imul(w2, CDF[oC + s]!) + Math.imul(w3, CDF[oD + s]!)) >> 12;
      const hi = (Math.imul(w0, CDF[oA + s + 1]!) + Math.imul(w1, CDF[oB + s + 1]!) + Math.imul(w2, CDF[oC + s + 1]!) + Math.imul(w3, CDF[oD + s + 1]!)) >> 12;
      code -= rr * lo;
      range = rr * (hi - lo);
      while (range < 16777216) {
        range = (range * 256) >>> 0;
        code = (((code * 256) >>> 0) | (pos < blen ? buf[pos]! : 0)) >>> 0;
        pos++;
      }
      const a0 = CDF[oA + s]!;
      const b0 = CDF[oB + s]!;
      const c0 = CDF[oC + s]!;
      const d0 = CDF[oD + s]!;
      const pA = CDF[oA + s + 1]! - a0;
      const pB = CDF[oB + s + 1]! - b0;
      const pC = CDF[oC + s + 1]! - c0;
      const pD = CDF[oD + s + 1]! - d0;
      const pm = Math.imul(w0, pA) + Math.imul(w1, pB) + Math.imul(w2, pC) + Math.imul(w3, pD);
      if (!FIXED) {
        const inv = Math.floor(268435456 / pm);
        let g = Math.imul(pA, inv) >>> 4;
        w0 += Math.imul(w0, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        g = Math.imul(pB, inv) >>> 4;
        w1 += Math.imul(w1, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        g = Math.imul(pC, inv) >>> 4;
        w2 += Math.imul(w2, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        g = Math.imul(pD, inv) >>> 4;
        w3 += Math.imul(w3, (g > 65536 ? 65536 : g) - 4096) >> ETA;
        if (W[wo + 1] !== 0 && w1 < 32) w1 = 32;
        if (W[wo + 2] !== 0 && w2 < 32) w2 = 32;
        if (W[wo + 3] !== 0 && w3 < 32) w3 = 32;
        if (w0 < 32) w0 = 32;
        const res = 4096 - (w0 + w1 + w2 + w3);
        if (w0 >= w1 && w0 >= w2 && w0 >= w3) w0 += res;
        else if (w1 >= w2 && w1 >= w3) w1 += res;
        else if (w2 >= w3) w2 += res;
        else w3 += res;
        W[wo] = w0;
        W[wo + 1] = w1;
        W[wo + 2] = w2;
        W[wo + 3] = w3;
      }
      if (!FROZEN) {
      CNT[oA + s]! += INC;
      TOT[sA]! += INC;
      if (--LEFT[sA]! === 0) {
        md.rebuild(sA, N);
        const q = PER[sA]! * 2;
        PER[sA] = q > RMAX ? RMAX : q;
        LEFT[sA] = PER[sA]!;
      }
      CNT[oB + s]! += INC;
      TOT[sB]! += INC;
      if (--LEFT[sB]! === 0) {
        md.rebuild(sB, N);
        const q = PER[sB]! * 2;
        PER[sB] = q > RMAX ? RMAX : q;
        LEFT[sB] = PER[sB]!;
      }
      CNT[oC + s]! += INC;
      TOT[sC]! += INC;
      if (--LEFT[sC]! === 0) {
        md.rebuild(sC, N);
        const q = PER[sC]! * 2;
        PER[sC] = q > RMAX ? RMAX : q;
        LEFT[sC] = PER[sC]!;
      }
      CNT[oD + s]! += INC;
      TOT[sD]! += INC;
      if (--LEFT[sD]! === 0) {
        md.rebuild(sD, N);
        const q = PER[sD]! * 2;
        PER[sD] = q > RMAX ? RMAX : q;
        LEFT[sD] = PER[sD]!;
      }
      }
      let c = c1;
      if (s !== 0) {
        const e = (s - 1) >> 1;
        const neg = (s - 1) & 1;
        const top = (1 << b) - 1;
        let wlo = neg ? c1 - (2 << e) + 1 : c1 + (1 << e);
        let whi = neg ? c1 - (1 << e) : c1 + (2 << e) - 1;
        if (wlo < 0) wlo = 0;
        if (whi > top) whi = top;
        c = wlo;
        if (whi > wlo) {
          const op = f * 257;
          const pl = WP[op + wlo]!;
          const T = WP[op + whi + 1]! - pl;
          const r2 = Math.floor(range / T);
          let q = Math.floor(code / r2);
          if (q >= T) q = T - 1;
          const target = pl + q;
          // the largest x in [wlo, whi] with WP[x] <= target (binary search)
          let x = wlo;
          let n = whi - wlo + 1;
          while (n > 1) {
            const half = n >> 1;
            const mid = x + half;
            x = WP[op + mid]! <= target ? mid : x;
            n -= half;
          }
          c = x;
          const st = WP[op + x]! - pl;
          const sz = WP[op + x + 1]! - WP[op + x]!;
          code -= r2 * st;
          range = r2 * sz;
          while (range < 16777216) {
            range = (range * 256) >>> 0;
            code = (((code * 256) >>> 0) | (pos < blen ? buf[pos]! : 0)) >>> 0;
            pos++;
          }
        }
      }
      if (!FROZEN) WC[(f << 8) + c]! += WINC;
      if (!FROZEN) WT[f]! += WINC;
      if (!FROZEN && --WLEFT[f]! === 0) {
        md.winRebuild(f);
        const q = WPER[f]! * 2;
        WPER[f] = q > WRMAX ? WRMAX : q;
        WLEFT[f] = WPER[f]!;
      }
      codes[i] = c;
      prev[f] = c;
      ownS[f] = s;
      pf2 = pf;
      pf = s;
    }
  }
}
