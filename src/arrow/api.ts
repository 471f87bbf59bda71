// The Arrow converters themselves (re-exported by index.ts once apache-arrow is known to load):
// Arrow Tables and record-batch streams to .bsq, and .bsq to Tables / record batches holding values,
// codes or Dictionary columns (codes + levels).
export { tableToBsq, recordBatchesToBsq } from './to-bsq.js';
export type { ArrowEncodeOptions } from './to-bsq.js';
export { tableFromBsq, recordBatchesFromBsq, BatchBuilder } from './from-bsq.js';
export type { ArrowDecodeOptions, TableOutput } from './from-bsq.js';
export { matchColumns, numericColumn, isNumericType } from './columns.js';
export type { ColumnMatchOptions } from './columns.js';
export { codecFromMetadata, METADATA_KEYS, FIELD_BITS_KEY } from './metadata.js';
