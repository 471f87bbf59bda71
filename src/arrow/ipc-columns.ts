// Arrow IPC (file or stream format) to and from plain numeric columns, for callers that must not
// import apache-arrow themselves (the CLI reads .arrow inputs and writes .arrow outputs through this).
// Reading yields Float64 columns per record batch (nulls become NaN for the caller to report);
// writing turns typed-array columns into record batches and the IPC bytes as an async iterable.
import {
  DataType,
  Field,
  Float32,
  Float64,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Uint16,
  Uint8,
  makeData,
  Precision,
} from 'apache-arrow';
import type { Vector } from 'apache-arrow';
import { BsqError } from '../codec/errors.js';

export interface IpcColumnSource {
  /** Every column name, in schema order. */
  allNames: string[];
  /** The Arrow type of each column, as text ("Float64", "Utf8", ...). */
  typeNames: string[];
  /**
   * The selected columns (schema indices) of each record batch, as Float64 (null -> NaN), and the
   * `textIndices` columns as strings (any type; null -> '').
   */
  batches(indices: readonly number[], textIndices?: readonly number[]): AsyncIterable<{ columns: Float64Array[]; text: string[][]; rowCount: number }>;
}

function isNumeric(type: DataType): boolean {
  if (DataType.isFloat(type) || DataType.isInt(type) || DataType.isBool(type)) return true;
  if (DataType.isDictionary(type)) return DataType.isFloat(type.dictionary) || DataType.isInt(type.dictionary);
  return false;
}

function toFloat64(vector: Vector, label: string, name: string): Float64Array {
  const n = vector.length;
  const type = vector.type as DataType;
  const direct =
    vector.nullCount === 0 &&
    (DataType.isInt(type) || (DataType.isFloat(type) && (type as Float32).precision !== Precision.HALF));
  if (direct) {
    const arr = vector.toArray() as ArrayLike<number | bigint>;
    // apache-arrow does not check buffer sizes against the row count: a short value buffer (a
    // corrupt or mislabelled file) would otherwise read as fewer values, the rest silently zero.
    if (arr.length !== n) {
      throw new BsqError('INVALID_DATA', `${label}: column '${name}' holds ${arr.length} values for ${n} rows (corrupt Arrow data)`, { column: name });
    }
    if (arr instanceof Float64Array) return arr;
    const out = new Float64Array(n);
    if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) {
      for (let i = 0; i < n; i++) out[i] = Number(arr[i]);
    } else {
      out.set(arr as ArrayLike<number>);
    }
    return out;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = vector.get(i) as unknown;
    out[i] = v === null || v === undefined ? NaN : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  }
  return out;
}

