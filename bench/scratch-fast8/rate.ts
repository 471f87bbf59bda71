// Scratch (issue 12 feasibility study): rate of the multi-symbol designs on the 30 cells of
// bench/results/adaptive.md (same codes as bench/adaptive.bench.ts), real encode + decode with the
// round trip asserted; ratio = (15 + 2 framing + block) / min(xz, zstd) from adaptive.json.
// Run: npx tsx bench/scratch-fast8/rate.ts [design names...]

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TIME_ORDERED, codesOf, loadCsv, quantileCodec, sliceRows } from '../adaptive-data.js';
import { codeMs } from './design.js';
import { DESIGNS } from './rate-designs.js';

const RES = fileURLToPath(new URL('../results/adaptive.json', import.meta.url));
const prior = JSON.parse(readFileSync(RES, 'utf8')) as { sizes: { dataset: string; slice: string; bits: number; best: number; adaptive: number }[] };
const TARGET: Record<number, number> = { 2: 0.9, 4: 0.8, 8: 0.9 };

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(DESIGNS);
const bitsList = (process.env.BITS ?? '8').split(',').map(Number);
const tables = TIME_ORDERED.map((d) => loadCsv(d.file, d.drop));
const cells: { bits: number; name: string; slice: string; bitsArr: number[]; codes: Uint16Array; n: number; best: number; enc3: number }[] = [];
for (const bits of bitsList) {
  for (const t0 of tables) {
    for (const slice of ['first 2000', 'whole']) {
      const t = slice === 'whole' ? t0 : sliceRows(t0, 0, 2000);
      const codec = quantileCodec(t, bits);
      const codes = Uint16Array.from(codesOf(codec, t));
      const p = prior.sizes.find((s) => s.dataset === t.name && s.slice === slice && s.bits === bits)!;
      cells.push({ bits, name: t.name, slice, bitsArr: codec.features.map((f) => f.bits), codes, n: t.n, best: p.best, enc3: p.adaptive });
    }
  }
}

for (const dn of names) {
  const o = DESIGNS[dn];
  if (!o) throw new Error(`no design ${dn}`);
  const worst: Record<number, number> = {};
  const parts: string[] = [];
  let steps = 0;
  let vals = 0;
  for (const c of cells) {
    const { block } = codeMs(c.bitsArr, c.codes, c.n, o);
    const { out } = codeMs(c.bitsArr, c.codes, c.n, o, block);
    for (let i = 0; i < c.codes.length; i++) if (out[i] !== c.codes[i]) throw new Error(`${dn}: round trip ${c.name} ${c.slice} ${c.bits} at ${i}`);
    const size = 15 + 2 + block.size;
    const ratio = size / c.best;
    worst[c.bits] = Math.max(worst[c.bits] ?? 0, ratio);
    parts.push(`${ratio.toFixed(3)}${ratio > TARGET[c.bits]! ? '!' : ''}`);
    if (c.name === 'gas_turbine_emissions' && c.slice === 'whole') {
      steps = (block.symbols + block.rawCalls) / c.codes.length;
      vals = block.symbols / c.codes.length;
    }
  }
  console.log(`${dn.padEnd(22)} worst ${Object.entries(worst).map(([b, w]) => `${b}b ${w.toFixed(3)}`).join(' ')} | gas whole: ${vals.toFixed(2)} sym + raw = ${steps.toFixed(2)} steps/value | ${parts.join(' ')}`);
}
console.log(`enc3                   ${cells.map((c) => ((c.enc3 / c.best).toFixed(3))).join(' ')}`);
