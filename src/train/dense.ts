// A dense (affine) op with a hand-written gradient that transposes explicitly. In tfjs-wasm 4.22 a
// matMul with transposeA/transposeB runs 10-18x slower than a plain one, and the stock gradient of
// matMul uses those forms; transposing first and multiplying plainly makes a training step several
// times faster.

import * as tf from '@tensorflow/tfjs-core';

type DenseFn = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

const denseWithGrad = tf.customGrad(((...args: unknown[]) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  const value = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
    const dy2 = dy as tf.Tensor2D;
    const dx = tf.matMul(dy2, tf.transpose(sw));
    const dw = tf.matMul(tf.transpose(sx), dy2);
    const db = tf.sum(dy2, 0);
    return [dx, dw, db];
  };
  return { value, gradFunc };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as DenseFn;

/** x @ w + b, with the fast explicit-transpose gradient. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return denseWithGrad(x, w, b);
}
