// Accuracy benchmark (`npm run bench:accuracy`): the suite of issue 10 (every dataset in
// ../shared/datasets, bench/accuracy-data.ts) at bits 2, 3, 4 over seeds, bsq against the quantizing
// baselines of the same run (SQ, LSQ, Bw-QQ, Pr-QQ) and FP, every method with the library defaults
// (same MLP, same step budget; no per-dataset settings). Regression: a seeded 90/10 split per seed,
// metric = test MSE on the target standardized with training statistics (the paper's); classification:
// the dataset's test file, metric = error rate. Resumable cell by cell: each finished cell
// (dataset, bits, seed) appends one line per method to bench/results/accuracy.jsonl, and the tables
// (bench/results/accuracy.md) are regenerated from that file.
//
// Flags: --datasets all|a,b --bits 2,3,4 --seeds 0,1,2 --methods bsq,SQ,LSQ,Bw-QQ,Pr-QQ,FP
//   --jobs N (N worker processes, cells split between them) --quick (seed 0, short schedule; results go
//   to the probe log) --opts '{"finalTau":1e-4}' (trial settings; probe log) --label name (of a trial)
//   --render (rewrite the .md from the jsonl files, no training) --out bench/results/accuracy

import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainCodec, type BaselineName, type TrainOptions } from '../src/train/index.js';
import { SUITE, commitOf, datasetSpec, loadDataset, type CsvTable, type DatasetSpec } from './accuracy-data.js';
import { PAPER } from './accuracy-paper.js';

export const QUANTIZERS = ['bsq', 'SQ', 'LSQ', 'Bw-QQ', 'Pr-QQ'] as const;
const ALL_METHODS = [...QUANTIZERS, 'FP'];
/** Quick mode: a short schedule for trying ideas (not the defaults). */
const QUICK: Partial<TrainOptions> = { epochs: 20, maxSteps: 400, hardEpochs: 2 };

interface Config {
  datasets: string[];
  bits: number[];
  seeds: number[];
  methods: string[];
  jobs: number;
  quick: boolean;
  opts: Partial<TrainOptions>;
  label: string;
  out: string;
  worker?: { index: number; count: number };
}

export interface CellRecord {
  variant: string;
  dataset: string;
  bits: number | null; // null: FP (independent of bits)
  seed: number;
  method: string;
  /** Regression: test MSE on the standardized target (stdMse); classification: error rate. */
  error: number;
  test: Record<string, number>;
  seconds: number;
  bestEpoch: number;
  /** bsq: the kept epoch's hard validation loss (records from before it was logged have none). */
  valLoss?: number;
  /** bsq with the regularized candidate trained: each candidate's validation loss, test error and whether it was kept. */
  candidates?: { name: string; validationLoss: number; error: number; kept: boolean; meanDifference?: number; standardError?: number }[];
  rows: { train: number; validation: number; test: number };
  commit: string;
  at: string;
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
  const get = (k: string) => flags.get(k);
  const list = (k: string, def: string) => (get(k) ?? def).split(',').map((s) => s.trim()).filter(Boolean);
  const quick = get('quick') === 'true';
  let datasets = list('datasets', 'all');
  if (datasets.includes('all')) datasets = SUITE.map((d) => d.name);
  for (const d of datasets) datasetSpec(d);
  let methods = list('methods', ALL_METHODS.join(','));
  if (!methods.includes('bsq')) methods.unshift('bsq');
  for (const m of methods) if (!ALL_METHODS.includes(m)) throw new Error(`unknown method ${m} (known: ${ALL_METHODS.join(', ')})`);
  const opts = JSON.parse(get('opts') ?? '{}') as Partial<TrainOptions>;
  const w = get('worker');
  return {
    datasets,
    bits: list('bits', '2,3,4').map(Number),
    seeds: list('seeds', quick ? '0' : '0,1,2').map(Number),
    methods,
    jobs: Number(get('jobs') ?? 1),
    quick,
    opts,
    label: get('label') ?? (Object.keys(opts).length ? JSON.stringify(opts) : 'default'),
    out: resolve(get('out') ?? resolve(dirname(fileURLToPath(import.meta.url)), 'results/accuracy')),
    ...(w ? { worker: { index: Number(w.split('/')[0]), count: Number(w.split('/')[1]) } } : {}),
  };
}

