// Arrow to .bsq: tableToBsq (a whole Table to one .bsq buffer) and recordBatchesToBsq (a stream of
// record batches, e.g. from a RecordBatchReader, to a stream of .bsq byte chunks). Features are
// matched to columns by name; blocks are cut at blockRows regardless of the batch sizes. Tables that
// tableFromBsq made ('values', 'codes' or 'dictionary') encode back to the same codes.
import { Table } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { concatBytes as concat } from '../format/index.js';
import { StreamEncoder } from '../stream/index.js';
import type { AsyncOptions, EncoderOptions, StreamSource as Source } from '../stream/index.js';
import { iterate } from '../stream/source.js';
import { batchColumns, codeColumnLevels, matchColumns } from './columns.js';
import type { ColumnMatchOptions } from './columns.js';

export type ArrowEncodeOptions = EncoderOptions & ColumnMatchOptions;

/** Encode the feature columns of an Arrow Table to one .bsq buffer. */
export function tableToBsq(table: Table, codec: Codec, options: ArrowEncodeOptions = {}): Uint8Array {
  if (!isTable(table)) {
    throw new BsqError('INVALID_ARGUMENT', 'tableToBsq needs an apache-arrow Table');
  }
  const enc = new StreamEncoder(codec, options);
  const parts: Uint8Array[] = [...enc.start()];
  const indices = matchColumns(table.schema, codec, options);
  const codeLevels = codeColumnLevels(table.schema, indices);
  let firstRow = 0;
  for (const batch of table.batches) {
    if (batch.numRows === 0) continue;
    parts.push(...enc.pushColumns(batchColumns(batch, indices, codeLevels, { codec, firstRow }), batch.numRows));
    firstRow += batch.numRows;
  }
  parts.push(...enc.finish());
  return concat(parts);
}

/**
 * Encode a stream of record batches (an iterable, async iterable, ReadableStream or Arrow
 * RecordBatchReader) to .bsq byte chunks. Every batch must have the feature columns.
 */
export async function* recordBatchesToBsq(
  batches: Source<RecordBatch> | Table,
  codec: Codec,
  options: ArrowEncodeOptions & AsyncOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const enc = new StreamEncoder(codec, options);
  yield* enc.start();
  let schema: unknown = null;
  let indices: number[] = [];
  let codeLevels: (Float32Array | null)[] | undefined;
  let firstRow = 0;
  for await (const batch of iterate<RecordBatch>(isTable(batches) ? batches.batches : batches, options.signal)) {
    if (batch === null || typeof batch !== 'object' || typeof (batch as RecordBatch).getChildAt !== 'function') {
      throw new BsqError('INVALID_ARGUMENT', 'recordBatchesToBsq takes apache-arrow RecordBatch objects');
    }
    if (batch.schema !== schema) {
      indices = matchColumns(batch.schema, codec, options);
      codeLevels = codeColumnLevels(batch.schema, indices);
      schema = batch.schema;
    }
    if (batch.numRows === 0) continue;
    yield* enc.pushColumns(batchColumns(batch, indices, codeLevels, { codec, firstRow }), batch.numRows);
    firstRow += batch.numRows;
  }
  yield* enc.finish();
}

/** A Table, also from another copy of apache-arrow (instanceof would miss it). */
function isTable(x: unknown): x is Table {
  return x instanceof Table || Table.isTable(x);
}
