// The CODEC record (spec/FORMAT.md section 4.1): feature count, optional JSON metadata, then per
// feature name, bits, thresholds and levels as binary32, then (format 1.1, only when a feature is
// categorical) the dictionaries of the categorical features. Encoding, and decoding with limit
// checks before every allocation; the codec's own rules (section 1) are checked by Codec.fromFeatures.

import { BsqError } from '../codec/errors.js';
import { Codec, type Feature } from '../codec/index.js';
import { ByteReader, ByteWriter, decodeUtf8 } from './bytes.js';
import { FLAG_CRITICAL, FORMAT_MINOR, FORMAT_MINOR_CATEGORICAL, RECORD_CODEC, RECORD_OVERHEAD, U32_MAX } from './constants.js';
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

interface CategoricalEntry {
  index: number;
  unknown: number;
  strings: Uint8Array[];
}

/** The dictionaries section (4.1, format 1.1) of a codec with categorical features, or undefined. */
function categoricalPart(codec: Codec): { entries: CategoricalEntry[]; size: number } | undefined {
  const entries: CategoricalEntry[] = [];
  let size = 2;
  codec.features.forEach((f, index) => {
    if (f.categories === undefined) return;
    const strings = f.categories.map((c) => utf8.encode(c));
    size += 2 + 1 + 4;
    for (const b of strings) size += 2 + b.length;
    entries.push({ index, unknown: f.unknown === 'code' ? 1 : 0, strings });
  });
  return entries.length === 0 ? undefined : { entries, size };
}

/** The format minor version a file with this codec is written with: 1 when a feature is categorical, else 0. */
export function formatMinorFor(codec: Codec): number {
  return codec.features.some((f) => f.categories !== undefined) ? FORMAT_MINOR_CATEGORICAL : FORMAT_MINOR;
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
  const cat = categoricalPart(codec);
  if (cat) size += cat.size;
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
  if (cat) {
    w.u16(cat.entries.length);
    for (const e of cat.entries) {
      w.u16(e.index);
      w.u8(e.unknown);
      w.u32(e.strings.length);
      for (const b of e.strings) {
        w.u16(b.length);
        w.raw(b);
      }
    }
  }
  w.pos += 4; // CRC, filled below
  return finishRecordInPlace(w.finish(), RECORD_CODEC, FLAG_CRITICAL);
}

/**
 * The dictionaries section (4.1): categoricalCount u16, then per categorical feature its index
 * (strictly increasing), unknown policy and categories. Counts are checked against the bytes left
 * before anything is allocated; the dictionary rules themselves are checked by Codec.fromFeatures.
 */
function readCategorical(r: ByteReader, features: { name: string; categories?: readonly string[]; unknown?: Feature['unknown'] }[]): void {
  const count = r.u16('categoricalCount');
  if (count === 0 || count > features.length) {
    throw new BsqError('INVALID_CODEC', `CODEC record: categoricalCount ${count} is not in 1..featureCount (${features.length})`);
  }
  let prev = -1;
  for (let j = 0; j < count; j++) {
    const index = r.u16(`categorical entry ${j} featureIndex`);
    if (index <= prev || index >= features.length) {
      throw new BsqError('INVALID_CODEC', `CODEC record: categorical entry ${j} names feature index ${index}; indices must increase and be below ${features.length}`, { featureIndex: index });
    }
    prev = index;
    const f = features[index]!;
    const policy = r.u8(`feature "${f.name}" unknown policy`);
    if (policy > 1) throw new BsqError('INVALID_CODEC', `feature "${f.name}" (index ${index}): unknown policy ${policy} is not 0 (error) or 1 (code)`, { feature: f.name, featureIndex: index });
    const k = r.u32(`feature "${f.name}" categoryCount`);
    if (k === 0 || k > 65536) throw new BsqError('INVALID_CODEC', `feature "${f.name}" (index ${index}): categoryCount ${k} is not in 1..65536`, { feature: f.name, featureIndex: index });
    if (k * 3 > r.remaining) {
      throw new BsqError('INVALID_CODEC', `feature "${f.name}" (index ${index}): ${k} categories need at least ${k * 3} bytes, the CODEC record has ${r.remaining} left`, { feature: f.name, featureIndex: index });
    }
    const cats = new Array<string>(k);
    for (let c = 0; c < k; c++) {
      const len = r.u16(`feature "${f.name}" category ${c} length`);
      if (len === 0) throw new BsqError('INVALID_CODEC', `feature "${f.name}" (index ${index}): category ${c} is empty`, { feature: f.name, featureIndex: index });
      cats[c] = decodeUtf8(r.view(len, `feature "${f.name}" category ${c}`), 'INVALID_CODEC', `feature "${f.name}" category ${c}`);
    }
    f.categories = cats;
    f.unknown = policy === 1 ? 'code' : 'error';
  }
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
  const features: { -readonly [K in keyof Feature]: Feature[K] }[] = [];
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
  if (r.remaining !== 0) readCategorical(r, features);
  if (r.remaining !== 0) {
    throw new BsqError('INVALID_CODEC', `CODEC record has ${r.remaining} bytes after the dictionaries of its categorical features`, { extra: r.remaining });
  }
  try {
    return Codec.fromFeatures(features, { metadata });
  } catch (err) {
    if (err instanceof BsqError && err.code === 'INVALID_CODEC') throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new BsqError('INVALID_CODEC', `CODEC record: ${message}`, undefined, { cause: err });
  }
}

/**
 * Whether codes of `a` mean what they mean in `b`: the same CODEC record apart from the metadata
 * (features, names, widths, thresholds, levels, categories). A trained model checks its input with it.
 */
export function sameCodecRecord(a: Codec, b: Codec): boolean {
  if (a === b) return true;
  const x = encodeCodecRecord(a.withMetadata(undefined));
  const y = encodeCodecRecord(b.withMetadata(undefined));
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
