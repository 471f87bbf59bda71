// Accuracy and training time against the number of rows, with the library defaults (step budget:
// cost must stop growing with rows; issue 10 asks 10^6 rows <= 3x the time of 10^5 rows). Data:
// Friedman #1 (y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + N(0, 1), x uniform in [0, 1]^10,
// five features irrelevant), so any row count can be drawn; the test MSE is on the standardized target.
// Writes bench/results/accuracy-rows.json and prints a Markdown table.
// Run: npm run bench:accuracy-rows [-- --rows 1000,10000,100000,1000000 --bits 4]

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainCodec, type RegressionMetrics } from '../src/train/index.js';
import { epochBatches } from '../src/train/options.js';

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1]! : d; };
const rowsList = arg('rows', '1000,10000,100000,1000000').split(',').map(Number);
const bits = Number(arg('bits', '4'));

function friedman1(n: number, seed: number): Record<string, Float64Array> {
  let s = seed >>> 0 || 1;
  const u = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  const cols: Record<string, Float64Array> = {};
  for (let j = 1; j <= 10; j++) cols[`x${j}`] = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 10 }, (_, j) => { const v = u(); cols[`x${j + 1}`]![i] = v; return v; });
    const g = Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
    y[i] = 10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]! + g;
  }
  cols['y'] = y;
  return cols;
}

const out: { rows: number; seconds: number; trainSeconds: number; steps: number; kept: string; test: RegressionMetrics; splits: unknown }[] = [];
for (const n of rowsList) {
  const data = friedman1(n, 7);
  const t0 = performance.now();
  const { report } = await trainCodec(data, { target: 'y', bits, seed: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const s = report.settings;
  // Every bsq run of the call (two when the regularized candidate trained) takes these steps.
  const { batches } = epochBatches(report.splits.train, s.batchSize, s.maxSteps, s.epochs);
  out.push({ rows: n, seconds, trainSeconds: report.timings.trainSeconds, steps: batches * (s.epochs + s.hardEpochs) * (report.candidates?.length ?? 1), kept: report.candidates?.find((c) => c.kept)?.name ?? 'bsq', test: report.test as RegressionMetrics, splits: report.splits });
  console.error(`${n} rows: ${seconds.toFixed(1)} s, stdMse ${(report.test as RegressionMetrics).stdMse.toFixed(4)}`);
}
const file = resolve(dirname(fileURLToPath(import.meta.url)), 'results/accuracy-rows.json');
writeFileSync(file, JSON.stringify({ bits, machine: `${cpus().length} cores, Node ${process.version}`, loadAverage: loadavg()[0], measuredAt: new Date().toISOString(), runs: out }, null, 1));
console.log(`| rows | optimizer steps | seconds (whole trainCodec) | test MSE (standardized) | time / time at ${out[0]?.rows} rows |`);
console.log('|---|---|---|---|---|');
for (const r of out) console.log(`| ${r.rows} | ${r.steps} | ${r.seconds.toFixed(1)} | ${r.test.stdMse.toFixed(4)} | ${(r.seconds / out[0]!.seconds).toFixed(2)} |`);
