// Test metrics: regression { nmse, mse, mae, r2, stdMse } in the target's raw units, classification
// { accuracy, macroF1, logLoss } from class probabilities.

export interface RegressionMetrics {
  /** MSE divided by the variance of the test targets. */
  nmse: number;
  mse: number;
  mae: number;
  /** 1 - nmse. */
  r2: number;
  /** MSE on the target standardized with the training split's statistics (the paper's metric). */
  stdMse: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Unweighted mean of per-class F1 over the classes present in the test labels or predictions. */
  macroF1: number;
  /** Mean negative log-likelihood of the true class (probabilities clipped at 1e-15). */
  logLoss: number;
}

export type Metrics = RegressionMetrics | ClassificationMetrics;

/** Regression metrics of predictions against targets: nMSE, MSE, MAE, R^2 and MSE on the standardized target. */
export function regressionMetrics(pred: ArrayLike<number>, y: ArrayLike<number>, trainSd: number): RegressionMetrics {
  const n = y.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += y[i]!;
  m /= n;
  let se = 0, ae = 0, v = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i]! - y[i]!;
    se += e * e;
    ae += Math.abs(e);
    v += (y[i]! - m) ** 2;
  }
  const mse = se / n;
  const variance = v / n;
  const nmse = variance > 0 ? mse / variance : NaN;
  return { nmse, mse, mae: ae / n, r2: 1 - nmse, stdMse: mse / (trainSd * trainSd) };
}

/** Index of the largest of scores[offset .. offset + classes) (the first on ties; a NaN never wins after index 0). */
export function argmaxRow(scores: ArrayLike<number>, offset: number, classes: number): number {
  let arg = 0;
  for (let c = 1; c < classes; c++) if (scores[offset + c]! > scores[offset + arg]!) arg = c;
  return arg;
}

/** probs: row-major [n, classes]; y: class index per row. */
export function classificationMetrics(probs: ArrayLike<number>, y: ArrayLike<number>, classes: number): ClassificationMetrics {
  const n = y.length;
  let correct = 0, ll = 0;
  const tp = new Float64Array(classes), fp = new Float64Array(classes), fn = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    let arg = 0, best = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = probs[i * classes + c]!;
      if (p > best) { best = p; arg = c; }
    }
    const t = y[i]!;
    if (arg === t) { correct++; tp[t]!++; } else { fp[arg]!++; fn[t]!++; }
    ll -= Math.log(Math.min(1, Math.max(1e-15, probs[i * classes + t]!)));
  }
  let f1sum = 0, counted = 0;
  for (let c = 0; c < classes; c++) {
    const denom = 2 * tp[c]! + fp[c]! + fn[c]!;
    if (denom === 0) continue;
    f1sum += (2 * tp[c]!) / denom;
    counted++;
  }
  return { accuracy: correct / n, macroF1: counted > 0 ? f1sum / counted : NaN, logLoss: ll / n };
}

/** Row-wise softmax of logits [n, classes]. */
export function softmaxRows(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let i = 0; i < logits.length; i += classes) {
    let mx = -Infinity;
    for (let c = 0; c < classes; c++) mx = Math.max(mx, logits[i + c]!);
    let s = 0;
    for (let c = 0; c < classes; c++) { const e = Math.exp(logits[i + c]! - mx); out[i + c] = e; s += e; }
    for (let c = 0; c < classes; c++) out[i + c]! /= s;
  }
  return out;
}
