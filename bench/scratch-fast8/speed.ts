// Scratch (issue 12 feasibility study): speed of the prototype kernels next to the encoding-3
// kernel (src/codec/adaptive: codes -> body -> codes) in one process: each repetition times every
// coder once (interleaved), best CPU time of `reps`; a first pass warms up and is not printed.
// Round trips (and the ms-lin2 kernel's byte equality with design.ts) are asserted.
// Run: nice -n 10 npx tsx bench/scratch-fast8/speed.ts [reps] [lw4 params as JSON...]

import { loadavg } from 'node:os';
import { AdaptiveState, decodeAdaptiveCodes, encodeAdaptiveCodes } from '../../src/codec/adaptive/index.js';
import { TIME_ORDERED, bestCpuSeconds, codesOf, loadCsv, quantileCodec, sliceRows } from '../adaptive-data.js';
import { codeMs } from './design.js';
import { msLin2Decode, msLin2Encode } from './kernels.js';
import { LW4_DEFAULT, lw4Decode, lw4Encode, type Lw4Params } from './lw4.js';
import { DESIGNS } from './rate-designs.js';

const reps = Number(process.argv[2] ?? 7);
const extra = process.argv.slice(3).map((a) => ({ ...LW4_DEFAULT, ...(JSON.parse(a) as Partial<Lw4Params>) }));
const tables = TIME_ORDERED.map((d) => loadCsv(d.file, d.drop));
const cases: [string, number, string][] = (process.env.CASES ?? 'gas_turbine_emissions:8,air_quality:8,gas_turbine_emissions:4,air_quality:4,gas_turbine_emissions:2')
  .split(',')
  .map((x) => {
    const [n, b] = x.split(':');
    return [n!, Number(b), 'whole'];
  });

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

interface Coder {
  name: string;
  enc: () => void;
  dec: () => void;
  bytes: number;
}

console.log(`load before ${loadavg().map((x) => x.toFixed(2)).join(' ')}; reps ${reps}`);
for (let pass = 0; pass < 2; pass++) {
  for (const [name, bits, slice] of cases) {
    const t0 = tables.find((t) => t.name === name)!;
    const t = slice === 'whole' ? t0 : sliceRows(t0, 0, 2000);
    const codec = quantileCodec(t, bits);
    const codes = Uint16Array.from(codesOf(codec, t));
    const bitsArr = codec.features.map((f) => f.bits);
    const n = t.n;
    const values = codes.length;
    const back = new Uint16Array(values);
    const check = (what: string) => {
      for (let i = 0; i < values; i++) if (back[i] !== codes[i]) throw new Error(`${name} ${bits} ${what}: round trip at ${i}`);
      back.fill(0);
    };
    const coders: Coder[] = [];
    // encoding 3
    const body3 = encodeAdaptiveCodes(new AdaptiveState(bitsArr), codes, n)!;
    decodeAdaptiveCodes(new AdaptiveState(bitsArr), body3, n, back);
    check('enc3');
    coders.push({ name: 'enc3', enc: () => encodeAdaptiveCodes(new AdaptiveState(bitsArr), codes, n), dec: () => decodeAdaptiveCodes(new AdaptiveState(bitsArr), body3, n, back), bytes: body3.length });
    // ms-lin2 (and its static variant: no CDF updates, the floor of one multi-symbol step per value)
    const k = msLin2Encode(bitsArr, codes, n);
    const g = codeMs(bitsArr, codes, n, DESIGNS['own+prevf']!).block;
    if (!same(k.range, g.range) || !same(k.raw, g.raw)) throw new Error(`${name} ${bits}: kernel bytes differ from design.ts`);
    msLin2Decode(bitsArr, k.range, k.raw, n, back);
    check('ms-lin2');
    coders.push({ name: 'ms-lin2', enc: () => msLin2Encode(bitsArr, codes, n), dec: () => msLin2Decode(bitsArr, k.range, k.raw, n, back), bytes: k.size });
    const k0 = msLin2Encode(bitsArr, codes, n, true);
    msLin2Decode(bitsArr, k0.range, k0.raw, n, back, true);
    check('ms-static');
    coders.push({ name: 'ms-static', enc: () => msLin2Encode(bitsArr, codes, n, true), dec: () => msLin2Decode(bitsArr, k0.range, k0.raw, n, back, true), bytes: k0.size });
    // lw4 (default and any extra parameter sets)
    for (const [j, p] of [LW4_DEFAULT, ...extra].entries()) {
      const body = lw4Encode(bitsArr, codes, n, p);
      lw4Decode(bitsArr, body, n, back, p);
      check('lw4');
      coders.push({ name: j === 0 ? 'lw4' : `lw4#${j}`, enc: () => lw4Encode(bitsArr, codes, n, p), dec: () => lw4Decode(bitsArr, body, n, back, p), bytes: body.length });
    }
    const best = coders.map(() => [Infinity, Infinity]);
    for (let rep = 0; rep < reps; rep++) {
      coders.forEach((c, j) => {
        best[j]![0] = Math.min(best[j]![0]!, bestCpuSeconds(c.enc, 1));
        best[j]![1] = Math.min(best[j]![1]!, bestCpuSeconds(c.dec, 1));
      });
    }
    if (pass === 1) {
      const M = (s: number) => (values / s / 1e6).toFixed(1);
      const [e3, d3] = best[0]!;
      console.log(
        `${name} ${bits}b (${values} values): ` +
          coders.map((c, j) => `${c.name} ${M(best[j]![0]!)} / ${M(best[j]![1]!)}${j ? ` (x${(e3! / best[j]![0]!).toFixed(2)} / x${(d3! / best[j]![1]!).toFixed(2)})` : ''} [${c.bytes} B]`).join(' | '),
      );
    }
  }
}
console.log(`load after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
