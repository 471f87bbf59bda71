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
  /**
   * A level path on the first layer (thermometer inputs only): `levels` is the [inputs, features]
   * matrix whose row i holds, in the column of input i's feature, how far that feature's level moves
   * when bit i turns on. The first layer's kernel is then kernels[0] + levels x levelKernel: a
   * linear function of each feature's level (the one-input-per-feature view of SQ and LSQ) plus a
   * per-threshold residual kernels[0], whose rows flagged in `zeroRows` start at zero.
   */
  levels?: Float32Array;
  /** With `levels`: per input, 1 = its residual row of kernels[0] starts at zero. */
  zeroRows?: Uint8Array;
}

export interface Mlp {
  readonly shape: MlpShape;
  /** kernels[i]: [in, out]; biases[i]: [out]. The last pair is the output layer. */
  readonly kernels: tf.Variable[];
  readonly biases: tf.Variable[];
  /** With shape.levels: the fixed [inputs, features] level matrix and the trainable [features, units] kernel. */
  readonly levelPath?: { matrix: tf.Tensor2D; transposed: tf.Tensor2D; kernel: tf.Variable; op: (res: tf.Tensor2D, lk: tf.Tensor2D) => tf.Tensor2D };
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
    const init = rng.uniformArray(fanIn * fanOut, -lim, lim);
    if (i === 0 && shape.levels && shape.zeroRows) {
      for (let r = 0; r < fanIn; r++) if (shape.zeroRows[r]) init.fill(0, r * fanOut, (r + 1) * fanOut);
    }
    kernels.push(ownedVariable(tf.tensor2d(init, [fanIn, fanOut])));
    biases.push(ownedVariable(tf.zeros([fanOut])));
  }
  if (!shape.levels) return { shape, kernels, biases };
  const d = shape.levels.length / shape.inputs;
  const fanOut = sizes[1]!;
  const lim = Math.sqrt(6 / (d + fanOut));
  const matrix = tf.tensor2d(shape.levels, [shape.inputs, d]);
  const transposed = tf.transpose(matrix);
  // A hand-written gradient with the transposed level matrix kept, so no transposed matMul runs
  // (slow in tfjs-wasm, see dense.ts).
  const op = tf.customGrad(((...args: unknown[]) => {
    const [res, lk] = args as [tf.Tensor2D, tf.Tensor2D];
    return {
      value: tf.add(res, tf.matMul(matrix, lk)) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor) => [dy, tf.matMul(transposed, dy as tf.Tensor2D)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
  const levelPath = {
    matrix,
    transposed,
    op,
    kernel: ownedVariable(tf.tensor2d(rng.uniformArray(d * fanOut, -lim, lim), [d, fanOut])),
  };
  return { shape, kernels, biases, levelPath };
}

/** The first layer's effective kernel (with a level path: residual + levels x level kernel). */
export function firstKernel(m: Mlp): tf.Tensor2D {
  const k = m.kernels[0] as tf.Tensor2D;
  const lp = m.levelPath;
  if (!lp) return k;
  return lp.op(k, lp.kernel as tf.Tensor2D);
}


export function mlpVariables(m: Mlp): tf.Variable[] {
  const out: tf.Variable[] = [];
  m.kernels.forEach((k, i) => out.push(k, m.biases[i]!));
  if (m.levelPath) out.push(m.levelPath.kernel);
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
    h = tf.relu(dense(h, i === 0 ? firstKernel(m) : m.kernels[i] as tf.Tensor2D, m.biases[i] as tf.Tensor1D));
    if (dropoutRng && m.shape.dropout > 0) {
      h = tf.mul(h, dropoutMask(h.shape[0], h.shape[1], m.shape.dropout, dropoutRng));
    }
  }
  return dense(h, m.kernels[last] as tf.Tensor2D, m.biases[last] as tf.Tensor1D);
}

export function disposeMlp(m: Mlp): void {
  for (const v of mlpVariables(m)) v.dispose();
  m.levelPath?.matrix.dispose();
  m.levelPath?.transposed.dispose();
}
