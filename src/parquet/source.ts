// Parquet inputs as hyparquet reads them: random-access byte sources (a Uint8Array, an ArrayBuffer or
// any { byteLength, slice(start, end) } object such as a file or an HTTP range reader), the file's
// metadata, and the check of the PAR1 signature so a non-Parquet input is a clear error.
import { BsqError } from '../codec/errors.js';
import { loadReader } from './load.js';
import type { KeyValue } from './metadata.js';

/** Random access to the bytes of a Parquet file (hyparquet's AsyncBuffer). */
export interface ParquetByteSource {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

export type ParquetInput = Uint8Array | ArrayBuffer | ParquetByteSource;

/** The 4-byte signature that starts and ends every Parquet file. */
export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** True when `head` starts with the Parquet signature PAR1 (how the CLI recognises Parquet input whatever its name). */
export function isParquetMagic(head: ArrayLike<number>): boolean {
  return head.length >= 4 && PARQUET_MAGIC.every((b, i) => head[i] === b);
}

export function toByteSource(input: ParquetInput): ParquetByteSource {
  if (input instanceof ArrayBuffer) return input;
  if (input instanceof Uint8Array) {
    return input.byteOffset === 0 && input.byteLength === input.buffer.byteLength && input.buffer instanceof ArrayBuffer
      ? input.buffer
      : (input.slice().buffer as ArrayBuffer);
  }
  if (input !== null && typeof input === 'object' && typeof input.byteLength === 'number' && typeof input.slice === 'function') return input;
  throw new BsqError('INVALID_ARGUMENT', 'a Parquet input must be a Uint8Array, an ArrayBuffer or a { byteLength, slice } byte source');
}

/** A Parquet leaf column as bsq sees it. */
export interface ParquetColumnInfo {
  name: string;
  /** Physical type with its logical annotation, e.g. "DOUBLE", "INT32 (UINT_8)", "BYTE_ARRAY (UTF8)". */
  type: string;
  /** Whether bsq can read it as numbers. */
  numeric: boolean;
}

export interface ParquetFileInfo {
  source: ParquetByteSource;
  /** hyparquet's FileMetaData. */
  metadata: import('hyparquet').FileMetaData;
  columns: ParquetColumnInfo[];
  rowCount: number;
  /** Row count of each row group, in file order. */
  rowGroups: number[];
  keyValue: KeyValue[];
}

const NOT_NUMERIC = new Set(['UTF8', 'JSON', 'BSON', 'ENUM', 'DATE', 'TIME_MILLIS', 'TIME_MICROS', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'INTERVAL', 'MAP', 'LIST']);

/** Open a Parquet file: check the signature and read the footer. */
export async function openParquet(input: ParquetInput, label = 'Parquet input'): Promise<ParquetFileInfo> {
  const source = toByteSource(input);
  const hy = await loadReader();
  if (source.byteLength < 12) throw new BsqError('INVALID_DATA', `${label}: not a Parquet file (${source.byteLength} bytes)`);
  const head = new Uint8Array(await source.slice(0, 4));
  const tail = new Uint8Array(await source.slice(source.byteLength - 4, source.byteLength));
  if (!isParquetMagic(head) || !isParquetMagic(tail)) {
    throw new BsqError('INVALID_DATA', `${label}: not a Parquet file (no PAR1 signature at both ends)`);
  }
  let metadata: import('hyparquet').FileMetaData;
  try {
    metadata = await hy.parquetMetadataAsync(source as import('hyparquet').AsyncBuffer);
  } catch (err) {
    throw new BsqError('INVALID_DATA', `${label}: corrupt Parquet footer (${err instanceof Error ? err.message : String(err)})`, undefined, { cause: err });
  }
  const corrupt = (what: string) => new BsqError('INVALID_DATA', `${label}: corrupt Parquet footer (${what})`);
  let tree: ReturnType<typeof hy.parquetSchema>;
  try {
    tree = hy.parquetSchema(metadata);
  } catch (err) {
    throw new BsqError('INVALID_DATA', `${label}: corrupt Parquet footer (${err instanceof Error ? err.message : String(err)})`, undefined, { cause: err });
  }
  // A flipped byte can leave the Thrift footer decodable with fields missing: check what is used.
  tree.children.forEach((child, i) => {
    if (typeof child.element?.name !== 'string') throw corrupt(`column ${i + 1} of the schema has no name`);
  });
  const rowCount = Number(metadata.num_rows);
  const rowGroups = (metadata.row_groups ?? []).map((g) => Number(g?.num_rows));
  if (!Number.isSafeInteger(rowCount) || rowCount < 0) throw corrupt(`row count ${String(metadata.num_rows)}`);
  if (rowGroups.some((k) => !Number.isSafeInteger(k) || k < 0) || rowGroups.reduce((a, k) => a + k, 0) !== rowCount) {
    throw corrupt(`row groups of ${rowGroups.join(' + ')} rows do not add up to the file's ${rowCount}`);
  }
  const columns: ParquetColumnInfo[] = tree.children.map((child) => {
    const el = child.element;
    const logical = el.logical_type?.type;
    const annotation = el.converted_type ?? logical;
    const type = `${el.type ?? 'GROUP'}${annotation ? ` (${annotation})` : ''}`;
    const numericPhysical = el.type === 'INT32' || el.type === 'INT64' || el.type === 'FLOAT' || el.type === 'DOUBLE' || el.type === 'BOOLEAN';
    const numeric =
      child.children.length === 0 &&
      numericPhysical &&
      !(el.converted_type && NOT_NUMERIC.has(el.converted_type)) &&
      !(logical && ['DATE', 'TIME', 'TIMESTAMP', 'STRING', 'JSON', 'UUID', 'INTERVAL'].includes(logical));
    return { name: el.name, type, numeric };
  });
  return {
    source,
    metadata,
    columns,
    rowCount,
    rowGroups,
    keyValue: (metadata.key_value_metadata ?? []) as KeyValue[],
  };
}
