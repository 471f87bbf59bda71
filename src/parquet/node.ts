// `bsq/parquet/node`: the Node-only side of bsq/parquet. A random-access byte source over a local
// file (parquetFile: only the footer and the row groups being read are in memory), and the
// multi-file converters that use every core (node-files.ts, with worker_threads).
import { open } from 'node:fs/promises';
import { BsqError } from '../codec/errors.js';
import type { ParquetByteSource } from './source.js';

export interface ParquetFileSource extends ParquetByteSource {
  close(): Promise<void>;
}

/** Open a local file as a random-access Parquet byte source; close() it when done. */
export async function parquetFile(path: string): Promise<ParquetFileSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const len = Math.max(0, Math.min(end, size) - start);
      const buf = new Uint8Array(len);
      let off = 0;
      while (off < len) {
        const { bytesRead } = await handle.read(buf, off, len - off, start + off);
        if (bytesRead === 0) throw new BsqError('INVALID_DATA', `${path}: file shrank while reading (${start + off} of ${size} bytes)`);
        off += bytesRead;
      }
      return buf.buffer;
    },
    close: () => handle.close(),
  };
}

export { encodeFiles, decodeFiles, expandInputs } from './node-files.js';
export type { FileJobResult, EncodeFilesOptions, DecodeFilesOptions } from './node-files.js';
export { runFileJobs, defaultJobs } from './node-pool.js';
export type { PoolOptions } from './node-pool.js';
