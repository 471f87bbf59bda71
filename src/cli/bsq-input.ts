// Reading .bsq inputs in the CLI: stream a file (or stdin) through the incremental BsqReader, which
// verifies every CRC as records complete, and hand the events to the caller; readCodecFile() stops
// at the CODEC record (a codec-only file or the head of a data file).
import { BsqReader, type BsqEvent } from '../format/index.js';
import type { Codec } from '../codec/index.js';
import { BsqError } from '../codec/errors.js';
import { fileError } from './errors.js';
import { openInput, type CliIO } from './io.js';

/** Stream the events of a .bsq input; throws TRUNCATED (etc.) if it ends early or is corrupt. */
export async function* bsqEvents(
  io: CliIO,
  path: string,
  opts: { onBytes?: (bytes: number, total: number | undefined) => void } = {},
): AsyncGenerator<BsqEvent> {
  const input = await openInput(io, path);
  const reader = new BsqReader({ zeroCopy: false });
  let bytes = 0;
  try {
    try {
      for await (const chunk of input.stream) {
        const buf = chunk as Buffer;
        bytes += buf.byteLength;
        const events = reader.push(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        opts.onBytes?.(bytes, input.size);
        for (const e of events) yield e;
      }
    } catch (err) {
      if (err instanceof BsqError) throw prefix(err, input.label);
      throw fileError(err, 'read', input.label);
    }
    let tail: BsqEvent[];
    try {
      tail = reader.end();
    } catch (err) {
      throw err instanceof BsqError ? prefix(err, input.label) : err;
    }
    for (const e of tail) yield e;
  } finally {
    input.stream.destroy();
  }
}

/** Add the file name to a format error's message. */
function prefix(err: BsqError, label: string): BsqError {
  if (err.message.startsWith(label)) return err;
  return new BsqError(err.code, `${label}: ${err.message}`, err.details ? { ...err.details } : undefined, { cause: err });
}

/** The codec of a .bsq file (reads only up to its CODEC record). */
export async function readCodecFile(io: CliIO, path: string): Promise<{ codec: Codec; version: { major: number; minor: number } }> {
  for await (const e of bsqEvents(io, path)) {
    if (e.type === 'codec') return { codec: e.codec, version: e.version };
  }
  throw new BsqError('CORRUPT_FILE', `${path}: no CODEC record`);
}
