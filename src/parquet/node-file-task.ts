// One file of encodeFiles / decodeFiles (in a worker thread, or in-process for jobs: 1): converts
// Parquet -> .bsq or .bsq -> Parquet, streaming, into a temporary file beside the output that is
// renamed into place only when complete (a failure removes it). Errors become results with their
// BsqError code.
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { readBsq } from '../format/index.js';
import { parquetStreamFromBsq } from './from-bsq.js';
import type { FileJobResult, WorkerTask } from './node-files.js';
import { parquetFile } from './node.js';
import { openParquet } from './source.js';
import { parquetToBsqStream } from './to-bsq.js';

/** What every task of a run shares (sent once to each worker). */
export interface FileTaskData {
  /** The codec as a codec-only .bsq file (encoding). */
  codec?: Uint8Array;
}

/** Write byte chunks to `output` atomically; returns the byte count. */
async function writeAtomic(output: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const tmp = join(dirname(output), `.bsq-tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}-${basename(output)}`);
  const fh = await open(tmp, 'wx');
  let bytes = 0;
  try {
    for await (const c of chunks) {
      let off = 0;
      while (off < c.length) off += (await fh.write(c, off, c.length - off)).bytesWritten;
      bytes += c.length;
    }
    await fh.sync();
    await fh.close();
    await rename(tmp, output);
    return bytes;
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function runFileTask(task: WorkerTask, data: FileTaskData): Promise<FileJobResult> {
  const codec: Codec | undefined = data.codec ? readBsq(data.codec).codec : undefined;
  if (task.kind === 'encode') {
    if (!codec) throw new BsqError('INVALID_ARGUMENT', 'no codec');
    const src = await parquetFile(task.input);
    try {
      const info = await openParquet(src, task.input);
      const { columns, ...enc } = task.options;
      const stream = parquetToBsqStream(info, codec, { ...enc, ...(columns ? { columns } : {}), label: task.input });
      const bytes = await writeAtomic(task.output, stream);
      return { input: task.input, output: task.output, ok: true, rows: info.rowCount, bytes };
    } finally {
      await src.close();
    }
  }
  let rows = 0;
  const chunks = createReadStream(task.input, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
  const stream = parquetStreamFromBsq(chunks, { ...task.options, onBlock: (n) => (rows += n) });
  const bytes = await writeAtomic(task.output, stream);
  return { input: task.input, output: task.output, ok: true, rows, bytes };
}

export function fileTaskError(err: unknown): FileJobResult {
  const code = err instanceof BsqError ? err.code : ((err as { code?: string } | null)?.code ?? 'ERROR');
  const message = err instanceof Error ? err.message : String(err);
  return { input: '', output: '', ok: false, error: { code, message } };
}

