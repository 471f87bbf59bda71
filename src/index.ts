// Package root `bsq`: the codec (thresholds, encode/decode kernels, bit packing), the .bsq format
// (writer, readers, checksums, limits), WHATWG stream transformers and the device (C) exporter.
// Training lives in `bsq/train`, Arrow converters in `bsq/arrow`, Node stream adapters in `bsq/stream/node`.

export * from './codec/index.js';
export * from './format/index.js';
export * from './stream/index.js';
export * from './device/index.js';
