// The process boundary of the CLI: the streams and working directory a command runs with (real ones
// from main.ts, captured ones in tests), opening inputs (a path or "-" for stdin) and outputs (an
// atomic file or "-" for stdout, with backpressure).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AtomicFile, type ByteSink } from './atomic.js';
import { fileError, UsageError } from './errors.js';

export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Whether stderr is a terminal (progress bar) or not (plain lines). */
  stderrIsTTY: boolean;
  /** Terminal width for the progress bar. */
  columns?: number;
  cwd: string;
}

export function resolvePath(io: CliIO, p: string): string {
  return resolve(io.cwd, p);
}

/**
 * Refuse an output file that is one of the inputs (the same file, also through a link or another
 * spelling of the path): the atomic rename at the end would replace the input, e.g. the float CSV
 * with its quantized .bsq. A usage error (exit 2), raised before anything is read.
 */
export async function assertOutputNotInput(io: CliIO, output: string, inputs: readonly string[]): Promise<void> {
  if (output === '-') return;
  const out = await stat(resolvePath(io, output)).catch(() => undefined);
  if (!out || !out.isFile()) return;
  for (const input of inputs) {
    if (input === '-') continue;
    const st = await stat(resolvePath(io, input)).catch(() => undefined);
    if (st && st.dev === out.dev && st.ino === out.ino) {
      throw new UsageError(`the output '${output}' is the input file '${input}'; write the output to another file`);
    }
  }
}

/** Wait until the stream can take more data, or fail if it errors first. */
function waitDrain(w: Writable): Promise<void> {
  return new Promise((res, rej) => {
    const onDrain = () => {
      w.off('error', onError);
      res();
    };
    const onError = (err: unknown) => {
      w.off('drain', onDrain);
      rej(err);
    };
    w.once('drain', onDrain);
    w.once('error', onError);
  });
}

export async function writeWithBackpressure(w: Writable, chunk: Uint8Array | string): Promise<void> {
  if (!w.write(chunk)) await waitDrain(w);
}

/** Output to stdout (not atomic: what was written stays written). */
export class StdoutSink implements ByteSink {
  bytesWritten = 0;
  constructor(private readonly out: Writable) {}
  async write(chunk: Uint8Array | string): Promise<void> {
    this.bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    await writeWithBackpressure(this.out, chunk);
  }
  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
}

/** Open an output: "-" is stdout, anything else an atomic file. */
export async function openOutput(io: CliIO, target: string): Promise<ByteSink> {
  if (target === '-') return new StdoutSink(io.stdout);
  return AtomicFile.create(resolvePath(io, target), target);
}

export interface InputStream {
  stream: Readable;
  /** Name used in messages ("<stdin>" for "-"). */
  label: string;
  /** Size in bytes when known (files), for progress. */
  size: number | undefined;
}

/** Open an input for streaming: "-" is stdin. Fails early (before any output) if unreadable. */
export async function openInput(io: CliIO, p: string, opts: { highWaterMark?: number } = {}): Promise<InputStream> {
  if (p === '-') return { stream: io.stdin, label: '<stdin>', size: undefined };
  const full = resolvePath(io, p);
  let size: number;
  try {
    const st = await stat(full);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // Probe readability now so errors surface before outputs are created.
    const h = await open(full, 'r');
    await h.close();
    size = st.size;
  } catch (err) {
    throw fileError(err, 'read', p);
  }
  const stream = createReadStream(full, { highWaterMark: opts.highWaterMark ?? 1 << 20 });
  stream.on('error', () => undefined); // surfaced through the consumer's iteration
  return { stream, label: p, size };
}

/** Read a whole input into memory (small files: codecs). */
export async function readAll(io: CliIO, p: string): Promise<Uint8Array> {
  const { stream, label } = await openInput(io, p);
  const parts: Buffer[] = [];
  try {
    for await (const c of stream) parts.push(c as Buffer);
  } catch (err) {
    throw fileError(err, 'read', label);
  }
  const buf = Buffer.concat(parts);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
