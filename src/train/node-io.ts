// Saving and loading a trained model in a directory (Node only; node:fs is imported lazily so the
// rest of bsq/train stays browser-safe). Layout: codec.bsq (codec-only .bsq), model.json (tfjs
// layers format, weights in weights.bin), weights.bin, and optionally report.json.

import { BsqError } from '../codec/errors.js';
import type { BsqModel } from './model.js';
import { modelFromArtifacts, modelToArtifacts, WEIGHTS_FILE } from './serialize.js';

export const CODEC_FILE = 'codec.bsq';
export const MODEL_FILE = 'model.json';
export const REPORT_FILE = 'report.json';

async function nodeFs() {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  return { fs, path };
}

/** Write codec.bsq, model.json and weights.bin (and report.json when given) into `dir` (created if needed). */
export async function saveModel(model: BsqModel, dir: string, opts: { report?: unknown } = {}): Promise<{ files: string[] }> {
  const { fs, path } = await nodeFs();
  const a = await modelToArtifacts(model);
  await fs.mkdir(dir, { recursive: true });
  const files = [path.join(dir, CODEC_FILE), path.join(dir, MODEL_FILE), path.join(dir, WEIGHTS_FILE)];
  await fs.writeFile(files[0]!, a.codecBytes);
  await fs.writeFile(files[1]!, JSON.stringify(a.modelJson));
  await fs.writeFile(files[2]!, a.weights);
  if (opts.report !== undefined) {
    const p = path.join(dir, REPORT_FILE);
    await fs.writeFile(p, JSON.stringify(opts.report, null, 2));
    files.push(p);
  }
  return { files };
}

/** Load a model saved by saveModel. */
export async function loadModel(dir: string): Promise<BsqModel> {
  const { fs, path } = await nodeFs();
  const read = async (name: string) => {
    try {
      return await fs.readFile(path.join(dir, name));
    } catch (err) {
      throw new BsqError('INVALID_DATA', `cannot read ${path.join(dir, name)}: ${(err as Error).message}`, { file: name }, { cause: err });
    }
  };
  const [codecBytes, modelText, weights] = await Promise.all([read(CODEC_FILE), read(MODEL_FILE), read(WEIGHTS_FILE)]);
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(modelText.toString('utf8'));
  } catch (err) {
    throw new BsqError('INVALID_DATA', `${path.join(dir, MODEL_FILE)} is not valid JSON`, { file: MODEL_FILE }, { cause: err });
  }
  try {
    return await modelFromArtifacts({
      codecBytes: new Uint8Array(codecBytes.buffer, codecBytes.byteOffset, codecBytes.byteLength),
      modelJson: modelJson as Parameters<typeof modelFromArtifacts>[0]['modelJson'],
      weights: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength),
    });
  } catch (err) {
    // A truncated or corrupt codec.bsq / weights.bin: say which model directory it is.
    if (err instanceof BsqError && !err.message.includes(dir)) throw new BsqError(err.code, `model in ${dir}: ${err.message}`, err.details, { cause: err });
    throw err;
  }
}
