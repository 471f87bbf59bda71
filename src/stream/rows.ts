// Row-chunk normalisation: turns any accepted chunk of whole rows (row-major typed array, array of
// row arrays, array of row objects keyed by feature name) into one row-major Float32Array or
// Float64Array that the codec kernels take, with clear BsqErrors for malformed chunks.
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import type { RowChunk } from './types.js';

/** A chunk of rows in the layout the codec kernels read: row-major, featureCount values per row. */
export interface RowBlock {
  data: Float32Array | Float64Array;
  rowCount: number;
}

const EMPTY = new Float64Array(0);

/**
 * Normalise `chunk` to row-major floats for `codec`. `firstRow` (the stream index of the chunk's
 * first row) only makes error messages precise. Float32Array / Float64Array chunks are not copied.
 */
export function normaliseRows(codec: Codec, chunk: RowChunk, firstRow = 0): RowBlock {
  const f = codec.featureCount;
  if (chunk instanceof Float32Array || chunk instanceof Float64Array) {
    return { data: chunk, rowCount: typedRowCount(chunk.length, f) };
  }
  if (ArrayBuffer.isView(chunk)) {
    if (chunk instanceof BigInt64Array || chunk instanceof BigUint64Array || chunk instanceof DataView) {
      throw new BsqError('INVALID_ARGUMENT', `a row chunk must be a Float32Array, Float64Array, another numeric typed array or an array of rows, got ${describe(chunk)}`);
    }
    const n = typedRowCount((chunk as ArrayLike<number>).length, f);
    return { data: Float64Array.from(chunk as ArrayLike<number>), rowCount: n };
  }
  if (!Array.isArray(chunk)) {
    throw new BsqError('INVALID_ARGUMENT', `a row chunk must be a typed array or an array of rows, got ${describe(chunk)}`);
  }
  const rows = chunk as readonly unknown[];
  const n = rows.length;
  if (n === 0) return { data: EMPTY, rowCount: 0 };
  const out = new Float64Array(n * f);
  const names = codec.features.map((x) => x.name);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    const o = r * f;
    if (row !== null && typeof row === 'object' && typeof (row as ArrayLike<number>).length === 'number') {
      const arr = row as ArrayLike<unknown>;
      if (arr.length !== f) {
        throw new BsqError('INVALID_DATA', `row ${firstRow + r} has ${arr.length} values, the codec has ${f} features`, { row: firstRow + r });
      }
      for (let j = 0; j < f; j++) out[o + j] = cell(arr[j], firstRow + r, names[j]);
    } else if (row !== null && typeof row === 'object') {
      const obj = row as Record<string, unknown>;
      for (let j = 0; j < f; j++) {
        const name = names[j];
        if (!(name in obj)) {
          throw new BsqError('INVALID_DATA', `row ${firstRow + r} has no value for feature "${name}"`, { row: firstRow + r, feature: name });
        }
        out[o + j] = cell(obj[name], firstRow + r, name);
      }
    } else {
      throw new BsqError('INVALID_DATA', `row ${firstRow + r} is ${describe(row)}, expected an array of numbers or an object keyed by feature name`, { row: firstRow + r });
    }
  }
  return { data: out, rowCount: n };
}

function typedRowCount(length: number, f: number): number {
  if (length % f !== 0) {
    throw new BsqError('INVALID_ARGUMENT', `a row-major chunk must hold whole rows: length ${length} is not a multiple of ${f} features`, { length, featureCount: f });
  }
  return length / f;
}

function cell(v: unknown, row: number, feature: string): number {
  if (typeof v === 'number') return v;
  throw new BsqError('INVALID_DATA', `row ${row}, feature "${feature}": expected a number, got ${describe(v)}`, { row, feature });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '...' : v)}`;
  return typeof v;
}
