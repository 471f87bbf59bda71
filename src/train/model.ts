// The trained artifact: a codec (what the device runs) and the server network that reads its
// thermometer bits, plus prediction from codes, decoded blocks or .bsq files, and the "raw model"
// (hard quantization layer + network) used to check train/serve parity.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BsqError } from '../codec/errors.js';
import { SIGNATURE, sameCodecRecord } from '../format/index.js';
import type { Codec, Codes, EncodeOptions } from '../codec/index.js';
import { BitwiseSoftQuantization } from './bsq-layer.js';
import { argmaxRow } from './metrics.js';
import type { ClassLabel, Task } from './data.js';

/** A trained codec with its server model. */
export interface BsqModel {
  /** The quantizer (raw feature units): ships to the device as a codec-only .bsq. */
  readonly codec: Codec;
  /** tfjs network: thermometer bits [n, codec.thermometerWidth] -> predictions in the target's raw
   * units [n, 1] (regression) or class probabilities [n, classes] (classification). */
  readonly network: tfl.LayersModel;
  readonly task: Task;
  readonly target: string;
  /** Classification: the label of each output column. */
  readonly classes?: ClassLabel[];
}

/** What predict accepts: unpacked codes (row-major), a decoded block / any object with packed +
 * rowCount, a read .bsq file (anything with thermometer()), or a thermometer matrix. */
/**
 * What predict() takes. Plain typed arrays are codes only; everything else says what it is, so raw
 * values are never read as thermometer bits (both are Float32Arrays):
 * - unpacked codes, `Uint8Array` / `Uint16Array` row-major (e.g. `file.codes()`), or `{ codes }`
 *   (e.g. a stream block decoded with `output: 'codes'`);
 * - `{ rows }`: raw feature values, row-major Float32Array / Float64Array, encoded by the model's codec
 *   (decoded levels work too: they encode back to their own codes);
 * - `{ thermometer }`: the network's input bits, rowCount x codec.thermometerWidth;
 * - a BsqFile (anything with a `thermometer()` method) or a block `{ packed, rowCount }`.
 */
export type PredictInput =
  | Codes
  | { codes: Codes }
  | { rows: Float32Array | Float64Array }
  | { thermometer: Float32Array }
  | { packed: Uint8Array; rowCount: number }
  | { thermometer(): Float32Array };

function thermometerOf(model: BsqModel, input: PredictInput): Float32Array {
  const codec = model.codec;
  if (input instanceof Uint8Array && input.length >= 16 && SIGNATURE.every((b, i) => input[i] === b)) {
    throw new BsqError('INVALID_ARGUMENT', 'predict: these bytes start like a .bsq file, not like codes; pass readBsq(bytes) (or its codes())');
  }
  if (input instanceof Uint8Array || input instanceof Uint16Array) return codec.codesToThermometer(input);
  if (ArrayBuffer.isView(input)) {
    throw new BsqError('INVALID_ARGUMENT', `predict: a plain ${input.constructor.name} is ambiguous; pass { rows } for raw feature values, { thermometer } for thermometer bits, or codes as a Uint8Array/Uint16Array`);
  }
  if (input && typeof input === 'object') {
    if ('codes' in input && (input.codes instanceof Uint8Array || input.codes instanceof Uint16Array)) return codec.codesToThermometer(input.codes);
    if ('rows' in input && (input.rows instanceof Float32Array || input.rows instanceof Float64Array)) return codec.codesToThermometer(codec.encodeRowsToCodes(input.rows));
    if ('thermometer' in input) {
      if (typeof input.thermometer === 'function') {
        // A BsqFile: its codes must mean what the model's codec means.
        const own = (input as { codec?: unknown }).codec;
        if (own !== undefined && !(own !== null && typeof own === 'object' && 'features' in own && sameCodecRecord(codec, own as Codec))) {
          throw new BsqError('INVALID_DATA', "predict: the file was encoded with another codec than the model's (features, widths or thresholds differ)");
        }
        const th = input.thermometer();
        if (!(th instanceof Float32Array) || th.length % codec.thermometerWidth !== 0) {
          throw new BsqError('INVALID_DATA', `predict: the file's thermometer input does not fit the model's width ${codec.thermometerWidth}`);
        }
        return th;
      }
      const th = input.thermometer;
      if (th instanceof Float32Array) {
        if (th.length % codec.thermometerWidth !== 0) {
          throw new BsqError('INVALID_ARGUMENT', `thermometer input has ${th.length} values, not a multiple of the width ${codec.thermometerWidth}`);
        }
        return th;
      }
    }
    if ('packed' in input && input.packed instanceof Uint8Array && typeof input.rowCount === 'number') {
      return codec.decodeThermometer(input.packed, input.rowCount);
    }
  }
  throw new BsqError('INVALID_ARGUMENT', 'predict: expected codes (Uint8Array/Uint16Array or { codes }), { rows } (raw values), { thermometer } (Float32Array), a BsqFile or a block { packed, rowCount }');
}

