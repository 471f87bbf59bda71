// Scratch (issue 12 feasibility study): speed kernels of the fast 8-bit designs, written like the
// encoding-3 loop (typed arrays, literals, no allocation in the loop). msLin2Encode/Decode: design
// "own+prevf" of design.ts (one symbol per value from the average of two context CDFs, raw
// mantissa bits in a second stream); must produce the same bytes as design.ts (asserted by
// speed.ts). Codes of at most 8 bits.

import { varintBytes } from './coder.js';

export interface MsLayout {
  F: number;
  /** per feature: N (alphabet), offset of its own-context CDFs, of its prevf-context CDFs, in M; count offsets in CNT */
  N: Int32Array;
  ownOff: Int32Array;
  pfOff: Int32Array;
  ownCnt: Int32Array;
  pfCnt: Int32Array;
  size: number;
  cntSize: number;
}

export function msLayout(bits: readonly number[]): MsLayout {
  const F = bits.length;
  const L: MsLayout = { F, N: new Int32Array(F), ownOff: new Int32Array(F), pfOff: new Int32Array(F), ownCnt: new Int32Array(F), pfCnt: new Int32Array(F), size: 0, cntSize: 0 };
  let o = 0;
  let c = 0;
  bits.forEach((b, f) => {
    const N = 2 * b + 1;
    L.N[f] = N;
    L.ownOff[f] = o;
    o += N * (N + 1);
    L.pfOff[f] = o;
    o += (N + 1) * (N + 1);
    L.ownCnt[f] = c;
    c += N;
    L.pfCnt[f] = c;
    c += N + 1;
  });
  L.size = o;
  L.cntSize = c;
  return L;
}

export function msInit(L: MsLayout): { M: Int32Array; CNT: Int32Array } {
  const M = new Int32Array(L.size);
  for (let f = 0; f < L.F; f++) {
    const N = L.N[f]!;
    for (let c = 0; c < N + N + 1; c++) {
      const base = L.ownOff[f]! + c * (N + 1);
      for (let i = 0; i <= N; i++) M[base + i] = Math.floor((i * 32768) / N);
    }
  }
  return { M, CNT: new Int32Array(L.cntSize) };
}

/** State bytes of the C form: CDF entries as u16, counts as u8, history (prev code u8, own symbol u8). */
export function msStateBytes(bits: readonly number[]): number {
  const L = msLayout(bits);
  return 2 * L.size + L.cntSize + 2 * bits.length;
}

export interface MsOut {
  range: Uint8Array;
  raw: Uint8Array;
  size: number;
}

