// Scratch (issue 12 feasibility study): ideal code length (bits per value, class symbol + raw
// mantissa bits) of ways to combine the context CDFs of the class symbol, to decide which mixing
// is worth a real coder: linear average, geometric (fixed and learned weights, a multi-symbol
// logistic mixer). Not a coder: -log2 p only. Run: npx tsx bench/scratch-fast8/mixing.ts

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TIME_ORDERED, codesOf, loadCsv, quantileCodec, sliceRows } from '../adaptive-data.js';

const RES = fileURLToPath(new URL('../results/adaptive.json', import.meta.url));
const prior = JSON.parse(readFileSync(RES, 'utf8')) as { sizes: { dataset: string; slice: string; bits: number; best: number; adaptive: number }[] };
let classBits = 0;
const WIN_PRIOR = Number(process.env.WIN_PRIOR ?? 0.3);
const ilog2 = (x: number) => 31 - Math.clz32(x);
const bits = Number(process.env.BITS ?? 8);
const tables = TIME_ORDERED.map((d) => loadCsv(d.file, d.drop));

type Ctx = (st: { own: number; pf: number; c1: number; b: number; f: number; lastSign: number; pf2: number }) => number;
const CTX: Record<string, [Ctx, number]> = {
  own: [(s) => s.own, 17],
  prevf: [(s) => (s.pf < 0 ? 17 : s.pf), 18],
  pos: [(s) => s.c1 >> (s.b - Math.min(4, s.b)), 16],
  prevf2: [(s) => (s.pf2 < 0 ? 17 : s.pf2), 18],
};

interface Scheme {
  name: string;
  /** mantissa: raw bits, 'tree' (binary tree of the e bits per feature, class and sign), 'abs' (binary tree over absolute codes, enc 3's GP), 'mix' (both, learned logistic mix) */
  mant?: 'raw' | 'tree' | 'abs' | 'mix' | 'top1' | 'win' | 'top1win';
  ctx: string[];
  mix: 'linear' | 'geo' | 'learned' | 'linlearn';
  /** linlearn: weight sets selected by this context kind (none: one set per feature) */
  wsel?: string;
  rmax: number;
  lr?: number;
}

