// Input stages: what sits between the standardized features and the MLP for each method.
// bsq (learned thresholds, concatenated sigmoids), sq (learned thresholds, summed sigmoids),
// lsq (learned step size, straight-through), fixed thermometer (Bw-QQ / Bw-MQ), and identity (FP and
// the Pr-* baselines, whose inputs are quantized beforehand).

import * as tf from '@tensorflow/tfjs-core';
import { BitwiseSoftQuantization, bitwiseSoftQuantize, thermometerIndex, thermometerWidth } from './bsq-layer.js';
import { ownedVariable } from './mlp.js';
import { quantileSorted, sorted } from './prep.js';

export type StageMode = 'soft' | 'hard';

export interface InputStage {
  readonly kind: 'identity' | 'bsq' | 'sq' | 'lsq' | 'thermometer';
  /** Output width (the MLP's input width). */
  readonly width: number;
  /** Trainable quantizer parameters (empty for fixed stages). */
  readonly variables: tf.Variable[];
  /** Whether the stage uses a temperature (soft sigmoids). */
  readonly usesTau: boolean;
  setTau(tau: number): void;
  /** 'soft' during training, 'hard' for evaluation (and the final hard-step epochs). */
  forward(x: tf.Tensor2D, mode: StageMode): tf.Tensor2D;
  dispose(): void;
}

export function identityStage(d: number): InputStage {
  return { kind: 'identity', width: d, variables: [], usesTau: false, setTau() {}, forward: (x) => x, dispose() {} };
}

function flatThresholds(init: Float64Array[]): Float32Array {
  const total = init.reduce((s, t) => s + t.length, 0);
  const out = new Float32Array(total);
  let p = 0;
  for (const t of init) { out.set(t, p); p += t.length; }
  return out;
}

/**
 * Frozen thresholds: with `frozen[f]` set, feature f's thresholds keep their initial values (the
 * effective thresholds are v * trainable + init * frozen, so they get no gradient). Returns
 * undefined when nothing is frozen.
 */
function freezeMask(bits: number[], init: Float64Array[], frozen: boolean[] | undefined): { mask: tf.Tensor1D; fixed: tf.Tensor1D } | undefined {
  if (!frozen || !frozen.some(Boolean)) return undefined;
  const idx = thermometerIndex(bits);
  const flat = flatThresholds(init);
  const mask = new Float32Array(idx.length), fixed = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    if (frozen[idx[i]!]) fixed[i] = flat[i]!;
    else mask[i] = 1;
  }
  return { mask: tf.tensor1d(mask), fixed: tf.tensor1d(fixed) };
}

function effective(v: tf.Variable, fm: { mask: tf.Tensor1D; fixed: tf.Tensor1D } | undefined): tf.Tensor1D {
  return fm ? (tf.add(tf.mul(v, fm.mask), fm.fixed) as tf.Tensor1D) : (v as tf.Tensor1D);
}

/**
 * Per threshold, the temperature scale of `relativeTau`: the mean gap between neighbouring initial
 * thresholds of its feature ((last - first) / (K - 1); 1 for a single threshold or no spread), so
 * tau is relative to how far apart the thresholds sit rather than to the feature's sd.
 */
export function gapScales(bits: number[], init: Float64Array[]): Float32Array {
  const out = new Float32Array(thermometerWidth(bits));
  let p = 0;
  init.forEach((t) => {
    const K = t.length;
    const g = K > 1 ? (t[K - 1]! - t[0]!) / (K - 1) : 1;
    out.fill(g > 1e-6 ? g : 1, p, p + K);
    p += K;
  });
  return out;
}

/** The cap on a level step, in units of the feature's central range (its 1%..99% quantiles) / K. */
export const LEVEL_STEP_CAP = 2;

/**
 * The level path of a thermometer (mlp.ts MlpShape.levels / zeroRows). `matrix` is [W, d]
 * row-major: row i holds, in the column of input i's feature, how far the feature's level moves
 * when bit i turns on: the mean of the gaps on either side of threshold i in standardized units (the
 * end gap at either end; for a lone threshold or no spread, the central range), at most
 * LEVEL_STEP_CAP x central range / K, where the central range (`range[f]`) is the feature's 1%..99%
 * quantile spread in standardized units and K its threshold count. (Without the cap an outlier's
 * own bin made one step tens of sd wide: skillcraft 2 bits 0.50 -> 0.57 test MSE.) So the level
 * path reads each feature's value, piecewise linear at the thresholds. A categorical feature
 * (`categorical[f]`) has no order, so no level: its rows stay zero and its residual rows start
 * Glorot-initialized; every other row's residual starts at zero.
 */
