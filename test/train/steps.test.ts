// Cost bounded by optimizer steps: when epochs full passes would exceed maxSteps, every epoch is a
// sampled epoch of floor(maxSteps / epochs) batches, so more rows do not mean more steps.
import { describe, expect, it } from 'vitest';
import { ensureBackend } from 'bsq/train';
import { fit, type Split } from '../../src/train/loop.js';
import { createMlp } from '../../src/train/mlp.js';
import { Rng } from '../../src/train/random.js';
import { identityStage } from '../../src/train/stages.js';

function split(n: number, d = 2): Split {
  const x = new Float32Array(n * d), y = new Float32Array(n);
  for (let i = 0; i < n; i++) { x[i * d] = (i % 17) / 17; x[i * d + 1] = (i % 5) / 5; y[i] = x[i * d]! - x[i * d + 1]!; }
  return { x, y, n, d };
}

async function batchesPerEpoch(rows: number, maxSteps: number, epochs = 4): Promise<number[]> {
  await ensureBackend('cpu');
  const rng = new Rng(1);
  const mlp = createMlp({ inputs: 2, hiddenLayers: 1, hiddenUnits: 4, outputs: 1, dropout: 0 }, rng);
  const perEpoch: number[] = [];
  let batches = 0;
  await fit(identityStage(2), mlp, split(rows), split(20), {
    task: 'regression', classes: 0, epochs, hardEpochs: 0, batchSize: 16, learningRate: 1e-3, hardLearningRate: 1e-4, finalTau: 1e-3,
    maxSteps, rng, label: 'test',
    callbacks: { onBatchEnd: () => { batches++; }, onEpochEnd: () => { perEpoch.push(batches); batches = 0; } },
  });
  return perEpoch;
}

describe('step budget', () => {
  it('full epochs while they fit the budget, sampled epochs beyond it', async () => {
    expect(await batchesPerEpoch(100, 1000)).toEqual([7, 7, 7, 7]); // ceil(100 / 16) batches per pass
    expect(await batchesPerEpoch(1000, 40)).toEqual([10, 10, 10, 10]); // 63 per pass > 40 / 4
    expect(await batchesPerEpoch(10000, 40)).toEqual([10, 10, 10, 10]); // 10x the rows, same steps
  });
});

describe('onBatchEnd', () => {
  it('receives each batch loss and size; their weighted mean is the epoch loss onEpochEnd reports', async () => {
    await ensureBackend('cpu');
    const rng = new Rng(2);
    const mlp = createMlp({ inputs: 2, hiddenLayers: 1, hiddenUnits: 4, outputs: 1, dropout: 0 }, rng);
    let sum = 0;
    let rows = 0;
    const pairs: [number, number][] = [];
    await fit(identityStage(2), mlp, split(100), split(20), {
      task: 'regression', classes: 0, epochs: 2, hardEpochs: 0, batchSize: 16, learningRate: 1e-3, hardLearningRate: 1e-4, finalTau: 1e-3,
      maxSteps: 1000, rng, label: 'test',
      callbacks: {
        onBatchEnd: (_b, logs) => {
          expect(Number.isFinite(logs.loss)).toBe(true);
          sum += logs.loss! * logs.size!;
          rows += logs.size!;
        },
        onEpochEnd: (_e, logs) => {
          pairs.push([sum / rows, logs.loss]);
          sum = 0;
          rows = 0;
        },
      },
    });
    expect(pairs).toHaveLength(2);
    for (const [fromBatches, epoch] of pairs) expect(fromBatches).toBeCloseTo(epoch, 5);
  });
});
