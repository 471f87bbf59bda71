// Bit-budget benchmark (`npm run bench:budget`, issue 11): per dataset of the accuracy suite
// (bench/accuracy-data.ts, same splits and seeds as bench/accuracy.ts), trainCodec with
// bitsPerRow = 2F and 3F (F = feature count; widths chosen per feature, 0..searchBits) against every
// feature at a uniform 2 and 3 bits, library defaults otherwise. Metric: test nMSE (regression) or
// error rate (classification), mean over seeds. Resumable run by run: every finished training appends
// a line to bench/results/budget.jsonl, and bench/results/budget.md is regenerated from that file.
//
// One budget search serves both budgets: the 3F run is trainCodec({ bitsPerRow: 3F, frontier: [2F, 3F] })
// and the 2F run trains the frontier's 2F widths with trainCodec({ features: kept, bits: widths }),
// which is exactly what trainCodec({ bitsPerRow: 2F }) does after the same (budget-independent) search.
//
// Uniform runs are the same trainings as the `bsq` records of bench/results/accuracy.jsonl at 2 and 3
// bits (library defaults, same splits, seeds and data loading) when the training code is the same: a
// missing uniform record is taken from there when its commit is one of SAME_TRAINING (each checked by
// retraining one cell with the current code: identical test metrics), else it is trained here.
//
// Flags: --datasets a,b (default: all 13, the small ones first) --seeds 0,1,2 --render (rewrite the .md only)

import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainCodec, type TrainOptions, type TrainReport } from '../src/train/index.js';
import { commitOf, datasetSpec, loadDataset, type DatasetSpec } from './accuracy-data.js';

const ORDER = ['airfoil', 'skillcraft', 'parkinsons', 'wine', 'occupancy', 'optdigits', 'air_quality', 'pumadyn32nm', 'gas_nox', 'bike', 'kin40k', 'california', 'protein'];
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), 'results/budget');
const ACCURACY = resolve(dirname(fileURLToPath(import.meta.url)), 'results/accuracy.jsonl');
/**
 * Commits of accuracy.jsonl `bsq` records whose training is the current code's: checked on
 * 2026-12-06 by retraining one cell of each with the code of this commit (weight averaging and
 * quantile thresholds at 1-2 bits; identical test errors): airfoil 3 bits seeds 0 and 3 (6b53065,
 * 78ca273), pumadyn32nm 3 bits seed 0 (5223093), wine 2 bits seed 0 (9cf71ef), airfoil 2 bits seed 0
 * (df1eff5), occupancy 2 bits seed 0 (6b53065); 0d926d3+dirty is this commit's training code before
 * it was committed. Empty it when training changes.
 */
const SAME_TRAINING = ['6b53065', '5223093', '78ca273', 'df1eff5', '9cf71ef', '0d926d3+dirty'];

export interface BudgetRecord {
  dataset: string;
  seed: number;
  /** 'uniform': every feature at `bits`; 'budget': widths chosen for bitsPerRow = bits x F. */
  method: 'uniform' | 'budget';
  bits: number;
  features: number;
  bitsPerRow: number;
  /** Test nMSE (regression) or error rate (classification). */
  error: number;
  test: Record<string, number>;
  widths?: Record<string, number>;
  /** Wall seconds of the whole trainCodec call (the budget search included for the 3F run). */
  seconds: number;
  /** Budget runs: seconds of the search's parts. */
  parts?: { search: number; score: number; final: number };
  /** Budget runs: whose widths the search kept, and the paired validation-loss gap knapsack - uniform (mean, se). */
  chosenBy?: 'knapsack' | 'uniform';
  paired?: { mean: number; se: number };
  /** Uniform runs taken from bench/results/accuracy.jsonl (seconds: that record's training seconds). */
  from?: 'accuracy.jsonl';
  commit: string;
  at: string;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}


