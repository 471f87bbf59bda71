// Parquet to .bsq: parquetToBsq (a whole file to one .bsq buffer) and parquetToBsqStream (.bsq byte
// chunks, reading one row group at a time so memory stays bounded by a row group). Features are
// matched to columns by name; blocks are cut at blockRows whatever the row groups, so the bytes
// depend only on the rows (a Parquet file and a CSV of the same numbers encode identically). A file
// that bsqToParquet wrote with as: 'codes' is recognised by its metadata and read through its levels.
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { concatBytes } from '../format/index.js';
import { StreamEncoder } from '../stream/index.js';
import type { EncoderOptions } from '../stream/index.js';
import { columnIndices, rowGroupColumns } from './columns.js';
import { PARQUET_METADATA_KEYS, codecFromParquetMetadata, metadataValue } from './metadata.js';
import { openParquet } from './source.js';
import type { ParquetFileInfo, ParquetInput } from './source.js';

export interface ParquetEncodeOptions extends EncoderOptions {
  /** Column name per feature name, where they differ (default: the column named like the feature). */
  columns?: Readonly<Record<string, string>>;
  /** Name used in error messages (default "Parquet input"). */
  label?: string;
  signal?: AbortSignal;
}

/** Encode the feature columns of a Parquet file to .bsq byte chunks (header and codec first, END last). */
export async function* parquetToBsqStream(input: ParquetInput | ParquetFileInfo, codec: Codec, options: ParquetEncodeOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  const label = options.label ?? 'Parquet input';
  const info = 'metadata' in input && 'rowGroups' in input ? input : await openParquet(input, label);
  const names = codec.features.map((f) => options.columns?.[f.name] ?? f.name);
  const indices = columnIndices(info, names, label, (n) => {
    const feature = codec.features[names.indexOf(n)].name;
    return feature === n ? `column "${n}" for feature "${feature}"` : `column "${n}" (feature "${feature}")`;
  });
  const levels = codeLevels(info, codec, names);
  const enc = new StreamEncoder(codec, options);
  yield* enc.start();
  for await (const group of rowGroupColumns(info, indices, label)) {
    if (options.signal?.aborted) throw new BsqError('ABORTED', 'aborted');
    const cols = levels ? group.columns.map((c, j) => codesToLevels(c, levels[j], names[j], group.firstRow, label)) : group.columns;
    yield* enc.pushColumns(cols, group.rowCount);
  }
  yield* enc.finish();
}

/** Encode the feature columns of a Parquet file to one .bsq buffer. */
export async function parquetToBsq(input: ParquetInput, codec: Codec, options: ParquetEncodeOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of parquetToBsqStream(input, codec, options)) parts.push(chunk);
  return concatBytes(parts);
}

/** For a file written with as: 'codes', each column's levels in the file's own codec. */
function codeLevels(info: ParquetFileInfo, codec: Codec, names: readonly string[]): Float32Array[] | undefined {
  if (metadataValue(info.keyValue, PARQUET_METADATA_KEYS.as) !== 'codes') return undefined;
  const own = codecFromParquetMetadata(info.keyValue);
  if (own === undefined) return undefined;
  return names.map((name, j) => {
    const f = own.features.find((x) => x.name === name);
    if (f === undefined) throw new BsqError('INVALID_DATA', `column "${name}" holds codes but the file's codec has no feature of that name (feature "${codec.features[j].name}")`, { column: name });
    return f.levels;
  });
}

function codesToLevels(codes: Float64Array, levels: Float32Array, column: string, firstRow: number, label: string): Float64Array {
  const out = new Float64Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const c = codes[r];
    if (Number.isNaN(c)) {
      out[r] = NaN; // a null cell: the NaN policy decides
      continue;
    }
    const v = levels[c];
    if (v === undefined) {
      throw new BsqError('INVALID_DATA', `${label} row ${firstRow + r + 1}: column "${column}": code ${c} is out of range for the feature's ${levels.length} levels`, { column, row: firstRow + r, code: c });
    }
    out[r] = v;
  }
  return out;
}