function run(codes: ArrayLike<number>, n: number, F: number, b: number, sc: Scheme): number {
  const N = 2 * b + 1;
  const K = sc.ctx.length;
  // per feature, per ctx kind, pmf tables as float (the CDF update of design.ts, in float)
  const tabs = Array.from({ length: F }, () => sc.ctx.map((k) => ({ p: new Float64Array(CTX[k]![1] * N).fill(1 / N), n: new Int32Array(CTX[k]![1]) })));
  const W = Array.from({ length: F }, () => new Float64Array(K + 1).fill(1 / K));
  const prev = new Int32Array(F);
  const own = new Int32Array(F);
  const lastSign = new Int32Array(F);
  let total = 0;
  classBits = 0;
  const LW = new Map<number, Float64Array>();
  const win = Array.from({ length: F }, () => new Float64Array(1 << b).fill(WIN_PRIOR));
  const pm = new Float64Array(N);
  const tree = Array.from({ length: F }, () => new Float64Array(2 * 16 * 256).fill(0.5));
  const treeN = Array.from({ length: F }, () => new Int32Array(2 * 16 * 256));
  const absT = Array.from({ length: F }, () => new Float64Array(2 * 2 * 512).fill(0.5));
  const absN = Array.from({ length: F }, () => new Int32Array(2 * 2 * 512));
  const mw = Array.from({ length: F }, () => [0.3, 0.3, 0.3]);
  const st = (p: number) => Math.log(p / (1 - p));
  const sq = (x: number) => 1 / (1 + Math.exp(-x));
  const upd = (arr: Float64Array, na: Int32Array, i: number, y: number) => {
    const rate = 1 / Math.min(na[i]! + 1.5, 32);
    na[i]!++;
    arr[i] = arr[i]! + (y - arr[i]!) * rate;
  };
  const lp = new Float64Array(K * N);
  for (let r = 0; r < n; r++) {
    let pf = -1;
    let pf2 = -1;
    for (let f = 0; f < F; f++) {
      const c = codes[r * F + f]!;
      const sd = c - prev[f]!;
      const a = Math.abs(sd);
      const s = sd === 0 ? 0 : 1 + 2 * ilog2(a) + (sd < 0 ? 1 : 0);
      const stt = { own: own[f]!, pf, c1: prev[f]!, b, f, lastSign: lastSign[f]!, pf2 };
      const idx = sc.ctx.map((k) => CTX[k]![0](stt));
      if (sc.mix === 'linear') {
        pm.fill(0);
        for (let j = 0; j < K; j++) for (let i = 0; i < N; i++) pm[i]! += tabs[f]![j]!.p[idx[j]! * N + i]! / K;
      } else if (sc.mix === 'linlearn') {
        const sel = sc.wsel ? CTX[sc.wsel]![0](stt) : 0;
        const key = f * 64 + sel;
        let w = LW.get(key);
        if (!w) LW.set(key, (w = new Float64Array(K).fill(1 / K)));
        pm.fill(0);
        for (let j = 0; j < K; j++) for (let i = 0; i < N; i++) pm[i]! += w[j]! * tabs[f]![j]!.p[idx[j]! * N + i]!;
        // exponentiated gradient on the simplex
        let z = 0;
        for (let j = 0; j < K; j++) {
          w[j]! *= Math.exp(sc.lr! * (tabs[f]![j]!.p[idx[j]! * N + s]! / pm[s]! - 1));
          z += w[j]!;
        }
        for (let j = 0; j < K; j++) w[j] = Math.max(w[j]! / z, 1 / 64);
        z = 0;
        for (let j = 0; j < K; j++) z += w[j]!;
        for (let j = 0; j < K; j++) w[j]! /= z;
      } else {
        const w = sc.mix === 'geo' ? new Float64Array(K).fill(1 / K) : W[f]!;
        let z = 0;
        for (let i = 0; i < N; i++) {
          let l = 0;
          for (let j = 0; j < K; j++) {
            const v = Math.log(tabs[f]![j]!.p[idx[j]! * N + i]!);
            lp[j * N + i] = v;
            l += w[j]! * v;
          }
          pm[i] = Math.exp(l);
          z += pm[i]!;
        }
        for (let i = 0; i < N; i++) pm[i]! /= z;
        if (sc.mix === 'learned') {
          for (let j = 0; j < K; j++) {
            let ex = 0;
            for (let i = 0; i < N; i++) ex += pm[i]! * lp[j * N + i]!;
            W[f]![j]! += sc.lr! * (lp[j * N + s]! - ex);
          }
        }
      }
      const cb = -Math.log2(Math.max(pm[s]!, 1 / 32768));
      total += cb;
      classBits += cb;
      const mant = sc.mant ?? 'raw';
      if (sd !== 0) {
        const e = ilog2(a);
        if (mant === 'raw') total += e;
        else if (mant === 'win' || mant === 'top1win') {
          // order-0 counts of the codes in the window of the class (and of the half of the top bit)
          const sg = sd < 0 ? 1 : 0;
          let lo = 1 << e;
          let hi = 2 << e;
          if (mant === 'top1win' && e > 0) {
            const y = (a >> (e - 1)) & 1;
            const ti = (sg * 16 + e) * 256 + 1;
            const pt = Math.min(Math.max(tree[f]![ti]!, 1 / 4096), 1 - 1 / 4096);
            total += -Math.log2(y ? pt : 1 - pt);
            upd(tree[f]!, treeN[f]!, ti, y);
            if (y) lo += 1 << (e - 1);
            else hi -= 1 << (e - 1);
          }
          let tot = 0;
          for (let x = lo; x < hi; x++) {
            const cc = sg ? prev[f]! - x : prev[f]! + x;
            if (cc >= 0 && cc < 1 << b) tot += win[f]![cc]!;
          }
          total += -Math.log2(win[f]![c]! / tot);
        } else {
          const sg = sd < 0 ? 1 : 0;
          let node = 1;
          for (let lvl = e - 1; lvl >= 0; lvl--) {
            const y = (a >> lvl) & 1;
            // the code range still possible: the codes prev +- [a_hi << lvl ... ) ; its absolute dyadic position
            const lowMag = ((a >> lvl) << lvl) - (y << lvl); // magnitude with this bit 0
            const start = sg ? prev[f]! - lowMag - (1 << (lvl + 1)) + 1 : prev[f]! + lowMag;
            const ti = (sg * 16 + e) * 256 + node;
            const ai = (sg * 2 + 0) * 512 + (lvl << 5) * 0 + ((((start & 255) >> lvl) + (1 << (8 - lvl))) & 511);
            const pt = tree[f]![ti]!;
            const pa = absT[f]![ai]!;
            let p1: number;
            if (mant === 'tree' || (mant === 'top1' && node === 1)) p1 = pt;
            else if (mant === 'top1') p1 = 0.5;
            else if (mant === 'abs') p1 = pa;
            else {
              const x1 = st(Math.min(Math.max(pt, 1e-3), 1 - 1e-3));
              const x2 = st(Math.min(Math.max(pa, 1e-3), 1 - 1e-3));
              const w = mw[f]!;
              p1 = sq(w[0]! * x1 + w[1]! * x2 + w[2]! * 0.25);
              const err = y - p1;
              w[0]! += 0.02 * err * x1;
              w[1]! += 0.02 * err * x2;
              w[2]! += 0.02 * err * 0.25;
            }
            p1 = Math.min(Math.max(p1, 1 / 4096), 1 - 1 / 4096);
            total += -Math.log2(y ? p1 : 1 - p1);
            upd(tree[f]!, treeN[f]!, ti, y);
            upd(absT[f]!, absN[f]!, ai, y);
            node = node * 2 + y;
          }
        }
      }
      for (let j = 0; j < K; j++) {
        const t = tabs[f]![j]!;
        const ci = idx[j]!;
        const sh = Math.min(sc.rmax, ilog2(t.n[ci]! + 8));
        t.n[ci]!++;
        const rate = 2 ** -sh;
        for (let i = 0; i < N; i++) t.p[ci * N + i] = t.p[ci * N + i]! * (1 - rate) + (i === s ? rate : 0);
      }
      win[f]![c]! += 1;
      prev[f] = c;
      own[f] = s;
      if (sd !== 0) lastSign[f] = sd > 0 ? 1 : 2;
      pf2 = pf;
      pf = s;
    }
  }
  return total;
}

