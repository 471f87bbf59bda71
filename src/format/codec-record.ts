// The CODEC record (spec/FORMAT.md section 4.1): feature count, optional JSON metadata, then per
// feature name, bits, thresholds and levels as binary32. Encoding, and decoding with limit checks
// before every allocation; the codec's own rules (section 1) are checked by Codec.fromFeatures.

import { BsqError } from '../codec/errors.js';
import { Codec, type Feature } from '../codec/index.js';
import { ByteReader, ByteWriter, decodeUtf8 } from './bytes.js';
import { FLAG_CRITICAL, RECORD_CODEC, RECORD_OVERHEAD, U32_MAX } from './constants.js';
import { checkLimit, DEFAULT_LIMITS, type Limits } from './limits.js';
import { finishRecordInPlace } from './record.js';

const utf8 = new TextEncoder();

function metadataBytes(codec: Codec): Uint8Array {
  const m = codec.metadata;
  if (m === undefined) return new Uint8Array(0);
  let json: string | undefined;
  try {
    json = JSON.stringify(m);
  } catch (err) {
    throw new BsqError('INVALID_ARGUMENT', `codec metadata is not JSON-serialisable: ${(err as Error)?.message ?? String(err)}`, undefined, { cause: err });
  }
  if (typeof json !== 'string' || !json.startsWith('{')) {
    throw new BsqError('INVALID_ARGUMENT', 'codec metadata must serialise to a JSON object');
  }
  const b = utf8.encode(json);
  if (b.length > DEFAULT_LIMITS.maxMetadataBytes) {
    throw new BsqError('INVALID_ARGUMENT', `codec metadata is ${b.length} bytes of JSON, over the default reader limit maxMetadataBytes = ${DEFAULT_LIMITS.maxMetadataBytes}`);
  }
  return b;
}

/** The complete CODEC record (head, payload, CRC) for `codec`. */
export function encodeCodecRecord(codec: Codec): Uint8Array<ArrayBuffer> {
  if (!(codec instanceof Codec)) throw new BsqError('INVALID_ARGUMENT', 'encodeCodecRecord expects a Codec');
  const meta = metadataBytes(codec);
  const names = codec.features.map((f) => utf8.encode(f.name));
  let size = 2 + 4 + meta.length;
  for (let f = 0; f < codec.featureCount; f++) {
    size += 1 + names[f].length + 1 + 4 * (codec.features[f].thresholds.length + codec.features[f].levels.length);
  }
  if (size > DEFAULT_LIMITS.maxRecordBytes || size > U32_MAX) {
    throw new BsqError('INVALID_ARGUMENT', `CODEC record payload would be ${size} bytes, over the default reader limit maxRecordBytes = ${DEFAULT_LIMITS.maxRecordBytes}`);
  }
  const w = new ByteWriter(RECORD_OVERHEAD + size);
  w.pos = 6;
  w.u16(codec.featureCount);
  w.u32(meta.length);
  w.raw(meta);
  for (let f = 0; f < codec.featureCount; f++) {
    const feat = codec.features[f];
    w.u8(names[f].length);
    w.raw(names[f]);
    w.u8(feat.bits);
    w.f32s(feat.thresholds);
    w.f32s(feat.levels);
  }
  w.pos += 4; // CRC, filled below
  return finishRecordInPlace(w.finish(), RECORD_CODEC, FLAG_CRITICAL);
}

/** Decodes a CODEC payload (its CRC already verified). */
export function decodeCodecPayload(payload: Uint8Array, limits: Readonly<Limits>): Codec {
  const r = new ByteReader(payload, 'INVALID_CODEC', 'CODEC record');
  const featureCount = r.u16('featureCount');
  if (featureCount === 0) throw new BsqError('INVALID_CODEC', 'CODEC record has featureCount 0 (a codec needs at least one feature)');
  checkLimit(limits, 'maxFeatures', featureCount, 'CODEC featureCount');
  const metaLength = r.u32('metadataLength');
  checkLimit(limits, 'maxMetadataBytes', metaLength, 'CODEC metadataLength');
  let metadata: Record<string, unknown> | undefined;
  if (metaLength > 0) {
    const text = decodeUtf8(r.view(metaLength, 'metadata'), 'INVALID_CODEC', 'CODEC metadata');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BsqError('INVALID_CODEC', 'CODEC metadata is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new BsqError('INVALID_CODEC', 'CODEC metadata must be a JSON object');
    }
    metadata = parsed as Record<string, unknown>;
  }
  const features: Feature[] = [];
  for (let i = 0; i < featureCount; i++) {
    const nameLength = r.u8(`feature ${i} nameLength`);
    if (nameLength === 0) throw new BsqError('INVALID_CODEC', `feature ${i}: empty name`, { featureIndex: i });
    const name = decodeUtf8(r.view(nameLength, `feature ${i} name`), 'INVALID_CODEC', `feature ${i} name`);
    const bits = r.u8(`feature "${name}" bits`);
    if (bits < 1 || bits > 16) {
      const why = bits === 0 ? ' (a feature that is not sent is left out of the codec)' : '';
      throw new BsqError('INVALID_CODEC', `feature "${name}" (index ${i}): bits must be in 1..16, got ${bits}${why}`, { feature: name, featureIndex: i });
    }
    checkLimit(limits, 'maxBits', bits, `feature "${name}" bits`);
    const K = (1 << bits) - 1;
    const thresholds = r.f32s(K, `feature "${name}" thresholds`);
    const levels = r.f32s(K + 1, `feature "${name}" levels`);
    features.push({ name, bits, thresholds, levels });
  }
  if (r.remaining !== 0) {
    throw new BsqError('INVALID_CODEC', `CODEC record has ${r.remaining} bytes after the last feature`, { extra: r.remaining });
  }
  try {
    return Codec.fromFeatures(features, { metadata });
  } catch (err) {
    if (err instanceof BsqError && err.code === 'INVALID_CODEC') throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new BsqError('INVALID_CODEC', `CODEC record: ${message}`, undefined, { cause: err });
  }
}
