// The regularized bsq candidate (options.regularizedCandidate): its settings, when 'auto' trains it,
// the per-row validation losses of a kept run, and the paired rule that lets it replace the
// default candidate only when the validation rows show it better by more than one standard error.
// Pure functions: no tfjs here (train-codec.ts runs the candidates).

import { epochBatches, type ResolvedSettings, type TrainOptions } from './options.js';

/** What the regularized candidate changes: dropout after each hidden layer, and no level path. */
export const REGULARIZED = { dropout: 0.2, levelPath: false } as const;

/** The label of the regularized candidate in callbacks, progress and the report. */
export const REGULARIZED_LABEL = 'bsq (regularized)';

/**
 * Whether trainCodec trains the regularized candidate. 'auto': when every soft epoch is a full pass
 * over the training rows (the data are small for the step budget, so the network can fit them
 * closely; both runs together stay within 2 x maxSteps steps), and only when the options leave
 * dropout and levelPath at their defaults (a user who set either has chosen). `s`: the resolved
 * settings (the option already validated); `o`: the options as given, to see what the user set.
 */
export function wantsRegularized(
  o: Pick<TrainOptions, 'dropout' | 'levelPath'>,
  s: Pick<ResolvedSettings, 'regularizedCandidate' | 'epochs' | 'maxSteps' | 'batchSize'>,
  trainRows: number,
): boolean {
  if (s.regularizedCandidate !== 'auto') return s.regularizedCandidate;
  if (o.dropout !== undefined || o.levelPath !== undefined) return false;
  return epochBatches(trainRows, s.batchSize, s.maxSteps, s.epochs).fullPass;
}

/**
 * Per-row loss of raw network outputs: squared error on the standardized target (regression), or
 * the cross-entropy of the softmax against the class index (classification). Their mean is the
 * validation loss the training loop reports.
 */
export function rowLosses(out: Float32Array, y: Float32Array, task: 'regression' | 'classification', classes: number): Float64Array {
  const n = y.length;
  const loss = new Float64Array(n);
  if (task === 'regression') {
    for (let i = 0; i < n; i++) loss[i] = (out[i]! - y[i]!) ** 2;
    return loss;
  }
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, out[o + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(out[o + c]! - max);
    loss[i] = max + Math.log(sum) - out[o + y[i]!]!;
  }
  return loss;
}

export interface PairedChoice {
  /** Mean per-row loss of the incumbent minus that of the challenger (> 0: the challenger is lower). */
  meanDifference: number;
  /** Standard error of that mean (sample sd of the per-row differences / sqrt(rows)). */
  standardError: number;
  /** The challenger is kept: its mean loss is lower by more than one standard error. */
  challengerKept: boolean;
}

/**
 * Paired comparison of two models on the same rows: the challenger replaces the incumbent only when
 * the incumbent's mean loss exceeds the challenger's by more than one standard error of the per-row
 * differences. A tie, a single row or no rows keeps the incumbent.
 */
export function pairedChoice(incumbent: Float64Array, challenger: Float64Array): PairedChoice {
  const n = Math.min(incumbent.length, challenger.length);
  if (n < 2) return { meanDifference: n === 1 ? incumbent[0]! - challenger[0]! : 0, standardError: NaN, challengerKept: false };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += incumbent[i]! - challenger[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (incumbent[i]! - challenger[i]! - mean) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  return { meanDifference: mean, standardError: se, challengerKept: Number.isFinite(mean) && mean > se };
}
