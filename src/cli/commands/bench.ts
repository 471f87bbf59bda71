// bsq bench: a quick throughput measurement on this machine with synthetic sensor-like data
// (random walks): the encode kernel, bit packing into a .bsq file (raw and deflate), reading it back
// with checksums, decoding to codes, values and thermometer bits, and CSV parsing (csv-parse) as
// the usual front end. Each step repeats until --time seconds have passed; the best rate is shown.
import { Readable } from 'node:stream';
import { floatOption, intOption, type CommandSpec } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { int, num, sizeChange, table } from '../format-text.js';
import { openCsv } from '../csv-input.js';
import { Codec } from '../../codec/index.js';
import { readBsq, writeBsq } from '../../format/index.js';
import { version } from '../version.js';

const spec: CommandSpec = {
  name: 'bench',
  summary: 'measure encode/decode throughput on this machine',
  usage: ['bench [--rows N] [--features F] [--bits B] [--time S] [--json]'],
  description: 'Synthetic random-walk data; rates are rows per second (and MB/s of float32 input).',
  options: {
    rows: { type: 'string', arg: '<N>', help: 'rows of synthetic data (default 1000000)' },
    features: { type: 'string', arg: '<F>', help: 'features per row (default 8)' },
    bits: { type: 'string', arg: '<B>', help: 'bits per feature (default 4)' },
    time: { type: 'string', arg: '<S>', help: 'minimum seconds per measurement (default 0.3)' },
    json: { type: 'boolean', help: 'print the result as JSON on stdout' },
  },
  positionals: { min: 0, max: 0 },
};

export interface BenchStep {
  name: string;
  rowsPerSecond: number;
  /** float32 input megabytes per second (rows x features x 4 bytes). */
  mbPerSecond: number;
  seconds: number;
  repeats: number;
}

/** Repeat fn until minSeconds have passed (at least twice); the fastest run's time. */
function measure(fn: () => void, minSeconds: number): { best: number; repeats: number } {
  let best = Infinity;
  let repeats = 0;
  const start = performance.now();
  do {
    const t = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t) / 1000);
    repeats++;
  } while (repeats < 2 || (performance.now() - start) / 1000 < minSeconds);
  return { best, repeats };
}

function randomWalks(rows: number, features: number, seed: number): Float64Array[] {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  return Array.from({ length: features }, () => {
    const c = new Float64Array(rows);
    let x = 0;
    for (let i = 0; i < rows; i++) {
      x += rnd() - 0.5;
      c[i] = x;
    }
    return c;
  });
}

function quantileThresholds(col: Float64Array, bits: number): number[] {
  const sample = Float64Array.from(col.subarray(0, Math.min(col.length, 100000))).sort();
  const K = 2 ** bits - 1;
  const out: number[] = [];
  for (let k = 1; k <= K; k++) out.push(sample[Math.min(sample.length - 1, Math.floor((k / (K + 1)) * sample.length))]);
  for (let k = 1; k < out.length; k++) if (out[k] < out[k - 1]) out[k] = out[k - 1];
  return out;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = ctx.args;
  const rows = intOption(values, 'rows', { min: 1000, max: 50_000_000, default: 1_000_000 });
  const F = intOption(values, 'features', { min: 1, max: 1024, default: 8 });
  const bits = intOption(values, 'bits', { min: 1, max: 16, default: 4 });
  const minTime = floatOption(values, 'time', { min: 0 }) ?? 0.3;
  ctx.progress.start('bench');
  ctx.note(`bench: ${int(rows)} rows x ${F} features, ${bits} bits per feature (synthetic random walks)`);
  const cols = randomWalks(rows, F, 12345);
  const codec = Codec.fromThresholds(cols.map((c, i) => ({ name: `f${i}`, thresholds: quantileThresholds(c, bits) })));
  const steps: BenchStep[] = [];
  const add = (name: string, r: { best: number; repeats: number }, n = rows) => {
    steps.push({ name, rowsPerSecond: n / r.best, mbPerSecond: (n * F * 4) / r.best / 1e6, seconds: r.best, repeats: r.repeats });
    ctx.progress.update(steps.length, name, { step: false });
  };
  let packed: Uint8Array = new Uint8Array(0);
  add('encode columns -> packed', measure(() => void (packed = codec.encodeColumns(cols)), minTime));
  let fileRaw: Uint8Array = new Uint8Array(0);
  add('write .bsq (raw blocks)', measure(() => void (fileRaw = writeBsq(codec, { columns: cols })), minTime));
  let fileDeflate: Uint8Array = new Uint8Array(0);
  add('write .bsq (deflate blocks)', measure(() => void (fileDeflate = writeBsq(codec, { columns: cols, encoding: 'deflate' })), minTime));
  add('read .bsq + CRC + decode codes', measure(() => void readBsq(fileRaw).codes(), minTime));
  add('read .bsq (deflate) + decode codes', measure(() => void readBsq(fileDeflate).codes(), minTime));
  add('decode values (levels)', measure(() => void codec.decodeValues(packed, rows), minTime));
  const thermoRows = Math.min(rows, 200_000);
  const thermoPacked = codec.encodeColumns(cols.map((c) => c.subarray(0, thermoRows)));
  add('decode thermometer bits', measure(() => void codec.decodeThermometer(thermoPacked, thermoRows), minTime), thermoRows);
  // CSV front end: parse (csv-parse) + numeric conversion, on a slice.
  const csvRows = Math.min(rows, 100_000);
  const lines = [cols.map((_, i) => `f${i}`).join(',')];
  for (let r = 0; r < csvRows; r++) lines.push(cols.map((c) => c[r].toFixed(4)).join(','));
  const csvText = lines.join('\n') + '\n';
  let best = Infinity;
  let repeats = 0;
  const start = performance.now();
  do {
    const t = performance.now();
    const src = await openCsv(Readable.from([Buffer.from(csvText)]), 'bench.csv');
    for await (const chunk of src.chunks()) void chunk;
    best = Math.min(best, (performance.now() - t) / 1000);
    repeats++;
  } while (repeats < 2 || (performance.now() - start) / 1000 < minTime);
  add('parse CSV (csv-parse) -> columns', { best, repeats }, csvRows);
  ctx.progress.finish();

  const floatBytes = rows * F * 4;
  const result = {
    bsqVersion: version(),
    node: process.version,
    rows,
    features: F,
    bits,
    bytes: { float32: floatBytes, bsqRaw: fileRaw.length, bsqDeflate: fileDeflate.length },
    factor: { raw: floatBytes / fileRaw.length, deflate: floatBytes / fileDeflate.length },
    steps,
  };
  if (values.json === true) {
    await ctx.out(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }
  const out = [
    `bsq bench (${process.version}, ${int(rows)} rows x ${F} features, ${bits} bits; best of repeated runs, machine load affects these)`,
    table([
      ['step', 'rows/s', 'MB/s float32', 'runs'],
      ...steps.map((s) => [s.name, int(s.rowsPerSecond), num(s.mbPerSecond, 3), String(s.repeats)]),
    ]),
    `size: float32 ${int(floatBytes)} bytes; .bsq raw ${int(fileRaw.length)} (${sizeChange(result.factor.raw)}), deflate ${int(fileDeflate.length)} (${sizeChange(result.factor.deflate)})`,
  ];
  await ctx.out(out.join('\n') + '\n');
  return 0;
}

export const command: Command = { spec, run };
