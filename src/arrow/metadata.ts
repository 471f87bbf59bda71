// Schema metadata that carries a codec through Arrow: the format version and the codec itself (a
// codec-only .bsq file, base64) under stable keys, so a table decoded from .bsq knows its codec and
// can be turned back into .bsq without the original file.
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { FORMAT_MAJOR, FORMAT_MINOR, readBsq, writeBsq } from '../format/index.js';

/** Schema metadata keys written by tableFromBsq / recordBatchesFromBsq. */
export const METADATA_KEYS = {
  /** "major.minor" of the .bsq format the data came from. */
  version: 'bsq.format_version',
  /** The codec as a codec-only .bsq file, base64 (standard alphabet, padded). */
  codec: 'bsq.codec',
  /** How the feature columns hold the data (the `output` option): 'values', 'codes' or 'dictionary'. */
  output: 'bsq.output',
} as const;

/** Field metadata key: the feature's bit width. */
export const FIELD_BITS_KEY = 'bsq.bits';

export function codecMetadata(codec: Codec, output: string, version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR }): Map<string, string> {
  return new Map([
    [METADATA_KEYS.version, `${version.major}.${version.minor}`],
    [METADATA_KEYS.codec, toBase64(writeBsq(codec))],
    [METADATA_KEYS.output, output],
  ]);
}

/**
 * The codec stored in Arrow schema metadata by tableFromBsq / recordBatchesFromBsq, or undefined when
 * the metadata has none (a table that did not come from .bsq). Malformed codec metadata is a BsqError (INVALID_DATA, or the format error).
 */
export function codecFromMetadata(metadata: Map<string, string> | undefined | null): Codec | undefined {
  if (metadata !== undefined && metadata !== null && !(metadata instanceof Map)) {
    throw new BsqError('INVALID_ARGUMENT', 'codecFromMetadata expects the Map of an Arrow schema or field (schema.metadata)');
  }
  const text = metadata?.get(METADATA_KEYS.codec);
  if (text === undefined) return undefined;
  const bytes = fromBase64(text);
  return readBsq(bytes).codec;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '=';
  }
  return out;
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(clean)) {
    throw new BsqError('INVALID_DATA', `schema metadata "${METADATA_KEYS.codec}" is not valid base64`);
  }
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | ALPHABET.indexOf(clean[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
