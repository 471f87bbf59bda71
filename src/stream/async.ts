// Async-iterable helpers: encodeAsync (rows in, .bsq bytes out) and decodeAsync (bytes in, decoded
// blocks out). Pull-based, so a slow consumer naturally pauses the producer. Browser-safe.
import type { Codec } from '../codec/index.js';
import { StreamDecoder } from './stream-decoder.js';
import { StreamEncoder } from './stream-encoder.js';
import { asBytes, checkAbort, iterate } from './source.js';
import type { Source } from './source.js';
import type { DecodedRows, DecoderOptions, EncoderOptions, RowChunk } from './types.js';

export interface AsyncOptions {
  /** Abort the iteration (BsqError ABORTED). */
  signal?: AbortSignal;
}

/** Encode a source of row chunks to .bsq bytes (or headerless DATA records with framing 'records'). */
export async function* encodeAsync(
  codec: Codec,
  source: Source<RowChunk>,
  options: EncoderOptions & AsyncOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const enc = new StreamEncoder(codec, options);
  yield* enc.start();
  for await (const chunk of iterate(source, options.signal)) {
    yield* enc.push(chunk);
  }
  checkAbort(options.signal);
  yield* enc.finish();
}

/** Decode a source of byte chunks (any size and split) to decoded blocks. */
export async function* decodeAsync(
  source: Source<Uint8Array | ArrayBuffer>,
  options: DecoderOptions & AsyncOptions = {},
): AsyncGenerator<DecodedRows, void, undefined> {
  const dec = new StreamDecoder(options);
  for await (const chunk of iterate(source, options.signal)) {
    yield* dec.push(asBytes(chunk));
  }
  checkAbort(options.signal);
  yield* dec.end();
}
