// Weight averaging (averageEpochs): after every epoch the averaged weights compete with the live ones
// on the validation loss; the kept weights are the best of either, over all epochs.
import { describe, expect, it } from 'vitest';
import { fitTiny, twoInputSplit } from './fit-helpers.js';

const split = (n: number, seed: number) => twoInputSplit(n, seed, (x0, x1, r) => Math.sin(3 * x0) + x1 ** 2 + 0.3 * (r() - 0.5));

async function run(averageEpochs: number) {
  const val = split(64, 9);
  const r = await fitTiny(split(256, 7), val, {
    seed: 3, hiddenLayers: 1, hiddenUnits: 16, outputs: 1,
    config: {
      task: 'regression', classes: 0, epochs: 10, hardEpochs: 0, batchSize: 16, learningRate: 5e-2, hardLearningRate: 1e-4, finalTau: 1e-3,
      maxSteps: 1000, averageEpochs,
    },
  });
  let mse = 0;
  for (let i = 0; i < val.n; i++) mse += (r.valOutputs[i]! - val.y[i]!) ** 2 / val.n;
  return { ...r, keptLoss: mse };
}

describe('weight averaging', () => {
  it('scores the averaged weights every epoch and keeps the best of live and averaged', async () => {
    const r = await run(2);
    const scores = r.history.flatMap((h) => [h.valLoss, h.valLossAveraged!]);
    expect(r.history.every((h) => Number.isFinite(h.valLossAveraged))).toBe(true);
    expect(r.bestValLoss).toBe(Math.min(...scores));
    // The weights left in the model are the kept ones (live or averaged), not the last epoch's.
    expect(r.keptLoss).toBeCloseTo(r.bestValLoss, 5);
    // With a high learning rate the live weights are noisy and an averaged copy is the one kept, so
    // the check above covers restoring averaged weights.
    expect(r.history.some((h) => h.valLossAveraged === r.bestValLoss)).toBe(true);
  });

  it('is off at 0: no averaged score, the best live epoch is kept', async () => {
    const r = await run(0);
    expect(r.history.every((h) => h.valLossAveraged === undefined)).toBe(true);
    expect(r.bestValLoss).toBe(Math.min(...r.history.map((h) => h.valLoss)));
    expect(r.keptLoss).toBeCloseTo(r.bestValLoss, 5);
  });
});
