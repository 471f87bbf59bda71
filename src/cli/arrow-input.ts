// Arrow IPC input for the CLI: opens a .arrow/.feather/.arrows file (random access through a file
// handle) or stdin through src/arrow/ipc-columns.ts (loaded on demand, so CSV-only use never needs
// the optional apache-arrow peer dependency) and delivers TableChunks; nulls and NaN are reported as
// missing values with their row number.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { BsqError } from '../codec/errors.js';
import { CliError, fileError } from './errors.js';
import { selectColumns, selectTextColumns, type TableChunk, type TableOptions, type TableSource } from './table.js';

type IpcModule = typeof import('../arrow/ipc-columns.js');

export async function loadArrowModule(): Promise<IpcModule> {
  try {
    return await import('../arrow/ipc-columns.js');
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new CliError("Arrow files need the 'apache-arrow' package: npm install apache-arrow", { cause: err });
    }
    throw err;
  }
}

/** Open Arrow IPC data from a file path (absolute) or a stream (stdin). */
export async function openArrowTable(
  input: { path: string; label: string } | { stream: Readable; label: string },
  opts: TableOptions = {},
): Promise<TableSource> {
  const ipc = await loadArrowModule();
  const label = input.label;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let source: unknown;
  if ('path' in input) {
    try {
      handle = await open(input.path, 'r');
    } catch (err) {
      throw fileError(err, 'read', label);
    }
    source = handle;
  } else {
    source = input.stream;
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (handle) void handle.close().catch(() => undefined);
    if ('stream' in input) input.stream.destroy();
  };
  let table;
  try {
    table = await ipc.openIpcColumns(source, label);
  } catch (err) {
    close();
    throw err;
  }
  let index: number[];
  let textIndex: number[];
  try {
    index = selectColumns(label, table.allNames, opts.select);
    textIndex = selectTextColumns(label, table.allNames, opts.text, index);
  } catch (err) {
    close();
    throw err;
  }
  const names = index.map((i) => table.allNames[i]);
  const textNames = textIndex.map((i) => table.allNames[i]);
  const src = table;
  async function* chunks(): AsyncGenerator<TableChunk> {
    let firstRow = 0;
    try {
      for await (const b of src.batches(index, textIndex)) {
        for (let j = 0; j < b.columns.length && !opts.allowMissing; j++) {
          const col = b.columns[j];
          for (let r = 0; r < b.rowCount; r++) {
            if (Number.isNaN(col[r])) {
              throw new BsqError('INVALID_DATA', `${label} row ${firstRow + r + 1}: column '${names[j]}': missing value`, {
                row: firstRow + r,
                column: names[j],
              });
            }
          }
        }
        for (let j = 0; j < b.text.length && !opts.allowMissing; j++) {
          const r = b.text[j].indexOf('');
          if (r >= 0) {
            throw new BsqError('INVALID_DATA', `${label} row ${firstRow + r + 1}: column '${textNames[j]}': missing value`, {
              row: firstRow + r,
              column: textNames[j],
            });
          }
        }
        yield { columns: b.columns, text: b.text, rowCount: b.rowCount, firstRow };
        firstRow += b.rowCount;
      }
    } finally {
      close();
    }
  }
  return { label, allNames: table.allNames, names, textNames, chunks, close };
}