/** Run the network on a thermometer matrix in chunks; returns [n * outputs] row-major. */
export function runNetwork(network: tfl.LayersModel, thermo: Float32Array, width: number): Float32Array {
  const n = thermo.length / width;
  const outShape = network.outputs[0]!.shape;
  const outDim = (outShape[outShape.length - 1] as number) ?? 1;
  const out = new Float32Array(n * outDim);
  const chunk = 8192;
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    const part = tf.tidy(() => network.predict(tf.tensor2d(thermo.subarray(s * width, e * width), [e - s, width])) as tf.Tensor);
    out.set(part.dataSync() as Float32Array, s * outDim);
    part.dispose();
  }
  return out;
}

/**
 * Predictions for codes / a decoded block / a .bsq file: regression values in the target's units
 * (length n), or class probabilities (row-major n x classes).
 */
export function predict(model: BsqModel, input: PredictInput): Float32Array {
  if (model === null || typeof model !== 'object' || !model.codec || !model.network) throw new BsqError('INVALID_ARGUMENT', 'predict expects a model from trainCodec or loadModel');
  return runNetwork(model.network, thermometerOf(model, input), model.codec.thermometerWidth);
}

/** Classification: the most probable class label of each row. */
export function predictClasses(model: BsqModel, input: PredictInput): ClassLabel[] {
  if (model.task !== 'classification' || !model.classes) throw new BsqError('INVALID_ARGUMENT', 'predictClasses needs a classification model');
  const p = predict(model, input);
  const C = model.classes.length;
  const out: ClassLabel[] = [];
  for (let i = 0; i < p.length; i += C) out.push(model.classes[argmaxRow(p, i, C)]!);
  return out;
}

/**
 * Encode raw feature columns (codec order) with the codec, then predict. A trained model codes a
 * missing value (NaN) as code 0: pass `{ nan: { code: 0 } }` to accept NaN (default: NAN_INPUT error).
 */
export function predictRaw(model: BsqModel, columns: ArrayLike<number>[], opts?: EncodeOptions): Float32Array {
  return predict(model, model.codec.encodeColumnsToCodes(columns, opts));
}

/**
 * One tfjs model from raw features to predictions: a hard BitwiseSoftQuantization layer holding the
 * codec's thresholds, then the network's layers. Its output equals predict() on the codec's codes
 * for float32 inputs.
 */
export function toRawModel(model: BsqModel): tfl.LayersModel {
  const bits = model.codec.features.map((f) => f.bits);
  const input = tfl.input({ shape: [bits.length], name: 'raw_features' });
  const q = new BitwiseSoftQuantization({ bits, hard: true, name: 'bsq_hard' });
  const codes = q.apply(input) as tfl.SymbolicTensor;
  const thresholds = new Float32Array(model.codec.thermometerWidth);
  let p = 0;
  for (const f of model.codec.features) { thresholds.set(f.thresholds, p); p += f.thresholds.length; }
  const tt = tf.tensor1d(thresholds);
  q.setWeights([tt]);
  tt.dispose();
  const out = model.network.apply(codes) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}
