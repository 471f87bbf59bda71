// Accuracy benchmark (`npm run bench:accuracy`): the paper's protocol on California housing and wine
// quality (regression, standardized target, 90/10 splits over several seeds, bits 2..8) and on
// occupancy and optdigits (classification, their given test files), bsq against the baselines of
// the same run. Writes bench/results/accuracy.{json,md,svg} after every cell, so a partial run still
// leaves a valid report of what was measured.
//
// Flags (or env BSQ_ACC_<NAME>): --datasets california,wine,occupancy,optdigits --bits 2,3,4,5,6,8
// --cls-bits 4 --methods bsq,FP,Pr-QQ,Bw-QQ,SQ,LSQ (or all) --seeds 0,1,2 --epochs 50
// --hard-epochs 5 --batch 256 --quick --resume (add to an earlier run's results) --render (rewrite .md/.svg
// from the .json) --out bench/results/accuracy

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASELINES, trainCodec, type BaselineName, type Metrics, type TrainOptions } from '../src/train/index.js';
import { readNumericCsv, type CsvTable } from './accuracy-data.js';
import { PAPER } from './accuracy-paper.js';
import { svgChart, type Panel } from './accuracy-plot.js';

interface DatasetSpec {
  name: string;
  task: 'regression' | 'classification';
  file: string;
  testFile?: string;
  target: string;
  hiddenLayers: number;
  hiddenUnits: number;
  dropout: number;
}

const DATASETS: Record<string, DatasetSpec> = {
  california: { name: 'california', task: 'regression', file: 'california_housing_sklearn.csv', target: 'MedHouseVal', hiddenLayers: 3, hiddenUnits: 256, dropout: 0 },
  wine: { name: 'wine', task: 'regression', file: 'wine_quality.csv', target: 'quality', hiddenLayers: 3, hiddenUnits: 512, dropout: 0.4 },
  occupancy: { name: 'occupancy', task: 'classification', file: 'occupancy_train.csv', testFile: 'occupancy_test.csv', target: 'Occupancy', hiddenLayers: 3, hiddenUnits: 256, dropout: 0 },
  optdigits: { name: 'optdigits', task: 'classification', file: 'optdigits_train.csv', testFile: 'optdigits_test.csv', target: 'digit', hiddenLayers: 3, hiddenUnits: 256, dropout: 0 },
};

interface Config {
  datasets: string[];
  bits: number[];
  clsBits: number[];
  methods: string[];
  seeds: number[];
  epochs: number;
  hardEpochs: number;
  batch: number;
  quick: boolean;
  resume: boolean;
  out: string;
}

function parseConfig(argv: string[]): Config {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags.set(a.slice(2), argv[++i]!);
    else flags.set(a.slice(2), 'true');
  }
  const get = (k: string) => flags.get(k) ?? process.env[`BSQ_ACC_${k.toUpperCase().replace(/-/g, '_')}`];
  const list = (k: string, def: string) => (get(k) ?? def).split(',').map((s) => s.trim()).filter(Boolean);
  const nums = (k: string, def: string) => list(k, def).map(Number);
  const quick = get('quick') === 'true' || get('quick') === '1';
  let methods = list('methods', quick ? 'bsq,FP,Bw-QQ' : 'bsq,FP,Pr-QQ,Bw-QQ,SQ,LSQ');
  if (methods.includes('all')) methods = ['bsq', ...BASELINES];
  if (!methods.includes('bsq')) methods.unshift('bsq');
  for (const m of methods) if (m !== 'bsq' && !(BASELINES as readonly string[]).includes(m)) throw new Error(`unknown method ${m}`);
  const datasets = list('datasets', quick ? 'california' : 'california,wine,occupancy,optdigits');
  for (const d of datasets) if (!DATASETS[d]) throw new Error(`unknown dataset ${d}`);
  return {
    datasets,
    bits: nums('bits', quick ? '4' : '2,3,4,5,6,8'),
    clsBits: nums('cls-bits', '4'),
    methods,
    seeds: nums('seeds', quick ? '0' : '0,1,2'),
    epochs: Number(get('epochs') ?? (quick ? 8 : 50)),
    hardEpochs: Number(get('hard-epochs') ?? (quick ? 2 : 5)),
    batch: Number(get('batch') ?? 256),
    quick,
    resume: get('resume') === 'true',
    out: resolve(get('out') ?? resolve(dirname(fileURLToPath(import.meta.url)), 'results/accuracy')),
  };
}