export function levelPath(bits: number[], init: Float64Array[], range: ArrayLike<number>, categorical?: readonly boolean[]): { matrix: Float32Array; zeroRows: Uint8Array } {
  const W = thermometerWidth(bits);
  const d = bits.length;
  const matrix = new Float32Array(W * d);
  const zeroRows = new Uint8Array(W);
  let i = 0;
  init.forEach((t, f) => {
    const K = t.length;
    const r = range[f]! > 1e-9 ? range[f]! : 1;
    const cap = (LEVEL_STEP_CAP * r) / K;
    const span = K > 1 ? t[K - 1]! - t[0]! : 0;
    for (let k = 0; k < K; k++, i++) {
      if (categorical?.[f]) continue;
      let g: number;
      if (K === 1 || !(span > 1e-9)) g = r / K;
      else if (k === 0) g = t[1]! - t[0]!;
      else if (k === K - 1) g = t[K - 1]! - t[K - 2]!;
      else g = (t[k + 1]! - t[k - 1]!) / 2;
      matrix[i * d + f] = Math.min(g, cap);
      zeroRows[i] = 1;
    }
  });
  return { matrix, zeroRows };
}

/** Per column: the spread between its 1% and 99% quantiles (NaN ignored; 0 for an empty column). */
export function centralRange(columns: Float64Array[]): Float64Array {
  return Float64Array.from(columns, (c) => {
    const s = sorted(c);
    return s.length === 0 ? 0 : quantileSorted(s, 0.99) - quantileSorted(s, 0.01);
  });
}

/** The bsq stage wraps the BitwiseSoftQuantization layer; thresholds start at `init`. */
export function bsqStage(bits: number[], init: Float64Array[], frozen?: boolean[], tauScale?: Float32Array): InputStage & { layer: BitwiseSoftQuantization } {
  const layer = new BitwiseSoftQuantization({ bits, name: 'bsq' });
  layer.build([null, bits.length]);
  const t0 = tf.tensor1d(flatThresholds(init));
  layer.setWeights([t0]);
  t0.dispose();
  const v = layer.thresholdsVariable();
  const fm = freezeMask(bits, init, frozen);
  const custom = fm !== undefined || tauScale !== undefined;
  const index = custom ? tf.tensor1d(thermometerIndex(bits), 'int32') : undefined;
  const scale = tauScale ? tf.tensor1d(tauScale) : undefined;
  return {
    kind: 'bsq',
    layer,
    width: layer.width,
    variables: [v],
    usesTau: true,
    setTau: (tau) => layer.setTau(tau),
    forward(x, mode) {
      layer.hard = mode === 'hard';
      if (!custom || !index) return layer.call(x, {}) as tf.Tensor2D;
      const t = effective(v, fm);
      if (!scale || layer.hard) return bitwiseSoftQuantize(x, t, index, layer.tau, layer.hard);
      const xe = tf.gather(x, index, 1);
      return tf.sigmoid(tf.div(tf.sub(xe, t), tf.mul(scale, layer.tau))) as tf.Tensor2D;
    },
    dispose: () => {
      if (!v.isDisposed) v.dispose();
      layer.releaseIndex();
      fm?.mask.dispose(); fm?.fixed.dispose(); index?.dispose(); scale?.dispose();
    },
  };
}

/** Segment-sum matrix [W, d]: thermometer position -> its feature. */
function segmentMatrix(bits: number[]): tf.Tensor2D {
  const idx = thermometerIndex(bits);
  const d = bits.length;
  const m = new Float32Array(idx.length * d);
  for (let i = 0; i < idx.length; i++) m[i * d + idx[i]!] = 1;
  return tf.tensor2d(m, [idx.length, d]);
}

/** Fixed thresholds, hard thermometer bits (Bw-QQ / Bw-MQ). */
export function thermometerStage(bits: number[], thresholds: Float64Array[]): InputStage {
  const t = tf.tensor1d(flatThresholds(thresholds));
  const index = tf.tensor1d(thermometerIndex(bits), 'int32');
  return {
    kind: 'thermometer',
    width: thermometerWidth(bits),
    variables: [],
    usesTau: false,
    setTau() {},
    forward: (x) => tf.cast(tf.greater(tf.gather(x, index, 1), t), 'float32') as tf.Tensor2D,
    dispose() { t.dispose(); index.dispose(); },
  };
}

