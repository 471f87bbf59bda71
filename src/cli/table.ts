// Tables as the CLI reads them: a source of named columns delivered in row chunks (Float64 columns,
// one per selected column, plus optional text columns such as class labels), whatever the file
// format. csv-input.ts and arrow-input.ts produce them; input.ts picks the reader for a path.
import { BsqError } from '../codec/errors.js';

export interface TableChunk {
  /** One array per selected column, in `names` order, each `rowCount` long. */
  columns: Float64Array[];
  /** One array of strings per text column, in `textNames` order. */
  text: string[][];
  rowCount: number;
  /** Index (0-based, data rows only) of the chunk's first row in the whole table. */
  firstRow: number;
}

export interface TableSource {
  /** File name for messages. */
  label: string;
  /** Every column of the input, in file order. */
  allNames: string[];
  /** The selected columns, in the order chunks deliver them. */
  names: string[];
  /** The text columns, in the order chunks deliver them. */
  textNames: string[];
  chunks(): AsyncIterable<TableChunk>;
  /** Release the input early (when the consumer stops before the end). */
  close(): void;
}

export interface TableOptions {
  /** Columns to read, in this order (or a function of the header's names); default: every column. */
  select?: string[] | ((allNames: string[]) => string[]);
  /** Columns delivered as text, not parsed (labels); not among `select`. Default none. */
  text?: string[] | ((allNames: string[]) => string[]);
  /** Rows per chunk (default 16384). */
  chunkRows?: number;
  /** Deliver missing values (empty, NA, NaN, nulls) as NaN instead of failing. */
  allowMissing?: boolean;
  /** Called with the number of input bytes consumed so far (progress). */
  onBytes?: (bytes: number) => void;
}

export const DEFAULT_CHUNK_ROWS = 16384;

/**
 * Column names for an error message: at most 20, each at most 40 characters, names with control or
 * non-printable characters JSON-quoted (a binary file read as CSV has a header of garbage).
 */
export function columnList(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => {
    const short = n.length > 40 ? `${n.slice(0, 40)}...` : n;
    return /[\u0000-\u001f\u007f-\u009f\ufffd]/.test(short) ? JSON.stringify(short) : short;
  });
  return names.length > 20 ? `${shown.join(', ')}, ... (${names.length} in all)` : shown.join(', ');
}

/** Map the selected names to column indices, with a clear error for a missing or ambiguous column. */
export function selectColumns(label: string, allNames: string[], selectOpt: TableOptions['select'] | TableOptions['text']): number[] {
  const select = typeof selectOpt === 'function' ? selectOpt(allNames) : selectOpt;
  if (!select) {
    const seen = new Set<string>();
    for (const n of allNames) {
      if (seen.has(n)) throw new BsqError('INVALID_DATA', `${label}: duplicate column name '${n}'`, { column: n });
      seen.add(n);
    }
    return allNames.map((_, i) => i);
  }
  return select.map((name) => {
    const i = allNames.indexOf(name);
    if (i < 0) {
      throw new BsqError(
        'INVALID_DATA',
        `${label}: column '${name}' not found (columns: ${columnList(allNames)})`,
        { column: name },
      );
    }
    if (allNames.indexOf(name, i + 1) >= 0) {
      throw new BsqError('INVALID_DATA', `${label}: column name '${name}' appears more than once`, { column: name });
    }
    return i;
  });
}

export interface WholeTable {
  names: string[];
  columns: Float64Array[];
  textNames: string[];
  text: string[][];
  rowCount: number;
}

/** Read a whole table into memory (training, evaluation). */
export async function readWholeTable(source: TableSource): Promise<WholeTable> {
  const parts: TableChunk[] = [];
  let rowCount = 0;
  for await (const chunk of source.chunks()) {
    parts.push(chunk);
    rowCount += chunk.rowCount;
  }
  const columns = source.names.map((_, j) => {
    const col = new Float64Array(rowCount);
    let off = 0;
    for (const p of parts) {
      col.set(p.columns[j].subarray(0, p.rowCount), off);
      off += p.rowCount;
    }
    return col;
  });
  const text = source.textNames.map((_, j) => parts.flatMap((p) => p.text[j]));
  return { names: source.names.slice(), columns, textNames: source.textNames.slice(), text, rowCount };
}

/** The text columns' indices (none by default); they must not also be numeric columns. */
export function selectTextColumns(label: string, allNames: string[], textOpt: TableOptions['text'], numeric: number[]): number[] {
  if (textOpt === undefined) return [];
  const idx = selectColumns(label, allNames, textOpt);
  for (const i of idx) {
    if (numeric.includes(i)) throw new BsqError('INVALID_ARGUMENT', `${label}: column '${allNames[i]}' selected both as a number and as text`);
  }
  return idx;
}

/** Labels as the model knows them: numeric-looking text becomes a number (so "1" and "1.0" match 1). */
export function labelValue(text: string): string | number {
  const t = text.trim();
  const x = Number(t);
  return t !== '' && Number.isFinite(x) ? x : t;
}
