// Byte form of an entropy model: the payload of the ENTROPY_MODEL record (spec/FORMAT.md 4.4).
//   scaleBits u8 | featureCount u16 | per feature: mode u8, contextBits u8, freqs (each a minimal
//   unsigned LEB128 varint of 1..3 bytes: most frequencies are small, so a table costs ~1 byte per code)
// Reading validates everything (lengths, canonical varints, sums, no zero frequency) before returning.

import { BsqError } from '../errors.js';
import {
  MODE_ORDER1,
  featureEntryCount,
  validateEntropyModel,
  type EntropyFeatureModel,
  type EntropyMode,
  type EntropyModel,
} from './model.js';

/** Bytes of the LEB128 varint of a frequency (1..2^15). */
export function varintLength(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : 3;
}

/** Payload length of a model in bytes. */
export function entropyModelByteLength(model: EntropyModel): number {
  let n = 3;
  for (const fm of model.features) {
    n += 2;
    for (let i = 0; i < fm.freqs.length; i++) n += varintLength(fm.freqs[i]!);
  }
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
      let v = t[i]!;
      while (v >= 0x80) {
        out[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      out[p++] = v;
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
    // Every varint takes at least one byte: check the room before allocating.
    if (!(p + entries <= payload.length)) fail(`ends inside the frequency tables of ${label} (mode ${mode}, contextBits ${contextBits})`, { feature: f });
    const freqs = new Uint16Array(entries);
    for (let i = 0; i < entries; i++) {
      let v = 0;
      let k = 0;
      for (;;) {
        if (p >= payload.length) fail(`ends inside the frequency tables of ${label}`, { feature: f });
        const byte = payload[p++]!;
        v |= (byte & 0x7f) << (7 * k);
        k++;
        if (byte < 0x80) {
          if (byte === 0 && k > 1) fail(`${label}: frequency ${i} is a non-minimal varint`, { feature: f, entry: i });
          break;
        }
        if (k === 3) fail(`${label}: frequency ${i} is a varint longer than 3 bytes`, { feature: f, entry: i });
      }
      if (v > 0xffff) fail(`${label}: frequency ${i} = ${v} is above 2^15`, { feature: f, entry: i });
      freqs[i] = v;
    }
    features.push({ bits: b, mode: mode as EntropyMode, contextBits, freqs });
  }
  if (p !== payload.length) fail(`has ${payload.length - p} bytes after the last feature`, { extra: payload.length - p });
  const model: EntropyModel = { scaleBits, features };
  validateEntropyModel(model, bits, names, 'INVALID_CODEC');
  return model;
}
