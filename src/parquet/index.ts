// `bsq/parquet`: Apache Parquet converters, beside the Arrow ones. Parquet files to .bsq (features
// matched to columns by name, one row group in memory at a time) and .bsq to Parquet (one row group
// per block; values, codes or dictionary-encoded levels; the codec in the key-value metadata). Uses
// hyparquet and hyparquet-writer (optional peer dependencies, loaded on first use). Browser-safe; the
// Node file helpers and the multi-file worker pool are in `bsq/parquet/node`.
export { parquetToBsq, parquetToBsqStream } from './to-bsq.js';
export type { ParquetEncodeOptions } from './to-bsq.js';
export { parquetFromBsq, parquetStreamFromBsq, createParquetBlockWriter } from './from-bsq.js';
export type { ParquetDecodeOptions, ParquetOutput, ParquetCompression } from './from-bsq.js';
export { openParquet, isParquetMagic, PARQUET_MAGIC } from './source.js';
export type { ParquetByteSource, ParquetInput, ParquetFileInfo, ParquetColumnInfo } from './source.js';
export { columnIndices, rowGroupColumns, codeColumnLevels, codesToLevels } from './columns.js';
export { codecFromParquetMetadata, parquetCodecMetadata, PARQUET_METADATA_KEYS } from './metadata.js';
export type { KeyValue } from './metadata.js';
