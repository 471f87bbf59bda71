// One accuracy cell with extra trainCodec options, for trying a setting before it becomes a default
// (same dataset settings, epochs and splits as bench/accuracy.ts). Prints one JSON line per run and
// appends it to bench/results/accuracy.probes.jsonl.
// Run: npx tsx bench/accuracy-probe.ts --dataset wine --bits 8 --seed 0 [--baselines Bw-QQ]
//      [--opts '{"inputDropout":0.3}'] [--epochs 30] [--hard-epochs 3]

import { appendFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainCodec, type BaselineName, type RegressionMetrics, type TrainOptions } from '../src/train/index.js';
import { readNumericCsv } from './accuracy-data.js';

const SPECS: Record<string, { file: string; target: string; hiddenUnits: number; dropout: number }> = {
  california: { file: 'california_housing_sklearn.csv', target: 'MedHouseVal', hiddenUnits: 256, dropout: 0 },
  wine: { file: 'wine_quality.csv', target: 'quality', hiddenUnits: 512, dropout: 0.4 },
};

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1]! : d; };
const dataset = arg('dataset', 'wine');
const spec = SPECS[dataset];
if (!spec) throw new Error(`unknown dataset ${dataset} (california, wine)`);
const bits = Number(arg('bits', '8'));
const seed = Number(arg('seed', '0'));
const extra = JSON.parse(arg('opts', '{}')) as Partial<TrainOptions>;
const baselines = arg('baselines', '').split(',').filter(Boolean) as BaselineName[];
const t = readNumericCsv(spec.file);
const opts: TrainOptions = {
  target: spec.target, task: 'regression', bits, seed, epochs: Number(arg('epochs', '30')), hardEpochs: Number(arg('hard-epochs', '3')),
  batchSize: 256, hiddenLayers: 3, hiddenUnits: spec.hiddenUnits, dropout: spec.dropout, baselines, ...extra,
};
const { report } = await trainCodec(t.columns, opts);
const bl = Object.fromEntries(Object.entries(report.baselines ?? {}).map(([m, b]) => [m, (b.test as RegressionMetrics).nmse]));
const line = {
  dataset, bits, seed, opts: extra, epochs: opts.epochs, hardEpochs: opts.hardEpochs,
  nmse: (report.test as RegressionMetrics).nmse, stdMse: (report.test as RegressionMetrics).stdMse,
  bestEpoch: report.validation.epoch, valLoss: report.validation.loss, baselines: bl,
  seconds: report.timings.trainSeconds, at: new Date().toISOString(),
};
console.log(JSON.stringify(line));
appendFileSync(resolve(dirname(fileURLToPath(import.meta.url)), 'results/accuracy.probes.jsonl'), JSON.stringify(line) + '\n');
