// Dataset loading for the accuracy benchmark: numeric CSVs from ../shared/datasets (header row,
// target last), as columns.

import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const DATASET_DIR = process.env['BSQ_DATASETS'] ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/datasets');

export interface CsvTable {
  names: string[];
  columns: Record<string, Float64Array>;
  rows: number;
}

export function readNumericCsv(file: string): CsvTable {
  const path = existsSync(file) ? file : join(DATASET_DIR, file);
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = lines[0]!.split(',').map((s) => s.trim());
  const rows = lines.length - 1;
  const cols = names.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1]!.split(',');
    if (cells.length !== names.length) throw new Error(`${path}: row ${r + 1} has ${cells.length} cells, expected ${names.length}`);
    for (let c = 0; c < names.length; c++) cols[c]![r] = Number(cells[c]);
  }
  const columns: Record<string, Float64Array> = {};
  names.forEach((n, i) => { columns[n] = cols[i]!; });
  return { names, columns, rows };
}
