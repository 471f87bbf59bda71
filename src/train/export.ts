// Turning a trained bsq run into the deployable pair: thresholds back in raw feature units, sorted,
// with bin-mean levels (the codec), and a standard tfjs Sequential network on the thermometer bits
// whose first kernel rows follow the sorted thresholds and whose last layer outputs raw target
// units (regression) or class probabilities (classification).

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BsqError } from '../codec/errors.js';
import { Codec } from '../codec/index.js';
import type { ClassLabel, Task } from './data.js';
import { firstKernel, type Mlp } from './mlp.js';
import type { BsqModel } from './model.js';
import type { Standardizer } from './prep.js';

export interface ExportInput {
  /** Trained thresholds in standardized units, feature-major (as the layer holds them). */
  thresholds: Float32Array;
  bits: number[];
  featureNames: string[];
  std: Standardizer;
  mlp: Mlp;
  task: Task;
  target: string;
  classes?: ClassLabel[];
  /** Regression target standardization. */
  yMean: number;
  ySd: number;
  /** Raw training feature columns, for the bin-mean levels (NaN = missing, ignored). */
  trainColumns: Float64Array[];
  /** Per feature, exact raw thresholds to use instead of the trained ones (frozen lossless features). */
  exact?: (Float64Array | undefined)[];
  metadata?: Record<string, unknown>;
}

/** Per feature: sorted raw thresholds and the permutation (new position -> old position, global). */
function sortThresholds(inp: ExportInput): { raw: Float64Array[]; order: Int32Array } {
  const raw: Float64Array[] = [];
  const order = new Int32Array(inp.thresholds.length);
  let off = 0;
  inp.bits.forEach((b, f) => {
    const K = 2 ** b - 1;
    const idx = Array.from({ length: K }, (_, k) => k);
    const t = inp.thresholds.subarray(off, off + K);
    idx.sort((a, c) => t[a]! - t[c]! || a - c);
    const r = new Float64Array(K);
    const exact = inp.exact?.[f];
    if (exact) {
      // Frozen during training: the standardized copy equals these up to rounding; keep them exact.
      r.set(exact);
      for (let k = 0; k < K; k++) order[off + k] = off + k;
      raw.push(r);
      off += K;
      return;
    }
    for (let k = 0; k < K; k++) {
      const v = t[idx[k]!]!;
      if (!Number.isFinite(v)) throw new BsqError('INVALID_DATA', `training produced a non-finite threshold for feature '${inp.featureNames[f]}'`);
      r[k] = v * inp.std.sd[f]! + inp.std.mean[f]!;
      order[off + k] = off + idx[k]!;
    }
    raw.push(r);
    off += K;
  });
  return { raw, order };
}

/** Levels = mean of the training values in each bin, when that mean stays inside the bin; else the default. */
function binMeanLevels(codec: Codec, columns: Float64Array[]): Float32Array[] {
  const n = columns[0]!.length;
  const F = codec.featureCount;
  const codes = codec.encodeColumnsToCodes(columns, { nan: { code: 0 } });
  return codec.features.map((feat, f) => {
    const L = feat.levels.length;
    const sum = new Float64Array(L), cnt = new Float64Array(L);
    const lo = new Float64Array(L).fill(Infinity), hi = new Float64Array(L).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      const x = columns[f]![i]!;
      if (x !== x) continue;
      const c = codes[i * F + f]!;
      sum[c]! += x;
      cnt[c]!++;
      if (x < lo[c]!) lo[c] = x;
      if (x > hi[c]!) hi[c] = x;
    }
    const levels = Float32Array.from(feat.levels);
    const t = feat.thresholds;
    for (let c = 0; c < L; c++) {
      if (cnt[c] === 0) continue;
      // One distinct value in the bin: exactly that value (a lossless feature decodes to its input).
      const v = Math.fround(lo[c] === hi[c] ? lo[c]! : sum[c]! / cnt[c]!);
      const below = c === 0 ? -Infinity : t[c - 1]!;
      const above = c === L - 1 ? Infinity : t[c]!;
      if (v > below && v <= above) levels[c] = v;
    }
    return levels;
  });
}

/** Build the codec and the network from a trained run. */
export function exportModel(inp: ExportInput): BsqModel {
  const { raw, order } = sortThresholds(inp);
  const base = Codec.fromThresholds(inp.featureNames.map((name, f) => ({ name, thresholds: raw[f]! })));
  const levels = binMeanLevels(base, inp.trainColumns);
  const codec = Codec.fromThresholds(
    inp.featureNames.map((name, f) => ({ name, thresholds: base.features[f]!.thresholds, levels: levels[f]! })),
    inp.metadata ? { metadata: inp.metadata } : undefined,
  );

  const { mlp } = inp;
  const width = codec.thermometerWidth;
  const weights: tf.Tensor[] = [];
  const net = tfl.sequential({ name: 'bsq_server' });
  const last = mlp.kernels.length - 1;
  for (let i = 0; i <= last; i++) {
    // The first layer's effective kernel (a level path folded in: mlp.ts firstKernel); a folded
    // kernel is a new tensor, released once read.
    let k: Float32Array;
    if (i === 0 && mlp.levelPath) {
      const folded = tf.tidy(() => firstKernel(mlp));
      k = folded.dataSync() as Float32Array;
      folded.dispose();
    } else {
      k = mlp.kernels[i]!.dataSync() as Float32Array;
    }
    let b = mlp.biases[i]!.dataSync() as Float32Array;
    const [fanIn, fanOut] = mlp.kernels[i]!.shape as [number, number];
    if (i === 0) {
      const permuted = new Float32Array(k.length);
      for (let r = 0; r < fanIn; r++) permuted.set(k.subarray(order[r]! * fanOut, order[r]! * fanOut + fanOut), r * fanOut);
      k = permuted;
    }
    if (i === last && inp.task === 'regression') {
      k = k.map((v) => v * inp.ySd);
      b = b.map((v) => v * inp.ySd + inp.yMean);
    }
    net.add(tfl.layers.dense({
      units: fanOut,
      activation: i < last ? 'relu' : inp.task === 'classification' ? 'softmax' : 'linear',
      ...(i === 0 ? { inputShape: [width] } : {}),
      name: i < last ? `hidden_${i}` : 'output',
    }));
    weights.push(tf.tensor2d(k, [fanIn, fanOut]), tf.tensor1d(b));
  }
  net.setWeights(weights);
  weights.forEach((w) => w.dispose());
  return {
    codec,
    network: net,
    task: inp.task,
    target: inp.target,
    ...(inp.classes ? { classes: inp.classes } : {}),
  };
}
