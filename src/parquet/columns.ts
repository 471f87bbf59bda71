// Reads Parquet columns as numbers, one row group at a time (memory stays bounded by a row group):
// INT32/INT64/FLOAT/DOUBLE/BOOLEAN (and DECIMAL) columns become Float64Arrays, nulls become NaN so the
// codec's NaN policy (or the caller) decides. Used by parquetToBsq and the CLI's Parquet input.
import { BsqError } from '../codec/errors.js';
import { loadDecompressors, loadReader } from './load.js';
import type { ParquetFileInfo } from './source.js';
import { PARQUET_METADATA_KEYS, codecFromParquetMetadata, metadataValue } from './metadata.js';

/** The schema indices of `names` in the file; a missing, repeated or non-numeric column is an error. */
export function columnIndices(info: ParquetFileInfo, names: readonly string[], label = 'Parquet input', what: (name: string) => string = (n) => `column "${n}"`): number[] {
  const all = info.columns.map((c) => c.name);
  return names.map((name) => {
    const i = all.indexOf(name);
    if (i < 0) throw new BsqError('INVALID_DATA', `${label}: no ${what(name)} (columns: ${preview(all)})`, { column: name });
    if (all.indexOf(name, i + 1) >= 0) throw new BsqError('INVALID_DATA', `${label}: more than one column named "${name}"`, { column: name });
    const c = info.columns[i];
    if (!c.numeric) {
      throw new BsqError('INVALID_DATA', `${label}: ${what(name)} has Parquet type ${c.type}; bsq needs an integer, FLOAT or DOUBLE column`, { column: name, type: c.type });
    }
    return i;
  });
}

/**
 * Yield the given columns (schema indices from columnIndices) of each row group as Float64Arrays,
 * and the `textIndices` columns (any type) as strings (null -> ''), in file order. Empty row groups
 * are skipped.
 */
export async function* rowGroupColumns(
  info: ParquetFileInfo,
  indices: readonly number[],
  label: string,
  textIndices: readonly number[] = [],
): AsyncGenerator<{ columns: Float64Array[]; text: string[][]; rowCount: number; firstRow: number }> {
  const hy = await loadReader();
  const compressors = await loadDecompressors();
  const names = indices.map((i) => info.columns[i].name);
  const textNames = textIndices.map((i) => info.columns[i].name);
  let firstRow = 0;
  for (const groupRows of info.rowGroups) {
    if (groupRows === 0) continue;
    const start = firstRow;
    const end = start + groupRows;
    // Allocated on first use: a DOUBLE column hyparquet delivers whole is taken as it is (no copy).
    const cols: (Float64Array | undefined)[] = names.map(() => undefined);
    const filled = names.map(() => 0);
    const text = textNames.map(() => new Array<string>(groupRows).fill(''));
    try {
      // one column chunk at a time: the bytes in flight stay those of one column, not of the group
      for (const column of [...new Set([...names, ...textNames])]) await hy.parquetRead({
        file: info.source as import('hyparquet').AsyncBuffer,
        metadata: info.metadata,
        columns: [column],
        rowStart: start,
        rowEnd: end,
        ...(compressors ? { compressors } : {}),
        onChunk: (chunk) => {
          const t = textNames.indexOf(chunk.columnName);
          if (t >= 0) {
            const data = chunk.columnData as ArrayLike<unknown>;
            for (let r = Math.max(chunk.rowStart, start); r < Math.min(chunk.rowEnd, end); r++) text[t][r - start] = toText(data[r - chunk.rowStart]);
          }
          const j = names.indexOf(chunk.columnName);
          if (j < 0) return;
          const from = Math.max(chunk.rowStart, start);
          const to = Math.min(chunk.rowEnd, end);
          const data = chunk.columnData as ArrayLike<unknown>;
          if (data instanceof Float64Array && cols[j] === undefined && chunk.rowStart === start && chunk.rowEnd === end) {
            cols[j] = data;
            filled[j] += groupRows;
            return;
          }
          const out = (cols[j] ??= new Float64Array(groupRows).fill(NaN));
          if (ArrayBuffer.isView(data) && !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array)) {
            // a typed array (a column without nulls): copy it whole
            out.set((data as unknown as Float64Array).subarray(from - chunk.rowStart, to - chunk.rowStart), from - start);
          } else {
            for (let r = from; r < to; r++) out[r - start] = toNumber(data[r - chunk.rowStart]);
          }
          filled[j] += Math.max(0, to - from);
        },
      });
    } catch (err) {
      if (err instanceof BsqError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      if (/compressor|codec/i.test(msg) && compressors === undefined) {
        throw new BsqError('MISSING_DEPENDENCY', `${label}: ${msg}; pages compressed with gzip, brotli, lz4 or zstd need 'hyparquet-compressors' (npm install hyparquet-compressors)`, undefined, { cause: err });
      }
      throw new BsqError('INVALID_DATA', `${label}: corrupt Parquet data in rows ${start + 1}-${end} (${msg})`, { row: start }, { cause: err });
    }
    for (let j = 0; j < names.length; j++) {
      if (filled[j] !== groupRows) {
        throw new BsqError('INVALID_DATA', `${label}: column "${names[j]}" holds ${filled[j]} values for the ${groupRows} rows of its row group (corrupt Parquet data)`, { column: names[j], row: start });
      }
    }
    yield { columns: cols as Float64Array[], text, rowCount: groupRows, firstRow: start };
    firstRow = end;
  }
}

/**
 * For a file parquetFromBsq wrote with output: 'codes' (metadata bsq.output = codes), the levels of each named
 * column's feature in the file's own codec (null for a column that is not one of its features);
 * undefined for any other file.
 */
export function codeColumnLevels(info: ParquetFileInfo, names: readonly string[]): (Float32Array | null)[] | undefined {
  if (metadataValue(info.keyValue, PARQUET_METADATA_KEYS.output) !== 'codes') return undefined;
  const own = codecFromParquetMetadata(info.keyValue);
  if (own === undefined) return undefined;
  return names.map((name) => own.features.find((x) => x.name === name)?.levels ?? null);
}

/** Codes read from a codes file, as the levels they stand for (NaN, a null cell, stays NaN). */
export function codesToLevels(codes: Float64Array, levels: Float32Array, column: string, firstRow: number, label: string): Float64Array {
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

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

function preview(names: string[]): string {
  const shown = names.slice(0, 12).map((s) => JSON.stringify(s)).join(', ');
  return names.length > 12 ? `${shown}, ... (${names.length} in all)` : shown || '(none)';
}
