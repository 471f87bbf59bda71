// Stream layer (browser-safe): WHATWG TransformStream encoder/decoder, async-iterable helpers and the
// synchronous StreamEncoder/StreamDecoder cores they share. Node adapters live in ./node.ts
// (`bsq/stream/node`), the only file of this layer that imports node: modules.
export { createEncoderStream } from './encoder-stream.js';
export type { EncoderStreamOptions } from './encoder-stream.js';
export { createDecoderStream } from './decoder-stream.js';
export type { DecoderStreamOptions } from './decoder-stream.js';
export { encodeAsync, decodeAsync } from './async.js';
export type { AsyncOptions } from './async.js';
export { StreamEncoder, defaultBlockRows } from './stream-encoder.js';
export type { Column as FeatureColumn } from './stream-encoder.js';
export { StreamDecoder } from './stream-decoder.js';
export { normaliseRows } from './rows.js';
export type { RowBlock } from './rows.js';
export type { Source as StreamSource } from './source.js';
export type { DecodeOutput, DecodedRows, DecoderOptions, EncoderOptions, Framing, LiveEncoderOptions, RowChunk, RowObject } from './types.js';
