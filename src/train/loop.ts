// The training loop shared by bsq and every baseline: seeded mini-batches, Adam, a per-epoch
// temperature for soft stages, the validation loss measured with hard codes after every epoch,
// restoring the best epoch, and optional final "hard-step" epochs (thresholds frozen, MLP trained on
// hard thermometer bits at a lower learning rate), optionally an averaged copy of the weights that
// competes with the live ones at every epoch's validation. Cooperative: yields to the event loop every epoch
// and honours an AbortSignal between batches.

import * as tf from '@tensorflow/tfjs-core';
import { BsqError } from '../codec/errors.js';
import { tauAt } from './bsq-layer.js';
import { argmaxRow } from './metrics.js';
import { type Mlp, mlpForward, mlpVariables } from './mlp.js';
import { epochBatches, type ResolvedSettings } from './options.js';
import type { Rng } from './random.js';
import type { InputStage, StageMode } from './stages.js';

/** Row-major float32 inputs (standardized) and targets (standardized values or class indexes). */
export interface Split {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
  readonly d: number;
}

export interface EpochLogs {
  /** Mean training loss of the epoch (soft forward, standardized units). */
  loss: number;
  /** Validation loss with hard codes (NaN without a validation split). */
  valLoss: number;
  /** The same for the averaged weights (only with averageEpochs > 0). */
  valLossAveraged?: number;
  /** Classification: validation error rate with hard codes (and of the averaged weights). */
  valError?: number;
  valErrorAveraged?: number;
  /** Temperature used during the epoch (NaN for stages without one). */
  tau: number;
  /** 'soft' epochs train thresholds and MLP; 'hard' epochs only the MLP on hard bits. */
  phase: 'soft' | 'hard';
  seconds: number;
}

export interface FitCallbacks {
  onEpochEnd?: (epoch: number, logs: EpochLogs) => void | Promise<void>;
  /** After every optimizer step: the batch's mean loss and its row count. */
  onBatchEnd?: (batch: number, logs: { loss?: number; size?: number }) => void | Promise<void>;
}

/** The schedule of one training run: the resolved settings it uses, plus its own context. */
export interface FitConfig
  extends Pick<ResolvedSettings, 'epochs' | 'hardEpochs' | 'batchSize' | 'learningRate' | 'hardLearningRate' | 'finalTau' | 'maxSteps'> {
  task: 'regression' | 'classification';
  classes: number;
  rng: Rng;
  signal?: AbortSignal;
  callbacks?: FitCallbacks;
  /** Label of the run in error messages and progress ('bsq', 'FP', ...). */
  label: string;
  /** Time constant (epochs) of the weight average that competes with the live weights; 0 = none. */
  averageEpochs?: number;
  /** What picks the kept epoch: the validation loss (default) or, for classification, the validation error rate (ties: loss). */
  selectBy?: 'loss' | 'error';
}

export interface FitResult {
  history: EpochLogs[];
  /** Index into history of the kept epoch (-1: none, no validation). */
  bestEpoch: number;
  bestValLoss: number;
}

function checkAbort(signal: AbortSignal | undefined, label: string): void {
  if (signal?.aborted) throw new BsqError('ABORTED', `training (${label}) aborted`, { reason: String(signal.reason ?? '') });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function lossOf(task: FitConfig['task'], out: tf.Tensor2D, y: tf.Tensor): tf.Scalar {
  if (task === 'regression') return tf.mean(tf.squaredDifference(tf.squeeze(out, [1]), y)) as tf.Scalar;
  return tf.losses.softmaxCrossEntropy(y, out) as tf.Scalar;
}

function targetTensor(cfg: FitConfig, y: Float32Array): tf.Tensor {
  if (cfg.task === 'regression') return tf.tensor1d(y);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), cfg.classes));
}

/** Model outputs (raw: standardized regression value or logits) for all rows, in chunks. */
export function predictOutputs(stage: InputStage, mlp: Mlp, x: Float32Array, n: number, d: number, mode: StageMode = 'hard'): Float32Array {
  const outDim = mlp.shape.outputs;
  const result = new Float32Array(n * outDim);
  const chunk = 4096;
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    const part = tf.tidy(() => {
      const xb = tf.tensor2d(x.subarray(s * d, e * d), [e - s, d]);
      return mlpForward(mlp, stage.forward(xb, mode));
    });
    result.set(part.dataSync() as Float32Array, s * outDim);
    part.dispose();
  }
  return result;
}

