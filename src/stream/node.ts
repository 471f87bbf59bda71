// Node adapters (`bsq/stream/node`): stream.Transform encoder and decoder for use in
// stream.pipeline, with Node's own backpressure. The only file of the stream layer that imports
// node: modules; everything else runs in browsers unchanged.
import { Transform } from 'node:stream';
import type { TransformCallback, TransformOptions } from 'node:stream';
import type { Codec } from '../codec/index.js';
import { BsqError } from '../codec/errors.js';
import { checkOptionKeys, type OptionKeys } from '../codec/checks.js';
import { StreamDecoder } from './stream-decoder.js';
import { FlushTimer } from './flush-timer.js';
import { StreamEncoder } from './stream-encoder.js';
import { asBytes } from './source.js';
import { DECODER_OPTION_KEYS, LIVE_ENCODER_OPTION_KEYS, type DecoderOptions, type LiveEncoderOptions } from './types.js';

/** Option names (the core ones plus the two high-water marks) and the marks' values. */
function checkNodeOptions(options: object, core: Readonly<Record<string, true>>, who: string): void {
  if (options === null || typeof options !== 'object') throw new BsqError('INVALID_ARGUMENT', `${who}: options must be an object`);
  const marks: OptionKeys<NodeStreamOptions> = { writableHighWaterMark: true, readableHighWaterMark: true };
  checkOptionKeys(options, { ...core, ...marks }, who);
  for (const k of ['writableHighWaterMark', 'readableHighWaterMark'] as const) {
    const v = (options as NodeStreamOptions)[k];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new BsqError('INVALID_ARGUMENT', `${who}: ${k} must be a non-negative integer, got ${String(v)}`);
  }
}

/** Buffering of the Node adapters, named as Node's own TransformOptions name them. */
export interface NodeStreamOptions {
  /**
   * What the writable side buffers: row chunks for the encoder (default 1 chunk), bytes for the
   * decoder (default 64 KiB).
   */
  writableHighWaterMark?: number;
  /**
   * What the readable side buffers: bytes for the encoder (default 64 KiB), decoded blocks for the
   * decoder (default 1 block).
   */
  readableHighWaterMark?: number;
}

/**
 * A Transform whose writable side takes row chunks (object mode: typed arrays, arrays of rows,
 * arrays of row objects) and whose readable side gives .bsq bytes.
 */
export function createNodeEncoder(codec: Codec, options: LiveEncoderOptions & NodeStreamOptions = {}): Transform {
  checkNodeOptions(options, LIVE_ENCODER_OPTION_KEYS, 'createNodeEncoder');
  const { flushAfterMs, writableHighWaterMark, readableHighWaterMark, ...core } = options;
  const enc = new StreamEncoder(codec, core);
  const pushAll = (t: Transform, out: Uint8Array[]): void => {
    for (const b of out) t.push(b);
  };
  let stream: Transform;
  const timer = new FlushTimer(enc, flushAfterMs, (out) => {
    if (stream.destroyed || stream.writableFinished) return timer.stop();
    if (out instanceof Error) stream.destroy(out);
    else pushAll(stream, out);
  });
  const opts: TransformOptions = {
    writableObjectMode: true,
    readableObjectMode: false,
    writableHighWaterMark: writableHighWaterMark ?? 1,
    readableHighWaterMark: readableHighWaterMark ?? 65536,
    transform(this: Transform, chunk: unknown, _e: BufferEncoding, cb: TransformCallback) {
      try {
        pushAll(this, enc.push(chunk as never));
        timer.update();
        cb();
      } catch (err) {
        timer.stop();
        cb(err as Error);
      }
    },
    flush(this: Transform, cb: TransformCallback) {
      timer.stop();
      try {
        pushAll(this, enc.finish());
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  };
  stream = new Transform(opts);
  stream.on('close', () => timer.stop());
  return stream;
}

/**
 * A Transform whose writable side takes bytes (Buffer / Uint8Array chunks of any size) and whose
 * readable side gives decoded blocks (object mode, see DecodedRows).
 */
export function createNodeDecoder(options: DecoderOptions & NodeStreamOptions = {}): Transform {
  checkNodeOptions(options, DECODER_OPTION_KEYS, 'createNodeDecoder');
  const { writableHighWaterMark, readableHighWaterMark, ...core } = options;
  const dec = new StreamDecoder(core);
  const opts: TransformOptions = {
    writableObjectMode: false,
    readableObjectMode: true,
    decodeStrings: false,
    writableHighWaterMark: writableHighWaterMark ?? 65536,
    readableHighWaterMark: readableHighWaterMark ?? 1,
    transform(this: Transform, chunk: unknown, _e: BufferEncoding, cb: TransformCallback) {
      try {
        for (const b of dec.push(asBytes(chunk))) this.push(b);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(this: Transform, cb: TransformCallback) {
      try {
        for (const b of dec.end()) this.push(b);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  };
  return new Transform(opts);
}