const schemes: Scheme[] = process.env.LIN ? [
  { name: 'linear 4ctx win', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'linear', rmax: 7, mant: 'win' },
  { name: 'linlearn 4ctx win .05', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'linlearn', rmax: 7, lr: 0.05, mant: 'win' },
  { name: 'linlearn 4ctx win .2', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'linlearn', rmax: 7, lr: 0.2, mant: 'win' },
  { name: 'linlearn 4ctx win .2 sel own', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'linlearn', rmax: 7, lr: 0.2, mant: 'win', wsel: 'own' },
  { name: 'linlearn 3ctx win .2', ctx: ['own', 'prevf', 'pos'], mix: 'linlearn', rmax: 7, lr: 0.2, mant: 'win' },
  { name: 'geo 4ctx win', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'geo', rmax: 7, mant: 'win' },
  { name: 'learned 4ctx win', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'win' },
  { name: 'learned 4ctx win r6', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 6, lr: 0.02, mant: 'win' },
  { name: 'learned 4ctx win lr.01', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.01, mant: 'win' },
] : process.env.WIN ? [
  { name: 'linear own+prevf raw', ctx: ['own', 'prevf'], mix: 'linear', rmax: 7, mant: 'raw' },
  { name: 'linear own+prevf win', ctx: ['own', 'prevf'], mix: 'linear', rmax: 7, mant: 'win' },
  { name: 'linear own+prevf top1win', ctx: ['own', 'prevf'], mix: 'linear', rmax: 7, mant: 'top1win' },
  { name: 'linear own+prevf mix', ctx: ['own', 'prevf'], mix: 'linear', rmax: 7, mant: 'mix' },
  { name: 'learned 4ctx win', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'win' },
  { name: 'learned 4ctx top1win', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'top1win' },
  { name: 'learned 3ctx top1win', ctx: ['own', 'prevf', 'pos'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'top1win' },
  { name: 'learned 2ctx top1win', ctx: ['own', 'prevf'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'top1win' },
  { name: 'learned 4ctx mix', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'mix' },
] : process.env.MANT ? [
  { name: 'learned 4ctx raw', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'raw' },
  { name: 'learned 4ctx top1', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'top1' },
  { name: 'learned 4ctx tree', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'tree' },
  { name: 'learned 4ctx abs', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'abs' },
  { name: 'learned 4ctx mix', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02, mant: 'mix' },
  { name: 'linear own+prevf tree', ctx: ['own', 'prevf'], mix: 'linear', rmax: 7, mant: 'tree' },
  { name: 'linear own+prevf abs', ctx: ['own', 'prevf'], mix: 'linear', rmax: 7, mant: 'abs' },
] : [
  { name: 'linear own+prevf', ctx: ['own', 'prevf'], mix: 'linear', rmax: 7 },
  { name: 'geo own+prevf', ctx: ['own', 'prevf'], mix: 'geo', rmax: 7 },
  { name: 'learned own+prevf', ctx: ['own', 'prevf'], mix: 'learned', rmax: 7, lr: 0.02 },
  { name: 'geo own+prevf+pos', ctx: ['own', 'prevf', 'pos'], mix: 'geo', rmax: 7 },
  { name: 'learned own+prevf+pos', ctx: ['own', 'prevf', 'pos'], mix: 'learned', rmax: 7, lr: 0.02 },
  { name: 'learned own+prevf+pos lr.005', ctx: ['own', 'prevf', 'pos'], mix: 'learned', rmax: 7, lr: 0.005 },
  { name: 'learned own+prevf+pos+prevf2', ctx: ['own', 'prevf', 'pos', 'prevf2'], mix: 'learned', rmax: 7, lr: 0.02 },
];
for (const sc of schemes) {
  const parts: string[] = [];
  for (const t0 of tables) {
    for (const slice of ['first 2000', 'whole']) {
      const t = slice === 'whole' ? t0 : sliceRows(t0, 0, 2000);
      const codec = quantileCodec(t, bits);
      const codes = codesOf(codec, t);
      const p = prior.sizes.find((s) => s.dataset === t.name && s.slice === slice && s.bits === bits)!;
      const bytes = run(codes, t.n, codec.featureCount, bits, sc) / 8 + 17 + 3;
      parts.push((bytes / p.best).toFixed(3));
      if (t.name === 'gas_turbine_emissions' && slice === 'first 2000') parts.push(`(class ${(classBits / codes.length).toFixed(3)} b/v)`);
    }
  }
  console.log(sc.name.padEnd(32), parts.join(' '));
}
