// Parquet input for the CLI: opens a .parquet file (random access: the footer, then one row group at
// a time) or stdin (read whole, since Parquet needs random access) through src/parquet (loaded on
// demand, so CSV-only use never needs the optional hyparquet peer dependency; without it the error is
// MISSING_DEPENDENCY with the install command) and delivers
// TableChunks; nulls and NaN are reported as missing values with their row number.
import type { Readable } from 'node:stream';
import { BsqError } from '../codec/errors.js';
import { fileError } from './errors.js';
import { selectColumns, selectTextColumns, type TableChunk, type TableOptions, type TableSource } from './table.js';

type ParquetModule = typeof import('../parquet/index.js');
type ParquetNodeModule = typeof import('../parquet/node.js');

export async function loadParquetModules(): Promise<{ pq: ParquetModule; node: ParquetNodeModule }> {
  const [pq, node] = await Promise.all([import('../parquet/index.js'), import('../parquet/node.js')]);
  return { pq, node };
}

/** Open Parquet data from a file path (absolute) or a stream (stdin). */
export async function openParquetTable(
  input: { path: string; label: string } | { stream: Readable; label: string },
  opts: TableOptions = {},
): Promise<TableSource> {
  const { pq, node } = await loadParquetModules();
  const label = input.label;
  let file: Awaited<ReturnType<ParquetNodeModule['parquetFile']>> | undefined;
  let source: import('../parquet/index.js').ParquetInput;
  if ('path' in input) {
    try {
      file = await node.parquetFile(input.path);
    } catch (err) {
      throw fileError(err, 'read', label);
    }
    source = file;
  } else {
    const parts: Buffer[] = [];
    for await (const c of input.stream) parts.push(c as Buffer);
    source = new Uint8Array(Buffer.concat(parts));
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (file) void file.close().catch(() => undefined);
  };
  let info: import('../parquet/index.js').ParquetFileInfo;
  let index: number[];
  let textIndex: number[];
  try {
    info = await pq.openParquet(source, label);
    const allNames = info.columns.map((c) => c.name);
    index = selectColumns(label, allNames, opts.select);
    textIndex = selectTextColumns(label, allNames, opts.text, index);
    pq.columnIndices(info, index.map((i) => allNames[i]), label); // numeric check, with the column's type
  } catch (err) {
    close();
    throw err;
  }
  const allNames = info.columns.map((c) => c.name);
  const names = index.map((i) => allNames[i]);
  const textNames = textIndex.map((i) => allNames[i]);
  const total = 'path' in input ? info.source.byteLength : undefined;
  // A file of codes (bsq decode --as codes) is read as the levels the codes stand for.
  const levels = pq.codeColumnLevels(info, names);
  async function* chunks(): AsyncGenerator<TableChunk> {
    let read = 0;
    try {
      for await (const b of pq.rowGroupColumns(info, index, label, textIndex)) {
        for (let j = 0; j < b.columns.length && !opts.allowMissing; j++) {
          const col = b.columns[j];
          for (let r = 0; r < b.rowCount; r++) {
            if (Number.isNaN(col[r])) {
              throw new BsqError('INVALID_DATA', `${label} row ${b.firstRow + r + 1}: column '${names[j]}': missing value`, { row: b.firstRow + r, column: names[j] });
            }
          }
        }
        for (let j = 0; j < b.text.length && !opts.allowMissing; j++) {
          const r = b.text[j].indexOf('');
          if (r >= 0) {
            throw new BsqError('INVALID_DATA', `${label} row ${b.firstRow + r + 1}: column '${textNames[j]}': missing value`, { row: b.firstRow + r, column: textNames[j] });
          }
        }
        if (levels) b.columns = b.columns.map((c, j) => (levels[j] ? pq.codesToLevels(c, levels[j], names[j], b.firstRow, label) : c));
        read += b.rowCount;
        if (total !== undefined && info.rowCount > 0) opts.onBytes?.(Math.round((total * read) / info.rowCount));
        yield { columns: b.columns, text: b.text, rowCount: b.rowCount, firstRow: b.firstRow };
      }
    } finally {
      close();
    }
  }
  return { label, allNames, names, textNames, chunks, close };
}
