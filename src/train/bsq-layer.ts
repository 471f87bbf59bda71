// The bitwise soft quantization layer (tfjs-layers class `BitwiseSoftQuantization`). Per input
// feature f it holds K_f = 2^bits_f - 1 trainable thresholds t and outputs, concatenated in feature
// order, sigmoid((x_f - t_{f,k}) / tau) (soft mode) or the thermometer bits x_f > t_{f,k} (hard mode).
// Registered with tfjs serialization, so a model containing it saves and loads by class name.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BsqError } from '../codec/errors.js';

type LayerArgs = ConstructorParameters<typeof tfl.layers.Layer>[0];

export interface BitwiseSoftQuantizationArgs extends NonNullable<LayerArgs> {
  /** Bits per input feature (1..16); the layer has 2^bits - 1 thresholds per feature. */
  bits: number[];
  /** Temperature of the sigmoids (default 1). */
  tau?: number;
  /** Output hard thermometer bits instead of sigmoids (default false). */
  hard?: boolean;
}

/** Width of the thermometer vector for these bit widths: sum of 2^bits - 1. */
export function thermometerWidth(bits: readonly number[]): number {
  let w = 0;
  for (const b of bits) w += 2 ** b - 1;
  return w;
}

/** For each thermometer position, the input feature it reads. */
export function thermometerIndex(bits: readonly number[]): Int32Array {
  const idx = new Int32Array(thermometerWidth(bits));
  let p = 0;
  bits.forEach((b, f) => {
    const K = 2 ** b - 1;
    for (let k = 0; k < K; k++) idx[p++] = f;
  });
  return idx;
}

/**
 * The layer's function on plain tensors: x [n, d], thresholds [W], index [W] (feature of each
 * threshold). Differentiable in `thresholds` (soft mode).
 */
export function bitwiseSoftQuantize(x: tf.Tensor2D, thresholds: tf.Tensor1D, index: tf.Tensor1D, tau: number, hard: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const xe = tf.gather(x, index, 1) as tf.Tensor2D;
    if (hard) return tf.cast(tf.greater(xe, thresholds), 'float32') as tf.Tensor2D;
    return tf.sigmoid(tf.div(tf.sub(xe, thresholds), tau)) as tf.Tensor2D;
  });
}

/** The tfjs layer of bitwise soft quantization: per-feature trainable thresholds, soft sigmoids in training, hard thermometer bits otherwise. */
export class BitwiseSoftQuantization extends tfl.layers.Layer {
  static className = 'BitwiseSoftQuantization';
  readonly bits: number[];
  /** Temperature; change it between epochs with setTau. */
  tau: number;
  /** Hard mode: thermometer bits (x > t), as the device encodes. */
  hard: boolean;
  private thresholdsWeight: tfl.LayerVariable | undefined;
  private index: tf.Tensor1D | undefined;

  constructor(args: BitwiseSoftQuantizationArgs) {
    super(args);
    if (!Array.isArray(args.bits) || args.bits.length === 0) {
      throw new BsqError('INVALID_ARGUMENT', 'BitwiseSoftQuantization: bits must be a non-empty array (one entry per feature)');
    }
    for (const b of args.bits) {
      if (!Number.isInteger(b) || b < 1 || b > 16) throw new BsqError('INVALID_ARGUMENT', `BitwiseSoftQuantization: bits must be integers in 1..16, got ${b}`);
    }
    this.bits = [...args.bits];
    this.tau = args.tau ?? 1;
    this.hard = args.hard ?? false;
    if (!(this.tau > 0)) throw new BsqError('INVALID_ARGUMENT', `BitwiseSoftQuantization: tau must be > 0, got ${this.tau}`);
  }

  get width(): number {
    return thermometerWidth(this.bits);
  }

  setTau(tau: number): void {
    if (!(tau > 0)) throw new BsqError('INVALID_ARGUMENT', `tau must be > 0, got ${tau}`);
    this.tau = tau;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const d = shape[shape.length - 1];
    if (d !== this.bits.length) {
      throw new BsqError('INVALID_ARGUMENT', `BitwiseSoftQuantization: input has ${String(d)} features, bits has ${this.bits.length}`);
    }
    this.thresholdsWeight = this.addWeight('thresholds', [this.width], 'float32', tfl.initializers.zeros(), undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [shape[0] ?? null, this.width];
  }

  /** The thresholds variable (trainable). */
  thresholdsVariable(): tf.Variable {
    if (!this.thresholdsWeight) throw new BsqError('INVALID_ARGUMENT', 'BitwiseSoftQuantization: layer not built');
    return this.thresholdsWeight.read() as tf.Variable;
  }

  private indexTensor(): tf.Tensor1D {
    if (!this.index || this.index.isDisposed) this.index = tf.keep(tf.tensor1d(thermometerIndex(this.bits), 'int32'));
    return this.index;
  }

  /** Free the cached index tensor (rebuilt on the next call if needed). */
  releaseIndex(): void {
    if (this.index && !this.index.isDisposed) this.index.dispose();
    this.index = undefined;
  }

  override dispose(): ReturnType<tfl.layers.Layer['dispose']> {
    this.releaseIndex();
    return super.dispose();
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    void kwargs;
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
    return bitwiseSoftQuantize(x, this.thresholdsVariable() as tf.Tensor1D, this.indexTensor(), this.tau, this.hard);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), bits: [...this.bits], tau: this.tau, hard: this.hard };
  }
}

tf.serialization.registerClass(BitwiseSoftQuantization);

/** Temperature at epoch e (0-based) of `epochs`: r^(e/epochs), floored at 1e-4. */
export function tauAt(epoch: number, epochs: number, finalTau: number): number {
  return Math.max(1e-4, finalTau ** (epoch / epochs));
}
