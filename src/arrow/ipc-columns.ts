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
import { checkFileFooter, checkRecordBatchMessage } from './ipc-guard.js';

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

/**
 * apache-arrow does not check a batch's buffers against its row count: a corrupt row count or a short
 * buffer would read as values past the end (undefined, zeros), or loop over millions of phantom rows.
 * Each chunk's value, offset and validity buffers must cover its rows.
 */
function checkBuffers(vector: Vector, label: string, name: string): void {
  for (const d of vector.data) {
    const rows = d.offset + d.length;
    const fail = (what: string, have: number) => {
      throw new BsqError('INVALID_DATA', `${label}: column '${name}' holds ${have} ${what} for ${rows} rows (corrupt Arrow data)`, { column: name });
    };
    if (d.nullBitmap && d.nullBitmap.length > 0 && d.nullBitmap.length * 8 < rows) fail('validity bits', d.nullBitmap.length * 8);
    const t = d.type as DataType;
    if (DataType.isBool(t)) {
      if ((d.values?.length ?? 0) * 8 < rows) fail('values', (d.values?.length ?? 0) * 8);
    } else if (DataType.isInt(t) || DataType.isFloat(t) || DataType.isDictionary(t)) {
      if ((d.values?.length ?? 0) < rows) fail('values', d.values?.length ?? 0);
    } else if (d.valueOffsets) {
      if (d.valueOffsets.length < rows + 1) fail('offsets', Math.max(0, d.valueOffsets.length - 1));
    }
  }
}

function toFloat64(vector: Vector, label: string, name: string): Float64Array {
  checkBuffers(vector, label, name);
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

function toText(vector: Vector, label: string, name: string): string[] {
  checkBuffers(vector, label, name);
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
  await checkFooterOf(source, label);
  try {
    reader = await (RecordBatchReader.from as (s: unknown) => Promise<typeof reader>)(source);
    await reader.open();
  } catch (err) {
    throw new BsqError('INVALID_DATA', `${label}: not a readable Arrow IPC file (${err instanceof Error ? err.message : String(err)})`, undefined, { cause: err });
  }
  const schema = reader.schema as Schema | undefined;
  if (!schema) throw new BsqError('INVALID_DATA', `${label}: Arrow input has no schema (empty stream)`);
  const fields = schema.fields;
  fields.forEach((f, i) => {
    if (typeof f.name !== 'string') throw new BsqError('INVALID_DATA', `${label}: corrupt Arrow schema (column ${i + 1} has no name)`);
  });
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
      for await (const batch of recordBatches(reader, label, source)) {
        if (batch.numRows === 0) continue;
        yield {
          columns: indices.map((i) => toFloat64(batch.getChildAt(i)!, label, fields[i].name)),
          text: textIndices.map((i) => toText(batch.getChildAt(i)!, label, fields[i].name)),
          rowCount: batch.numRows,
        };
      }
    } catch (err) {
      if (err instanceof BsqError) throw err;
      throw new BsqError('INVALID_DATA', `${label}: corrupt Arrow data (${err instanceof Error ? err.message : String(err)})`, undefined, { cause: err });
    } finally {
      // cancel() is async on stream readers and may return nothing on a sync reader that failed.
      await Promise.resolve()
        .then(() => (reader as { cancel?: () => unknown }).cancel?.())
        .catch(() => undefined);
    }
  }
  return { allNames, typeNames, batches };
}

/**
 * The record batches of an open reader. The file format is read block by block from its footer:
 * apache-arrow's own iterator re-reads a footer block whose message is not a record batch forever
 * (one flipped byte in a message header hangs it), while readRecordBatch(i) refuses it.
 */
async function* recordBatches(reader: Awaited<ReturnType<typeof RecordBatchReader.from>>, label: string, source: unknown): AsyncGenerator<RecordBatch> {
  if (!reader.isFile()) {
    yield* reader as AsyncIterable<RecordBatch>;
    return;
  }
  const file = reader as unknown as {
    numRecordBatches: number;
    footer: { getRecordBatch(i: number): { offset: number | bigint; metaDataLength: number } | null } | null;
    readRecordBatch(i: number): RecordBatch | null | Promise<RecordBatch | null>;
  };
  const n = file.numRecordBatches;
  for (let i = 0; i < n; i++) {
    const block = file.footer?.getRecordBatch(i);
    const bytes = block ? await blockBytes(source, Number(block.offset), block.metaDataLength) : undefined;
    if (bytes) checkRecordBatchMessage(bytes, label, i);
    const batch = await file.readRecordBatch(i);
    if (!batch) throw new BsqError('INVALID_DATA', `${label}: corrupt Arrow file (record batch ${i} of ${n} in its footer is not a record batch)`);
    yield batch;
  }
}

const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];

/** The file format's footer checked (ipc-guard.ts) when the source is random access; streams pass. */
async function checkFooterOf(source: unknown, label: string): Promise<void> {
  let size: number;
  if (source instanceof Uint8Array) size = source.length;
  else if (isFileHandle(source)) size = (await (source as unknown as { stat(): Promise<{ size: number }> }).stat()).size;
  else return;
  const head = await blockBytes(source, 0, 6);
  const tail = await blockBytes(source, size - 10, 10);
  if (!head || !tail || size < 22 || !ARROW1.every((b, i) => head[i] === b && tail[4 + i] === b)) return; // not the file format
  const footerLength = new DataView(tail.buffer, tail.byteOffset, 4).getInt32(0, true);
  if (footerLength <= 0 || footerLength > size - 18) {
    throw new BsqError('INVALID_DATA', `${label}: corrupt Arrow file (footer length ${footerLength} in a file of ${size} bytes)`);
  }
  checkFileFooter((await blockBytes(source, size - 10 - footerLength, footerLength))!, label);
}

function isFileHandle(source: unknown): boolean {
  return typeof (source as { read?: unknown } | null)?.read === 'function' && typeof (source as { fd?: unknown }).fd === 'number';
}

/**
 * metaDataLength bytes at offset of a Uint8Array or a Node FileHandle source (fewer at the end);
 * undefined for a source that is neither (a stream apache-arrow has read whole).
 */
async function blockBytes(source: unknown, offset: number, length: number): Promise<Uint8Array | undefined> {
  const n = Math.max(0, Math.min(length, 1 << 26));
  if (source instanceof Uint8Array) return source.subarray(Math.min(offset, source.length), Math.min(offset + n, source.length));
  if (!isFileHandle(source)) return undefined;
  const handle = source as { read(buf: Uint8Array, off: number, len: number, pos: number): Promise<{ bytesRead: number }> };
  const buf = new Uint8Array(n);
  const { bytesRead } = await handle.read(buf, 0, n, offset);
  return buf.subarray(0, bytesRead);
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
