// One training run of one method on prepared splits: builds the input stage and the MLP, fits,
// and returns test outputs (raw target units or class probabilities). Shared by bsq and the
// baselines so that every method sees the same data, schedule and loop.

import * as tf from '@tensorflow/tfjs-core';
import { fit, predictOutputs, type EpochLogs, type FitCallbacks, type Split } from './loop.js';
import { thermometerIndex } from './bsq-layer.js';
import { createMlp, disposeMlp, type Mlp } from './mlp.js';
import { Rng } from './random.js';
import { classificationMetrics, regressionMetrics, softmaxRows, type Metrics } from './metrics.js';
import type { ResolvedSettings } from './options.js';
import type { InputStage } from './stages.js';

/** Splits after standardization (row-major float32). */
export interface Prepared {
  train: Split;
  val: Split;
  test: Split;
  classes: number;
  yMean: number;
  ySd: number;
}

export interface RunResult {
  stage: InputStage;
  mlp: Mlp;
  history: EpochLogs[];
  bestEpoch: number;
  bestValLoss: number;
  seconds: number;
}

/** A stable per-method seed, so adding a baseline never changes another method's run. */
export function methodSeed(seed: number, method: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < method.length; i++) h = Math.imul(h ^ method.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function runMethod(
  method: string,
  stage: InputStage,
  prep: Prepared,
  s: ResolvedSettings,
  opts: { hardEpochs: number; averageEpochs?: number; levels?: { matrix: Float32Array; zeroRows: Uint8Array }; signal?: AbortSignal; onEpochEnd?: (epoch: number, logs: EpochLogs & { method: string }) => void | Promise<void> },
): Promise<RunResult> {
  const t0 = performance.now();
  const rng = new Rng(methodSeed(s.seed, method));
  const outputs = s.task === 'classification' ? prep.classes : 1;
  // Input dropout acts on thermometer inputs (bsq, Bw-*: one input per threshold), at each
  // feature's rate; the other methods' inputs (one per feature) are left alone.
  const thermo = stage.kind === 'bsq' || stage.kind === 'thermometer';
  const inputDropout = thermo && s.inputDropout.some((p) => p > 0)
    ? Float32Array.from(thermometerIndex(s.bits), (f) => s.inputDropout[f]!)
    : undefined;
  const mlp = createMlp({
    inputs: stage.width, hiddenLayers: s.hiddenLayers, hiddenUnits: s.hiddenUnits, outputs, dropout: s.dropout,
    ...(inputDropout ? { inputDropout } : {}),
    ...(opts.levels ? { levels: opts.levels.matrix, zeroRows: opts.levels.zeroRows } : {}),
  }, rng);
  const callbacks: FitCallbacks = {};
  if (opts.onEpochEnd) {
    const cb = opts.onEpochEnd;
    callbacks.onEpochEnd = (e, logs) => cb(e, { ...logs, method });
  }
  try {
    const r = await fit(stage, mlp, prep.train, prep.val, {
      task: s.task,
      classes: prep.classes,
      epochs: s.epochs,
      maxSteps: s.maxSteps,
      hardEpochs: opts.hardEpochs,
      averageEpochs: opts.averageEpochs ?? 0,
      selectBy: s.selectBy,
      batchSize: s.batchSize,
      learningRate: s.learningRate,
      hardLearningRate: s.hardLearningRate,
      finalTau: s.finalTau,
      rng,
      ...(opts.signal ? { signal: opts.signal } : {}),
      callbacks,
      label: method,
    });
    return { stage, mlp, ...r, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    disposeMlp(mlp);
    stage.dispose();
    throw err;
  }
}

/** Test outputs of a run, in raw target units (regression) or probabilities (classification). */
export function testOutputs(run: { stage: InputStage; mlp: Mlp }, split: Split, prep: Prepared, task: ResolvedSettings['task']): Float32Array {
  const out = predictOutputs(run.stage, run.mlp, split.x, split.n, split.d, 'hard');
  if (task === 'classification') return softmaxRows(out, prep.classes);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * prep.ySd + prep.yMean;
  return out;
}

/** Test metrics of outputs (testOutputs' units) against the raw targets: regression or classification. */
export function testMetrics(task: ResolvedSettings['task'], prep: Prepared, out: Float32Array, y: ArrayLike<number>): Metrics {
  return task === 'classification' ? classificationMetrics(out, y, prep.classes) : regressionMetrics(out, y, prep.ySd);
}

export function disposeRun(run: RunResult): void {
  disposeMlp(run.mlp);
  run.stage.dispose();
  void tf;
}
