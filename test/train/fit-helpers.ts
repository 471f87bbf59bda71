// A tiny MLP fitted on raw inputs (identity stage, cpu backend) for the training-loop tests: the
// loop's rules (averaging, epoch selection) are checked without a quantizing stage.
import { ensureBackend } from 'bsq/train';
import { fit, predictOutputs, type FitConfig, type FitResult, type Split } from '../../src/train/loop.js';
import { createMlp } from '../../src/train/mlp.js';
import { Rng } from '../../src/train/random.js';
import { identityStage } from '../../src/train/stages.js';
import { lcg } from './helpers.js';

export interface TinyFit {
  seed: number;
  hiddenLayers: number;
  hiddenUnits: number;
  outputs: number;
  /** The schedule; rng and label are supplied here. */
  config: Omit<FitConfig, 'rng' | 'label'>;
}

/** Fit and return the result with the kept model's outputs on the validation rows. */
export async function fitTiny(train: Split, val: Split, t: TinyFit): Promise<FitResult & { valOutputs: Float32Array }> {
  await ensureBackend('cpu');
  const rng = new Rng(t.seed);
  const mlp = createMlp({ inputs: train.d, hiddenLayers: t.hiddenLayers, hiddenUnits: t.hiddenUnits, outputs: t.outputs, dropout: 0 }, rng);
  const stage = identityStage(train.d);
  const r = await fit(stage, mlp, train, val, { ...t.config, rng, label: 'test' });
  return { ...r, valOutputs: predictOutputs(stage, mlp, val.x, val.n, val.d) };
}

/** n rows of two inputs uniform in [-1, 1) and a target drawn by `target` (which may use the same generator). */
export function twoInputSplit(n: number, seed: number, target: (x0: number, x1: number, r: () => number) => number): Split {
  const d = 2;
  const x = new Float32Array(n * d), y = new Float32Array(n);
  const r = lcg(seed);
  for (let i = 0; i < n; i++) {
    const x0 = (x[i * d] = r() * 2 - 1);
    const x1 = (x[i * d + 1] = r() * 2 - 1);
    y[i] = target(x0, x1, r);
  }
  return { x, y, n, d };
}
