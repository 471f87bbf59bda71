// Categorical features on steel_energy.csv (35,040 rows; WeekStatus and Day_of_week are text): bsq
// trained by the real `bsq train` command from the CSV and from an Arrow file of the same table
// (text columns as Dictionary<Utf8>), next to FP trained on the same splits with the same columns
// (a categorical column enters FP as its one-hot columns). Tasks: Load_Type (3 classes) and
// Usage_kWh (regression; Load_Type is then a third categorical feature). Mean of 3 seeds from the
// CSV; the Arrow run (seed 0) must give the same metrics, and `bsq encode` + `bsq decode` of the whole
// table must give the category strings back exactly.
// Writes bench/results/categorical.md and categorical.json. Run: npm run bench:categorical
// (about 10 minutes on one core of the 2-core machine; run it with nice -n 10).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import { Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { runCli } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(ROOT, '../shared/datasets/steel_energy.csv');
const SEEDS = [0, 1, 2];
const TEXT = ['WeekStatus', 'Day_of_week', 'Load_Type'];

async function bsq(args: string[], cwd: string): Promise<string> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (parts: Buffer[]) => new Writable({ write(c, _e, cb) { parts.push(Buffer.from(c)); cb(); } });
  const io: CliIO = { stdin: Readable.from([]), stdout: sink(out), stderr: sink(err), stderrIsTTY: false, columns: 100, cwd };
  const code = await runCli(args, io);
  if (code !== 0) throw new Error(`bsq ${args.join(' ')} failed (${code}):\n${Buffer.concat(err).toString()}`);
  return Buffer.concat(out).toString();
}

/** The CSV as an Arrow file: numbers as Float64, text columns as Dictionary<Utf8>. */
function toArrow(csv: string): Uint8Array {
  const lines = csv.trim().split(/\r?\n/);
  const head = lines[0]!.split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  const cols: Record<string, Vector> = {};
  head.forEach((h, j) => {
    const v = cells.map((r) => r[j]!);
    cols[h] = TEXT.includes(h) ? vectorFromArray(v, new Dictionary(new Utf8(), new Int32())) : vectorFromArray(v.map(Number), new Float64());
  });
  return tableToIPC(new Table(cols), 'file');
}

interface Run { bsq: Record<string, number>; fp: Record<string, number>; bits: number[]; seconds: number; categorical: Record<string, { categories: string[]; unknown: string }> }