export function msLin2Encode(bits: readonly number[], codes: Uint16Array, rows: number, noUpdate = false): MsOut {
  const L = msLayout(bits);
  const { M, CNT } = msInit(L);
  const F = L.F | 0;
  const NN = L.N;
  const OWN = L.ownOff;
  const PF = L.pfOff;
  const OC = L.ownCnt;
  const PC = L.pfCnt;
  const out = new Uint8Array(rows * F * 2 + 64);
  const rawOut = new Uint8Array(rows * F + 64);
  const prev = new Int32Array(F);
  const ownS = new Int32Array(F);
  let low = 0;
  let cy = 0;
  let range = 0xffffffff;
  let cache = 0;
  let cacheSize = 0;
  let first = 1;
  let pos = 0;
  let acc = 0;
  let nb = 0;
  let rp = 0;
  let i = 0;
  for (let r = 0; r < rows; r++) {
    let pf = -1;
    for (let f = 0; f < F; f++, i++) {
      const N = NN[f]!;
      const N1 = N + 1;
      const c1 = prev[f]!;
      const c = codes[i]!;
      const sd = c - c1;
      const neg = sd < 0 ? 1 : 0;
      const a = neg ? -sd : sd;
      const e = 31 - Math.clz32(a);
      const s = sd === 0 ? 0 : 1 + 2 * e + neg;
      const own = ownS[f]!;
      const pfc = pf < 0 ? N : pf;
      const ia = OWN[f]! + own * N1;
      const ib = PF[f]! + pfc * N1;
      const lo = (M[ia + s]! + M[ib + s]!) >> 1;
      const hi = (M[ia + s + 1]! + M[ib + s + 1]!) >> 1;
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
        // shiftLow
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
      // CDF updates of both contexts (targets keep every symbol at least 1 wide)
      if (!noUpdate) {
        const ka = OC[f]! + own;
        const na = CNT[ka]!;
        const sha = na + 8 >= 128 ? 7 : 31 - Math.clz32(na + 8);
        if (na < 1023) CNT[ka] = na + 1;
        const kb = PC[f]! + pfc;
        const nbb = CNT[kb]!;
        const shb = nbb + 8 >= 128 ? 7 : 31 - Math.clz32(nbb + 8);
        if (nbb < 1023) CNT[kb] = nbb + 1;
        let j = 1;
        for (; j <= s; j++) {
          const va = M[ia + j]!;
          M[ia + j] = va + ((j - va) >> sha);
          const vb = M[ib + j]!;
          M[ib + j] = vb + ((j - vb) >> shb);
        }
        const tb = 32768 - N;
        for (; j < N; j++) {
          const va = M[ia + j]!;
          M[ia + j] = va + ((tb + j - va) >> sha);
          const vb = M[ib + j]!;
          M[ib + j] = vb + ((tb + j - vb) >> shb);
        }
      }
      if (e > 0) {
        acc = (acc << e) | (a - (1 << e));
        nb += e;
        if (nb >= 16) {
          nb -= 16;
          rawOut[rp++] = (acc >>> (nb + 8)) & 255;
          rawOut[rp++] = (acc >>> nb) & 255;
          acc &= (1 << nb) - 1;
        }
      }
      prev[f] = c;
      // class symbol of sd (same as s here: the alphabet is the class alphabet)
      ownS[f] = s;
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
  while (nb >= 8) {
    nb -= 8;
    rawOut[rp++] = (acc >>> nb) & 255;
  }
  if (nb > 0) rawOut[rp++] = (acc << (8 - nb)) & 255;
  const range2 = out.slice(0, pos);
  const raw = rawOut.slice(0, rp);
  return { range: range2, raw, size: varintBytes(range2.length) + range2.length + raw.length };
}

export function msLin2Decode(bits: readonly number[], rangeBuf: Uint8Array, rawBuf: Uint8Array, rows: number, codes: Uint16Array, noUpdate = false): void {
  const L = msLayout(bits);
  const { M, CNT } = msInit(L);
  const F = L.F | 0;
  const NN = L.N;
  const OWN = L.ownOff;
  const PF = L.pfOff;
  const OC = L.ownCnt;
  const PC = L.pfCnt;
  // padded copies: reads past the end yield 0 without a bounds branch
  const buf = new Uint8Array(rangeBuf.length + 8);
  buf.set(rangeBuf);
  const rb = new Uint8Array(rawBuf.length + 8);
  rb.set(rawBuf);
  const blen = rangeBuf.length + 4;
  const prev = new Int32Array(F);
  const ownS = new Int32Array(F);
  let range = 0xffffffff;
  let code = 0;
  let pos = 0;
  for (let k = 0; k < 4; k++) code = ((code << 8) | buf[pos++]!) >>> 0;
  let bitpos = 0;
  let i = 0;
  for (let r = 0; r < rows; r++) {
    let pf = -1;
    for (let f = 0; f < F; f++, i++) {
      const N = NN[f]!;
      const N1 = N + 1;
      const c1 = prev[f]!;
      const own = ownS[f]!;
      const pfc = pf < 0 ? N : pf;
      const ia = OWN[f]! + own * N1;
      const ib = PF[f]! + pfc * N1;
      const rr = range >>> 15;
      // linear search: the largest s with rr * cdf[s] <= code
      let s = 0;
      let lo = 0;
      let hi = (M[ia + 1]! + M[ib + 1]!) >> 1;
      while (s + 1 < N && rr * hi <= code) {
        s++;
        lo = hi;
        hi = (M[ia + s + 1]! + M[ib + s + 1]!) >> 1;
      }
      code -= rr * lo;
      range = rr * (hi - lo);
      while (range < 16777216) {
        range = (range * 256) >>> 0;
        code = ((code * 256) >>> 0) | (pos < blen ? buf[pos]! : 0);
        code >>>= 0;
        pos++;
      }
      if (!noUpdate) {
        const ka = OC[f]! + own;
        const na = CNT[ka]!;
        const sha = na + 8 >= 128 ? 7 : 31 - Math.clz32(na + 8);
        if (na < 1023) CNT[ka] = na + 1;
        const kb = PC[f]! + pfc;
        const nbb = CNT[kb]!;
        const shb = nbb + 8 >= 128 ? 7 : 31 - Math.clz32(nbb + 8);
        if (nbb < 1023) CNT[kb] = nbb + 1;
        let j = 1;
        for (; j <= s; j++) {
          const va = M[ia + j]!;
          M[ia + j] = va + ((j - va) >> sha);
          const vb = M[ib + j]!;
          M[ib + j] = vb + ((j - vb) >> shb);
        }
        const tb = 32768 - N;
        for (; j < N; j++) {
          const va = M[ia + j]!;
          M[ia + j] = va + ((tb + j - va) >> sha);
          const vb = M[ib + j]!;
          M[ib + j] = vb + ((tb + j - vb) >> shb);
        }
      }
      let c = c1;
      if (s !== 0) {
        const e = (s - 1) >> 1;
        let mant = 0;
        if (e > 0) {
          const p = bitpos >>> 3;
          const w = (rb[p]! << 16) | (rb[p + 1]! << 8) | rb[p + 2]!;
          mant = (w >>> (24 - (bitpos & 7) - e)) & ((1 << e) - 1);
          bitpos += e;
        }
        const a = (1 << e) + mant;
        c = (s & 1) === 0 ? c1 - a : c1 + a;
      }
      codes[i] = c;
      prev[f] = c;
      ownS[f] = s;
      pf = s;
    }
  }
}
