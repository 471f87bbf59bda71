// Scratch (issue 12 feasibility study): design 1 (hybrid.ts: encoding 3's loop with a binary-tree
// exponent and/or one bypass step for the mantissa) at 8 bits: rate on the 10 cells (real encode +
// decode, round trip asserted; tree = bypass = off must give encoding 3's bytes), binary steps per
// value, and speed next to encoding 3 in one process (interleaved, best CPU time).
// Run: nice -n 10 npx tsx bench/scratch-fast8/hybrid-run.ts [reps]

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AdaptiveState, decodeAdaptiveCodes, encodeAdaptiveCodes } from '../../src/codec/adaptive/index.js';
import { TIME_ORDERED, bestCpuSeconds, codesOf, loadCsv, quantileCodec, sliceRows } from '../adaptive-data.js';
import { decodeHybrid, encodeHybrid } from './hybrid.js';

const reps = Number(process.argv[2] ?? 7);
const RES = fileURLToPath(new URL('../results/adaptive.json', import.meta.url));
const prior = JSON.parse(readFileSync(RES, 'utf8')) as { sizes: { dataset: string; slice: string; bits: number; best: number }[] };
const tables = TIME_ORDERED.map((d) => loadCsv(d.file, d.drop));
const VARIANTS: [string, boolean, boolean][] = [
  ['enc3 copy', false, false],
  ['tree exponent', true, false],
  ['bypass mantissa', false, true],
  ['tree + bypass', true, true],
];

/** Coder steps per value: E; for a change sign, exponent (unary <= 7 or tree 3), mantissa (e modelled, or 1 bypass step when e > 0). */
function steps(codes: Uint16Array, n: number, F: number, tree: boolean, bypass: boolean): number {
  let st = 0;
  for (let f = 0; f < F; f++) {
    let c1 = 0;
    for (let r = 0; r < n; r++) {
      const c = codes[r * F + f]!;
      st++;
      if (c !== c1) {
        const e = 31 - Math.clz32(Math.abs(c - c1));
        st += 1 + (tree ? 3 : Math.min(e + 1, 7)) + (bypass ? (e > 0 ? 1 : 0) : e);
      }
      c1 = c;
    }
  }
  return st / (n * F);
}

const cells: { name: string; slice: string; codes: Uint16Array; n: number; bits: number[]; best: number }[] = [];
for (const t0 of tables) {
  for (const slice of ['first 2000', 'whole']) {
    const t = slice === 'whole' ? t0 : sliceRows(t0, 0, 2000);
    const codec = quantileCodec(t, 8);
    cells.push({ name: t.name, slice, codes: Uint16Array.from(codesOf(codec, t)), n: t.n, bits: codec.features.map((f) => f.bits), best: prior.sizes.find((s) => s.dataset === t.name && s.slice === slice && s.bits === 8)!.best });
  }
}
for (const [vn, tree, bypass] of VARIANTS) {
  const parts: string[] = [];
  let worst = 0;
  let gasSteps = 0;
  for (const c of cells) {
    const body = encodeHybrid(new AdaptiveState(c.bits), c.codes, c.n, tree, bypass)!;
    if (!tree && !bypass) {
      const ref = encodeAdaptiveCodes(new AdaptiveState(c.bits), c.codes, c.n)!;
      if (ref.length !== body.length || ref.some((x, i) => x !== body[i])) throw new Error(`${c.name}: copy differs from encoding 3`);
    }
    const out = new Uint16Array(c.codes.length);
    decodeHybrid(new AdaptiveState(c.bits), body, c.n, out, tree, bypass);
    for (let i = 0; i < out.length; i++) if (out[i] !== c.codes[i]) throw new Error(`${vn} ${c.name} ${c.slice}: round trip at ${i}`);
    const ratio = (17 + body.length) / c.best;
    worst = Math.max(worst, ratio);
    parts.push(`${ratio.toFixed(3)}${ratio > 0.9 ? '!' : ''}`);
    if (c.name === 'gas_turbine_emissions' && c.slice === 'whole') gasSteps = steps(c.codes, c.n, c.bits.length, tree, bypass);
  }
  console.log(`${vn.padEnd(16)} worst 8b ${worst.toFixed(3)} | gas 8b whole ${gasSteps.toFixed(2)} steps/value | ${parts.join(' ')}`);
}
// speed
for (let pass = 0; pass < 2; pass++) {
  for (const c of cells.filter((x) => x.slice === 'whole' && (x.name === 'gas_turbine_emissions' || x.name === 'air_quality'))) {
    const values = c.codes.length;
    const out = new Uint16Array(values);
    const bodies = VARIANTS.map(([, tree, bypass]) => encodeHybrid(new AdaptiveState(c.bits), c.codes, c.n, tree, bypass)!);
    const ref = encodeAdaptiveCodes(new AdaptiveState(c.bits), c.codes, c.n)!;
    const best = [...VARIANTS.map(() => [Infinity, Infinity]), [Infinity, Infinity]];
    for (let rep = 0; rep < reps; rep++) {
      best[VARIANTS.length]![0] = Math.min(best[VARIANTS.length]![0]!, bestCpuSeconds(() => encodeAdaptiveCodes(new AdaptiveState(c.bits), c.codes, c.n), 1));
      best[VARIANTS.length]![1] = Math.min(best[VARIANTS.length]![1]!, bestCpuSeconds(() => decodeAdaptiveCodes(new AdaptiveState(c.bits), ref, c.n, out), 1));
      VARIANTS.forEach(([, tree, bypass], j) => {
        best[j]![0] = Math.min(best[j]![0]!, bestCpuSeconds(() => encodeHybrid(new AdaptiveState(c.bits), c.codes, c.n, tree, bypass), 1));
        best[j]![1] = Math.min(best[j]![1]!, bestCpuSeconds(() => decodeHybrid(new AdaptiveState(c.bits), bodies[j]!, c.n, out, tree, bypass), 1));
      });
    }
    if (pass === 1) {
      const M = (s: number) => (values / s / 1e6).toFixed(1);
      const [e3, d3] = best[VARIANTS.length]!;
      console.log(`${c.name} 8b: enc3 ${M(e3!)} / ${M(d3!)} | ` + VARIANTS.map(([vn], j) => `${vn} ${M(best[j]![0]!)} / ${M(best[j]![1]!)} (x${(e3! / best[j]![0]!).toFixed(2)} / x${(d3! / best[j]![1]!).toFixed(2)})`).join(' | '));
    }
  }
}
