// Streaming CSV reader (csv-parse): a header row, then rows whose selected cells must be numbers.
// Records are converted inside csv-parse's on_record hook straight into Float64 column chunks (no
// per-record objects or promises), fed one input buffer at a time, so memory stays bounded by a
// chunk and an input buffer. A wrong field count, a non-numeric cell or a missing value is a
// BsqError INVALID_DATA naming the file, the line and the column.
import { parse } from 'csv-parse';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { BsqError } from '../codec/errors.js';
import { isMissingText, numberFromText } from '../codec/number-text.js';
import { DEFAULT_CHUNK_ROWS, selectColumns, selectTextColumns, type TableChunk, type TableOptions, type TableSource } from './table.js';


/** Parse one cell; NaN for a missing value, undefined for a non-numeric cell. */
export function parseCell(cell: string): number | undefined {
  const v = numberFromText(cell);
  if (v !== undefined) return v;
  return isMissingText(cell) ? NaN : undefined;
}

export interface CsvOptions extends TableOptions {
  delimiter?: string;
}

/** Open a CSV stream: reads up to the header now, the rows as the chunks are iterated. */
export async function openCsv(stream: Readable, label: string, opts: CsvOptions = {}): Promise<TableSource> {
  const chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const allowMissing = opts.allowMissing === true;
  let allNames: string[] | undefined;
  let index: number[] = [];
  let names: string[] = [];
  let textIndex: number[] = [];
  let textNames: string[] = [];
  let texts: string[][] = [];
  let width = 0;
  let cols: Float64Array[] = [];
  let n = 0;
  let firstRow = 0;
  const ready: TableChunk[] = [];

  const onRecord = (record: string[], info: { lines: number }): null => {
    if (allNames === undefined) {
      allNames = record.map((s) => s.trim());
      width = allNames.length;
      index = selectColumns(label, allNames, opts.select);
      names = index.map((i) => allNames![i]);
      textIndex = selectTextColumns(label, allNames, opts.text, index);
      textNames = textIndex.map((i) => allNames![i]);
      texts = textNames.map(() => []);
      cols = names.map(() => new Float64Array(chunkRows));
      return null;
    }
    if (record.length !== width) {
      throw new BsqError(
        'INVALID_DATA',
        `${label} line ${info.lines}: ${record.length} field${record.length === 1 ? '' : 's'}, expected ${width} (as in the header)`,
        { line: info.lines },
      );
    }
    for (let j = 0; j < index.length; j++) {
      const cell = record[index[j]];
      const v = parseCell(cell);
      if (v === undefined || (!allowMissing && Number.isNaN(v))) {
        const what = v === undefined ? `'${cell.length > 40 ? cell.slice(0, 40) + '...' : cell}' is not a number` : 'missing value';
        throw new BsqError('INVALID_DATA', `${label} line ${info.lines}: column '${names[j]}': ${what}`, {
          line: info.lines,
          column: names[j],
        });
      }
      cols[j][n] = v;
    }
    for (let j = 0; j < textIndex.length; j++) {
      const cell = record[textIndex[j]].trim();
      if (cell === '' && !allowMissing) {
        throw new BsqError('INVALID_DATA', `${label} line ${info.lines}: column '${textNames[j]}': missing value`, {
          line: info.lines,
          column: textNames[j],
        });
      }
      texts[j].push(cell);
    }
    n++;
    if (n === chunkRows) {
      ready.push({ columns: cols, text: texts, rowCount: n, firstRow });
      firstRow += n;
      n = 0;
      cols = names.map(() => new Float64Array(chunkRows));
      texts = textNames.map(() => []);
    }
    return null;
  };

  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    delimiter: opts.delimiter ?? ',',
    on_record: onRecord as never,
  });
  parser.on('error', () => undefined); // surfaced through write()/finish() below
  const wrap = (err: unknown): Error => {
    if (err instanceof BsqError) return err;
    const e = err as { code?: string; message?: string; lines?: number };
    // csv-parse's errors: codes CSV_* and (without the prefix) INVALID_OPENING_QUOTE.
    if (typeof e.code === 'string' && (e.code.startsWith('CSV_') || e.code === 'INVALID_OPENING_QUOTE')) {
      return new BsqError('INVALID_DATA', `${label}: ${e.message ?? 'malformed CSV'}`, e.lines !== undefined ? { line: e.lines } : undefined);
    }
    return err instanceof Error ? err : new Error(String(err));
  };
  const write = (buf: Buffer | string) =>
    new Promise<void>((resolve, reject) => {
      parser.write(buf, (err) => (err ? reject(wrap(err)) : resolve()));
    });
  const end = async () => {
    parser.end();
    parser.resume();
    try {
      await finished(parser);
    } catch (err) {
      throw wrap(err);
    }
  };

  let bytes = 0;
  const source = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let sourceDone = false;
  /** Feed the next input buffer; false at the end of the input. */
  const feed = async (): Promise<boolean> => {
    let r: IteratorResult<Buffer | string>;
    try {
      r = await source.next();
    } catch (err) {
      throw wrap(err);
    }
    if (r.done) {
      sourceDone = true;
      await end();
      return false;
    }
    bytes += r.value.length;
    opts.onBytes?.(bytes);
    await write(r.value);
    return true;
  };

  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      parser.destroy();
      stream.destroy();
    }
  };

  try {
    while (allNames === undefined && (await feed()));
  } catch (err) {
    close();
    throw err;
  }
  if (allNames === undefined) {
    close();
    throw new BsqError('INVALID_DATA', `${label}: empty input (expected a header row)`);
  }

  let started = false;
  async function* chunks(): AsyncGenerator<TableChunk> {
    if (started) throw new Error('csv table: chunks() may be iterated once');
    started = true;
    try {
      for (;;) {
        while (ready.length > 0) yield ready.shift()!;
        if (sourceDone) break;
        await feed();
      }
      if (n > 0) {
        const last = { columns: cols.map((c) => c.subarray(0, n)), text: texts, rowCount: n, firstRow };
        n = 0;
        yield last;
      }
    } finally {
      close();
    }
  }

  return { label, allNames, names, textNames, chunks, close };
}