/** The variant key of a record: the trial label, plus " quick" in quick mode. "default" = the suite. */
const variantOf = (c: Config) => `${c.label}${c.quick ? ' quick' : ''}`;
const isSuite = (c: Config) => variantOf(c) === 'default';
const logFile = (c: Config) => (isSuite(c) ? `${c.out}.jsonl` : `${c.out}.probes.jsonl`);

export function readRecords(file: string): CellRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CellRecord).filter((r) => 'variant' in r && 'error' in r);
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

interface CellStats { method: string; n: number; mean: number; ci: number }

/**
 * Per dataset and bits: stats per method over the seeds where bsq ran and, when quantizing
 * baselines ran at these bits, where every one of them ran too, so every mean of a row is over the
 * same splits (bsq may have more seeds than the baselines, e.g. for the paper comparison).
 * `allSeeds`: every seed where bsq ran, baselines or not.
 */
export function tableOf(records: CellRecord[], variant: string, dataset: string, bits: number, methods: string[], ref?: string, allSeeds = false): CellStats[] {
  const rs = records.filter((r) => r.variant === variant && r.dataset === dataset);
  // A bsq-only trial (--methods bsq) is compared with the baselines of the reference variant.
  const sourceOf = (m: string) => (rs.some((r) => r.method === m) || !ref ? rs : records.filter((r) => r.variant === ref && r.dataset === dataset));
  let seeds = new Set(rs.filter((r) => r.method === 'bsq' && r.bits === bits).map((r) => r.seed));
  if (!allSeeds) {
    for (const m of QUANTIZERS.slice(1)) {
      const ran = new Set(sourceOf(m).filter((r) => r.method === m && r.bits === bits).map((r) => r.seed));
      if (ran.size > 0) seeds = new Set([...seeds].filter((x) => ran.has(x)));
    }
  }
  return methods.map((m) => {
    const src = sourceOf(m);
    // One value per seed (two workers can both train FP for the same seed; the first record counts).
    const bySeed = new Map<number, number>();
    for (const r of src) {
      if (r.method === m && seeds.has(r.seed) && (m === 'FP' ? r.bits === null : r.bits === bits) && !bySeed.has(r.seed)) bySeed.set(r.seed, r.error);
    }
    const xs = [...bySeed.values()];
    return { method: m, ...stats(xs) };
  });
}

export interface Verdict { dataset: string; bits: number; n: number; bsq: number; best: string; bestMean: number; gap: number; complete: boolean }

/** bsq against the best quantizing baseline of the run (mean over seeds). */
export function verdicts(records: CellRecord[], variant: string, datasets: string[], bitsList: number[], ref?: string): Verdict[] {
  const out: Verdict[] = [];
  for (const d of datasets) {
    for (const b of bitsList) {
      const t = tableOf(records, variant, d, b, [...QUANTIZERS], ref);
      const bsq = t[0]!;
      if (bsq.n === 0) continue;
      const others = t.slice(1).filter((s) => s.n > 0);
      const best = others.reduce<CellStats | undefined>((a, s) => (!a || s.mean < a.mean ? s : a), undefined);
      out.push({
        dataset: d, bits: b, n: bsq.n, bsq: bsq.mean, best: best?.method ?? '—', bestMean: best?.mean ?? NaN,
        gap: best ? bsq.mean / best.mean - 1 : NaN, // tableOf ranks on the seeds every baseline ran, so a cell is incomplete only when one never ran.
        complete: others.length === QUANTIZERS.length - 1,
      });
    }
  }
  return out;
}

/**
 * Paired over seeds: per seed, bsq's error / the named method's error - 1 (both from the same
 * trainCodec call, so they share the split); mean and 95% interval of those ratios.
 */
