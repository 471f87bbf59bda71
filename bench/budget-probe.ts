// Probe of the budget search's choice between the knapsack's widths and the uniform ones
// (`npx tsx bench/budget-probe.ts --datasets a,b --seeds 0,1,2`): the search part of
// trainCodec({ bitsPerRow: 3F, frontier: [2F, 3F] }) only (the wide training and the scoring; the
// final training is skipped: its result is the budget bench's record when the knapsack's widths
// are kept, the uniform record when not, as training is deterministic per seed), recording per
// budget the paired validation-loss gap of the knapsack's widths against the uniform ones (mean
// and standard error over validation rows). Appends to bench/results/budget.probes.jsonl with
// probe: 'keep-margin'; bench/results/budget.md reads nothing from it.

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainWithBudget } from '../src/train/budget.js';
import { trainFixed, type TrainResult } from '../src/train/train-codec.js';
import type { TrainOptions } from '../src/train/options.js';
import { commitOf, datasetSpec, loadDataset } from './accuracy-data.js';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), 'results/budget.probes.jsonl');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const datasets = (flag('datasets') ?? 'occupancy,wine').split(',');
  const seeds = (flag('seeds') ?? '0,1,2').split(',').map(Number);
  const commit = commitOf();
  const done = () => (existsSync(OUT) ? readFileSync(OUT, 'utf8').split('\n').filter((l) => l.includes('"probe":"keep-margin"')).map((l) => JSON.parse(l) as { dataset: string; seed: number }) : []);
  for (const d of datasets) {
    const spec = datasetSpec(d);
    const t = loadDataset(spec);
    const F = t.train.names.length - 1;
    for (const seed of seeds) {
      if (done().some((r) => r.dataset === d && r.seed === seed)) continue;
      const options: TrainOptions = { target: spec.target, task: spec.task, seed, ...(t.test ? { testData: t.test.columns } : {}), bitsPerRow: 3 * F, frontier: [2 * F, 3 * F] };
      let wide: TrainResult | undefined;
      // The second call would be the final training: the wide result stands in for it (not used).
      const searchOnly: typeof trainFixed = async (data, o, capture) => (wide ??= await trainFixed(data, o, capture));
      const t0 = performance.now();
      const { report } = await trainWithBudget(t.train.columns, options, searchOnly);
      const a = report.allocation!;
      for (const p of a.frontier!) {
        const rec = {
          probe: 'keep-margin', dataset: d, seed, bits: p.bitsPerRow / F, features: F, bitsPerRow: p.bitsPerRow,
          chosenBy: p.chosenBy, widths: Object.fromEntries(a.features.map((f, i) => [f, p.widths[i]!])),
          validation: p.validation, uniform: p.uniform, seconds: (performance.now() - t0) / 1000, commit, at: new Date().toISOString(),
        };
        appendFileSync(OUT, JSON.stringify(rec) + '\n');
        const pr = p.uniform?.paired;
        console.log(`${d} s${seed} ${rec.bits}F: ${p.chosenBy}, paired gap ${pr ? `${pr.mean.toFixed(5)} se ${pr.se.toFixed(5)} (z ${(pr.mean / pr.se).toFixed(2)})` : '—'}`);
      }
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
