// createDecoderStream: a WHATWG TransformStream from .bsq bytes (chunks of any size and split) to
// decoded blocks { codec, firstRow, rowCount, encoding, codes? | values? }. Errors (bad bytes,
// truncation) reach the consumer as BsqError through the stream. Browser-safe.
import { checkOptionKeys, type OptionKeys } from '../codec/checks.js';
import { DECODER_OPTION_KEYS } from './types.js';
import { StreamDecoder } from './stream-decoder.js';
import { asBytes } from './source.js';
import type { DecodedRows, DecoderOptions } from './types.js';

export interface DecoderStreamOptions extends DecoderOptions {
  /** Queuing strategy of the writable (byte) side. Default: high-water mark of 1 chunk. */
  writableStrategy?: QueuingStrategy<Uint8Array | ArrayBuffer>;
  /** Queuing strategy of the readable (block) side. Default: high-water mark of 1 block. */
  readableStrategy?: QueuingStrategy<DecodedRows>;
}

const DECODER_STREAM_OPTION_KEYS: OptionKeys<DecoderStreamOptions> = { ...DECODER_OPTION_KEYS, writableStrategy: true, readableStrategy: true };

/** A WHATWG TransformStream from .bsq bytes (any chunking) to decoded blocks. */
export function createDecoderStream(options: DecoderStreamOptions = {}): TransformStream<Uint8Array | ArrayBuffer, DecodedRows> {
  if (options !== null && typeof options === 'object') {
    checkOptionKeys(options, DECODER_STREAM_OPTION_KEYS, 'createDecoderStream');
  }
  const dec = new StreamDecoder(options);
  return new TransformStream<Uint8Array | ArrayBuffer, DecodedRows>(
    {
      transform(chunk, controller) {
        for (const b of dec.push(asBytes(chunk))) controller.enqueue(b);
      },
      flush(controller) {
        for (const b of dec.end()) controller.enqueue(b);
      },
    },
    options.writableStrategy ?? { highWaterMark: 1 },
    options.readableStrategy ?? { highWaterMark: 1 },
  );
}