export function pairedRatio(records: CellRecord[], variant: string, dataset: string, bits: number, method: string): { n: number; mean: number; ci: number } {
  const rs = records.filter((r) => r.variant === variant && r.dataset === dataset && r.bits === bits);
  const first = (m: string) => {
    const bySeed = new Map<number, number>();
    for (const r of rs) if (r.method === m && !bySeed.has(r.seed)) bySeed.set(r.seed, r.error);
    return bySeed;
  };
  const a = first('bsq');
  const b = first(method);
  const xs = [...a].filter(([s]) => b.has(s) && b.get(s)! > 0).map(([s, e]) => e / b.get(s)! - 1);
  return stats(xs);
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
const fmt = (s: CellStats) => (s.n === 0 ? '—' : `${f3(s.mean)}${Number.isFinite(s.ci) ? ` ± ${f3(s.ci)}` : ''} (${s.n})`);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;

export function renderSuite(records: CellRecord[], variant: string, title: string): string {
  const L: string[] = [];
  const rs = records.filter((r) => r.variant === variant);
  const datasets = SUITE.map((d) => d.name).filter((d) => rs.some((r) => r.dataset === d));
  const bitsList = [...new Set(rs.filter((r) => r.bits !== null).map((r) => r.bits!))].sort((a, b) => a - b);
  // Cells with baselines (bsq-only cells, e.g. the paper's wider widths, are in the tables only).
  const v = verdicts(records, variant, datasets, bitsList).filter((x) => x.best !== '—');
  const summaryBits = bitsList.filter((b) => v.some((x) => x.bits === b));
  const won = v.filter((x) => x.gap < 0);
  const near = v.filter((x) => x.gap <= 0.03);
  const worst = v.reduce<Verdict | undefined>((a, x) => (!a || x.gap > a.gap ? x : a), undefined);
  const commits = [...new Set(rs.map((r) => r.commit))];
  L.push(`# ${title}`, '');
  L.push(`Generated by \`npm run bench:accuracy\` (bench/accuracy.ts) from ${rs.length} runs in the jsonl log (${rs.length ? `${rs[0]!.at.slice(0, 16)} .. ${rs[rs.length - 1]!.at.slice(0, 16)}` : '—'}; code ${commits.join(', ')}).`);
  L.push('Every method uses the library defaults (same MLP, same step budget, same splits); no per-dataset settings. Regression: test MSE on the target standardized with the training statistics (the paper\'s metric), a seeded 90/10 split per seed. Classification: test error rate on the dataset\'s test file. Cells: mean ± 95% interval over seeds (number of seeds); **bold** = best quantizing method of the row (FP is the unquantized reference, not ranked).', '');
  L.push('## Summary', '');
  L.push(`- cells (dataset x bits) measured: ${v.length}; bsq best of the run in **${won.length}** of them (${v.length ? Math.round((100 * won.length) / v.length) : 0}%), within 3% of the best in **${near.length}** (${v.length ? Math.round((100 * near.length) / v.length) : 0}%); target: best in 90% and never more than 3% behind.`);
  for (const task of ['regression', 'classification'] as const) {
    const vt = v.filter((x) => datasetSpec(x.dataset).task === task);
    if (vt.length) L.push(`- ${task}: ${vt.length} cells, bsq best in ${vt.filter((x) => x.gap < 0).length}, within 3% in ${vt.filter((x) => x.gap <= 0.03).length}.`);
  }
  if (worst) L.push(`- worst cell: ${worst.dataset} at ${worst.bits} bits, bsq ${f3(worst.bsq)} vs ${worst.best} ${f3(worst.bestMean)} (${pct(worst.gap)}).`);
  const lost = v.filter((x) => x.gap >= 0).sort((a, b) => b.gap - a.gap);
  if (lost.length) L.push(`- cells lost: ${lost.map((x) => `${x.dataset}/${x.bits}b ${pct(x.gap)} vs ${x.best}`).join(', ')}.`);
  // A lost cell is "beyond the seed spread" when the paired per-seed ratio's 95% interval excludes 0.
  const paired = lost.map((x) => ({ x, p: pairedRatio(records, variant, x.dataset, x.bits, x.best) }));
  const beyond = paired.filter(({ p }) => p.n >= 2 && p.mean - p.ci > 0);
  if (lost.length) L.push(`- cells lost beyond the seed spread (paired per seed against that method, 95% interval above 0): ${beyond.length ? beyond.map(({ x, p }) => `${x.dataset}/${x.bits}b ${pct(p.mean)} ± ${(100 * p.ci).toFixed(1)}`).join(', ') : 'none'}; within it: ${paired.filter((q) => !beyond.includes(q)).map(({ x, p }) => `${x.dataset}/${x.bits}b${p.n >= 2 ? ` ${pct(p.mean)} ± ${(100 * p.ci).toFixed(1)}` : ' (1 seed)'}`).join(', ') || 'none'}.`);
  const wonBeyond = won.filter((x) => { const p = pairedRatio(records, variant, x.dataset, x.bits, x.best); return p.n >= 2 && p.mean + p.ci < 0; });
  if (won.length) L.push(`- cells won beyond the seed spread (the same paired test, interval below 0): ${wonBeyond.length} of ${won.length}.`);
  const partial = v.filter((x) => !x.complete);
  if (partial.length) L.push(`- cells where a quantizing baseline has no run: ${partial.map((x) => `${x.dataset}/${x.bits}b`).join(', ')}.`);
  const seedsPer = v.map((x) => x.n);
  if (seedsPer.length) L.push(`- seeds per cell: ${Math.min(...seedsPer)}..${Math.max(...seedsPer)} (target 3).`);
  L.push('', '| dataset | ' + summaryBits.map((b) => `${b} bits: bsq / best other`).join(' | ') + ' |', '|---|' + summaryBits.map(() => '---').join('|') + '|');
  for (const d of datasets.filter((x) => v.some((y) => y.dataset === x))) {
    L.push(`| ${d} | ${summaryBits.map((b) => { const x = v.find((y) => y.dataset === d && y.bits === b); return x ? `${pct(x.gap)} (${x.best})` : '—'; }).join(' | ')} |`);
  }
  L.push('');
  const methods = ALL_METHODS;
  for (const d of datasets) {
    const spec = datasetSpec(d);
    const rows = rs.find((r) => r.dataset === d)?.rows;
    L.push(`## ${d} (${spec.task === 'regression' ? 'test MSE, standardized target' : 'test error rate'}; ${rows ? `train ${rows.train}, validation ${rows.validation}, test ${rows.test} rows` : ''})`, '');
    L.push(`| bits | ${methods.join(' | ')} | bsq / best other |`);
    L.push(`|---|${methods.map(() => '---').join('|')}|---|`);
    for (const b of bitsList) {
      const t = tableOf(records, variant, d, b, methods);
      if (t[0]!.n === 0) continue;
      const q = t.filter((s) => QUANTIZERS.includes(s.method as (typeof QUANTIZERS)[number]) && s.n > 0);
      const bestMean = Math.min(...q.map((s) => s.mean));
      const cells = t.map((s) => (s.n > 0 && s.method !== 'FP' && s.mean === bestMean ? `**${fmt(s)}**` : fmt(s)));
      const x = v.find((y) => y.dataset === d && y.bits === b);
      L.push(`| ${b} | ${cells.join(' | ')} | ${x ? pct(x.gap) : '—'} |`);
    }
    L.push('');
  }
  L.push(...renderPaper(records, variant, datasets, bitsList));
  L.push('## Seconds per training (mean)', '', '| dataset | ' + methods.join(' | ') + ' |', '|---|' + methods.map(() => '---').join('|') + '|');
  for (const d of datasets) {
    L.push(`| ${d} | ${methods.map((m) => { const s = rs.filter((r) => r.dataset === d && r.method === m).map((r) => r.seconds); return s.length ? (s.reduce((a, c) => a + c, 0) / s.length).toFixed(1) : '—'; }).join(' | ')} |`);
  }
  L.push('', 'Times from a 2-core machine shared with other jobs.');
  return L.join('\n') + '\n';
}

/**
 * Issue 10 point 2: bsq against the paper's Bw-SQ, over every seed bsq ran (the paper retrained
 * its best setting 10 times on new 90/10 splits), with FP over the same seeds beside it.
 */
export function renderPaper(records: CellRecord[], variant: string, datasets: string[], bitsList: number[]): string[] {
  const L: string[] = [];
  const ds = datasets.filter((d) => PAPER[d]);
  if (!ds.length) return L;
  L.push('## Against the paper (issue 10, point 2)', '');
  L.push('bsq over every seed it ran at that width (the paper retrained its best setting 10 times on new 90/10 splits; the tables above rank methods on the seeds all of them ran). FP is over the same seeds: the split moves every method, so bsq / FP next to the paper\'s Bw-SQ / FP shows how much of a gap is the split draw.', '');
  L.push('| dataset | bits | bsq | FP (same seeds) | bsq / FP | paper Bw-SQ | paper Bw-SQ / FP | bsq / paper |', '|---|---|---|---|---|---|---|---|');
  for (const d of ds) {
    const paper = PAPER[d]!;
    for (const b of bitsList) {
      const p = paper.byBits[b]?.['Bw-SQ'];
      const [q, fp] = tableOf(records, variant, d, b, ['bsq', 'FP'], undefined, true);
      if (!p || q!.n === 0) continue;
      L.push(`| ${d} | ${b} | ${fmt(q!)} | ${fmt(fp!)} | ${(q!.mean / fp!.mean).toFixed(3)} | ${p} | ${(p / paper.FP).toFixed(3)} | ${(q!.mean / p).toFixed(3)} |`);
    }
  }
  L.push('');
  return L;
}

/** Probe summary: per trial variant, bsq vs the best other method per cell. */
export function renderProbes(records: CellRecord[], suite: CellRecord[] = []): string {
  const L: string[] = ['# Probe log summary (bench/results/accuracy.probes.jsonl)', '', 'One line per trial variant: bsq / best quantizing baseline of the same run, per dataset and bits (negative = bsq better); mean gap; cells won.', ''];
  const variants = [...new Set(records.map((r) => r.variant))];
  for (const variant of variants) {
    const rs = records.filter((r) => r.variant === variant);
    const datasets = SUITE.map((d) => d.name).filter((d) => rs.some((r) => r.dataset === d));
    const bitsList = [...new Set(rs.filter((r) => r.bits !== null).map((r) => r.bits!))].sort((a, b) => a - b);
    const quick = variant.endsWith(' quick');
    // A bsq-only trial at the full schedule is compared with the suite's own baselines (same seeds
    // and splits); a quick one with the baselines of a quick trial.
    const fromSuite = !quick && suite.some((r) => r.variant === 'default');
    const ref = fromSuite ? 'default' : variants.find((x) => x.endsWith(' quick') === quick && records.some((r) => r.variant === x && r.method !== 'bsq'));
    const v = verdicts(fromSuite ? [...records, ...suite.filter((r) => r.variant === 'default')] : records, variant, datasets, bitsList, ref).filter((x) => x.best !== '—');
    const mean = v.reduce((a, x) => a + x.gap, 0) / Math.max(1, v.length);
    L.push(`- \`${variant}\`${rs.some((r) => r.method !== 'bsq') ? '' : ` (bsq only; baselines of \`${ref}\`)`}: won ${v.filter((x) => x.gap < 0).length}/${v.length}, mean gap ${pct(mean)}; ${v.map((x) => `${x.dataset}/${x.bits}b ${pct(x.gap)} (bsq ${f3(x.bsq)}, ${x.best} ${f3(x.bestMean)})`).join('; ')}`);
  }
  return L.join('\n') + '\n';
}

function render(cfg: Config): void {
  const suite = readRecords(`${cfg.out}.jsonl`);
  let md = renderSuite(suite, 'default', 'Accuracy suite (issue 10): bsq vs the quantizing baselines, library defaults');
  const notes = `${cfg.out}.notes.md`;
  if (existsSync(notes)) md += '\n' + readFileSync(notes, 'utf8').trim() + '\n';
  writeFileSync(`${cfg.out}.md`, md);
  const probes = readRecords(`${cfg.out}.probes.jsonl`);
  if (probes.length) writeFileSync(`${cfg.out}.probes.md`, renderProbes(probes, suite));
}

// ---- running ----

interface Cell { dataset: string; bits: number; seed: number }

async function runCells(cfg: Config, cells: Cell[]): Promise<void> {
  const variant = variantOf(cfg);
  const file = logFile(cfg);
  const commit = commitOf();
  const tables = new Map<string, { train: CsvTable; test?: CsvTable }>();
  for (const cell of cells) {
    const records = readRecords(file).filter((r) => r.variant === variant);
    const done = (m: string, bits: number | null) => records.some((r) => r.dataset === cell.dataset && r.seed === cell.seed && r.method === m && r.bits === bits);
    // A cell is finished when every asked method has its record; otherwise only the missing
    // baselines train (with bsq, which every trainCodec call trains; its record is kept once).
    if (cfg.methods.every((m) => done(m, m === 'FP' ? null : cell.bits))) continue;
    const bsqDone = done('bsq', cell.bits);
    const spec: DatasetSpec = datasetSpec(cell.dataset);
    let t = tables.get(spec.name);
    if (!t) { t = loadDataset(spec); tables.set(spec.name, t); }
    const baselines = cfg.methods.filter((m) => m !== 'bsq' && !done(m, m === 'FP' ? null : cell.bits)) as BaselineName[];
    const t0 = Date.now();
    const opts: TrainOptions = {
      ...(cfg.quick ? QUICK : {}), ...cfg.opts,
      target: spec.target, task: spec.task, bits: cell.bits, seed: cell.seed, baselines,
      ...(t.test ? { testData: t.test.columns } : {}),
    };
    const { report } = await trainCodec(t.train.columns, opts);
    const at = new Date().toISOString();
    const errorOf = (m: Record<string, number>) => (spec.task === 'regression' ? m['stdMse']! : 1 - m['accuracy']!);
    const base = { variant, dataset: cell.dataset, seed: cell.seed, rows: report.splits, commit, at };
    const lines: CellRecord[] = bsqDone ? [] : [{ ...base, bits: cell.bits, method: 'bsq', error: errorOf(report.test as unknown as Record<string, number>), test: report.test as unknown as Record<string, number>, seconds: report.timings.trainSeconds, bestEpoch: report.validation.epoch, valLoss: report.validation.loss,
      ...(report.candidates ? { candidates: report.candidates.map((c) => ({ name: c.name, validationLoss: c.validationLoss, error: errorOf(c.test as unknown as Record<string, number>), kept: c.kept, ...(c.meanDifference !== undefined ? { meanDifference: c.meanDifference, standardError: c.standardError! } : {}) })) } : {}) }];
    for (const [m, b] of Object.entries(report.baselines ?? {})) {
      const test = b.test as unknown as Record<string, number>;
      lines.push({ ...base, bits: m === 'FP' ? null : cell.bits, method: m, error: errorOf(test), test, seconds: b.seconds, bestEpoch: b.bestEpoch });
    }
    appendFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    console.log(`[${at.slice(11, 19)}] ${variant} ${cell.dataset}/${cell.bits}b/s${cell.seed}: ${lines.map((l) => `${l.method} ${l.error.toFixed(4)}`).join(', ')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    if (!cfg.worker) render(cfg);
  }
}

async function main(): Promise<void> {
  const cfg = parseConfig(process.argv.slice(2));
  if (process.argv.includes('--render')) { render(cfg); console.log(`rendered ${cfg.out}.md`); return; }
  const cells: Cell[] = [];
  for (const seed of cfg.seeds) for (const d of cfg.datasets) for (const b of cfg.bits) cells.push({ dataset: d, bits: b, seed });
  if (cfg.worker) {
    await runCells(cfg, cells.filter((_, i) => i % cfg.worker!.count === cfg.worker!.index));
    return;
  }
  if (cfg.jobs > 1) {
    const n = Math.min(cfg.jobs, cpus().length);
    console.log(`${cells.length} cells on ${n} worker processes`);
    const script = fileURLToPath(import.meta.url);
    const args = process.argv.slice(2).filter((a, i, all) => a !== '--jobs' && all[i - 1] !== '--jobs' && !a.startsWith('--jobs='));
    await Promise.all(Array.from({ length: n }, (_, j) => new Promise<void>((res, rej) => {
      const p = spawn(process.execPath, ['--import', 'tsx', script, ...args, '--worker', `${j}/${n}`], { stdio: 'inherit' });
      p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`worker ${j} exited with ${code}`))));
    })));
  } else {
    await runCells(cfg, cells);
  }
  render(cfg);
  console.log(`wrote ${logFile(cfg)} and ${cfg.out}.md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