function toText(vector: Vector): string[] {
  const out = new Array<string>(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as unknown;
    out[i] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

/**
 * Open Arrow IPC data: a Uint8Array, an async iterable of byte chunks (read fully if it is the file
 * format, streamed if it is the stream format) or a Node FileHandle (random access, streamed).
 */
export async function openIpcColumns(source: unknown, label: string): Promise<IpcColumnSource> {
  let reader: Awaited<ReturnType<typeof RecordBatchReader.from>>;
  try {
    reader = await (RecordBatchReader.from as (s: unknown) => Promise<typeof reader>)(source);
    await reader.open();
  } catch (err) {
    throw new BsqError('INVALID_DATA', `${label}: not a readable Arrow IPC file (${err instanceof Error ? err.message : String(err)})`, undefined, { cause: err });
  }
  const schema = reader.schema as Schema | undefined;
  if (!schema) throw new BsqError('INVALID_DATA', `${label}: Arrow input has no schema (empty stream)`);
  const fields = schema.fields;
  const allNames = fields.map((f) => f.name);
  const typeNames = fields.map((f) => String(f.type));
  let used = false;
  async function* batches(
    indices: readonly number[],
    textIndices: readonly number[] = [],
  ): AsyncGenerator<{ columns: Float64Array[]; text: string[][]; rowCount: number }> {
    if (used) throw new Error('openIpcColumns: batches() may be iterated once');
    used = true;
    for (const i of indices) {
      if (!isNumeric(fields[i].type)) {
        throw new BsqError('INVALID_DATA', `${label}: column '${fields[i].name}' has type ${typeNames[i]}; a numeric column is needed`, { column: fields[i].name });
      }
    }
    try {
      for await (const batch of reader as AsyncIterable<RecordBatch>) {
        if (batch.numRows === 0) continue;
        yield {
          columns: indices.map((i) => toFloat64(batch.getChildAt(i)!, label, fields[i].name)),
          text: textIndices.map((i) => toText(batch.getChildAt(i)!)),
          rowCount: batch.numRows,
        };
      }
    } catch (err) {
      if (err instanceof BsqError) throw err;
      throw new BsqError('INVALID_DATA', `${label}: corrupt Arrow data (${err instanceof Error ? err.message : String(err)})`, undefined, { cause: err });
    } finally {
      await (reader as { cancel?: () => Promise<void> }).cancel?.().catch?.(() => undefined);
    }
  }
  return { allNames, typeNames, batches };
}

export type IpcColumnType = 'float32' | 'float64' | 'uint8' | 'uint16';

export interface IpcColumnWriter extends AsyncIterable<Uint8Array> {
  /** Append one record batch made of these columns (each `rowCount` long). */
  write(columns: readonly (Float32Array | Float64Array | Uint8Array | Uint16Array)[], rowCount: number): void;
  /** Finish the stream (writes the footer of the file format). */
  close(): void;
}

function arrowType(t: IpcColumnType): DataType {
  switch (t) {
    case 'float32':
      return new Float32();
    case 'float64':
      return new Float64();
    case 'uint8':
      return new Uint8();
    case 'uint16':
      return new Uint16();
  }
}

/**
 * A writer of Arrow IPC bytes (file or stream format) from typed-array columns. Iterate it (while
 * writing) to get the bytes; it ends after close().
 */
export function createIpcColumnWriter(
  columns: readonly { name: string; type: IpcColumnType; metadata?: Map<string, string> }[],
  opts: { format?: 'file' | 'stream'; metadata?: Map<string, string> } = {},
): IpcColumnWriter {
  const fields = columns.map((c) => new Field(c.name, arrowType(c.type), false, c.metadata));
  const schema = new Schema(fields, opts.metadata);
  const writer = opts.format === 'stream' ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
  let wroteAny = false;
  return {
    write(cols, rowCount) {
      if (cols.length !== fields.length) {
        throw new BsqError('INVALID_ARGUMENT', `expected ${fields.length} columns, got ${cols.length}`);
      }
      const children = cols.map((c, i) => makeData({ type: fields[i].type as Float32, length: rowCount, nullCount: 0, data: c as Float32Array }));
      const data = makeData({ type: new Struct(fields), length: rowCount, nullCount: 0, children });
      writer.write(new RecordBatch(schema, data));
      wroteAny = true;
    },
    close() {
      if (!wroteAny) {
        // An empty table still has a schema.
        const children = fields.map((f) => makeData({ type: f.type, length: 0, nullCount: 0 }));
        writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length: 0, nullCount: 0, children })));
      }
      writer.finish();
      writer.close();
    },
    [Symbol.asyncIterator]() {
      return (writer as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    },
  };
}

/** A writer of Arrow IPC bytes from whole record batches (e.g. tableFromBsq's BatchBuilder); iterate it for the bytes. */
export interface IpcBatchWriter extends AsyncIterable<Uint8Array> {
  write(batch: RecordBatch): void;
  close(): void;
}

export function createIpcBatchWriter(opts: { format?: 'file' | 'stream' } = {}): IpcBatchWriter {
  const writer = opts.format === 'stream' ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
  return {
    write(batch) {
      writer.write(batch);
    },
    close() {
      writer.finish();
      writer.close();
    },
    [Symbol.asyncIterator]() {
      return (writer as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    },
  };
}
