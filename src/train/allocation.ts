// Bit allocation under a row budget, the part that needs no training: from a network trained at one
// wide width, the validation loss of every feature at every narrower width (bins merged: every
// 2^(b-w)-th threshold kept, each dropped thermometer bit replaced by its mean over the training rows
// of the merged bin; width 0: by its overall training mean, so the same network scores the row
// without the feature), and the exact multiple-choice knapsack over those per-feature loss curves.

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { BsqError } from '../codec/errors.js';
import type { BsqModel } from './model.js';
import { runNetwork } from './model.js';

/** Labeled rows in raw units (the codec's feature order), as the search scores them. */
export interface ScoredRows {
  columns: Float64Array[];
  /** Regression: raw target; classification: class index. */
  y: Float64Array;
}

/** Loss and metric of one scoring: loss = MSE on the standardized target or cross-entropy; metric = stdMse or error rate. */
export interface Score { loss: number; metric: number }

/**
 * Per feature, the thermometer values each merged bin stands for: table[w][m * K + j] = mean over the
 * training rows whose code falls in merged bin m (code >> (b - w)) of the bit "code > j".
 */
interface FeatureTables {
  bits: number;
  /** tables[w] for w = 0..bits-1 (width bits needs none: the exact bits). */
  tables: Float32Array[];
}

function featureTables(trainCodes: Uint8Array | Uint16Array, F: number, f: number, bits: number): FeatureTables {
  const L = 2 ** bits;
  const K = L - 1;
  const hist = new Float64Array(L);
  const n = trainCodes.length / F;
  for (let i = 0; i < n; i++) hist[trainCodes[i * F + f]!]!++;
  const tables: Float32Array[] = [];
  for (let w = 0; w < bits; w++) {
    const s = 2 ** (bits - w);
    const M = 2 ** w;
    const t = new Float32Array(M * K);
    for (let m = 0; m < M; m++) {
      const lo = m * s, hi = lo + s; // codes lo..hi-1
      let cnt = 0;
      for (let c = lo; c < hi; c++) cnt += hist[c]!;
      for (let j = 0; j < K; j++) {
        let v: number;
        if (j < lo) v = 1; // code >= lo > j
        else if (j >= hi - 1) v = 0; // code <= hi - 1 <= j
        else if (cnt === 0) v = 0.5;
        else {
          let above = 0;
          for (let c = j + 1; c < hi; c++) above += hist[c]!;
          v = above / cnt;
        }
        t[m * K + j] = v;
      }
    }
    tables.push(t);
  }
  return { bits, tables };
}

/** Overwrite feature f's thermometer columns (offset off, K wide) of `thermo` for width w. */
function substitute(thermo: Float32Array, width: number, codes: Uint8Array | Uint16Array, F: number, f: number, off: number, ft: FeatureTables, w: number): void {
  if (w >= ft.bits) return;
  const K = 2 ** ft.bits - 1;
  const shift = ft.bits - w;
  const t = ft.tables[w]!;
  const n = codes.length / F;
  for (let i = 0; i < n; i++) {
    const m = codes[i * F + f]! >> shift;
    thermo.set(t.subarray(m * K, m * K + K), i * width + off);
  }
}

/** Per validation row: squared error on the standardized target (regression) or cross-entropy (classification). */
function rowLosses(out: Float32Array, y: Float64Array, task: BsqModel['task'], ySd: number): Float64Array {
  const n = y.length;
  const l = new Float64Array(n);
  if (task === 'regression') {
    for (let i = 0; i < n; i++) l[i] = ((out[i]! - y[i]!) / ySd) ** 2;
    return l;
  }
  const C = out.length / n;
  for (let i = 0; i < n; i++) l[i] = -Math.log(Math.min(1, Math.max(1e-7, out[i * C + y[i]!]!)));
  return l;
}

/** Mean of a - b over paired rows and its standard error (sample sd / sqrt(n); 0 for one row). */
export function pairedGap(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  const n = a.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += a[i]! - b[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a[i]! - b[i]! - m) ** 2;
  return { mean: m, se: n > 1 ? Math.sqrt(v / (n - 1) / n) : 0 };
}

/** Mean of the row losses, and the metric: stdMse (regression) or error rate (classification). */
function score(out: Float32Array, y: Float64Array, task: BsqModel['task'], losses: Float64Array): Score {
  const n = y.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += losses[i]!;
  if (task === 'regression') return { loss: sum / n, metric: sum / n };
  const C = out.length / n;
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    const p = out[i * C + y[i]!]!;
    for (let c = 0; c < C; c++) if (out[i * C + c]! > p) { wrong++; break; }
  }
  return { loss: sum / n, metric: wrong / n };
}

