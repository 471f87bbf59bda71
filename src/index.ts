// Package root `bsq`: the public API of the codec (thresholds, encode/decode, bit packing), the .bsq
// format (writer, readers, single DATA records for devices), WHATWG stream transformers and the
// device (C) exporter. Exactly the names docs/api.md lists (a test keeps them equal). Coder and
// record internals are in `bsq/internals` (unstable); training in `bsq/train`, Arrow converters in
// `bsq/arrow`, Node stream adapters in `bsq/stream/node`.

// codec
export { BsqError, isBsqError, type BsqErrorCode } from './codec/index.js';
export { Codec, defaultLevels, type Codes, type EncodeOptions, type NanPolicy, type Feature, type FeatureSpec } from './codec/index.js';
export type { EntropyModel, EntropyMode, FitEntropyOptions } from './codec/index.js';
export { isCategorical, categoricalBits, type CategoricalFeatureSpec, type UnknownPolicy, type CategoryOptions } from './codec/index.js';
// format
export { FORMAT_MAJOR, FORMAT_MINOR, DEFAULT_LIMITS, DEFAULT_BLOCK_ROWS } from './format/index.js';
export type { Limits, BlockEncoding, FormatVersion } from './format/index.js';
export { readBsq, writeBsq, BsqReader, type BsqFile, type WriteBsqOptions, type BsqEvent, type BsqReaderOptions } from './format/index.js';
export { encodeDataRecord, decodeDataRecord, encodeDataRecordBest, type DecodedBlock } from './format/index.js';
export { AdaptiveChainEncoder, AdaptiveChainDecoder, type AdaptiveChainOptions } from './format/index.js';
// stream
export { createEncoderStream, createDecoderStream, encodeAsync, decodeAsync, StreamEncoder, StreamDecoder, defaultBlockRows } from './stream/index.js';
export type {
  EncoderStreamOptions,
  DecoderStreamOptions,
  AsyncOptions,
  FeatureColumn,
  StreamSource,
  DecodeOutput,
  DecodedRows,
  DecoderOptions,
  EncoderOptions,
  Framing,
  LiveEncoderOptions,
  RowChunk,
  RowObject,
} from './stream/index.js';
// device
export { exportC, deviceCodecId, deviceFlashBytes, adaptiveCStateBytes, type ExportCFiles, type ExportCOptions, type DeviceNanPolicy, type DeviceCompare, type DeviceCrc } from './device/index.js';
