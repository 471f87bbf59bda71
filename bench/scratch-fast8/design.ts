// Scratch (issue 12 feasibility study): the generic, option-driven version of the multi-symbol
// designs, used for the rate study (real encode + decode, round trip asserted by the caller).
// Per value (row-major, codes of at most 8 bits): one symbol from a small alphabet that joins
// "changed?", the sign and the exponent class of sd = c - c_prev (optionally a half-octave slot),
// coded with an adaptive 15-bit CDF (the mix of one or more context CDFs, fixed weights); the bits
// below the class go to a raw bit stream (optionally the top one under a modelled binary symbol).

import { BitReader, BitWriter, RangeDecoder, RangeEncoder, TOTAL, varintBytes } from './coder.js';

export type CtxKind = 'own' | 'prevf' | 'pos' | 'run' | 'ownXprevf3' | 'ownXrow' | 'none' | 'vol' | 'volXsign' | 'volXprevf3' | 'prevfXsign';

export interface MsOptions {
  /** context kinds whose CDFs are mixed, and their integer weights (sum a power of 2). */
  ctx: CtxKind[];
  weights: number[];
  /** half-octave slots in the alphabet (1 more exact mantissa bit per symbol). */
  slots: boolean;
  /** top mantissa bit as a modelled binary symbol (context: class, sign) when not in slots. */
  top1: boolean;
  /** adaptation: shift = min(rmax, floor(log2(n + base))). */
  rmax: number;
  base: number;
}

export let VOL_SCALE = 4;
export let VOL_RATE = 2;
export function setVol(scale: number, rate: number): void {
  VOL_SCALE = scale;
  VOL_RATE = rate;
}
/** 16 buckets of the volatility EMA (half-octaves of |sd|). */
function volQ(v: number): number {
  if (v < 4) return v >> 1; // 0, 1
  const e = ilog2(v);
  const q = 2 * e - 2 + ((v >> (e - 1)) & 1) - 0;
  return q > 15 ? 15 : q;
}

export function ilog2(x: number): number {
  return 31 - Math.clz32(x);
}

interface Table {
  cdf: Int32Array; // ctxCount x (N + 1)
  n: Int32Array; // per context: uses
  N: number;
}

function newTable(ctxCount: number, N: number): Table {
  const cdf = new Int32Array(ctxCount * (N + 1));
  for (let c = 0; c < ctxCount; c++) for (let i = 0; i <= N; i++) cdf[c * (N + 1) + i] = Math.floor((i * TOTAL) / N);
  return { cdf, n: new Int32Array(ctxCount), N };
}

function update(t: Table, ctx: number, s: number, o: MsOptions): void {
  const N = t.N;
  const base = ctx * (N + 1);
  const sh = Math.min(o.rmax, ilog2(t.n[ctx]! + o.base));
  if (t.n[ctx]! < 1023) t.n[ctx]!++;
  for (let i = 1; i < N; i++) {
    const c = t.cdf[base + i]!;
    const target = i <= s ? i : TOTAL - (N - i);
    t.cdf[base + i] = c + ((target - c) >> sh);
  }
}

/** Context count and value of a kind for feature f. */
function ctxCount(kind: CtxKind, b: number): number {
  const C = 2 * b + 1;
  switch (kind) {
    case 'own':
      return C;
    case 'prevf':
      return C + 1;
    case 'pos':
      return 1 << Math.min(b, 4);
    case 'run':
      return 4 * 3 * 2;
    case 'ownXprevf3':
      return C * 4;
    case 'ownXrow':
      return C * 4;
    case 'none':
      return 1;
    case 'vol':
      return 16;
    case 'volXsign':
      return 16 * 3;
    case 'volXprevf3':
      return 16 * 4;
    case 'prevfXsign':
      return (C + 1) * 3;
  }
}

export interface Block {
  range: Uint8Array;
  raw: Uint8Array;
  /** bytes: length prefix + both streams */
  size: number;
  /** coded steps: symbols through the range coder, and raw-bit calls */
  symbols: number;
  rawCalls: number;
  rawBits: number;
}

