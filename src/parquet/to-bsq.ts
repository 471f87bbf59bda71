// Parquet to .bsq: parquetToBsq (a whole file to one .bsq buffer) and parquetToBsqStream (.bsq byte
// chunks, reading one row group at a time so memory stays bounded by a row group). Features are
// matched to columns by name; blocks are cut at blockRows whatever the row groups, so the bytes
// depend only on the rows (a Parquet file and a CSV of the same numbers encode identically). A file
// that parquetFromBsq wrote with output: 'codes' is recognised by its metadata and read through its levels.
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { concatBytes } from '../format/index.js';
import { StreamEncoder } from '../stream/index.js';
import type { EncoderOptions } from '../stream/index.js';
import { codeColumnLevels, codesToLevels, columnIndices, rowGroupColumns } from './columns.js';
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
  if (codec === null || typeof codec !== 'object' || typeof codec.encodeRows !== 'function') throw new BsqError('INVALID_ARGUMENT', 'parquetToBsq expects a Codec as its second argument');
  if (input === null || typeof input !== 'object') throw new BsqError('INVALID_ARGUMENT', 'a Parquet input must be a Uint8Array, an ArrayBuffer or a { byteLength, slice } byte source');
  const info = 'metadata' in input && 'rowGroups' in input ? input : await openParquet(input, label);
  const names = codec.features.map((f) => options.columns?.[f.name] ?? f.name);
  // A categorical feature's column may hold its category strings (read as text, then indexed).
  const textual = codec.features.map((f, j) => f.categories !== undefined && info.columns.some((c) => c.name === names[j] && !c.numeric));
  const what = (n: string) => {
    const feature = codec.features[names.indexOf(n)].name;
    return feature === n ? `column "${n}" for feature "${feature}"` : `column "${n}" (feature "${feature}")`;
  };
  const numNames = names.filter((_, j) => !textual[j]);
  const indices = columnIndices(info, numNames, label, what);
  const textIdx = names.flatMap((n, j) => (textual[j] ? [info.columns.findIndex((c) => c.name === n)] : []));
  for (const n of names.filter((_, j) => textual[j])) {
    if (info.columns.filter((c) => c.name === n).length > 1) throw new BsqError('INVALID_DATA', `${label}: more than one column named "${n}"`, { column: n });
  }
  const levels = codeColumnLevels(info, numNames);
  levels?.forEach((l, j) => {
    if (l === null) throw new BsqError('INVALID_DATA', `${label}: column "${numNames[j]}" holds codes but the file's codec has no feature of that name (feature "${codec.features[names.indexOf(numNames[j]!)]!.name}")`, { column: numNames[j] });
  });
  const enc = new StreamEncoder(codec, options);
  yield* enc.start();
  for await (const group of rowGroupColumns(info, indices, label, textIdx)) {
    if (options.signal?.aborted) throw new BsqError('ABORTED', 'aborted');
    const nums = levels ? group.columns.map((c, j) => codesToLevels(c, levels[j]!, numNames[j]!, group.firstRow, label)) : group.columns;
    let n = 0;
    let t = 0;
    const cols = codec.features.map((_, j) => (textual[j] ? codec.categoryIndices(j, group.text[t++]!, { firstRow: group.firstRow }) : nums[n++]!));
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
