// Codec benchmark: encode (search + bit packing) and decode (unpack to codes, to levels) throughput
// in values/s on one core, for 1, 2, 4, 8 bits (one feature), and mixed-width codecs next to uniform
// 4-bit codecs of the same feature count (8 and 24 features; the ratio mixed / uniform is reported),
// side by side in the same run with a naive reference (linear threshold scan,
// bit-by-bit packing), fflate deflate/inflate of the same float32 bytes and Arrow IPC serialisation
// of the same values as a Float32 column. Cases run round-robin so machine noise hits all alike.
// Run: npx tsx bench/codec.bench.ts [valueCount]  ->  bench/results/codec.json, bench/results/codec.md

import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { deflateSync, inflateSync } from 'fflate';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { Codec } from '../src/codec/index.js';

const OUT = fileURLToPath(new URL('./results/', import.meta.url));
const N = Number(process.argv[2] ?? 10_000_000);
const NAIVE_N = Math.min(N, 2_000_000); // the naive loops are slow; their rate is per value anyway
const ROUNDS = Number(process.env.BSQ_BENCH_ROUNDS ?? 5);

// ---------------------------------------------------------------- data: 10 M float32 values
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
}
const rnd = lcg(42);
const data = new Float32Array(N);
for (let i = 0; i < N; i += 2) {
  // Box-Muller normals, a slow drift and a few outliers: sensor-like values
  const r = Math.sqrt(-2 * Math.log(rnd()));
  const a = 2 * Math.PI * rnd();
  data[i] = r * Math.cos(a) + (i % 1000) * 1e-3;
  if (i + 1 < N) data[i + 1] = r * Math.sin(a) * (rnd() < 0.01 ? 10 : 1);
}
const sample = Float32Array.from({ length: 100_000 }, () => data[Math.floor(rnd() * N)]).sort();
/** Quantile thresholds (equal-frequency codes: the hardest case for branch prediction). */
function quantiles(bits: number, shift = 0): Float32Array {
  const K = (1 << bits) - 1;
  return Float32Array.from({ length: K }, (_, k) => sample[Math.floor(((k + 1) * sample.length) / (K + 1))] + shift);
}

interface Case { label: string; bits: number[]; /** label of the uniform 4-bit case with the same feature count */ vs?: string }
/** 24 widths in 1..8 averaging 4 bits, in no particular order (what a per-feature bit budget gives). */
const MIXED24 = [3, 5, 2, 6, 4, 1, 7, 4, 8, 2, 3, 5, 4, 6, 1, 4, 3, 7, 2, 5, 4, 6, 3, 2];
const cases: Case[] = [
  { label: '1 bit', bits: [1] },
  { label: '2 bits', bits: [2] },
  { label: '4 bits', bits: [4] },
  { label: '8 bits', bits: [8] },
  { label: '4 bits x 8 features', bits: Array(8).fill(4) },
  { label: 'mixed 1..8 bits (8 features)', bits: [1, 2, 3, 4, 5, 6, 7, 8], vs: '4 bits x 8 features' },
  { label: '4 bits x 24 features', bits: Array(24).fill(4) },
  { label: 'mixed 1..8 bits (24 features, 4 on average)', bits: MIXED24, vs: '4 bits x 24 features' },
];

// ---------------------------------------------------------------- naive reference
function naiveEncode(codec: Codec, rows: Float32Array): Uint8Array {
  const F = codec.featureCount;
  const out = new Uint8Array(Math.ceil((rows.length / F) * codec.bitsPerRow / 8));
  let q = 0;
  for (let i = 0; i < rows.length; i++) {
    const { thresholds: t, bits } = codec.features[i % F];
    let c = 0;
    while (c < t.length && rows[i] > t[c]) c++;
    for (let j = 0; j < bits; j++, q++) if ((c >> j) & 1) out[q >> 3] |= 1 << (q & 7);
  }
  return out;
}
function naiveDecode(codec: Codec, packed: Uint8Array, n: number): Float32Array {
  const F = codec.featureCount;
  const out = new Float32Array(n);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const { levels, bits } = codec.features[i % F];
    let c = 0;
    for (let j = 0; j < bits; j++, q++) c |= ((packed[q >> 3] >> (q & 7)) & 1) << j;
    out[i] = levels[c];
  }
  return out;
}