/** SQ: the same learned soft thresholds, summed per feature to one value (hard: the code). */
export function sqStage(bits: number[], init: Float64Array[], frozen?: boolean[], tauScale?: Float32Array): InputStage {
  const v = ownedVariable(tf.tensor1d(flatThresholds(init)));
  const fm = freezeMask(bits, init, frozen);
  const tscale = tauScale ? tf.tensor1d(tauScale) : undefined;
  const index = tf.tensor1d(thermometerIndex(bits), 'int32');
  const seg = segmentMatrix(bits);
  // Scale the sum to roughly unit range so that the MLP sees standardized-looking inputs.
  const scale = tf.tensor1d(bits.map((b) => 1 / (2 ** b - 1)));
  let tau = 1;
  return {
    kind: 'sq',
    width: bits.length,
    variables: [v],
    usesTau: true,
    setTau(t) { tau = t; },
    forward(x, mode) {
      const xe = tf.gather(x, index, 1);
      const t = effective(v, fm);
      const s = mode === 'hard' ? tf.cast(tf.greater(xe, t), 'float32') : tf.sigmoid(tf.div(tf.sub(xe, t), tscale ? tf.mul(tscale, tau) : tau));
      return tf.mul(tf.matMul(s as tf.Tensor2D, seg), scale) as tf.Tensor2D;
    },
    dispose() { v.dispose(); index.dispose(); seg.dispose(); scale.dispose(); fm?.mask.dispose(); fm?.fixed.dispose(); tscale?.dispose(); },
  };
}

type LsqFn = (x: tf.Tensor2D, s: tf.Tensor1D) => tf.Tensor2D;

/**
 * LSQ (Esser et al. 2020): per-feature step s on a signed uniform grid, x_q = round(clip(x/s, -Qn, Qp)) * s,
 * straight-through rounding, step gradient scaled by 1/sqrt(n * Qp).
 */
export function lsqStage(bits: number[], trainColumns: Float64Array[]): InputStage {
  const d = bits.length;
  const qn = new Float32Array(d), qp = new Float32Array(d), s0 = new Float32Array(d);
  for (let f = 0; f < d; f++) {
    const b = bits[f]!;
    qn[f] = 2 ** (b - 1);
    qp[f] = 2 ** (b - 1) - 1;
    const c = trainColumns[f]!;
    let a = 0;
    let m = 0;
    for (let i = 0; i < c.length; i++) { const x = c[i]!; if (x === x) { a += Math.abs(x); m++; } }
    s0[f] = Math.max(1e-3, (2 * (a / Math.max(1, m))) / Math.sqrt(Math.max(1, qp[f]!)));
  }
  const s = ownedVariable(tf.tensor1d(s0));
  const qnT = tf.tensor1d(qn), qpT = tf.tensor1d(qp);
  const negQn = tf.neg(qnT);
  const gScaleBase = tf.tensor1d(Array.from(qp, (q) => 1 / Math.sqrt(Math.max(1, q))));
  const op = tf.customGrad(((...args: unknown[]) => {
    const [x, step, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const v = tf.div(x, step);
    const vc = tf.minimum(tf.maximum(v, negQn), qpT);
    const r = tf.round(vc);
    const value = tf.mul(r, step);
    save([v, r]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sv, sr] = saved as [tf.Tensor2D, tf.Tensor2D];
        const below = tf.less(sv, negQn);
        const above = tf.greater(sv, qpT);
        const inside = tf.logicalNot(tf.logicalOr(below, above));
        // d x_q / d s: (round(v) - v) inside, -Qn below, Qp above.
        const ds = tf.where(inside, tf.sub(sr, sv), tf.where(below, tf.mul(tf.onesLike(sv), negQn), tf.mul(tf.onesLike(sv), qpT)));
        const n = dy.shape[0] ?? 1;
        const gscale = tf.div(gScaleBase, Math.sqrt(n));
        const dstep = tf.mul(tf.sum(tf.mul(dy, ds), 0), gscale);
        const dx = tf.mul(dy, tf.cast(inside, 'float32'));
        return [dx, dstep];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as LsqFn;
  return {
    kind: 'lsq',
    width: d,
    variables: [s],
    usesTau: false,
    setTau() {},
    forward: (x) => op(x, s as tf.Tensor1D),
    dispose() { s.dispose(); qnT.dispose(); qpT.dispose(); negQn.dispose(); gScaleBase.dispose(); },
  };
}
