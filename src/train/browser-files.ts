// A trained model as the three in-memory files saveModel writes (codec.bsq, model.json, weights.bin),
// for browsers to offer as downloads, and back. Byte-for-byte what saveModel writes, so Node's
// loadModel and `bsq eval --model DIR` read a directory of downloaded files.

import { modelFromArtifacts, modelToArtifacts, WEIGHTS_FILE } from './serialize.js';
import { BsqError } from '../codec/errors.js';
import type { BsqModel } from './model.js';

export interface ModelFiles {
  'codec.bsq': Uint8Array;
  'model.json': string;
  'weights.bin': Uint8Array;
}

/** The files of a saved model directory, in memory. */
export async function modelToFiles(model: BsqModel): Promise<ModelFiles> {
  const a = await modelToArtifacts(model);
  return { 'codec.bsq': a.codecBytes, 'model.json': JSON.stringify(a.modelJson), [WEIGHTS_FILE]: a.weights } as ModelFiles;
}

/** Rebuild a model from the three files (for example picked by the user). */
export async function modelFromFiles(files: ModelFiles): Promise<BsqModel> {
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(files['model.json']);
  } catch (err) {
    throw new BsqError('INVALID_DATA', 'model.json is not valid JSON', undefined, { cause: err });
  }
  return modelFromArtifacts({
    codecBytes: files['codec.bsq'],
    modelJson: modelJson as Parameters<typeof modelFromArtifacts>[0]['modelJson'],
    weights: files[WEIGHTS_FILE as 'weights.bin'],
  });
}