async function train(file: string, target: string, task: string, seed: number, dir: string, out: string): Promise<Run> {
  await bsq(['train', file, '--target', target, '--task', task, '--seed', String(seed), '--baselines', 'FP', '--bits', '4', '--no-entropy-model', '-o', out], dir);
  const r = JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8')).report;
  return { bsq: r.test, fp: r.baselines.FP.test, bits: r.bits, seconds: r.timings.totalSeconds, categorical: r.data.categorical };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const f = (x: number, d = 4) => x.toFixed(d);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bsq-cat-bench-'));
  const t0 = performance.now();
  try {
    const csv = readFileSync(DATA, 'utf8');
    writeFileSync(join(dir, 'steel.csv'), csv);
    writeFileSync(join(dir, 'steel.arrow'), toArrow(csv));
    const tasks = [
      { target: 'Load_Type', task: 'classification', metrics: ['accuracy', 'macroF1', 'logLoss'] },
      { target: 'Usage_kWh', task: 'regression', metrics: ['stdMse', 'mae', 'r2'] },
    ];
    const md: string[] = [];
    const json: Record<string, unknown> = { data: 'steel_energy.csv', rows: csv.trim().split('\n').length - 1, seeds: SEEDS, tasks: {} };
    md.push('# Categorical features: steel_energy.csv (`npm run bench:categorical`)', '');
    md.push(`${(json.rows as number).toLocaleString('en-US')} rows; \`bsq train --bits 4 --baselines FP\` (library defaults otherwise), 10% random test split per seed. ` +
      'WeekStatus and Day_of_week are text columns, detected as categorical; for the Usage_kWh regression Load_Type is a third one. ' +
      'FP is trained on the same splits with the same columns, each categorical column as its one-hot columns. Numbers: mean (and sd) over seeds 0, 1, 2 from the CSV.', '');
    for (const t of tasks) {
      const runs: Run[] = [];
      for (const seed of SEEDS) {
        runs.push(await train('steel.csv', t.target, t.task, seed, dir, `csv-${t.target}-${seed}`));
        console.error(`${t.target} seed ${seed}: bsq ${JSON.stringify(runs.at(-1)!.bsq)} FP ${JSON.stringify(runs.at(-1)!.fp)}`);
      }
      const arrow = await train('steel.arrow', t.target, t.task, 0, dir, `arrow-${t.target}-0`);
      const same = JSON.stringify(arrow.bsq) === JSON.stringify(runs[0]!.bsq) && JSON.stringify(arrow.fp) === JSON.stringify(runs[0]!.fp);
      // Round trip of the categories through .bsq: encode the whole table with the seed-0 codec, decode to CSV.
      await bsq(['encode', '--codec', `csv-${t.target}-0/codec.bsq`, 'steel.csv', '-o', `${t.target}.bsq`], dir);
      await bsq(['decode', `${t.target}.bsq`, '-o', `${t.target}.decoded.csv`], dir);
      const cats = Object.keys(runs[0]!.categorical);
      const orig = csv.trim().split(/\r?\n/).map((l) => l.split(','));
      const back = readFileSync(join(dir, `${t.target}.decoded.csv`), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
      const exact = cats.every((c) => {
        const i = orig[0]!.indexOf(c), j = back[0]!.indexOf(c);
        return orig.length === back.length && orig.every((row, r) => row[i] === back[r]![j]);
      });
      const bsqBytes = readFileSync(join(dir, `${t.target}.bsq`)).length;
      md.push(`## ${t.target} (${t.task})`, '');
      md.push(`bits per feature: ${runs[0]!.bits.join(', ')} (${runs[0]!.bits.reduce((a, b) => a + b, 0)} bits per row); categorical: ` +
        cats.map((c) => `${c} (${runs[0]!.categorical[c]!.categories.length} categories, unknown ${runs[0]!.categorical[c]!.unknown})`).join(', '), '');
      md.push(`| method | ${t.metrics.join(' | ')} |`, `|---|${t.metrics.map(() => '---:').join('|')}|`);
      for (const [name, get] of [['bsq (4 bits, categories as codes)', (r: Run) => r.bsq], ['FP (float32, categories one-hot)', (r: Run) => r.fp]] as const) {
        md.push(`| ${name} | ${t.metrics.map((m) => `${f(mean(runs.map((r) => get(r)[m]!)))} (${f(sd(runs.map((r) => get(r)[m]!)))})`).join(' | ')} |`);
      }
      md.push('', `Per seed (bsq / FP, ${t.metrics[0]}): ${runs.map((r, s) => `seed ${s}: ${f(r.bsq[t.metrics[0]!]!)} / ${f(r.fp[t.metrics[0]!]!)}`).join('; ')}. ` +
        `Training time per run (bsq + FP): ${f(mean(runs.map((r) => r.seconds)), 1)} s.`, '');
      md.push(`From Arrow (seed 0, Dictionary<Utf8> text columns): ${same ? 'the same metrics as from the CSV' : `DIFFERENT: bsq ${JSON.stringify(arrow.bsq)}, FP ${JSON.stringify(arrow.fp)}`}. ` +
        `Round trip: \`bsq encode\` of all ${(orig.length - 1).toLocaleString('en-US')} rows (${bsqBytes.toLocaleString('en-US')} bytes) and \`bsq decode\` give the ${cats.join(', ')} strings back ${exact ? 'exactly' : 'WITH DIFFERENCES'}.`, '');
      (json.tasks as Record<string, unknown>)[t.target] = { task: t.task, runs, arrowSeed0: arrow, arrowSame: same, roundTripExact: exact, bsqBytes };
      if (!same || !exact) process.exitCode = 1;
    }
    md.push(`Whole bench: ${f((performance.now() - t0) / 1000, 0)} s on a shared 2-core machine (nice -n 10).`, '');
    const outDir = join(ROOT, 'bench', 'results');
    writeFileSync(join(outDir, 'categorical.md'), md.join('\n'));
    writeFileSync(join(outDir, 'categorical.json'), JSON.stringify(json, null, 2) + '\n');
    console.log(md.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
