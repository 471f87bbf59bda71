// The budget search's parts that need no training: the multiple-choice knapsack (exact, against brute
// force) and the merged-bin scorer (its fast per-feature curves against scoring the substituted
// thermometer in full, and the exact width against the network's own output).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, entropyCosts, MergeScorer, order1Bits, pairedGap } from '../../src/train/allocation.js';
import { trainCodec, predictRaw } from 'bsq/train';
import { lcg, regressionData, TINY } from './helpers.js';

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

describe('allocate with costs (entropy budgets)', () => {
  it('respects integer costs per width and finds the brute-force optimum', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 2 })), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 30 }),
      (items, budget) => {
        const curves = items.map(([c]) => c);
        const costs = items.map(([, k]) => [0, k[0]!, k[0]! + k[1]!]); // cost grows with the width
        let best = Infinity;
        const rec = (f: number, left: number, sum: number, used: number) => {
          if (f === curves.length) { if (used > 0) best = Math.min(best, sum); return; }
          for (let x = 0; x < 3; x++) if (costs[f]![x]! <= left) rec(f + 1, left - costs[f]![x]!, sum + curves[f]![x]!, used + x);
        };
        rec(0, budget, 0, 0);
        if (best === Infinity) { expect(() => allocate(curves, budget, costs)).toThrow(/leaves no bits/); return; }
        const w = allocate(curves, budget, costs);
        expect(w.reduce((a, x, f) => a + costs[f]![x]!, 0)).toBeLessThanOrEqual(budget);
        expect(w.reduce((a, x, f) => a + curves[f]![x]!, 0)).toBeCloseTo(best, 9);
      },
    ), { numRuns: 150 });
  });
});

describe('order1Bits / entropyCosts', () => {
  it('charges about w bits for independent uniform codes and little for a slowly changing signal', () => {
    const r = lcg(5);
    const iid = Uint8Array.from({ length: 20000 }, () => Math.floor(r() * 16));
    expect(order1Bits(iid, 4)).toBeGreaterThan(3.9);
    expect(order1Bits(iid, 4)).toBeLessThan(4.2); // the adaptive model's learning cost: 256 counts
    const slow = Uint8Array.from({ length: 20000 }, (_, i) => Math.floor(8 + 7.99 * Math.sin(i / 300)));
    expect(order1Bits(slow, 4)).toBeLessThan(0.3);
    expect(order1Bits(new Uint8Array(1000), 4)).toBeLessThan(0.1); // a constant: only the learning cost
    // Two features (row-major codes at 4 bits): costs per width, 0 at width 0, growing with the width.
    const codes = new Uint8Array(40000);
    for (let i = 0; i < 20000; i++) { codes[2 * i] = slow[i]!; codes[2 * i + 1] = iid[i]!; }
    const c = entropyCosts(codes, [4, 4]);
    expect(c.map((x) => x.length)).toEqual([5, 5]);
    expect(c[0]![0]).toBe(0);
    for (let w = 1; w <= 4; w++) {
      expect(c[1]![w]!).toBeGreaterThan(c[1]![w - 1]!);
      expect(c[1]![w]!).toBeCloseTo(w, 0);
      expect(c[0]![w]!).toBeLessThan(c[1]![w]! / 4);
    }
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

  it('pairedGap: mean of the row differences (= difference of the means) and its standard error', () => {
    const g = pairedGap(Float64Array.of(1, 2, 3), Float64Array.of(0, 0, 0));
    expect(g.mean).toBe(2);
    expect(g.se).toBeCloseTo(1 / Math.sqrt(3), 12); // sd 1 over sqrt(3) rows
    expect(pairedGap(Float64Array.of(5), Float64Array.of(2))).toEqual({ mean: 3, se: 0 });
    fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 2, maxLength: 30 }), (rows) => {
      const a = Float64Array.from(rows.map((r) => r[0])), b = Float64Array.from(rows.map((r) => r[1]));
      const g = pairedGap(a, b);
      const m = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
      expect(g.mean).toBeCloseTo(m(a) - m(b), 9);
      // Shifting every row of a by a constant moves the mean by it and leaves the se unchanged.
      const g2 = pairedGap(a.map((v) => v + 1.5), b);
      expect(g2.mean).toBeCloseTo(g.mean + 1.5, 9);
      expect(g2.se).toBeCloseTo(g.se, 9);
    }));
  });
});