interface CellRecord {
  dataset: string;
  bits: number | null; // null: FP (no quantization, independent of bits)
  seed: number;
  method: string;
  test: Metrics;
  seconds: number;
  bestEpoch: number;
}

interface Results {
  config: Config;
  startedAt: string;
  updatedAt: string;
  machine: string;
  planned: { dataset: string; bits: number; seed: number }[];
  done: { dataset: string; bits: number; seed: number }[];
  droppedColumns: Record<string, string[]>;
  records: CellRecord[];
  finished: boolean;
}

// ---- statistics ----
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
function stats(xs: number[]): { n: number; mean: number; ci: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, ci: NaN };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { n, mean, ci: (T975[n - 1] ?? 1.96) * (sd / Math.sqrt(n)) };
}
const fmt = (s: { n: number; mean: number; ci: number }, digits = 3) =>
  s.n === 0 ? '—' : `${s.mean.toFixed(digits)}${Number.isFinite(s.ci) ? ` ± ${s.ci.toFixed(digits)}` : ''} (${s.n})`;

function metricOf(r: CellRecord, key: string): number {
  return (r.test as unknown as Record<string, number>)[key]!;
}

function values(res: Results, dataset: string, bits: number, method: string, key: string): number[] {
  return res.records
    .filter((r) => r.dataset === dataset && r.method === method && (method === 'FP' ? r.bits === null : r.bits === bits))
    .map((r) => metricOf(r, key));
}

