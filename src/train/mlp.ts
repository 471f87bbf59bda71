// The server network as plain tfjs variables: hidden ReLU layers with (seeded) dropout and a linear
// output, trained with the fast dense op. Converted to a standard tfjs-layers Sequential model for
// export (see export.ts).

import * as tf from '@tensorflow/tfjs-core';
import { dense } from './dense.js';
import type { Rng } from './random.js';

export interface MlpShape {
  inputs: number;
  hiddenLayers: number;
  hiddenUnits: number;
  outputs: number;
  dropout: number;
  /** Per input column: dropout rate on the network's inputs during training (absent: none). */
  inputDropout?: Float32Array;
}

export interface Mlp {
  readonly shape: MlpShape;
  /** kernels[i]: [in, out]; biases[i]: [out]. The last pair is the output layer. */
  readonly kernels: tf.Variable[];
  readonly biases: tf.Variable[];
}

/** A trainable variable from a fresh tensor, releasing the tensor's own reference. */
export function ownedVariable(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}

/** Glorot-uniform kernels, zero biases (the tfjs/Keras default for Dense), from the seeded generator. */
export function createMlp(shape: MlpShape, rng: Rng): Mlp {
  const sizes = [shape.inputs, ...Array.from({ length: shape.hiddenLayers }, () => shape.hiddenUnits), shape.outputs];
  const kernels: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!, fanOut = sizes[i + 1]!;
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    kernels.push(ownedVariable(tf.tensor2d(rng.uniformArray(fanIn * fanOut, -lim, lim), [fanIn, fanOut])));
    biases.push(ownedVariable(tf.zeros([fanOut])));
  }
  return { shape, kernels, biases };
}

export function mlpVariables(m: Mlp): tf.Variable[] {
  const out: tf.Variable[] = [];
  m.kernels.forEach((k, i) => out.push(k, m.biases[i]!));
  return out;
}

/** A dropout mask (kept / (1 - p)) drawn from the seeded generator. */
function dropoutMask(rows: number, cols: number, p: number, rng: Rng): tf.Tensor2D {
  const n = rows * cols;
  const m = new Float32Array(n);
  const keep = 1 / (1 - p);
  for (let i = 0; i < n; i++) m[i] = rng.next() >= p ? keep : 0;
  return tf.tensor2d(m, [rows, cols]);
}

/** A dropout mask with a rate per column (cols = rates.length). */
function columnDropoutMask(rows: number, rates: Float32Array, rng: Rng): tf.Tensor2D {
  const cols = rates.length;
  const m = new Float32Array(rows * cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) {
      const p = rates[c]!;
      m[i] = p > 0 ? (rng.next() >= p ? 1 / (1 - p) : 0) : 1;
    }
  }
  return tf.tensor2d(m, [rows, cols]);
}

/** Forward pass; `dropoutRng` set = training mode (dropout on). Returns [n, outputs]. */
export function mlpForward(m: Mlp, x: tf.Tensor2D, dropoutRng?: Rng): tf.Tensor2D {
  let h = x;
  const pin = m.shape.inputDropout;
  if (dropoutRng && pin && pin.some((p) => p > 0)) h = tf.mul(h, columnDropoutMask(h.shape[0], pin, dropoutRng));
  const last = m.kernels.length - 1;
  for (let i = 0; i < last; i++) {
    h = tf.relu(dense(h, m.kernels[i] as tf.Tensor2D, m.biases[i] as tf.Tensor1D));
    if (dropoutRng && m.shape.dropout > 0) {
      h = tf.mul(h, dropoutMask(h.shape[0], h.shape[1], m.shape.dropout, dropoutRng));
    }
  }
  return dense(h, m.kernels[last] as tf.Tensor2D, m.biases[last] as tf.Tensor1D);
}

export function disposeMlp(m: Mlp): void {
  for (const v of mlpVariables(m)) v.dispose();
}
