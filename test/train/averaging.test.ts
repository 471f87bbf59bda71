// Weight averaging (averageEpochs): after every epoch the averaged weights compete with the live ones
// on the validation loss; the kept weights are the best of either, over all epochs.
import { describe, expect, it } from 'vitest';
import { ensureBackend } from 'bsq/train';
import { fit, predictOutputs, type Split } from '../../src/train/loop.js';
import { createMlp } from '../../src/train/mlp.js';
import { Rng } from '../../src/train/random.js';
import { identityStage } from '../../src/train/stages.js';

function split(n: number, seed: number, d = 2): Split {
  const x = new Float32Array(n * d), y = new Float32Array(n);
  let s = seed;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    x[i * d] = r() * 2 - 1;
    x[i * d + 1] = r() * 2 - 1;
    y[i] = Math.sin(3 * x[i * d]!) + x[i * d + 1]! ** 2 + 0.3 * (r() - 0.5);
  }
  return { x, y, n, d };
}

async function run(averageEpochs: number) {
  await ensureBackend('cpu');
  const rng = new Rng(3);
  const mlp = createMlp({ inputs: 2, hiddenLayers: 1, hiddenUnits: 16, outputs: 1, dropout: 0 }, rng);
  const stage = identityStage(2);
  const val = split(64, 9);
  const r = await fit(stage, mlp, split(256, 7), val, {
    task: 'regression', classes: 0, epochs: 10, hardEpochs: 0, batchSize: 16, learningRate: 5e-2, hardLearningRate: 1e-4, finalTau: 1e-3,
    maxSteps: 1000, rng, label: 'test', averageEpochs,
  });
  const out = predictOutputs(stage, mlp, val.x, val.n, val.d);
  let mse = 0;
  for (let i = 0; i < val.n; i++) mse += (out[i]! - val.y[i]!) ** 2 / val.n;
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
