// One bsq training on California housing at 4 bits with the library defaults (50 soft + 10 hard-step
// epochs within the 2000-step budget, MLP 3x256, batch 256): wall time (target: within 60 s on a
// 2-core machine) and test error.
// Writes bench/results/accuracy.timing.json, which the accuracy report includes.
// Run: npx tsx bench/accuracy-timing.ts [--bits 4] [--seed 0]

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainCodec, type RegressionMetrics } from '../src/train/index.js';
import { readNumericCsv } from './accuracy-data.js';

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1]! : d; };
const bits = Number(arg('bits', '4'));
const seed = Number(arg('seed', '0'));
const t = readNumericCsv('california_housing_sklearn.csv');
const load0 = loadavg()[0]!;
const t0 = performance.now();
const { report } = await trainCodec(t.columns, { target: 'MedHouseVal', bits, seed });
const wall = (performance.now() - t0) / 1000;
const epochSeconds = report.history.map((h) => h.seconds);
const out = {
  dataset: 'california_housing_sklearn.csv', bits, seed, backend: report.backend,
  settings: report.settings, splits: report.splits,
  wallSeconds: wall, trainSeconds: report.timings.trainSeconds,
  meanEpochSeconds: epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length,
  test: report.test as RegressionMetrics,
  machine: `${cpus().length} cores, Node ${process.version}`,
  loadAverageAtStart: load0, loadAverageAtEnd: loadavg()[0],
  measuredAt: new Date().toISOString(),
};
const file = resolve(dirname(fileURLToPath(import.meta.url)), 'results/accuracy.timing.json');
writeFileSync(file, JSON.stringify(out, null, 1));
console.log(`California ${bits} bits: ${wall.toFixed(1)} s wall (train ${report.timings.trainSeconds.toFixed(1)} s, ${out.meanEpochSeconds.toFixed(2)} s/epoch), nmse ${out.test.nmse.toFixed(4)}, load ${load0.toFixed(1)} -> ${out.loadAverageAtEnd!.toFixed(1)}`);