// ---------------------------------------------------------------- timing
interface Timed { name: string; group: string; values: number; outBytes: number; wall: number[]; cpu: number[]; run: () => unknown }
const timed: Timed[] = [];
function add(group: string, name: string, values: number, run: () => { length: number } | unknown) {
  run(); // warm-up (twice: the first call also collects type feedback for the tails)
  const r = run() as { length?: number; byteLength?: number };
  timed.push({ group, name, values, outBytes: (r as Uint8Array).byteLength ?? r.length ?? 0, wall: [], cpu: [], run });
}

for (const c of cases) {
  const F = c.bits.length;
  const codec = Codec.fromThresholds(c.bits.map((b, f) => ({ name: `x${f}`, thresholds: quantiles(b, f * 1e-3) })));
  const rows = data.subarray(0, N - (N % F));
  const naiveRows = data.subarray(0, NAIVE_N - (NAIVE_N % F));
  const n = rows.length / F;
  const packed = codec.encodeRows(rows);
  // correctness against the naive reference on the naive subset
  const ref = naiveEncode(codec, naiveRows);
  const mine = codec.encodeRows(naiveRows);
  if (ref.length !== mine.length || ref.some((v, i) => v !== mine[i])) throw new Error(`${c.label}: encode differs from the naive reference`);
  const nv = naiveDecode(codec, mine, naiveRows.length);
  const dv = codec.decodeValues(mine, naiveRows.length / F);
  if (nv.some((v, i) => v !== dv[i])) throw new Error(`${c.label}: decode differs from the naive reference`);
  add(c.label, 'encode (bsq)', rows.length, () => codec.encodeRows(rows));
  add(c.label, 'encode (naive)', naiveRows.length, () => naiveEncode(codec, naiveRows));
  add(c.label, 'decode to codes (bsq)', rows.length, () => codec.decodeCodes(packed, n));
  add(c.label, 'decode to values (bsq)', rows.length, () => codec.decodeValues(packed, n));
  add(c.label, 'decode to values (naive)', naiveRows.length, () => naiveDecode(codec, mine, naiveRows.length));
}
const f32bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
const deflated = deflateSync(f32bytes, { level: 6 });
add('baselines', 'fflate deflate level 6 (float32 bytes)', N, () => deflateSync(f32bytes, { level: 6 }));
add('baselines', 'fflate deflate level 1 (float32 bytes)', N, () => deflateSync(f32bytes, { level: 1 }));
add('baselines', 'fflate inflate (level 6 output)', N, () => inflateSync(deflated, { out: new Uint8Array(f32bytes.length) }));
const ipc = tableToIPC(tableFromArrays({ x: data }), 'stream');
add('baselines', 'Arrow tableToIPC (Float32 column)', N, () => tableToIPC(tableFromArrays({ x: data }), 'stream'));
add('baselines', 'Arrow tableFromIPC + toArray', N, () => tableFromIPC(ipc).getChild('x')!.toArray());
add('baselines', 'copy float32 (Float32Array.slice)', N, () => data.slice());

const load0 = loadavg()[0];
for (let r = 0; r < ROUNDS; r++) {
  for (const t of timed) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    t.run();
    t.wall.push(performance.now() - w0);
    const c1 = process.cpuUsage(c0);
    t.cpu.push((c1.user + c1.system) / 1000);
  }
}
const load1 = loadavg()[0];

