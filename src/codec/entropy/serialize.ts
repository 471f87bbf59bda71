// Byte form of an entropy model: the payload of the ENTROPY_MODEL record (spec/FORMAT.md 4.4).
//   scaleBits u8 | featureCount u16 | per feature: mode u8, contextBits u8, freqs (u16 LE each)
// Reading validates everything (lengths, sums, no zero frequency) before returning.

import { BsqError } from '../errors.js';
import {
  MODE_ORDER1,
  featureEntryCount,
  validateEntropyModel,
  type EntropyFeatureModel,
  type EntropyMode,
  type EntropyModel,
} from './model.js';

/** Payload length of a model in bytes. */
export function entropyModelByteLength(model: EntropyModel): number {
  let n = 3;
  for (const fm of model.features) n += 2 + 2 * fm.freqs.length;
  return n;
}

/** Serialises a model (validated against its own bit widths first). */
export function encodeEntropyModel(model: EntropyModel): Uint8Array {
  validateEntropyModel(
    model,
    model.features.map((fm) => fm.bits),
    undefined,
    'INVALID_ARGUMENT',
  );
  if (model.features.length > 0xffff) throw new BsqError('INVALID_ARGUMENT', 'entropy model: too many features');
  const out = new Uint8Array(entropyModelByteLength(model));
  out[0] = model.scaleBits;
  out[1] = model.features.length & 0xff;
  out[2] = model.features.length >>> 8;
  let p = 3;
  for (const fm of model.features) {
    out[p++] = fm.mode;
    out[p++] = fm.contextBits;
    const t = fm.freqs;
    for (let i = 0; i < t.length; i++) {
      out[p++] = t[i]! & 0xff;
      out[p++] = t[i]! >>> 8;
    }
  }
  return out;
}

/**
 * Parses and validates a model payload for a codec with the given bit widths (and names, for
 * messages). Errors: INVALID_CODEC for any malformed content, UNSUPPORTED_ENCODING for a mode
 * value this version does not know.
 */
export function decodeEntropyModel(payload: Uint8Array, bits: ArrayLike<number>, names?: ArrayLike<string>): EntropyModel {
  const fail = (msg: string, details?: Record<string, unknown>): never => {
    throw new BsqError('INVALID_CODEC', `ENTROPY_MODEL record: ${msg}`, details);
  };
  if (payload.length < 3) fail(`payload of ${payload.length} bytes is shorter than its 3-byte header`);
  const scaleBits = payload[0]!;
  const F = payload[1]! | (payload[2]! << 8);
  if (F !== bits.length) fail(`declares ${F} features, the codec has ${bits.length}`, { modelFeatures: F, codecFeatures: bits.length });
  const features: EntropyFeatureModel[] = [];
  let p = 3;
  for (let f = 0; f < F; f++) {
    const label = names ? `feature ${f} ("${names[f]}")` : `feature ${f}`;
    if (p + 2 > payload.length) fail(`ends inside the entry of ${label}`, { feature: f });
    const mode = payload[p++]!;
    const contextBits = payload[p++]!;
    if (mode > MODE_ORDER1) {
      throw new BsqError('UNSUPPORTED_ENCODING', `ENTROPY_MODEL record: ${label} uses model mode ${mode}, unknown to this version`, {
        feature: f,
        mode,
      });
    }
    const b = bits[f]!;
    // contextBits is range-checked by validation; bound it here so the size computation is safe.
    const entries = mode === MODE_ORDER1 && contextBits > 8 ? Infinity : featureEntryCount(b, mode as EntropyMode, contextBits);
    if (!(p + 2 * entries <= payload.length)) fail(`ends inside the frequency tables of ${label} (mode ${mode}, contextBits ${contextBits})`, { feature: f });
    const freqs = new Uint16Array(entries);
    for (let i = 0; i < entries; i++, p += 2) freqs[i] = payload[p]! | (payload[p + 1]! << 8);
    features.push({ bits: b, mode: mode as EntropyMode, contextBits, freqs });
  }
  if (p !== payload.length) fail(`has ${payload.length - p} bytes after the last feature`, { extra: payload.length - p });
  const model: EntropyModel = { scaleBits, features };
  validateEntropyModel(model, bits, names, 'INVALID_CODEC');
  return model;
}