/** The dense layers' weights of the server network: [kernel, bias] per layer. */
function denseWeights(network: tfl.LayersModel): { kernel: tf.Tensor2D; bias: tf.Tensor1D }[] {
  return network.layers.filter((l) => l.getWeights().length === 2).map((l) => {
    const [kernel, bias] = l.getWeights() as [tf.Tensor2D, tf.Tensor1D];
    return { kernel, bias };
  });
}

/**
 * The wide network, ready to score validation rows with merged features: the codes of the training
 * and validation rows, the exact thermometer of the validation rows, and the first layer's
 * pre-activation on it, so that scoring one feature at a narrower width costs only that feature's
 * rows of the first kernel plus the rest of the network.
 */
export class MergeScorer {
  readonly features: string[];
  readonly bits: number[];
  private readonly F: number;
  private readonly width: number;
  private readonly offsets: number[];
  private readonly tables: FeatureTables[];
  private readonly valCodes: Uint8Array | Uint16Array;
  private readonly valThermo: Float32Array;

  constructor(private readonly model: BsqModel, train: ScoredRows, private readonly val: ScoredRows, private readonly ySd: number) {
    const codec = model.codec;
    this.features = codec.features.map((f) => f.name);
    this.bits = codec.features.map((f) => f.bits);
    this.F = codec.featureCount;
    this.width = codec.thermometerWidth;
    if (val.y.length === 0) throw new BsqError('INVALID_ARGUMENT', 'options.bitsPerRow needs a validation split (validationFraction > 0) to score the widths');
    const trainCodes = codec.encodeColumnsToCodes(train.columns, { nan: { code: 0 } });
    this.valCodes = codec.encodeColumnsToCodes(val.columns, { nan: { code: 0 } });
    this.valThermo = codec.codesToThermometer(this.valCodes);
    this.offsets = [];
    let off = 0;
    for (const b of this.bits) { this.offsets.push(off); off += 2 ** b - 1; }
    this.tables = this.bits.map((b, f) => featureTables(trainCodes, this.F, f, b));
  }

  /** Validation score with each feature f at widths[f] (0..bits[f]; bits[f] = unchanged). */
  scoreWidths(widths: readonly number[]): Score {
    return this.evaluate(widths).score;
  }

  /** scoreWidths, and the loss of every validation row (for paired comparisons of two allocations). */
  evaluate(widths: readonly number[]): { score: Score; losses: Float64Array } {
    const thermo = Float32Array.from(this.valThermo);
    widths.forEach((w, f) => substitute(thermo, this.width, this.valCodes, this.F, f, this.offsets[f]!, this.tables[f]!, w));
    const out = runNetwork(this.model.network, thermo, this.width);
    const losses = rowLosses(out, this.val.y, this.model.task, this.ySd);
    return { score: score(out, this.val.y, this.model.task, losses), losses };
  }

  /**
   * curves[f][w] = validation score with feature f at width w (0..bits[f]) and every other feature
   * unchanged. Only the first layer's pre-activation changes with one feature, so it is computed once
   * on the exact bits and corrected by (substituted - exact) x that feature's kernel rows.
   */
  curves(): Score[][] {
    const layers = denseWeights(this.model.network);
    const n = this.val.y.length;
    const classification = this.model.task === 'classification';
    const X = tf.tensor2d(this.valThermo, [n, this.width]);
    const z0 = tf.matMul(X, layers[0]!.kernel) as tf.Tensor2D;
    X.dispose();
    const rest = (z: tf.Tensor2D): Float32Array => tf.tidy(() => {
      let h: tf.Tensor2D = tf.add(z, layers[0]!.bias);
      for (let i = 1; i < layers.length; i++) h = tf.add(tf.matMul(tf.relu(h), layers[i]!.kernel), layers[i]!.bias);
      return (classification ? tf.softmax(h) : h).dataSync() as Float32Array;
    });
    try {
      const o0 = rest(z0);
      const base = score(o0, this.val.y, this.model.task, rowLosses(o0, this.val.y, this.model.task, this.ySd));
      return this.bits.map((b, f) => {
        const K = 2 ** b - 1;
        const off = this.offsets[f]!;
        const exact = new Float32Array(n * K);
        for (let i = 0; i < n; i++) exact.set(this.valThermo.subarray(i * this.width + off, i * this.width + off + K), i * K);
        const rows = tf.slice(layers[0]!.kernel, [off, 0], [K, -1]);
        const out: Score[] = [];
        for (let w = 0; w < b; w++) {
          const delta = new Float32Array(n * K);
          const shift = b - w;
          const t = this.tables[f]!.tables[w]!;
          for (let i = 0; i < n; i++) {
            const m = this.valCodes[i * this.F + f]! >> shift;
            for (let j = 0; j < K; j++) delta[i * K + j] = t[m * K + j]! - exact[i * K + j]!;
          }
          const z = tf.tidy(() => tf.add(z0, tf.matMul(tf.tensor2d(delta, [n, K]), rows)) as tf.Tensor2D) as tf.Tensor2D;
          const o = rest(z);
          out.push(score(o, this.val.y, this.model.task, rowLosses(o, this.val.y, this.model.task, this.ySd)));
          z.dispose();
        }
        rows.dispose();
        out.push(base);
        return out;
      });
    } finally {
      z0.dispose(); // the layers' weights are the network's own variables: not disposed here
    }
  }
}