// ---------------------------------------------------------------- report
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const rows = timed.map((t) => ({
  group: t.group,
  name: t.name,
  values: t.values,
  outBytes: t.outBytes,
  bestMs: Math.min(...t.wall),
  medianMs: median(t.wall),
  bestCpuMs: Math.min(...t.cpu),
  // rates from CPU time (user + system of this process): on a shared machine the wall clock also
  // counts time spent descheduled; the wall-clock rate is kept alongside
  mValuesPerSecBest: t.values / Math.min(...t.cpu) / 1e3,
  mValuesPerSecMedian: t.values / median(t.cpu) / 1e3,
  mValuesPerSecWallBest: t.values / Math.min(...t.wall) / 1e3,
}));
const get = (group: string, name: string) => rows.find((r) => r.group === group && r.name === name)!;
const summary = cases.map((c) => {
  const enc = get(c.label, 'encode (bsq)');
  const encN = get(c.label, 'encode (naive)');
  const dc = get(c.label, 'decode to codes (bsq)');
  const dv = get(c.label, 'decode to values (bsq)');
  const dvN = get(c.label, 'decode to values (naive)');
  return {
    codec: c.label,
    bitsPerValue: c.bits.reduce((a, b) => a + b, 0) / c.bits.length,
    encodeMps: enc.mValuesPerSecBest,
    encodeVsNaive: enc.mValuesPerSecBest / encN.mValuesPerSecBest,
    decodeCodesMps: dc.mValuesPerSecBest,
    decodeValuesMps: dv.mValuesPerSecBest,
    decodeValuesVsNaive: dv.mValuesPerSecBest / dvN.mValuesPerSecBest,
  };
});
const mixedRatios = cases.filter((c) => c.vs !== undefined).map((c) => {
  const m = summary.find((s) => s.codec === c.label)!;
  const u = summary.find((s) => s.codec === c.vs)!;
  return { codec: c.label, against: c.vs!, encode: m.encodeMps / u.encodeMps, decodeCodes: m.decodeCodesMps / u.decodeCodesMps, decodeValues: m.decodeValuesMps / u.decodeValuesMps };
});
const env = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, loadavgStart: load0, loadavgEnd: load1, rounds: ROUNDS, values: N, naiveValues: NAIVE_N };
mkdirSync(OUT, { recursive: true });
writeFileSync(OUT + 'codec.json', JSON.stringify({ env, summary, mixedRatios, results: rows }, null, 2) + '\n');

const f = (x: number, d = 0) => x.toFixed(d);
const base = (name: string) => get('baselines', name);
const md: string[] = [];
md.push('## Codec (bench/codec.bench.ts)', '');
md.push(`${f(N / 1e6, 0)} M float32 values, one core, best of ${ROUNDS} round-robin rounds, rates from the process CPU time (M values/s = millions of values per second; naive loops timed on ${f(NAIVE_N / 1e6, 0)} M values). ` +
  `Shared ${env.cores}-core machine, load average ${f(load0, 1)} -> ${f(load1, 1)} during the run: absolute numbers are noisy, ratios within the run are the meaningful part. Node ${env.node}.`, '');
md.push('| codec | encode M/s | vs naive | decode to codes M/s | decode to values M/s | vs naive |', '|---|---:|---:|---:|---:|---:|');
for (const s of summary) {
  md.push(`| ${s.codec} | ${f(s.encodeMps)} | x${f(s.encodeVsNaive, 1)} | ${f(s.decodeCodesMps)} | ${f(s.decodeValuesMps)} | x${f(s.decodeValuesVsNaive, 1)} |`);
}
md.push('', 'Mixed widths against uniform 4 bits on the same feature count (same run; speed of mixed / speed of uniform):', '',
  '| mixed codec | against | encode | decode to codes | decode to values |', '|---|---|---:|---:|---:|');
for (const r of mixedRatios) md.push(`| ${r.codec} | ${r.against} | ${f(r.encode, 2)} | ${f(r.decodeCodes, 2)} | ${f(r.decodeValues, 2)} |`);
md.push('', 'Baselines on the same values (float32 bytes, 32 bits/value):', '', '| baseline | M values/s | output bytes/value |', '|---|---:|---:|');
for (const r of rows.filter((r) => r.group === 'baselines')) md.push(`| ${r.name} | ${f(r.mValuesPerSecBest)} | ${(r.outBytes / r.values).toFixed(2)} |`);
const four = summary.find((s) => s.codec === '4 bits')!;
md.push('', `4 bits: bsq encode is x${f(four.encodeMps / base('fflate deflate level 6 (float32 bytes)').mValuesPerSecBest, 1)} the speed of fflate deflate (level 6) ` +
  `and x${f(four.encodeMps / base('Arrow tableToIPC (Float32 column)').mValuesPerSecBest, 1)} of Arrow IPC serialisation of the float32 column, ` +
  `at 0.5 bytes/value vs ${(base('fflate deflate level 6 (float32 bytes)').outBytes / N).toFixed(2)} (deflate) and ${(base('Arrow tableToIPC (Float32 column)').outBytes / N).toFixed(2)} (Arrow).`);
writeFileSync(OUT + 'codec.md', md.join('\n') + '\n');
console.log(md.join('\n'));
