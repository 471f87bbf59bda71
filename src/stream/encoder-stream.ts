// createEncoderStream: a WHATWG TransformStream from chunks of whole rows to .bsq bytes (header and
// CODEC first, a DATA record whenever blockRows rows are buffered, END on close; with flushAfterMs
// also a short block when buffered rows have waited that long). Browser-safe.
import type { Codec } from '../codec/index.js';
import { checkOptionKeys, type OptionKeys } from '../codec/checks.js';
import { LIVE_ENCODER_OPTION_KEYS } from './types.js';
import { FlushTimer } from './flush-timer.js';
import { StreamEncoder } from './stream-encoder.js';
import type { LiveEncoderOptions, RowChunk } from './types.js';

export interface EncoderStreamOptions extends LiveEncoderOptions {
  /** Queuing strategy of the writable (row) side. Default: high-water mark of 1 chunk. */
  writableStrategy?: QueuingStrategy<RowChunk>;
  /** Queuing strategy of the readable (byte) side. Default: high-water mark of 1 chunk. */
  readableStrategy?: QueuingStrategy<Uint8Array>;
}

const ENCODER_STREAM_OPTION_KEYS: OptionKeys<EncoderStreamOptions> = { ...LIVE_ENCODER_OPTION_KEYS, writableStrategy: true, readableStrategy: true };

/** A WHATWG TransformStream from chunks of whole rows to .bsq bytes. */
export function createEncoderStream(codec: Codec, options: EncoderStreamOptions = {}): TransformStream<RowChunk, Uint8Array> {
  if (options !== null && typeof options === 'object') {
    checkOptionKeys(options, ENCODER_STREAM_OPTION_KEYS, 'createEncoderStream');
  }
  const { flushAfterMs, writableStrategy: _w, readableStrategy: _r, ...core } = options;
  const enc = new StreamEncoder(codec, core);
  let ctl: TransformStreamDefaultController<Uint8Array> | undefined;
  const timer = new FlushTimer(enc, flushAfterMs, (out) => {
    try {
      if (out instanceof Error) ctl!.error(out);
      else for (const b of out) ctl!.enqueue(b);
    } catch {
      timer.stop(); // the stream was closed or cancelled meanwhile
    }
  });
  return new TransformStream<RowChunk, Uint8Array>(
    {
      start(controller) {
        ctl = controller;
        for (const b of enc.start()) controller.enqueue(b);
      },
      transform(chunk, controller) {
        try {
          for (const b of enc.push(chunk)) controller.enqueue(b);
        } catch (err) {
          timer.stop();
          throw err;
        }
        timer.update();
      },
      flush(controller) {
        timer.stop();
        for (const b of enc.finish()) controller.enqueue(b);
      },
    },
    options.writableStrategy ?? { highWaterMark: 1 },
    options.readableStrategy ?? { highWaterMark: 1 },
  );
}
