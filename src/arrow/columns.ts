// Column matching: finds each codec feature's column in an Arrow record batch by name and views it
// as numbers (Float32/Float64 without copying; integers, Float16 and numeric dictionaries widened;
// nulls become NaN so the codec's NaN policy decides). A categorical feature (FORMAT.md 1.5) takes a
// string column (Utf8, or a Dictionary of Utf8, such as tableFromBsq writes for it) whose values
// become category indices (Codec.categoryIndices), or a numeric column of indices. Missing or
// non-numeric columns are errors.
import { DataType, Precision } from 'apache-arrow';
import type { RecordBatch, Schema, Vector } from 'apache-arrow';
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { METADATA_KEYS, codecFromMetadata } from './metadata.js';

export interface ColumnMatchOptions {
  /** Column name per feature name, where they differ (default: the column named like the feature). */
  columns?: Readonly<Record<string, string>>;
  /** Columns that are not features: 'ignore' them (default) or treat them as an error. */
  extraColumns?: 'ignore' | 'error';
}

/** Index of each feature's column in `schema`, in codec order. */
export function matchColumns(schema: Schema, codec: Codec, options: ColumnMatchOptions = {}): number[] {
  const names = schema.fields.map((f) => f.name);
  const used = new Set<number>();
  const out: number[] = [];
  for (const feature of codec.features) {
    const colName = options.columns?.[feature.name] ?? feature.name;
    const idx = names.indexOf(colName);
    if (idx < 0) {
      throw new BsqError('INVALID_DATA', `the table has no column "${colName}" for feature "${feature.name}" (columns: ${preview(names)})`, { feature: feature.name, column: colName });
    }
    if (names.indexOf(colName, idx + 1) >= 0) {
      throw new BsqError('INVALID_DATA', `the table has more than one column named "${colName}" (feature "${feature.name}")`, { feature: feature.name, column: colName });
    }
    const type = schema.fields[idx].type;
    if (feature.categories !== undefined && isTextType(type)) {
      // categories as strings
    } else if (!isNumericType(type)) {
      throw new BsqError('INVALID_DATA', `column "${colName}" (feature "${feature.name}") has type ${String(type)}; bsq needs a Float32, Float64 or integer column`, { feature: feature.name, column: colName, type: String(type) });
    }
    used.add(idx);
    out.push(idx);
  }
  if (options.extraColumns === 'error') {
    const extra = names.filter((_, i) => !used.has(i));
    if (extra.length > 0) {
      throw new BsqError('INVALID_DATA', `the table has columns that are not codec features: ${preview(extra)}`, { columns: extra });
    }
  } else if (options.extraColumns !== undefined && options.extraColumns !== 'ignore') {
    throw new BsqError('INVALID_ARGUMENT', `extraColumns must be 'ignore' or 'error', got ${String(options.extraColumns)}`);
  }
  return out;
}

/** True for string columns (Utf8, LargeUtf8, or a Dictionary of them): a categorical feature's categories. */
export function isTextType(type: DataType): boolean {
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return true;
  return DataType.isDictionary(type) && (DataType.isUtf8(type.dictionary) || DataType.isLargeUtf8(type.dictionary));
}

/** True for the Arrow types a feature column may have (ints, floats, and dictionaries of them). */
export function isNumericType(type: DataType): boolean {
  if (DataType.isFloat(type) || DataType.isInt(type)) return true;
  if (DataType.isDictionary(type)) return DataType.isFloat(type.dictionary) || DataType.isInt(type.dictionary);
  return false;
}

/**
 * The feature columns of one record batch, as numbers, in codec order (`indices` from matchColumns).
 * `codeLevels[i]`, when set, marks column i as holding codes (a tableFromBsq 'codes' table): they are
 * read back as the levels they stand for, so re-encoding gives the same codes.
 */
export function batchColumns(
  batch: RecordBatch, indices: readonly number[], codeLevels?: readonly (Float32Array | null)[], categories?: { codec: Codec; firstRow: number },
): ArrayLike<number>[] {
  return indices.map((i, j) => {
    const vector = batch.getChildAt(i)!;
    if (categories && isTextType(vector.type as DataType)) {
      const strings = new Array<string | null>(vector.length);
      for (let r = 0; r < vector.length; r++) strings[r] = vector.get(r) as string | null;
      return categories.codec.categoryIndices(j, strings, { firstRow: categories.firstRow });
    }
    const col = numericColumn(vector);
    const levels = codeLevels?.[j];
    return levels ? codesToLevels(col, levels, batch.schema.fields[i].name) : col;
  });
}

/**
 * For a table made by tableFromBsq(..., { output: 'codes' }) (schema metadata bsq.output = 'codes'), the
 * levels of each matched column's feature in the table's own codec; null entries for other tables.
 */
export function codeColumnLevels(schema: Schema, indices: readonly number[]): (Float32Array | null)[] | undefined {
  if (schema.metadata.get(METADATA_KEYS.output) !== 'codes') return undefined;
  const own = codecFromMetadata(schema.metadata);
  if (own === undefined) return undefined;
  return indices.map((i) => {
    const name = schema.fields[i].name;
    const f = own.features.find((x) => x.name === name);
    return f === undefined ? null : f.levels;
  });
}

function codesToLevels(codes: ArrayLike<number>, levels: Float32Array, column: string): Float64Array {
  const out = new Float64Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const c = codes[r];
    const v = levels[c];
    if (v === undefined) {
      if (Number.isNaN(c)) {
        out[r] = NaN; // a null cell: the NaN policy decides
        continue;
      }
      throw new BsqError('INVALID_DATA', `column "${column}" row ${r}: code ${c} is out of range for the feature's ${levels.length} levels`, { column, row: r, code: c });
    }
    out[r] = v;
  }
  return out;
}

/** View one column as numbers: typed arrays where possible, NaN for nulls. */
export function numericColumn(vector: Vector): ArrayLike<number> {
  const type = vector.type as DataType;
  const n = vector.length;
  let values: ArrayLike<number>;
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) {
    values = vector.toArray() as Float32Array | Float64Array;
  } else if (DataType.isInt(type) && type.bitWidth !== 64) {
    values = vector.toArray() as ArrayLike<number>;
  } else if (DataType.isInt(type)) {
    const big = vector.toArray() as BigInt64Array | BigUint64Array;
    const wide = new Float64Array(n);
    for (let i = 0; i < n; i++) wide[i] = Number(big[i]);
    values = wide;
  } else if (DataType.isDictionary(type) && vector.data.length === 1 && vector.nullCount === 0 && vector.data[0].dictionary !== undefined) {
    // Dictionary (e.g. tableFromBsq 'dictionary'): look the indices up in the dictionary's values.
    const indices = vector.data[0].values as ArrayLike<number>;
    const dict = numericColumn(vector.data[0].dictionary as Vector);
    const wide = new Float64Array(n);
    for (let i = 0; i < n; i++) wide[i] = dict[indices[i]];
    return wide;
  } else {
    // Float16, multi-chunk dictionaries: go through the vector's own accessors.
    const wide = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = vector.get(i) as number | bigint | null;
      wide[i] = v === null ? NaN : Number(v);
    }
    return wide;
  }
  if (vector.nullCount > 0) {
    const wide = Float64Array.from(values);
    for (let i = 0; i < n; i++) if (!vector.isValid(i)) wide[i] = NaN;
    return wide;
  }
  return values;
}

function preview(names: string[]): string {
  const shown = names.slice(0, 12).map((s) => JSON.stringify(s)).join(', ');
  return names.length > 12 ? `${shown}, ... (${names.length} in all)` : shown || '(none)';
}