/** Class symbol of a change: 0 same, 1 + 2e + sign. */
function classSym(sd: number): number {
  if (sd === 0) return 0;
  const a = sd < 0 ? -sd : sd;
  return 1 + 2 * ilog2(a) + (sd < 0 ? 1 : 0);
}

interface FeatState {
  b: number;
  N: number;
  tables: Table[];
  top: Table; // binary top-mantissa-bit tables (ctx: class symbol)
  prev: number;
  own: number; // previous row's class symbol
  vol: number; // EMA of 16 |sd|
  lastSign: number; // 0 none yet, 1 +, 2 -
}

function setup(bits: readonly number[], o: MsOptions): FeatState[] {
  return bits.map((b) => {
    if (b > 8) throw new Error('prototype: at most 8 bits');
    const N = o.slots ? (b >= 2 ? 1 + 2 * (2 * b - 1) : 3) : 2 * b + 1;
    return { b, N, tables: o.ctx.map((k) => newTable(ctxCount(k, b), N)), top: newTable(2 * b + 1, 2), prev: 0, own: 0, vol: 0, lastSign: 0 };
  });
}

/** Symbol of sd under the options, and the raw bits after it. */
function symbolOf(sd: number, o: MsOptions): { s: number; rawN: number; raw: number; e: number } {
  if (sd === 0) return { s: 0, rawN: 0, raw: 0, e: -1 };
  const a = sd < 0 ? -sd : sd;
  const sg = sd < 0 ? 1 : 0;
  const e = ilog2(a);
  if (!o.slots) return { s: 1 + 2 * e + sg, rawN: e, raw: a - (1 << e), e };
  const slot = a < 4 ? a - 1 : 2 * e - 1 + ((a >> (e - 1)) & 1);
  const rawN = a < 4 ? 0 : e - 1;
  return { s: 1 + 2 * slot + sg, rawN, raw: a & ((1 << rawN) - 1), e };
}

function slotBase(slot: number): { base: number; rawN: number } {
  if (slot < 3) return { base: slot + 1, rawN: 0 };
  const e = (slot + 1) >> 1;
  const half = (slot + 1) & 1;
  return { base: (1 << e) + (half << (e - 1)), rawN: e - 1 };
}

