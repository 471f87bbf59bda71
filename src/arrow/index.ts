// `bsq/arrow`: Apache Arrow converters. Arrow Tables and record-batch streams to .bsq, and .bsq to
// Tables / record batches holding values, codes or Dictionary columns (codes + levels). The only
// part of bsq that imports apache-arrow (a peer dependency).
export { tableToBsq, recordBatchesToBsq } from './to-bsq.js';
export type { ArrowEncodeOptions } from './to-bsq.js';
export { tableFromBsq, recordBatchesFromBsq, BatchBuilder } from './from-bsq.js';
export type { ArrowDecodeOptions, TableOutput } from './from-bsq.js';
export { matchColumns, numericColumn, isNumericType } from './columns.js';
export type { ColumnMatchOptions } from './columns.js';
export { codecFromMetadata, METADATA_KEYS, FIELD_BITS_KEY } from './metadata.js';