/**
 * Multiple-choice knapsack, exact over integer costs: one width per feature (cost = the width, or
 * costs[f][w] when given: non-negative integers, e.g. entropy-coded bits in fixed-point units; value
 * = curves[f][w]), total cost <= budget, minimising the sum of the values. Ties go to the allocation
 * that spends more (the loss estimate cannot tell them apart; a retrained network can use the bits).
 * At least one feature keeps a width >= 1.
 */
export function allocate(curves: readonly (readonly number[])[], budget: number, costs?: readonly (readonly number[])[]): number[] {
  const F = curves.length;
  const B = Math.max(0, Math.floor(budget));
  // best[f][c]: min sum of values of features 0..f-1 with total cost exactly c.
  const INF = Infinity;
  const best: Float64Array[] = [Float64Array.from({ length: B + 1 }, (_, c) => (c === 0 ? 0 : INF))];
  const choice: Int8Array[] = [];
  const cost = (f: number, w: number) => (costs ? costs[f]![w]! : w);
  for (let f = 0; f < F; f++) {
    const prev = best[f]!;
    const cur = new Float64Array(B + 1).fill(INF);
    const ch = new Int8Array(B + 1).fill(-1);
    const curve = curves[f]!;
    for (let c = 0; c <= B; c++) {
      if (prev[c] === INF) continue;
      for (let w = 0; w < curve.length; w++) {
        const k = c + cost(f, w);
        if (k > B) continue;
        const v = prev[c]! + curve[w]!;
        if (v < cur[k]!) { cur[k] = v; ch[k] = w; }
      }
    }
    best.push(cur);
    choice.push(ch);
  }
  const last = best[F]!;
  let bestC = -1;
  const tol = (x: number) => 1e-12 * Math.max(1, Math.abs(x));
  // Cost 0 with a kept feature is possible with custom costs (a constant feature codes to nothing).
  const widthsAt = (c0: number) => { const w = new Array<number>(F).fill(0); let c = c0; for (let f = F - 1; f >= 0; f--) { w[f] = choice[f]![c]!; c -= cost(f, w[f]!); } return w; };
  for (let c = costs ? 0 : 1; c <= B; c++) {
    if (last[c] === INF) continue;
    if (c === 0 && widthsAt(0).every((x) => x === 0)) continue;
    if (bestC < 0 || last[c]! < last[bestC]! - tol(last[bestC]!) || Math.abs(last[c]! - last[bestC]!) <= tol(last[bestC]!)) bestC = c;
  }
  if (bestC < 0) throw new BsqError('INVALID_ARGUMENT', `options.bitsPerRow ${budget} leaves no bits for any feature`);
  return widthsAt(bestC);
}

/**
 * Bits per row that a sequence of codes costs under an adaptive order-1 model (the previous row's
 * code of the same feature is the context; Krichevsky-Trofimov counts, +1/2 per symbol), i.e. what a
 * context coder learning as it goes spends, model cost included. codes: one feature's codes in row
 * order, alphabet 2^bits.
 */
export function order1Bits(codes: ArrayLike<number>, bits: number): number {
  const n = codes.length;
  if (n === 0 || bits === 0) return 0;
  const A = 2 ** bits;
  const counts = new Float64Array(A * A);
  const totals = new Float64Array(A);
  let sum = 0;
  let ctx = 0; // the first row: context 0
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    sum -= Math.log2((counts[ctx * A + c]! + 0.5) / (totals[ctx]! + 0.5 * A));
    counts[ctx * A + c]!++;
    totals[ctx]!++;
    ctx = c;
  }
  return sum / n;
}

/** Per feature and width 0..bits[f], order1Bits of the merged codes (code >> (bits - w)) of rows in order. */
export function entropyCosts(codes: Uint8Array | Uint16Array, bits: readonly number[]): number[][] {
  const F = bits.length;
  const n = codes.length / F;
  return bits.map((b, f) => {
    const out = [0];
    const col = new Uint16Array(n);
    for (let w = 1; w <= b; w++) {
      for (let i = 0; i < n; i++) col[i] = codes[i * F + f]! >> (b - w);
      out.push(order1Bits(col, w));
    }
    return out;
  });
}