/** Hard-code validation loss, and for classification the error rate (NaN without rows). */
function validationScores(cfg: FitConfig, stage: InputStage, mlp: Mlp, val: Split): { loss: number; error?: number } {
  if (val.n === 0) return { loss: NaN };
  const out = predictOutputs(stage, mlp, val.x, val.n, val.d, 'hard');
  const k = mlp.shape.outputs;
  const loss = tf.tidy(() => lossOf(cfg.task, tf.tensor2d(out, [val.n, k]), targetTensor(cfg, val.y)).dataSync()[0]!);
  if (cfg.task !== 'classification') return { loss };
  let wrong = 0;
  for (let i = 0; i < val.n; i++) if (argmaxRow(out, i * k, k) !== val.y[i]) wrong++;
  return { loss, error: wrong / val.n };
}

function snapshot(vars: tf.Variable[]): tf.Tensor[] {
  return vars.map((v) => tf.keep(v.clone()));
}

function restore(vars: tf.Variable[], snap: tf.Tensor[]): void {
  vars.forEach((v, i) => v.assign(snap[i]!));
}

/** Train `stage` + `mlp` on `train`; keep the epoch with the best hard validation loss. */
export async function fit(stage: InputStage, mlp: Mlp, train: Split, val: Split, cfg: FitConfig): Promise<FitResult> {
  const allVars = [...stage.variables, ...mlpVariables(mlp)];
  const history: EpochLogs[] = [];
  let best: tf.Tensor[] | undefined;
  let bestValLoss = Infinity;
  let bestKey = Infinity;
  let bestEpoch = -1;
  // Selection key: the loss, or the error rate with the loss breaking ties. The tie-break term is
  // at most 0.1 / rows, so it never outweighs one misclassified validation row (1 / rows).
  const byError = cfg.selectBy === 'error' && cfg.task === 'classification';
  const keyOf = (sc: { loss: number; error?: number }) =>
    (byError && sc.error !== undefined ? sc.error + (1e-4 * Math.min(sc.loss, 1e3)) / Math.max(1, val.n) : sc.loss);
  const d = train.d;
  const bs = Math.max(1, Math.min(cfg.batchSize, train.n));
  const xbuf = new Float32Array(bs * d);
  const ybuf = new Float32Array(bs);

  // Cost is bounded by optimizer steps, not rows: an epoch is a full pass over the training rows
  // unless epochs x full passes would exceed maxSteps; then every epoch is a "sampled epoch" of
  // floor(maxSteps / epochs) batches, drawn from one shuffled pass after another.
  let perm: Uint32Array = new Uint32Array(0);
  let cursor = train.n; // forces a fresh permutation at the first batch
  const stepsPerEpoch = (epochs: number) => epochBatches(train.n, cfg.batchSize, cfg.maxSteps, epochs).batches;
  const runPhase = async (phase: 'soft' | 'hard', epochs: number, lr: number, vars: tf.Variable[]) => {
    const opt = tf.train.adam(lr);
    const steps = stepsPerEpoch(phase === 'soft' ? epochs : cfg.epochs);
    // Weight averaging: an exponential moving average of `vars` that starts at the phase's first
    // weights; its decay ramps up (TensorFlow's num_updates rule) to 1 - 1 / (averageEpochs x steps).
    const avgEpochs = cfg.averageEpochs ?? 0;
    const avg = avgEpochs > 0 && val.n > 0 ? vars.map((v) => tf.tidy(() => tf.variable(v.clone(), false))) : undefined;
    const decayCap = 1 - 1 / Math.max(1, avgEpochs * steps);
    let updates = 0;
    try {
      for (let e = 0; e < epochs; e++) {
        const t0 = performance.now();
        const tau = phase === 'soft' && stage.usesTau ? tauAt(e, epochs, cfg.finalTau) : NaN;
        if (stage.usesTau && phase === 'soft') stage.setTau(tau);
        const mode: StageMode = phase === 'soft' ? 'soft' : 'hard';
        let lossSum = tf.scalar(0);
        let batch = 0;
        let seen = 0;
        for (let step = 0; step < steps; step++) {
          checkAbort(cfg.signal, cfg.label);
          if (cursor >= train.n) { perm = cfg.rng.permutation(train.n); cursor = 0; }
          const m = Math.min(bs, train.n - cursor);
          for (let i = 0; i < m; i++) {
            const r = perm[cursor + i]!;
            xbuf.set(train.x.subarray(r * d, r * d + d), i * d);
            ybuf[i] = train.y[r]!;
          }
          cursor += m;
          seen += m;
          const xb = tf.tensor2d(xbuf.subarray(0, m * d), [m, d]);
          const yb = targetTensor(cfg, ybuf.subarray(0, m));
          const cost = opt.minimize(() => lossOf(cfg.task, mlpForward(mlp, stage.forward(xb, mode), cfg.rng), yb), true, vars);
          xb.dispose();
          yb.dispose();
          if (avg) {
            updates++;
            const decay = Math.min(decayCap, (1 + updates) / (10 + updates));
            tf.tidy(() => {
              // One pair of scalars per step, shared by every variable (a number operand would make one per use).
              const keep = tf.scalar(decay), take = tf.scalar(1 - decay);
              avg.forEach((a, i) => a.assign(tf.add(tf.mul(a, keep), tf.mul(vars[i]!, take))));
            });
          }
          // The batch loss is read back (a GPU/WASM sync) only when someone listens for it.
          const batchLoss = cost && cfg.callbacks?.onBatchEnd ? cost.dataSync()[0] : undefined;
          if (cost) {
            const next = tf.tidy(() => tf.add(lossSum, tf.mul(cost, m)) as tf.Scalar);
            lossSum.dispose();
            cost.dispose();
            lossSum = next;
          }
          if (cfg.callbacks?.onBatchEnd) await cfg.callbacks.onBatchEnd(batch, batchLoss === undefined ? {} : { loss: batchLoss, size: m });
          batch++;
        }
        const loss = (lossSum.dataSync()[0] ?? NaN) / seen;
        lossSum.dispose();
        if (!Number.isFinite(loss)) {
          throw new BsqError('INVALID_DATA', `training (${cfg.label}) diverged: loss is ${loss} at epoch ${history.length}; lower the learning rate`);
        }
        const scores = validationScores(cfg, stage, mlp, val);
        const valLoss = scores.loss;
        const keepIfBest = (sc: { loss: number; error?: number }) => {
          const key = keyOf(sc);
          if (val.n > 0 && key < bestKey) {
            bestKey = key;
            bestValLoss = sc.loss;
            bestEpoch = history.length - 1;
            best?.forEach((t) => t.dispose());
            best = snapshot(allVars);
          }
        };
        const logs: EpochLogs = { loss, valLoss, ...(scores.error !== undefined ? { valError: scores.error } : {}), tau, phase, seconds: 0 };
        history.push(logs);
        keepIfBest(scores);
        if (avg) {
          // Swap the averaged weights in, score (and maybe keep) them, swap the live ones back.
          const live = snapshot(vars);
          restore(vars, avg);
          const avgScores = validationScores(cfg, stage, mlp, val);
          logs.valLossAveraged = avgScores.loss;
          if (avgScores.error !== undefined) logs.valErrorAveraged = avgScores.error;
          keepIfBest(avgScores);
          restore(vars, live);
          live.forEach((t) => t.dispose());
        }
        logs.seconds = (performance.now() - t0) / 1000;
        if (cfg.callbacks?.onEpochEnd) await cfg.callbacks.onEpochEnd(history.length - 1, logs);
        await yieldToEventLoop();
        checkAbort(cfg.signal, cfg.label);
      }
    } finally {
      opt.dispose();
      avg?.forEach((a) => a.dispose());
    }
    if (best) restore(allVars, best);
  };

  try {
    await runPhase('soft', cfg.epochs, cfg.learningRate, allVars);
    if (cfg.hardEpochs > 0 && stage.variables.length > 0) {
      await runPhase('hard', cfg.hardEpochs, cfg.hardLearningRate, mlpVariables(mlp));
    }
  } finally {
    best?.forEach((t) => t.dispose());
  }
  if (val.n === 0) bestEpoch = history.length - 1;
  return { history, bestEpoch, bestValLoss: val.n > 0 ? bestValLoss : NaN };
}