export function codeMs(bits: readonly number[], codes: Uint16Array, rows: number, o: MsOptions, body?: Block): { block: Block; out: Uint16Array } {
  const F = bits.length;
  const fs = setup(bits, o);
  const W = o.weights.reduce((a, b) => a + b, 0);
  const wsh = ilog2(W);
  if (1 << wsh !== W) throw new Error('weights must sum to a power of 2');
  const decoding = body !== undefined;
  const enc = new RangeEncoder();
  const bw = new BitWriter();
  const dec = decoding ? new RangeDecoder(body.range) : null;
  const br = decoding ? new BitReader(body.raw) : null;
  const out = new Uint16Array(rows * F);
  const mix = new Int32Array(64);
  let symbols = 0;
  let rawCalls = 0;
  let rawBits = 0;
  const ctxIdx = new Int32Array(o.ctx.length);
  for (let r = 0; r < rows; r++) {
    let pf = -1; // previous feature's class symbol in this row
    let rowChanged = 0;
    for (let f = 0; f < F; f++) {
      const st = fs[f]!;
      const b = st.b;
      const C = 2 * b + 1;
      const c1 = st.prev;
      // contexts
      for (let j = 0; j < o.ctx.length; j++) {
        const k = o.ctx[j]!;
        let v = 0;
        if (k === 'own') v = st.own;
        else if (k === 'prevf') v = pf < 0 ? C : pf;
        else if (k === 'pos') v = c1 >> (b - Math.min(b, 4));
        else if (k === 'run') v = (Math.min(rowChanged, 3) * 3 + (pf < 0 ? 2 : pf === 0 ? 0 : 1)) * 2 + (st.own === 0 ? 0 : 1);
        else if (k === 'ownXprevf3') {
          const q = pf < 0 ? 3 : pf === 0 ? 0 : pf <= 4 ? 1 : 2;
          v = st.own * 4 + q;
        } else if (k === 'ownXrow') v = st.own * 4 + Math.min(rowChanged, 3);
        else if (k === 'vol') v = volQ(st.vol);
        else if (k === 'volXsign') v = volQ(st.vol) * 3 + st.lastSign;
        else if (k === 'volXprevf3') v = volQ(st.vol) * 4 + (pf < 0 ? 3 : pf === 0 ? 0 : 1 + ((pf - 1) & 1));
        else if (k === 'prevfXsign') v = (pf < 0 ? C : pf) * 3 + st.lastSign;
        ctxIdx[j] = v;
      }
      const N = st.N;
      mix.fill(0, 0, N + 1);
      for (let j = 0; j < o.ctx.length; j++) {
        const t = st.tables[j]!;
        const base = ctxIdx[j]! * (N + 1);
        const w = o.weights[j]!;
        for (let i = 0; i <= N; i++) mix[i]! += w * t.cdf[base + i]!;
      }
      for (let i = 0; i <= N; i++) mix[i] = mix[i]! >> wsh;
      let s: number;
      let sym = { s: 0, rawN: 0, raw: 0, e: -1 };
      if (!decoding) {
        sym = symbolOf(codes[r * F + f]! - c1, o);
        s = sym.s;
        enc.encode(mix[s]!, mix[s + 1]! - mix[s]!);
      } else s = dec!.decode(mix, N);
      symbols++;
      for (let j = 0; j < o.ctx.length; j++) update(st.tables[j]!, ctxIdx[j]!, s, o);
      let sd = 0;
      if (s !== 0) {
        const sg = (s - 1) & 1;
        let a: number;
        if (o.slots) {
          const sb = slotBase((s - 1) >> 1);
          let raw = sym.raw;
          if (sb.rawN > 0) {
            if (!decoding) bw.put(raw, sb.rawN);
            else raw = br!.get(sb.rawN);
            rawCalls++;
            rawBits += sb.rawN;
          }
          a = sb.base + raw;
        } else {
          const e = (s - 1) >> 1;
          let rest = sym.raw;
          if (e > 0) {
            let restN = e;
            let topBit = 0;
            if (o.top1) {
              const tt = st.top;
              const tb = s * 3;
              if (!decoding) {
                topBit = (rest >> (e - 1)) & 1;
                enc.encode(tt.cdf[tb + topBit]!, tt.cdf[tb + topBit + 1]! - tt.cdf[tb + topBit]!);
              } else topBit = dec!.decode(tt.cdf.subarray(tb, tb + 3), 2);
              symbols++;
              update(tt, s, topBit, o);
              restN = e - 1;
            }
            let low = rest & ((1 << restN) - 1);
            if (restN > 0) {
              if (!decoding) bw.put(low, restN);
              else low = br!.get(restN);
              rawCalls++;
              rawBits += restN;
            }
            rest = o.top1 ? (topBit << (e - 1)) | low : low;
          }
          a = (1 << e) + rest;
        }
        sd = sg ? -a : a;
        rowChanged++;
      }
      const c = c1 + sd;
      out[r * F + f] = c;
      st.prev = c;
      const cs = classSym(sd);
      st.own = cs;
      const ad = sd < 0 ? -sd : sd;
      st.vol += ((ad << VOL_SCALE) - st.vol) >> VOL_RATE;
      if (sd !== 0) st.lastSign = sd > 0 ? 1 : 2;
      pf = cs;
    }
  }
  if (decoding) return { block: body, out };
  const range = enc.finish();
  const raw = bw.finish();
  return { block: { range, raw, size: varintBytes(range.length) + range.length + raw.length, symbols, rawCalls, rawBits }, out };
}
