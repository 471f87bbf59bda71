// The budget search's parts that need no training: the multiple-choice knapsack (exact, against brute
// force) and the merged-bin scorer (its fast per-feature curves against scoring the substituted
// thermometer in full, and the exact width against the network's own output).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, MergeScorer } from '../../src/train/allocation.js';
import { trainCodec, predictRaw } from 'bsq/train';
import { regressionData, TINY } from './helpers.js';

function brute(curves: number[][], budget: number): number {
  let best = Infinity;
  const rec = (f: number, left: number, sum: number, used: number) => {
    if (f === curves.length) { if (used >= 1) best = Math.min(best, sum); return; }
    for (let w = 0; w < curves[f]!.length && w <= left; w++) rec(f + 1, left - w, sum + curves[f]![w]!, used + w);
  };
  rec(0, budget, 0, 0);
  return best;
}

describe('allocate (multiple-choice knapsack)', () => {
  it('finds the minimum of the summed curves within the budget, as brute force does', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 14 }),
      (curves, budget) => {
        const w = allocate(curves, budget);
        expect(w).toHaveLength(curves.length);
        const used = w.reduce((a, b) => a + b, 0);
        expect(used).toBeLessThanOrEqual(budget);
        expect(used).toBeGreaterThanOrEqual(1);
        w.forEach((x, f) => expect(x).toBeLessThan(curves[f]!.length));
        const sum = w.reduce((a, x, f) => a + curves[f]![x]!, 0);
        expect(sum).toBeCloseTo(brute(curves, budget), 9);
      },
    ), { numRuns: 200 });
  });

  it('gives bits to the feature whose loss falls most, drops a useless one, and spends ties on more bits', () => {
    const useful = [1, 0.5, 0.2, 0.1];
    const useless = [0.3, 0.3, 0.3, 0.3];
    expect(allocate([useful, useless], 3)).toEqual([3, 0]);
    expect(allocate([useful, useless], 6)).toEqual([3, 3]); // a tie: the wider allocation
  });
});

describe('MergeScorer', () => {
  it('scores one feature at a narrower width the same way as the full substituted thermometer', async () => {
    const d = regressionData(600, 3);
    const { model, report } = await trainCodec(d, { target: 'y', bits: 3, seed: 1, ...TINY, epochs: 4 });
    const cols = ['x0', 'x1', 'x2'].map((k) => d[k as 'x0']);
    const train = { columns: cols.map((c) => c.subarray(0, 400)), y: d.y.subarray(0, 400) };
    const val = { columns: cols.map((c) => c.subarray(400)), y: d.y.subarray(400) };
    const ySd = 1.7;
    const scorer = new MergeScorer(model, train, val, ySd);
    const curves = scorer.curves();
    expect(curves.map((c) => c.length)).toEqual([4, 4, 4]);
    // The exact width: the network's own predictions on the validation rows.
    const pred = predictRaw(model, val.columns);
    let se = 0;
    for (let i = 0; i < pred.length; i++) se += ((pred[i]! - val.y[i]!) / ySd) ** 2;
    expect(curves[0]![3]!.loss).toBeCloseTo(se / pred.length, 4);
    expect(scorer.scoreWidths([3, 3, 3]).loss).toBeCloseTo(se / pred.length, 4);
    for (let f = 0; f < 3; f++) {
      for (let w = 0; w < 3; w++) {
        const widths = [3, 3, 3];
        widths[f] = w;
        expect(curves[f]![w]!.loss).toBeCloseTo(scorer.scoreWidths(widths).loss, 3);
      }
    }
    // Leaving out x0 (the strongest term of y) costs more than narrowing it to 2 bits.
    expect(curves[0]![0]!.loss).toBeGreaterThan(curves[0]![2]!.loss);
    expect(report.features).toEqual(['x0', 'x1', 'x2']);
    model.network.dispose();
  });
});
