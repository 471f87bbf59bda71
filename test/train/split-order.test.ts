// options.split: 'random' (a seeded permutation) or 'ordered' (rows in time order: test = the last
// rows, validation the rows just before them, training the earliest rows).
import { describe, expect, it } from 'vitest';
import { trainCodec } from 'bsq/train';
import { trainFixed } from '../../src/train/train-codec.js';
import type { SplitCapture } from '../../src/train/budget.js';

const n = 200;
// Feature t = the row index, so each split's rows can be read back from its values.
const t = Float64Array.from({ length: n }, (_, i) => i);
const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7));
const y = Float64Array.from({ length: n }, (_, i) => x[i]! + i / n);
const TINY = { target: 'y', bits: 3, hiddenLayers: 1, hiddenUnits: 4, epochs: 1, hardEpochs: 0, backend: 'cpu', testFraction: 0.1, validationFraction: 0.1 } as const;

async function splitsOf(split: 'random' | 'ordered') {
  let c: SplitCapture | undefined;
  const { report } = await trainFixed({ t, x, y }, { ...TINY, split }, (cap) => { c = cap; });
  return { report, train: Array.from(c!.train.columns[0]!), val: Array.from(c!.val.columns[0]!) };
}

describe('split order', () => {
  it("'ordered' trains on the earliest rows, validates on the next ones and tests on the last", async () => {
    const { report, train, val } = await splitsOf('ordered');
    // 20 test rows (10%), 18 validation rows (10% of the other 180), 162 training rows.
    expect(report.splits).toEqual({ train: 162, validation: 18, test: 20 });
    expect(report.settings.split).toBe('ordered');
    expect(train).toEqual(Array.from({ length: 162 }, (_, i) => i));
    expect(val).toEqual(Array.from({ length: 18 }, (_, i) => 162 + i));
  });

  it("'random' (the default) draws every split from the whole range", async () => {
    const { report, train, val } = await splitsOf('random');
    expect(report.settings.split).toBe('random');
    expect(report.splits).toEqual({ train: 162, validation: 18, test: 20 });
    // Held-out rows come from the whole range, not only the end.
    expect(Math.min(...val)).toBeLessThan(162);
    expect(Math.max(...train)).toBeGreaterThanOrEqual(180);
  });

  it('refuses an unknown split order', async () => {
    await expect(trainCodec({ t, x, y }, { ...TINY, split: 'time' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/options\.split/) });
  });
});
