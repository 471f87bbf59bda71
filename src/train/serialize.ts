// Browser-safe (de)serialisation of a trained model: the codec as a codec-only .bsq (bytes), the
// network as tfjs's model.json object plus one weights buffer. Node file I/O lives in node-io.ts.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BsqError } from '../codec/errors.js';
import { readBsq, writeBsq } from '../format/index.js';
import { ensureBackend } from './backend.js';
import './bsq-layer.js'; // registers BitwiseSoftQuantization for deserialisation
import type { ClassLabel, Task } from './data.js';
import type { BsqModel } from './model.js';

/** The three parts of a saved model. `modelJson` is tfjs's model.json with weights in `weightsPath`. */
export interface ModelArtifactsBundle {
  codecBytes: Uint8Array;
  modelJson: tf.io.ModelJSON & { userDefinedMetadata?: Record<string, unknown> };
  weights: Uint8Array;
}

export const WEIGHTS_FILE = 'weights.bin';

/** Serialise a model (codec bytes, model.json object, weights bytes). */
export async function modelToArtifacts(model: BsqModel): Promise<ModelArtifactsBundle> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.network.save(tf.io.withSaveHandler(async (a) => {
    captured = a;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  if (!captured || !captured.weightSpecs || !captured.modelTopology) {
    throw new BsqError('INVALID_ARGUMENT', 'could not serialise the network');
  }
  const weightData = captured.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(captured.weightData);
  const modelJson: ModelArtifactsBundle['modelJson'] = {
    modelTopology: captured.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: 'layers-model',
    generatedBy: captured.generatedBy ?? 'TensorFlow.js tfjs-layers',
    convertedBy: null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: captured.weightSpecs }],
    userDefinedMetadata: { bsq: { task: model.task, target: model.target, ...(model.classes ? { classes: model.classes } : {}) } },
  };
  return { codecBytes: writeBsq(model.codec), modelJson, weights: new Uint8Array(weightData) };
}

function modelInfo(json: ModelArtifactsBundle['modelJson'], codecMeta: Record<string, unknown> | undefined): { task: Task; target: string; classes?: ClassLabel[] } {
  const meta = (json.userDefinedMetadata?.['bsq'] ?? codecMeta) as { task?: unknown; target?: unknown; classes?: unknown } | undefined;
  const task = meta?.task;
  if (task !== 'regression' && task !== 'classification') {
    throw new BsqError('INVALID_DATA', 'model.json has no bsq task metadata (not saved by bsq/train?)');
  }
  const target = typeof meta?.target === 'string' ? meta.target : 'target';
  const classes = Array.isArray(meta?.classes) ? (meta.classes as ClassLabel[]) : undefined;
  return { task, target, ...(classes ? { classes } : {}) };
}

/** Rebuild a model from its three parts. */
export async function modelFromArtifacts(bundle: ModelArtifactsBundle): Promise<BsqModel> {
  await ensureBackend();
  const file = readBsq(bundle.codecBytes);
  const json = bundle.modelJson;
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new BsqError('INVALID_DATA', 'model.json is not a tfjs layers model');
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const weights = bundle.weights;
  const buf = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  let network: tfl.LayersModel;
  try {
    network = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: buf }));
  } catch (err) {
    // tfjs reports a truncated weights file or a damaged topology with its own (code-less) errors.
    const msg = err instanceof Error ? err.message : String(err);
    throw new BsqError('INVALID_DATA', `the saved network does not load (model.json and ${WEIGHTS_FILE} do not match: ${msg})`, undefined, { cause: err });
  }
  const inShape = network.inputs[0]!.shape;
  if (inShape[inShape.length - 1] !== file.codec.thermometerWidth) {
    throw new BsqError('INVALID_DATA', `network input width ${String(inShape[inShape.length - 1])} does not match the codec's thermometer width ${file.codec.thermometerWidth}`);
  }
  return { codec: file.codec, network, ...modelInfo(json, file.codec.metadata as Record<string, unknown> | undefined) };
}