function readRecords(): BudgetRecord[] {
  const f = `${OUT}.jsonl`;
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as BudgetRecord);
}

/** The accuracy bench's `bsq` record of this cell (library defaults), when its training is the current code's. */
function fromAccuracy(dataset: string, seed: number, bits: number): { test: Record<string, number>; seconds: number; commit: string; at: string } | undefined {
  if (!existsSync(ACCURACY)) return undefined;
  for (const line of readFileSync(ACCURACY, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { variant?: string; method: string; dataset: string; seed: number; bits: number | null; commit: string; test: Record<string, number>; seconds: number; at: string };
    if (r.variant === 'default' && r.method === 'bsq' && r.dataset === dataset && r.seed === seed && r.bits === bits && SAME_TRAINING.includes(r.commit)) return r;
  }
  return undefined;
}

const errorOf = (spec: DatasetSpec, t: TrainReport['test']) => {
  const m = t as unknown as Record<string, number>;
  return spec.task === 'regression' ? m['nmse']! : 1 - m['accuracy']!;
};

function mean(xs: number[]): number { return xs.reduce((a, b) => a + b, 0) / xs.length; }
function sd(xs: number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}
const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '—');
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;

export function render(records: BudgetRecord[]): string {
  const L: string[] = [];
  const datasets = ORDER.filter((d) => records.some((r) => r.dataset === d));
  const commits = [...new Set(records.map((r) => r.commit))];
  L.push('# Bit budgets (issue 11): widths chosen per feature vs uniform widths', '');
  const here = records.filter((r) => !r.from);
  const imported = records.filter((r) => r.from);
  const commitsOf = (rs: BudgetRecord[]) => [...new Set(rs.map((r) => r.commit))].join(', ');
  const span = (rs: BudgetRecord[]) => (rs.length ? `${rs.reduce((a, r) => (r.at < a ? r.at : a), rs[0]!.at).slice(0, 16)} .. ${rs.reduce((a, r) => (r.at > a ? r.at : a), rs[0]!.at).slice(0, 16)}` : '—');
  L.push(`Generated by \`npm run bench:budget\` (bench/budget.ts) from ${records.length} records in bench/results/budget.jsonl: ${here.length} trainings run by this bench (${span(here)}; code ${commitsOf(here) || '—'})${imported.length ? `, and ${imported.length} uniform runs taken from the \`bsq\` records of bench/results/accuracy.jsonl (code ${commitsOf(imported)}): the same trainings (library defaults, same splits and seeds), checked identical by retraining one cell of each commit with the current code` : ''}.`);
  L.push('Library defaults (search width 4 bits, the default); same splits and seeds as bench/accuracy.ts. Budget 2F / 3F = the same row size as every feature at 2 / 3 bits. Metric: test nMSE (regression) or error rate (classification), mean over seeds; spread = the larger seed-to-seed standard deviation of the two. Gap = budget / uniform - 1 (negative: the chosen widths are better). Only seeds where both ran are compared.', '');
  interface Cell { dataset: string; bits: number; n: number; uni: number; bud: number; gap: number; spread: number }
  const cells: Cell[] = [];
  for (const d of datasets) {
    for (const b of [2, 3]) {
      const rs = records.filter((r) => r.dataset === d && r.bits === b);
      const seeds = [...new Set(rs.map((r) => r.seed))].filter((s) => rs.some((r) => r.seed === s && r.method === 'uniform') && rs.some((r) => r.seed === s && r.method === 'budget'));
      if (!seeds.length) continue;
      const u = seeds.map((s) => rs.find((r) => r.seed === s && r.method === 'uniform')!.error);
      const g = seeds.map((s) => rs.find((r) => r.seed === s && r.method === 'budget')!.error);
      const spread = Math.max(sd(u), sd(g));
      cells.push({ dataset: d, bits: b, n: seeds.length, uni: mean(u), bud: mean(g), gap: mean(g) / mean(u) - 1, spread });
    }
  }
  const better = cells.filter((c) => c.gap < 0);
  const meanGain = cells.length ? mean(cells.map((c) => -c.gap)) : NaN;
  const worse = cells.filter((c) => c.bud - c.uni > (Number.isFinite(c.spread) ? c.spread : 0));
  L.push('## Summary', '');
  L.push(`- cells (dataset x budget): ${cells.length}; chosen widths more accurate than uniform in **${better.length}** (${cells.length ? Math.round((100 * better.length) / cells.length) : 0}%; target >= 80%).`);
  L.push(`- mean improvement over uniform (1 - budget / uniform, averaged over cells): **${pct(meanGain)}** (target >= 10%).`);
  L.push(`- cells worse than uniform by more than the seed spread: ${worse.length ? worse.map((c) => `${c.dataset} ${c.bits}F (${f4(c.bud)} vs ${f4(c.uni)}, spread ${f4(c.spread)})`).join(', ') : 'none'}.`);
  L.push(`- seeds per cell: ${cells.length ? `${Math.min(...cells.map((c) => c.n))}..${Math.max(...cells.map((c) => c.n))}` : '—'} (target 3).`, '');
  L.push('| dataset | F | uniform 2 bits | budget 2F | gap | spread | uniform 3 bits | budget 3F | gap | spread |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const d of datasets) {
    const F = records.find((r) => r.dataset === d)!.features;
    const part = (b: number) => { const c = cells.find((x) => x.dataset === d && x.bits === b); return c ? `${f4(c.uni)} | ${f4(c.bud)} | ${pct(c.gap)} (${c.n}) | ${f4(c.spread)}` : '— | — | — | —'; };
    L.push(`| ${d} | ${F} | ${part(2)} | ${part(3)} |`);
  }
  L.push('', '## Chosen widths (seed 0)', '');
  for (const d of datasets) {
    for (const b of [2, 3]) {
      const r = records.find((x) => x.dataset === d && x.bits === b && x.method === 'budget' && x.seed === 0);
      if (r?.widths) L.push(`- ${d} ${b}F = ${r.bitsPerRow} bits: ${Object.entries(r.widths).map(([k, w]) => `${k} ${w}`).join(', ')}`);
    }
  }
  L.push('', '## Cost: the budget run (search + scoring + final training) / the final training alone (one training at fixed widths, same call)', '');
  L.push('| dataset | runs | search s | scoring s | final training s | budget run s | ratio to the final training | ratio to uniform 3 bits (trained here) |', '|---|---|---|---|---|---|---|---|');
  for (const d of datasets) {
    const bs = records.filter((r) => r.dataset === d && r.method === 'budget' && r.bits === 3 && r.parts);
    if (!bs.length) continue;
    const pa = bs.map((r) => r.parts!);
    const uni = bs.map((r) => records.find((x) => x.dataset === d && x.seed === r.seed && x.method === 'uniform' && x.bits === 3 && !x.from)).filter((x): x is BudgetRecord => !!x);
    const vsUni = uni.length ? `${(mean(bs.filter((r) => uni.some((u) => u.seed === r.seed)).map((r) => r.seconds)) / mean(uni.map((u) => u.seconds))).toFixed(2)}x (${uni.length})` : '—';
    L.push(`| ${d} | ${bs.length} | ${mean(pa.map((p) => p.search)).toFixed(1)} | ${mean(pa.map((p) => p.score)).toFixed(1)} | ${mean(pa.map((p) => p.final)).toFixed(1)} | ${mean(bs.map((r) => r.seconds)).toFixed(1)} | ${mean(bs.map((r) => r.seconds / r.parts!.final)).toFixed(2)}x | ${vsUni} |`);
  }
  L.push('', 'Times: wall seconds on a 2-core machine shared with other jobs (run under nice), as ratios within one process.');
  const notes = `${OUT}.notes.md`;
  if (existsSync(notes)) L.push('', readFileSync(notes, 'utf8').trim());
  return L.join('\n') + '\n';
}

async function main(): Promise<void> {
  if (process.argv.includes('--render')) { writeFileSync(`${OUT}.md`, render(readRecords())); return; }
  const datasets = (flag('datasets') ?? ORDER.join(',')).split(',');
  const seeds = (flag('seeds') ?? '0,1,2').split(',').map(Number);
  const commit = commitOf();
  for (const d of datasets) {
    const spec = datasetSpec(d);
    const t = loadDataset(spec);
    const F = t.train.names.length - 1;
    for (const seed of seeds) {
      const base: TrainOptions = { target: spec.target, task: spec.task, seed, ...(t.test ? { testData: t.test.columns } : {}) };
      const has = (m: string, b: number) => readRecords().some((r) => r.dataset === d && r.seed === seed && r.method === m && r.bits === b);
      const log = (r: BudgetRecord) => {
        appendFileSync(`${OUT}.jsonl`, JSON.stringify(r) + '\n');
        writeFileSync(`${OUT}.md`, render(readRecords()));
        console.log(`[${r.at.slice(11, 19)}] ${d} s${seed} ${r.method} ${r.bits === 0 ? '' : `${r.bits} bits`} (${r.bitsPerRow}/row): ${r.error.toFixed(4)} in ${r.seconds.toFixed(0)} s`);
      };
      const rec = (method: BudgetRecord['method'], bits: number, report: TrainReport, seconds: number, extra: Partial<BudgetRecord> = {}): BudgetRecord => ({
        dataset: d, seed, method, bits, features: F, bitsPerRow: bits * F, error: errorOf(spec, report.test),
        test: report.test as unknown as Record<string, number>, seconds, commit, at: new Date().toISOString(), ...extra,
      });
      for (const b of [2, 3]) {
        if (has('uniform', b)) continue;
        const acc = fromAccuracy(d, seed, b);
        if (acc) {
          log({ ...rec('uniform', b, { test: acc.test } as unknown as TrainReport, acc.seconds), from: 'accuracy.jsonl', commit: acc.commit, at: acc.at });
          continue;
        }
        const t0 = performance.now();
        const { report } = await trainCodec(t.train.columns, { ...base, bits: b });
        log(rec('uniform', b, report, (performance.now() - t0) / 1000));
      }
      if (has('budget', 3) && has('budget', 2)) continue;
      const t0 = performance.now();
      const r3 = await trainCodec(t.train.columns, { ...base, bitsPerRow: 3 * F, frontier: [2 * F, 3 * F] });
      const a = r3.report.allocation!;
      const choice = (B: number) => { const p = a.frontier!.find((x) => x.bitsPerRow === B)!; return { chosenBy: p.chosenBy, ...(p.uniform ? { paired: p.uniform.paired } : {}) }; };
      if (!has('budget', 3)) log(rec('budget', 3, r3.report, (performance.now() - t0) / 1000, { widths: a.widths, parts: { search: a.seconds.search, score: a.seconds.score, final: a.seconds.final }, ...choice(3 * F) }));
      if (!has('budget', 2)) {
        const p2 = a.frontier!.find((p) => p.bitsPerRow === 2 * F)!;
        const widths = Object.fromEntries(a.features.map((f, i) => [f, p2.widths[i]!]));
        const kept = a.features.filter((_, i) => p2.widths[i]! > 0);
        const t1 = performance.now();
        const r2 = await trainCodec(t.train.columns, { ...base, features: kept, bits: Object.fromEntries(kept.map((f) => [f, widths[f]!])) });
        log(rec('budget', 2, r2.report, (performance.now() - t1) / 1000, { widths, ...choice(2 * F) }));
      }
    }
  }
  writeFileSync(`${OUT}.md`, render(readRecords()));
  console.log(`wrote ${OUT}.jsonl and ${OUT}.md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