// ---- report ----
function renderMarkdown(res: Results): string {
  const c = res.config;
  const L: string[] = [];
  L.push('# Accuracy benchmark (bsq vs the paper\'s baselines)', '');
  L.push(`Generated by \`npm run bench:accuracy\` (bench/accuracy.ts); started ${res.startedAt}, updated ${res.updatedAt}${res.finished ? '' : ' — **run not finished: partial results**'}.`);
  L.push(`Machine: ${res.machine}. Timings are noisy: 2 cores shared with other jobs while this ran.`, '');
  L.push('## Scope of this run', '');
  L.push(`- datasets: ${c.datasets.join(', ')}; regression bits: ${c.bits.join(', ')}; classification bits: ${c.clsBits.join(', ')}`);
  L.push(`- methods: ${c.methods.join(', ')}; seeds: ${c.seeds.join(', ')} (each seed = a new 90/10 split for regression; classification uses the given test files)`);
  L.push(`- every method: ${c.epochs} epochs, batch ${c.batch}, Adam lr 1e-3, best validation epoch kept (10% of the training part); bsq adds ${c.hardEpochs} hard-step epochs (thresholds frozen, MLP on hard bits, lr 1e-4). Final tau factor 1e-3 (1e-4 at 2 bits). MLP 3x256 (wine 3x512, dropout 0.4).`);
  L.push('- FP does not depend on the bit width: trained once per dataset and seed, shown in every row.');
  const done = new Set(res.done.map((d) => `${d.dataset}/${d.bits}/${d.seed}`));
  const missing = res.planned.filter((p) => !done.has(`${p.dataset}/${p.bits}/${p.seed}`));
  L.push(`- cells (dataset, bits, seed) completed: ${res.done.length} of ${res.planned.length}.${missing.length ? ` Not run: ${missing.map((m) => `${m.dataset}/${m.bits}b/s${m.seed}`).join(', ')}.` : ''}`);
  for (const [d, cols] of Object.entries(res.droppedColumns)) if (cols.length) L.push(`- ${d}: dropped constant columns ${cols.join(', ')}`);
  L.push('');
  for (const d of c.datasets) {
    const spec = DATASETS[d]!;
    const bitsList = spec.task === 'regression' ? c.bits : c.clsBits;
    if (!res.records.some((r) => r.dataset === d)) continue;
    if (spec.task === 'regression') {
      L.push(`## ${d}: test nMSE (MSE / variance of the test target), mean ± 95% CI (runs)`, '');
      L.push(`| bits | ${c.methods.join(' | ')} | paper Bw-SQ | bsq / paper | bsq best of run? |`);
      L.push(`|---|${c.methods.map(() => '---').join('|')}|---|---|---|`);
      for (const b of [...bitsList].sort((x, y) => x - y)) {
        const cells = c.methods.map((m) => stats(values(res, d, b, m, 'nmse')));
        if (cells[0]!.n === 0) continue;
        const paper = PAPER[d]?.byBits[b]?.['Bw-SQ'];
        const bsqMean = cells[0]!.mean;
        const others = cells.slice(1).filter((s) => s.n > 0 && c.methods[cells.indexOf(s)] !== 'FP');
        const best = others.every((s) => bsqMean < s.mean);
        L.push(`| ${b} | ${cells.map((s) => fmt(s)).join(' | ')} | ${paper ?? '—'} | ${paper ? (bsqMean / paper).toFixed(3) : '—'} | ${others.length ? (best ? 'yes' : 'no') : '—'} |`);
      }
      L.push('', `Paper's metric (MSE on the target standardized with training statistics), bsq vs the paper's published numbers:`, '');
      L.push(`| bits | bsq stdMse (/ paper Bw-SQ) | paper Bw-SQ | paper Bw-QQ | paper LSQ | paper SQ | paper Pr-QQ | paper FP |`);
      L.push('|---|---|---|---|---|---|---|---|');
      for (const b of [...bitsList].sort((x, y) => x - y)) {
        const s = stats(values(res, d, b, 'bsq', 'stdMse'));
        if (s.n === 0) continue;
        const p = PAPER[d]?.byBits[b];
        const ratio = p?.['Bw-SQ'] ? ` (${(s.mean / p['Bw-SQ']).toFixed(3)}x)` : '';
        L.push(`| ${b} | ${fmt(s)}${ratio} | ${p?.['Bw-SQ'] ?? '—'} | ${p?.['Bw-QQ'] ?? '—'} | ${p?.['LSQ'] ?? '—'} | ${p?.['SQ'] ?? '—'} | ${p?.['Pr-QQ'] ?? '—'} | ${PAPER[d]?.FP ?? '—'} |`);
      }
      L.push('');
    } else {
      L.push(`## ${d}: test accuracy / macro-F1 / log-loss, mean ± 95% CI (runs)`, '');
      L.push(`| bits | metric | ${c.methods.join(' | ')} |`);
      L.push(`|---|---|${c.methods.map(() => '---').join('|')}|`);
      for (const b of bitsList) {
        for (const key of ['accuracy', 'macroF1', 'logLoss']) {
          const cells = c.methods.map((m) => stats(values(res, d, b, m, key)));
          if (cells[0]!.n === 0) continue;
          L.push(`| ${b} | ${key} | ${cells.map((s) => fmt(s, 4)).join(' | ')} |`);
        }
      }
      L.push('');
    }
  }
  const cal4 = res.records.filter((r) => r.dataset === 'california' && r.bits === 4 && r.method === 'bsq');
  if (cal4.length) {
    L.push('## Training time', '');
    L.push(`bsq on California at 4 bits (${c.epochs}+${c.hardEpochs} epochs, ~16.7k training rows, wasm backend): ${cal4.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')} (target: 60 s; measured while other jobs shared the 2 cores).`, '');
  }
  L.push('## Per-method seconds (mean per run)', '');
  const meth = [...new Set(res.records.map((r) => `${r.dataset}|${r.method}`))];
  L.push('| dataset | method | seconds |', '|---|---|---|');
  for (const k of meth) {
    const [d, m] = k.split('|') as [string, string];
    const s = res.records.filter((r) => r.dataset === d && r.method === m).map((r) => r.seconds);
    L.push(`| ${d} | ${m} | ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1)} |`);
  }
  const timingFile = `${c.out}.timing.json`;
  if (existsSync(timingFile)) {
    const tm = JSON.parse(readFileSync(timingFile, 'utf8')) as { bits: number; wallSeconds: number; trainSeconds: number; meanEpochSeconds: number; settings: { epochs: number; hardEpochs: number }; test: { nmse: number; stdMse: number }; loadAverageAtStart: number; loadAverageAtEnd: number; measuredAt: string; backend: string };
    L.push('', '## One training with the library defaults (bench/accuracy-timing.ts)', '');
    L.push(`California, ${tm.bits} bits, ${tm.settings.epochs}+${tm.settings.hardEpochs} epochs, 3x256, batch 256, ${tm.backend} backend: **${tm.wallSeconds.toFixed(1)} s** wall (training ${tm.trainSeconds.toFixed(1)} s, ${tm.meanEpochSeconds.toFixed(2)} s per epoch), test nMSE ${tm.test.nmse.toFixed(4)} (stdMse ${tm.test.stdMse.toFixed(4)}). Target: 60 s. Load average ${tm.loadAverageAtStart.toFixed(1)} at start, ${tm.loadAverageAtEnd.toFixed(1)} at end (2 cores shared with other jobs); measured ${tm.measuredAt}.`);
  }
  const notes = `${c.out}.notes.md`;
  if (existsSync(notes)) L.push('', readFileSync(notes, 'utf8').trim());
  return L.join('\n') + '\n';
}

