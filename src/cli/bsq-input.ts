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
  opts: {
    onBytes?: (bytes: number, total: number | undefined) => void;
    /** Filled with the reader's current codec (it gains the entropy model after that record). */
    reader?: { codec: Codec | undefined };
  } = {},
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
        if (opts.reader) opts.reader.codec = reader.codec;
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
    if (opts.reader) opts.reader.codec = reader.codec;
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

/**
 * The codec of a .bsq file, with the entropy model when the file carries one (an ENTROPY_MODEL
 * record follows CODEC): reads only up to the first DATA record or the end.
 */
export async function readCodecFile(io: CliIO, path: string): Promise<{ codec: Codec; version: { major: number; minor: number } }> {
  const reader = { codec: undefined as Codec | undefined };
  let version: { major: number; minor: number } | undefined;
  for await (const e of bsqEvents(io, path, { reader })) {
    if (e.type === 'codec') version = e.version;
    else if (e.type === 'block' || e.type === 'end') break;
  }
  if (!reader.codec || !version) throw new BsqError('CORRUPT_FILE', `${path}: no CODEC record`);
  return { codec: reader.codec, version };
}
