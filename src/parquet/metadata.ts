// Parquet key-value metadata that carries the codec: the same keys as the Arrow schema metadata
// (bsq.format_version, bsq.codec as a base64 codec-only .bsq file, bsq.output), so a decoded Parquet
// file says where its values came from and can be encoded back without the original .bsq.
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { FORMAT_MAJOR, FORMAT_MINOR, readBsq, writeBsq } from '../format/index.js';

/** Key-value metadata keys a decoded Parquet file carries: the format version, the codec (base64 codec-only .bsq) and the output kind. */
export const PARQUET_METADATA_KEYS = {
  version: 'bsq.format_version',
  codec: 'bsq.codec',
  output: 'bsq.output',
} as const;

export interface KeyValue {
  key: string;
  value?: string;
}

/** The key-value metadata that makes a decoded Parquet file say where its values came from. */
export function parquetCodecMetadata(codec: Codec, output: string, version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR }): KeyValue[] {
  return [
    { key: PARQUET_METADATA_KEYS.version, value: `${version.major}.${version.minor}` },
    { key: PARQUET_METADATA_KEYS.codec, value: toBase64(writeBsq(codec)) },
    { key: PARQUET_METADATA_KEYS.output, value: output },
  ];
}

export function metadataValue(kv: readonly KeyValue[] | undefined, key: string): string | undefined {
  return kv?.find((e) => e.key === key)?.value;
}

/** The codec a decoded Parquet file carries (undefined when it has none). */
export function codecFromParquetMetadata(kv: readonly KeyValue[] | undefined): Codec | undefined {
  if (kv !== undefined && kv !== null && !Array.isArray(kv)) {
    throw new BsqError('INVALID_ARGUMENT', 'codecFromParquetMetadata expects the key_value_metadata array of a Parquet footer');
  }
  const text = metadataValue(kv ?? undefined, PARQUET_METADATA_KEYS.codec);
  if (text === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new BsqError('INVALID_DATA', `Parquet metadata "${PARQUET_METADATA_KEYS.codec}" is not valid base64`);
  }
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return readBsq(bytes).codec;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