function renderSvg(res: Results): string {
  const panels: Panel[] = [];
  for (const d of res.config.datasets) {
    const spec = DATASETS[d]!;
    if (spec.task !== 'regression') continue;
    const series = res.config.methods.map((m) => ({
      name: m,
      points: [...res.config.bits].sort((x, y) => x - y).map((b) => ({ x: b, y: stats(values(res, d, b, m, 'nmse')).mean })).filter((p) => Number.isFinite(p.y)),
    })).filter((s) => s.points.length > 0);
    const paper = PAPER[d];
    if (paper) series.push({ name: 'paper Bw-SQ', points: res.config.bits.filter((b) => paper.byBits[b]).map((b) => ({ x: b, y: paper.byBits[b]!['Bw-SQ']! })) });
    if (series.length) panels.push({ title: `${d}: test error vs bits`, yLabel: 'test nMSE (paper: std MSE)', series });
  }
  return svgChart(panels);
}

// ---- main ----
function dropConstant(t: CsvTable, target: string): string[] {
  const dropped: string[] = [];
  for (const n of t.names) {
    if (n === target) continue;
    const c = t.columns[n]!;
    if (c.every((v) => v === c[0])) { delete t.columns[n]; dropped.push(n); }
  }
  return dropped;
}

async function main(): Promise<void> {
  const cfg = parseConfig(process.argv.slice(2));
  if (process.argv.includes('--render')) {
    // Re-render the .md and .svg from an existing .json (no training).
    const prev = JSON.parse(readFileSync(`${cfg.out}.json`, 'utf8')) as Results;
    prev.config.out = cfg.out;
    writeFileSync(`${cfg.out}.md`, renderMarkdown(prev));
    writeFileSync(`${cfg.out}.svg`, renderSvg(prev));
    console.log(`rendered ${cfg.out}.{md,svg}`);
    return;
  }
  mkdirSync(dirname(cfg.out), { recursive: true });
  const planned: Results['planned'] = [];
  for (const seed of cfg.seeds) for (const d of cfg.datasets) {
    const spec = DATASETS[d]!;
    for (const b of spec.task === 'regression' ? cfg.bits : cfg.clsBits) planned.push({ dataset: d, bits: b, seed });
  }
  let res: Results = {
    config: cfg, startedAt: new Date().toISOString(), updatedAt: '', machine: `${(await import('node:os')).cpus().length} cores, Node ${process.version}`,
    planned, done: [], droppedColumns: {}, records: [], finished: false,
  };
  if (cfg.resume && existsSync(`${cfg.out}.json`)) {
    const prev = JSON.parse(readFileSync(`${cfg.out}.json`, 'utf8')) as Results;
    // Merge: the report covers everything planned by this and earlier runs into the same file.
    const union = <T,>(a: T[], b: T[]) => [...a, ...b.filter((x) => !a.includes(x))];
    const key = (p: { dataset: string; bits: number; seed: number }) => `${p.dataset}/${p.bits}/${p.seed}`;
    const mergedPlanned = [...prev.planned, ...planned.filter((p) => !prev.planned.some((q) => key(q) === key(p)))];
    const same = prev.config.epochs === cfg.epochs && prev.config.hardEpochs === cfg.hardEpochs && prev.config.batch === cfg.batch && prev.config.methods.join() === cfg.methods.join();
    if (!same) throw new Error('--resume needs the same epochs, hard-epochs, batch and methods as the run being resumed');
    res = {
      ...res,
      config: { ...cfg, datasets: union(prev.config.datasets, cfg.datasets), bits: union(prev.config.bits, cfg.bits), clsBits: union(prev.config.clsBits, cfg.clsBits), seeds: union(prev.config.seeds, cfg.seeds) },
      startedAt: prev.startedAt, planned: mergedPlanned, done: prev.done, records: prev.records, droppedColumns: prev.droppedColumns,
    };
  }
  const save = () => {
    res.updatedAt = new Date().toISOString();
    writeFileSync(`${cfg.out}.json`, JSON.stringify(res, null, 1));
    writeFileSync(`${cfg.out}.md`, renderMarkdown(res));
    writeFileSync(`${cfg.out}.svg`, renderSvg(res));
  };
  const tables = new Map<string, { train: CsvTable; test?: CsvTable }>();
  const load = (d: string) => {
    let t = tables.get(d);
    if (!t) {
      const spec = DATASETS[d]!;
      const train = readNumericCsv(spec.file);
      const dropped = dropConstant(train, spec.target);
      const test = spec.testFile ? readNumericCsv(spec.testFile) : undefined;
      if (test) for (const n of dropped) delete test.columns[n];
      res.droppedColumns[d] = dropped;
      t = { train, ...(test ? { test } : {}) };
      tables.set(d, t);
    }
    return t;
  };
  for (const cell of planned) {
    const key = `${cell.dataset}/${cell.bits}/${cell.seed}`;
    if (res.done.some((x) => `${x.dataset}/${x.bits}/${x.seed}` === key)) continue;
    const spec = DATASETS[cell.dataset]!;
    const t = load(cell.dataset);
    const haveFP = res.records.some((r) => r.dataset === cell.dataset && r.seed === cell.seed && r.method === 'FP');
    const baselines = cfg.methods.filter((m) => m !== 'bsq' && !(m === 'FP' && haveFP)) as BaselineName[];
    const t0 = Date.now();
    const opts: TrainOptions = {
      target: spec.target, task: spec.task, bits: cell.bits, seed: cell.seed, epochs: cfg.epochs, hardEpochs: cfg.hardEpochs,
      batchSize: cfg.batch, hiddenLayers: spec.hiddenLayers, hiddenUnits: spec.hiddenUnits, dropout: spec.dropout, baselines,
      ...(t.test ? { testData: t.test.columns } : {}),
      callbacks: {
        onTrainEnd: ({ method }) => { console.log(`  [${new Date().toISOString()}] ${key} ${method} done (${((Date.now() - t0) / 1000).toFixed(0)} s into the cell)`); },
      },
    };
    const { report } = await trainCodec(t.train.columns, opts);
    res.records.push({ dataset: cell.dataset, bits: cell.bits, seed: cell.seed, method: 'bsq', test: report.test, seconds: report.timings.trainSeconds, bestEpoch: report.validation.epoch });
    for (const [m, b] of Object.entries(report.baselines ?? {})) {
      res.records.push({ dataset: cell.dataset, bits: m === 'FP' ? null : cell.bits, seed: cell.seed, method: m, test: b.test, seconds: b.seconds, bestEpoch: b.bestEpoch });
    }
    res.done.push(cell);
    const main = spec.task === 'regression' ? `nmse ${(report.test as { nmse: number }).nmse.toFixed(4)}` : `acc ${(report.test as { accuracy: number }).accuracy.toFixed(4)}`;
    const bl = Object.entries(report.baselines ?? {}).map(([m, b]) => `${m} ${(spec.task === 'regression' ? (b.test as { nmse: number }).nmse : (b.test as { accuracy: number }).accuracy).toFixed(4)}`).join(', ');
    console.log(`[${new Date().toISOString()}] ${key}: bsq ${main} (${report.timings.trainSeconds.toFixed(1)} s); ${bl} — cell ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    save();
  }
  res.finished = true;
  save();
  console.log(`wrote ${cfg.out}.{json,md,svg}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
