// Loading a dataset in the page: a CSV (header row, comma separated) or an Arrow IPC file (file or
// stream format) into named columns, numeric ones as Float64Array (empty cells -> NaN) and any
// other as text labels (usable only as a classification target).
import { parse } from 'csv-parse/browser/esm/sync';
import { tableFromIPC } from 'apache-arrow';
import { isNumericType, numericColumn } from '../../src/arrow/index.js';

export interface LoadedData {
  name: string;
  names: string[];
  columns: (Float64Array | string[])[];
  rowCount: number;
}

export class DataError extends Error {}

function typed(name: string, cells: string[]): Float64Array | string[] {
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const s = cells[i]!.trim();
    const v = s === '' ? NaN : Number(s);
    if (Number.isNaN(v) && s !== '' && s.toLowerCase() !== 'nan') return cells;
    out[i] = v;
  }
  return out;
}

export function parseCsv(name: string, text: string): LoadedData {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (err) {
    throw new DataError(`${name}: not a valid CSV file (${(err as Error).message})`);
  }
  if (records.length < 2) throw new DataError(`${name}: needs a header row and at least one data row`);
  const names = records[0]!;
  if (new Set(names).size !== names.length) throw new DataError(`${name}: duplicate column names in the header`);
  const body = records.slice(1);
  const columns = names.map((n, c) => typed(n, body.map((r) => r[c] ?? '')));
  return { name, names, columns, rowCount: body.length };
}

export function parseArrow(name: string, bytes: Uint8Array): LoadedData {
  let table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new DataError(`${name}: not an Arrow IPC file (${(err as Error).message})`);
  }
  const names: string[] = [];
  const columns: (Float64Array | string[])[] = [];
  for (const field of table.schema.fields) {
    const vec = table.getChild(field.name);
    if (!vec) continue;
    names.push(field.name);
    if (isNumericType(field.type)) columns.push(Float64Array.from(numericColumn(vec)));
    else columns.push(Array.from({ length: vec.length }, (_, i) => String(vec.get(i) ?? '')));
  }
  if (names.length === 0 || table.numRows === 0) throw new DataError(`${name}: the table is empty`);
  return { name, names, columns, rowCount: table.numRows };
}

/** A File (from the picker or a drop) by its content: Arrow magic bytes, else CSV text. */
export async function loadFile(file: File): Promise<LoadedData> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const magic = new TextDecoder().decode(bytes.subarray(0, 6));
  const isArrow = magic === 'ARROW1' || (bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff);
  if (isArrow || /\.(arrow|feather|ipc|arrows)$/i.test(file.name)) return parseArrow(file.name, bytes);
  return parseCsv(file.name, new TextDecoder().decode(bytes));
}

export function isNumeric(c: Float64Array | string[]): c is Float64Array {
  return c instanceof Float64Array;
}
