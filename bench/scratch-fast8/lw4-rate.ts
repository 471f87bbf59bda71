// Scratch (issue 12 feasibility study): rate of design lw4 (lw4.ts) on the cells of
// bench/results/adaptive.md, real encode + decode, round trip asserted; ratio = (15 + 2 framing +
// body) / min(xz, zstd) from adaptive.json. Run: BITS=2,4,8 npx tsx bench/scratch-fast8/lw4-rate.ts [json params]

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TIME_ORDERED, codesOf, loadCsv, quantileCodec, sliceRows } from '../adaptive-data.js';
import { LW4_DEFAULT, lw4Decode, lw4Encode, type Lw4Params, type Lw4Stats } from './lw4.js';

const RES = fileURLToPath(new URL('../results/adaptive.json', import.meta.url));
const prior = JSON.parse(readFileSync(RES, 'utf8')) as { sizes: { dataset: string; slice: string; bits: number; best: number; adaptive: number }[] };
const TARGET: Record<number, number> = { 2: 0.9, 4: 0.8, 8: 0.9 };
const bitsList = (process.env.BITS ?? '8').split(',').map(Number);
const tables = TIME_ORDERED.map((d) => loadCsv(d.file, d.drop));
const variants: Partial<Lw4Params>[] = process.argv.slice(2).length ? process.argv.slice(2).map((a) => JSON.parse(a) as Partial<Lw4Params>) : [{}];
for (const v of variants) {
  const p = { ...LW4_DEFAULT, ...v };
  const worst: Record<number, number> = {};
  const parts: string[] = [];
  let total = 0;
  let gas = '';
  for (const bits of bitsList) {
    for (const t0 of tables) {
      for (const slice of ['first 2000', 'whole']) {
        const t = slice === 'whole' ? t0 : sliceRows(t0, 0, 2000);
        const codec = quantileCodec(t, bits);
        const codes = Uint16Array.from(codesOf(codec, t));
        const bitsArr = codec.features.map((f) => f.bits);
        const st: Lw4Stats = { classSymbols: 0, mantSymbols: 0 };
        const body = lw4Encode(bitsArr, codes, t.n, p, st);
        const out = new Uint16Array(codes.length);
        lw4Decode(bitsArr, body, t.n, out, p);
        for (let i = 0; i < codes.length; i++) if (out[i] !== codes[i]) throw new Error(`round trip ${t.name} ${slice} ${bits} at ${i}: ${out[i]} vs ${codes[i]}`);
        const best = prior.sizes.find((s) => s.dataset === t.name && s.slice === slice && s.bits === bits)!.best;
        const size = 17 + body.length;
        total += size;
        const ratio = size / best;
        worst[bits] = Math.max(worst[bits] ?? 0, ratio);
        parts.push(`${ratio.toFixed(3)}${ratio > TARGET[bits]! ? '!' : ''}`);
        if (t.name === 'gas_turbine_emissions' && slice === 'whole' && bits === 8) gas = `gas 8b whole ${((st.classSymbols + st.mantSymbols) / codes.length).toFixed(2)} symbols/value`;
      }
    }
  }
  console.log(`${JSON.stringify(v)} worst ${Object.entries(worst).map(([b, w]) => `${b}b ${w.toFixed(3)}`).join(' ')} total ${total} ${gas} | ${parts.join(' ')}`);
}
