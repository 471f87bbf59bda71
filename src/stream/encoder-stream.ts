// createEncoderStream: a WHATWG TransformStream from chunks of whole rows to .bsq bytes (header and
// CODEC first, a DATA record whenever blockRows rows are buffered, END on close). Browser-safe.
import type { Codec } from '../codec/index.js';
import { StreamEncoder } from './stream-encoder.js';
import type { EncoderOptions, RowChunk } from './types.js';

export interface EncoderStreamOptions extends EncoderOptions {
  /** Queuing strategy of the writable (row) side. Default: high-water mark of 1 chunk. */
  writableStrategy?: QueuingStrategy<RowChunk>;
  /** Queuing strategy of the readable (byte) side. Default: high-water mark of 1 chunk. */
  readableStrategy?: QueuingStrategy<Uint8Array>;
}

export function createEncoderStream(codec: Codec, options: EncoderStreamOptions = {}): TransformStream<RowChunk, Uint8Array> {
  const enc = new StreamEncoder(codec, options);
  return new TransformStream<RowChunk, Uint8Array>(
    {
      start(controller) {
        for (const b of enc.start()) controller.enqueue(b);
      },
      transform(chunk, controller) {
        for (const b of enc.push(chunk)) controller.enqueue(b);
      },
      flush(controller) {
        for (const b of enc.finish()) controller.enqueue(b);
      },
    },
    options.writableStrategy ?? { highWaterMark: 1 },
    options.readableStrategy ?? { highWaterMark: 1 },
  );
}
