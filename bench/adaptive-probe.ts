// Quick probe for work on encoding 3 (not the published bench): the encoding-3 DATA record size of
// every rate cell of bench/adaptive.bench.ts against the xz/zstd minimum stored in
// bench/results/adaptive.json (the codes do not depend on the coder), and kernel speed (codes ->
// bytes -> codes) next to raw packing in the same run.
// Run: npx tsx bench/adaptive-probe.ts [rate|speed|both]

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AdaptiveState, decodeAdaptiveCodes, encodeAdaptiveCodes } from '../src/codec/adaptive/index.js';
import { encodeDataRecord, decodeDataRecord } from '../src/format/index.js';
import { TIME_ORDERED, bestCpuSeconds, codesOf, loadCsv, quantileCodec, sliceRows } from './adaptive-data.js';

const mode = process.argv[2] ?? 'both';
const RES = fileURLToPath(new URL('./results/adaptive.json', import.meta.url));
const TARGET: Record<number, number> = { 2: 0.9, 4: 0.8, 8: 0.9 };
const prior = JSON.parse(readFileSync(RES, 'utf8')) as { sizes: { dataset: string; slice: string; bits: number; best: number; adaptive: number }[] };
const tables = TIME_ORDERED.map((d) => loadCsv(d.file, d.drop));

if (mode !== 'speed') {
  const worst: Record<number, number> = { 2: 0, 4: 0, 8: 0 };
  let total = 0;
  for (const bits of [2, 4, 8]) {
    for (const t0 of tables) {
      for (const slice of ['first 2000', 'whole']) {
        const t = slice === 'whole' ? t0 : sliceRows(t0, 0, 2000);
        const codec = quantileCodec(t, bits);
        const codes = codesOf(codec, t);
        const bitsArr = codec.features.map((f) => f.bits);
        const body = encodeAdaptiveCodes(new AdaptiveState(bitsArr), codes, t.n)!;
        const out = new Uint16Array(codes.length);
        decodeAdaptiveCodes(new AdaptiveState(bitsArr), body, t.n, out);
        for (let i = 0; i < codes.length; i++) if (out[i] !== codes[i]) throw new Error(`round trip ${t.name} ${bits} at ${i}`);
        const size = 15 + 2 + body.length;
        const p = prior.sizes.find((s) => s.dataset === t.name && s.slice === slice && s.bits === bits)!;
        const ratio = size / p.best;
        worst[bits] = Math.max(worst[bits]!, ratio);
        total += size;
        console.log(`${bits} ${t.name.padEnd(22)} ${slice.padEnd(10)} ${String(size).padStart(7)} (was ${String(p.adaptive).padStart(7)}) ratio ${ratio.toFixed(3)}${ratio > TARGET[bits]! ? ' MISSED' : ''}`);
      }
    }
  }
  console.log(`worst 2: ${worst[2]!.toFixed(3)}  4: ${worst[4]!.toFixed(3)}  8: ${worst[8]!.toFixed(3)}  total bytes ${total}`);
}

if (mode !== 'rate') {
  const cpu = bestCpuSeconds;
  const cases: [string, number][] = [['gas_turbine_emissions', 4], ['gas_turbine_emissions', 2], ['gas_turbine_emissions', 8], ['occupancy_test2', 4], ['air_quality', 4]];
  for (let pass = 0; pass < 2; pass++) {
    for (const [name, bits] of cases) {
      const t = tables.find((x) => x.name === name)!;
      const codec = quantileCodec(t, bits);
      const codes = codesOf(codec, t);
      const bitsArr = codec.features.map((f) => f.bits);
      const n = t.n;
      const values = n * codec.featureCount;
      const body = encodeAdaptiveCodes(new AdaptiveState(bitsArr), codes, n)!;
      const out = new Uint16Array(codes.length);
      const enc = cpu(() => encodeAdaptiveCodes(new AdaptiveState(bitsArr), codes, n), 7);
      const dec = cpu(() => decodeAdaptiveCodes(new AdaptiveState(bitsArr), body, n, out), 7);
      const packed = codec.packCodes(codes, n);
      const rawRec = encodeDataRecord(codec, packed, n, 'raw');
      const ad = encodeDataRecord(codec, packed, n, 'adaptive');
      const recEnc = cpu(() => encodeDataRecord(codec, packed, n, 'adaptive'), 5);
      const recDec = cpu(() => decodeDataRecord(codec, ad), 5);
      const rawEnc = cpu(() => encodeDataRecord(codec, packed, n, 'raw'), 20);
      const rawDec = cpu(() => decodeDataRecord(codec, rawRec), 20);
      const M = (s: number) => (values / s / 1e6).toFixed(1).padStart(6);
      if (pass === 1) console.log(`${name.padEnd(22)} ${bits}b kernel enc ${M(enc)} dec ${M(dec)} | record enc ${M(recEnc)} dec ${M(recDec)} | raw enc ${M(rawEnc)} dec ${M(rawDec)}  M values/s`);
    }
  }
  console.log(`load ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
