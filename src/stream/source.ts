// Source helpers: iterate a sync iterable, an async iterable or a WHATWG ReadableStream the same way
// (browsers without ReadableStream async iteration included), honour an AbortSignal, and accept any
// binary chunk (Uint8Array, other views, ArrayBuffer) as bytes.
import { BsqError } from '../codec/errors.js';

export type Source<T> = AsyncIterable<T> | Iterable<T> | ReadableStream<T>;

/** Iterate `source` asynchronously; a ReadableStream is read through its reader and released. */
export async function* iterate<T>(source: Source<T>, signal?: AbortSignal): AsyncGenerator<T> {
  checkAbort(signal);
  if (isReadableStream<T>(source)) {
    const reader = source.getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        checkAbort(signal);
        yield value;
      }
    } finally {
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
  if (source !== null && typeof source === 'object' && (Symbol.asyncIterator in source || Symbol.iterator in source)) {
    for await (const value of source as AsyncIterable<T>) {
      checkAbort(signal);
      yield value;
    }
    return;
  }
  throw new BsqError('INVALID_ARGUMENT', 'the source must be an iterable, an async iterable or a ReadableStream');
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new BsqError('ABORTED', 'the operation was aborted', undefined, { cause: signal.reason });
  }
}

function isReadableStream<T>(x: unknown): x is ReadableStream<T> {
  return x !== null && typeof x === 'object' && typeof (x as ReadableStream).getReader === 'function';
}

/** View any binary chunk as a Uint8Array (no copy). */
export function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new BsqError('INVALID_ARGUMENT', `a decoder takes binary chunks (Uint8Array, ArrayBuffer), got ${chunk === null ? 'null' : typeof chunk}`);
}
