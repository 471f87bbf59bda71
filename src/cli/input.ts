// Picks the reader for an input: by the signature in its first bytes (.bsq, Parquet "PAR1", Arrow),
// else by extension (.csv, .tsv, .arrow/.feather/.ipc/.arrows, .parquet/.pq, .bsq), else CSV; a
// Parquet file named .csv (or with no extension) is still read as Parquet.
import type { Readable } from 'node:stream';
import { UsageError } from './errors.js';
import { openArrowTable } from './arrow-input.js';
import { openCsv } from './csv-input.js';
import { openParquetTable } from './parquet-input.js';
import { open as openFile } from 'node:fs/promises';
import { openInput, resolvePath, type CliIO } from './io.js';
import type { TableOptions, TableSource } from './table.js';

export type DataFormat = 'csv' | 'tsv' | 'arrow' | 'parquet' | 'bsq';
export const DATA_FORMATS: readonly DataFormat[] = ['csv', 'tsv', 'arrow', 'parquet', 'bsq'];

export function formatFromPath(p: string): DataFormat | undefined {
  const m = /\.([a-z0-9]+)$/i.exec(p);
  const ext = m?.[1].toLowerCase();
  switch (ext) {
    case 'csv':
    case 'txt':
      return 'csv';
    case 'tsv':
    case 'tab':
      return 'tsv';
    case 'arrow':
    case 'feather':
    case 'ipc':
    case 'arrows':
      return 'arrow';
    case 'parquet':
    case 'pq':
      return 'parquet';
    case 'bsq':
      return 'bsq';
    default:
      return undefined;
  }
}

const BSQ_MAGIC = [0x89, 0x42, 0x53, 0x51];

/** Guess the format from the first bytes. */
export function sniffFormat(head: Uint8Array): DataFormat {
  if (head.length >= 4 && BSQ_MAGIC.every((b, i) => head[i] === b)) return 'bsq';
  if (head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === 'PAR1') return 'parquet';
  if (head.length >= 6 && String.fromCharCode(...head.subarray(0, 6)) === 'ARROW1') return 'arrow';
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
  return 'csv';
}

/** Read the first bytes of a stream without consuming them. */
export function peekStream(stream: Readable): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const done = (v: Uint8Array) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      resolve(v);
    };
    const onReadable = () => {
      const chunk = stream.read() as Buffer | string | null;
      if (chunk === null) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      stream.unshift(buf);
      done(new Uint8Array(buf.buffer, buf.byteOffset, Math.min(buf.byteLength, 16)));
    };
    const onEnd = () => done(new Uint8Array(0));
    const onError = (err: unknown) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      reject(err);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** The first bytes of a file (empty if it cannot be read: the reader reports that). */
async function fileHead(path: string): Promise<Uint8Array> {
  try {
    const h = await openFile(path, 'r');
    try {
      const buf = new Uint8Array(16);
      const { bytesRead } = await h.read(buf, 0, 16, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await h.close();
    }
  } catch {
    return new Uint8Array(0);
  }
}

/** Decide an input's format: explicit option, a binary signature, the extension, else sniffed text. */
export async function detectFormat(io: CliIO, p: string, explicit?: DataFormat): Promise<DataFormat> {
  if (explicit) return explicit;
  if (p !== '-') {
    const byExt = formatFromPath(p);
    const sniffed = sniffFormat(await fileHead(resolvePath(io, p)));
    // A signature wins over the extension (a Parquet file named data.csv); Arrow's stream signature
    // (0xFFFFFFFF) is only trusted when the name does not say otherwise.
    if (sniffed === 'bsq' || sniffed === 'parquet') return sniffed;
    if (byExt) return byExt;
    return sniffed;
  }
  const { stream } = await openInput(io, p);
  return sniffFormat(await peekStream(stream));
}

/** Open a numeric table (CSV, TSV or Arrow) for streaming. */
export async function openTable(
  io: CliIO,
  p: string,
  opts: TableOptions & { format?: DataFormat } = {},
): Promise<TableSource> {
  const format = await detectFormat(io, p, opts.format);
  if (format === 'bsq') throw new UsageError(`'${p}' is a .bsq file; a CSV, Arrow or Parquet table is expected here`);
  if (format === 'parquet') {
    if (p === '-') return openParquetTable({ stream: io.stdin, label: '<stdin>' }, opts);
    await openInput(io, p).then((i) => i.stream.destroy()); // readable? (clear error first)
    return openParquetTable({ path: resolvePath(io, p), label: p }, opts);
  }
  if (format === 'arrow') {
    if (p === '-') return openArrowTable({ stream: io.stdin, label: '<stdin>' }, opts);
    await openInput(io, p).then((i) => i.stream.destroy()); // readable? (clear error first)
    return openArrowTable({ path: resolvePath(io, p), label: p }, opts);
  }
  const input = await openInput(io, p);
  return openCsv(input.stream, input.label, { ...opts, delimiter: format === 'tsv' ? '\t' : ',' });
}
