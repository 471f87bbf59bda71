// Dataset loading for the accuracy benchmark: numeric CSVs from ../shared/datasets (header row),
// as columns; an empty cell is a missing value (NaN). And the suite: every dataset there, each
// defined only by its problem (file, target, task, columns that are other targets, given test file),
// never by training settings.

import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { execSync } from 'node:child_process';

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
    for (let c = 0; c < names.length; c++) {
      const cell = cells[c]!.trim();
      const v = cell === '' ? NaN : Number(cell);
      if (cell !== '' && !Number.isFinite(v)) throw new Error(`${path}: row ${r + 1} column ${names[c]} is not a number: ${cell}`);
      cols[c]![r] = v;
    }
  }
  const columns: Record<string, Float64Array> = {};
  names.forEach((n, i) => { columns[n] = cols[i]!; });
  return { names, columns, rows };
}

export interface DatasetSpec {
  name: string;
  task: 'regression' | 'classification';
  file: string;
  target: string;
  /** Other targets in the file (never features). */
  drop?: string[];
  /** The dataset's given test file (else: a seeded 90/10 split per seed). */
  testFile?: string;
}

/** The suite of issue 10: every dataset in ../shared/datasets with a numeric target. */
export const SUITE: DatasetSpec[] = [
  { name: 'california', task: 'regression', file: 'california_housing_sklearn.csv', target: 'MedHouseVal' },
  { name: 'wine', task: 'regression', file: 'wine_quality.csv', target: 'quality' },
  { name: 'gas_nox', task: 'regression', file: 'gas_turbine_emissions.csv', target: 'NOX', drop: ['CO'] },
  { name: 'air_quality', task: 'regression', file: 'air_quality.csv', target: 'C6H6_GT' },
  { name: 'kin40k', task: 'regression', file: 'uci_kin40k.csv', target: 'y' },
  { name: 'protein', task: 'regression', file: 'uci_protein.csv', target: 'y' },
  { name: 'bike', task: 'regression', file: 'uci_bike.csv', target: 'y' },
  { name: 'parkinsons', task: 'regression', file: 'uci_parkinsons.csv', target: 'y' },
  { name: 'pumadyn32nm', task: 'regression', file: 'uci_pumadyn32nm.csv', target: 'y' },
  { name: 'airfoil', task: 'regression', file: 'uci_airfoil.csv', target: 'y' },
  { name: 'skillcraft', task: 'regression', file: 'uci_skillcraft.csv', target: 'y' },
  { name: 'occupancy', task: 'classification', file: 'occupancy_train.csv', testFile: 'occupancy_test.csv', target: 'Occupancy' },
  { name: 'optdigits', task: 'classification', file: 'optdigits_train.csv', testFile: 'optdigits_test.csv', target: 'digit' },
];

export function datasetSpec(name: string): DatasetSpec {
  const s = SUITE.find((d) => d.name === name);
  if (!s) throw new Error(`unknown dataset ${name} (known: ${SUITE.map((d) => d.name).join(', ')})`);
  return s;
}

/** Load a suite dataset: drops the other targets and columns constant in the training file. */
export function loadDataset(spec: DatasetSpec): { train: CsvTable; test?: CsvTable; dropped: string[] } {
  const train = readNumericCsv(spec.file);
  const test = spec.testFile ? readNumericCsv(spec.testFile) : undefined;
  const dropped: string[] = [];
  for (const n of [...train.names]) {
    if (n === spec.target) continue;
    const c = train.columns[n]!;
    const first = c.find((v) => v === v);
    const constant = c.every((v) => v !== v || v === first);
    if (spec.drop?.includes(n) || constant) {
      delete train.columns[n];
      if (test) delete test.columns[n];
      dropped.push(n);
    }
  }
  train.names = train.names.filter((n) => !dropped.includes(n));
  if (test) test.names = test.names.filter((n) => !dropped.includes(n));
  return { train, ...(test ? { test } : {}), dropped };
}

/** The code a bench record was measured with: the short commit, "+dirty" when src/ has uncommitted changes. */
export function commitOf(): string {
  try {
    const h = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain -- src', { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${h}+dirty` : h;
  } catch { return 'unknown'; }
}
