// Training data intake: turns the accepted shapes (a record of columns, or an array of row objects)
// into numeric float64 feature columns plus a target, checks them, and infers the task. Every
// problem is a BsqError naming the column (and row) at fault.

import { BsqError } from '../codec/errors.js';
import { isMissingText, numberFromText } from '../codec/number-text.js';
import { dictionaryColumn, indexColumn, looksCategorical, type CategoryInfo } from './categorical.js';

/** One column: a typed array, or an array of numbers (or numeric strings / labels for the target). */
export type ColumnValues = ArrayLike<number> | ArrayLike<string | number | boolean | null | undefined>;
/** Columns by name, all of the same length. */
export type ColumnData = Readonly<Record<string, ColumnValues>>;
/** Row objects keyed by column name. */
export type RowObjects = ReadonlyArray<Readonly<Record<string, unknown>>>;
/** What trainCodec accepts. (Arrow tables: convert with bsq/arrow first.) */
export type TrainData = ColumnData | RowObjects;

export type Task = 'regression' | 'classification';
export type ClassLabel = string | number;

/** Data after intake: float64 feature columns and a numeric target. */
export interface Dataset {
  readonly featureNames: string[];
  readonly columns: Float64Array[];
  readonly rowCount: number;
  readonly targetName: string;
  readonly task: Task;
  /** Regression: the target values. Classification: the class index of each row. */
  readonly y: Float64Array;
  /** Classification only: the label of each class index. */
  readonly classes?: ClassLabel[];
  /** Rows dropped because their target was missing (indexes in the input). */
  readonly droppedRows?: number;
  /** Per feature: how many kept rows had the value missing (NaN). */
  readonly missing?: number[];
  /** Set when the task was inferred (no options.task). */
  readonly inferred?: TaskInference;
  /**
   * Per feature, for a categorical one (columns holding category indices): the whole dictionary as
   * read, most frequent first (intake), and the trained dictionary (after fitCategories, or taken
   * from `like`). Numeric features have undefined.
   */
  readonly dictionaries?: (string[] | undefined)[];
  readonly categoryInfo?: (CategoryInfo | undefined)[];
}

/** Build ColumnData from a numeric matrix (array of rows or row-major typed array) and a target. */
export function fromMatrix(
  features: ReadonlyArray<ArrayLike<number>> | Float32Array | Float64Array,
  target: ColumnValues,
  opts: { featureNames?: string[]; targetName?: string } = {},
): Record<string, ColumnValues> {
  const n = target.length;
  let d: number;
  let get: (r: number, f: number) => number;
  if (Array.isArray(features)) {
    if (features.length !== n) {
      throw new BsqError('INVALID_DATA', `fromMatrix: ${features.length} feature rows but ${n} target values`);
    }
    d = n > 0 ? (features[0] as ArrayLike<number>).length : (opts.featureNames?.length ?? 0);
    get = (r, f) => (features[r] as ArrayLike<number>)[f] as number;
    for (let r = 0; r < n; r++) {
      if ((features[r] as ArrayLike<number>).length !== d) {
        throw new BsqError('INVALID_DATA', `fromMatrix: row ${r} has ${(features[r] as ArrayLike<number>).length} values, expected ${d}`);
      }
    }
  } else {
    const flat = features as Float32Array | Float64Array;
    if (n === 0 || flat.length % n !== 0) {
      throw new BsqError('INVALID_DATA', `fromMatrix: ${flat.length} values is not a multiple of ${n} rows`);
    }
    d = flat.length / n;
    get = (r, f) => flat[r * d + f] as number;
  }
  const names = opts.featureNames ?? Array.from({ length: d }, (_, i) => `x${i}`);
  if (names.length !== d) throw new BsqError('INVALID_ARGUMENT', `fromMatrix: ${names.length} feature names for ${d} features`);
  const targetName = opts.targetName ?? 'target';
  const out: Record<string, ColumnValues> = {};
  for (let f = 0; f < d; f++) {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) col[r] = get(r, f);
    out[names[f]!] = col;
  }
  if (targetName in out) throw new BsqError('INVALID_ARGUMENT', `fromMatrix: target name '${targetName}' is also a feature name`);
  out[targetName] = target;
  return out;
}

function isRowObjects(data: TrainData): data is RowObjects {
  return Array.isArray(data);
}

/** Column names and a getter for a column, whatever the input shape. */
function columnView(data: TrainData, what: string): { names: string[]; rowCount: number; column(name: string): ArrayLike<unknown> } {
  if (data === null || typeof data !== 'object') {
    throw new BsqError('INVALID_DATA', `${what}: expected a record of columns or an array of row objects`);
  }
  if (isRowObjects(data)) {
    const rows = data;
    const names: string[] = [];
    const seen = new Set<string>();
    for (const row of rows.slice(0, 1)) {
      if (row === null || typeof row !== 'object') throw new BsqError('INVALID_DATA', `${what}: row 0 is not an object`);
      for (const k of Object.keys(row)) if (!seen.has(k)) { seen.add(k); names.push(k); }
    }
    return {
      names,
      rowCount: rows.length,
      column(name) {
        const out = new Array<unknown>(rows.length);
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r];
          if (row === null || typeof row !== 'object') throw new BsqError('INVALID_DATA', `${what}: row ${r} is not an object`);
          out[r] = row[name];
        }
        return out;
      },
    };
  }
  const cols = data as ColumnData;
  const names = Object.keys(cols);
  let rowCount = -1;
  for (const name of names) {
    const col = cols[name];
    if (col === null || typeof col !== 'object' || typeof (col as ArrayLike<unknown>).length !== 'number') {
      throw new BsqError('INVALID_DATA', `${what}: column '${name}' is not an array`);
    }
    if (rowCount < 0) rowCount = col.length;
    else if (col.length !== rowCount) {
      throw new BsqError('INVALID_DATA', `${what}: column '${name}' has ${col.length} values, others have ${rowCount}`);
    }
  }
  return { names, rowCount: Math.max(rowCount, 0), column: (name) => cols[name] as ArrayLike<unknown> };
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return numberFromText(v) ?? NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

/**
 * A numeric column. With `missing` given, missing cells (undefined, null, NaN, empty string) become
 * NaN and are counted in missing.count; any other non-finite value is still an error.
 */
function numericColumn(values: ArrayLike<unknown>, name: string, what: string, missing?: { count: number }, rowOf: (r: number) => number = (r) => r): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array ||
      values instanceof Uint8Array || values instanceof Int16Array || values instanceof Uint16Array ||
      values instanceof Int8Array || values instanceof Uint32Array || values instanceof Uint8ClampedArray) {
    out.set(values);
  } else {
    for (let r = 0; r < n; r++) out[r] = toNumber(values[r]);
  }
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(out[r]!)) {
      const raw = (values as ArrayLike<unknown>)[r];
      if (missing && isMissing(raw)) { out[r] = NaN; missing.count++; continue; }
      // String(), not JSON.stringify: the latter shows NaN and Infinity as null.
      const shown = raw === undefined ? 'missing' : raw === null ? 'null' : typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
      throw new BsqError('INVALID_DATA', `${what}: column '${name}' row ${rowOf(r)} is not a finite number (${shown})`, { column: name, row: rowOf(r) });
    }
  }
  return out;
}

/** Largest finite binary32 value: the codec compares values with binary32 thresholds. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** A feature value beyond the binary32 range cannot get a finite threshold above or below it. */
function checkFloat32Range(col: Float64Array, name: string, what: string, rowOf: (r: number) => number): Float64Array {
  for (let r = 0; r < col.length; r++) {
    const x = col[r]!;
    if (x > FLOAT32_MAX || x < -FLOAT32_MAX) {
      throw new BsqError('INVALID_DATA', `${what}: column '${name}' row ${rowOf(r)} is ${x}, outside the float32 range (±3.4e38) that codes are computed in`, { column: name, row: rowOf(r) });
    }
  }
  return col;
}

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && isMissingText(v));
}

/** At most this many distinct integer values make an inferred classification target. */
export const MAX_INFERRED_CLASSES = 50;

/** What task inference saw in a target column, and why it chose the task. */
export interface TaskInference {
  task: Task;
  /** Distinct non-missing values (counted up to MAX_INFERRED_CLASSES + 1). */
  distinct: number;
  /** Non-missing values. */
  rows: number;
  /** One line for people, e.g. "integer target with 4 distinct values in 8143 rows". */
  reason: string;
}

/**
 * Infer the task of a target like scikit-learn's type_of_target, with a row-count guard: labels
 * (strings, booleans) -> classification; numbers with a fractional part -> regression; integers with
 * exactly 2 distinct values, or with at most min(MAX_INFERRED_CLASSES, sqrt(rows)) distinct values
 * -> classification; other integers (counts, prices in cents) -> regression. Missing cells are ignored.
 */
export function explainTask(values: ArrayLike<unknown>): TaskInference {
  const distinct = new Set<number>();
  let rows = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (isMissing(v)) continue;
    rows++;
    if (typeof v === 'boolean') return { task: 'classification', distinct: NaN, rows: values.length, reason: 'boolean labels' };
    if (typeof v === 'string' && !Number.isFinite(Number(v))) {
      return { task: 'classification', distinct: NaN, rows: values.length, reason: `text labels (e.g. ${JSON.stringify(v)})` };
    }
    const x = toNumber(v);
    if (!Number.isInteger(x)) return { task: 'regression', distinct: NaN, rows: values.length, reason: `non-integer values (e.g. ${x})` };
    if (distinct.size <= MAX_INFERRED_CLASSES) distinct.add(x);
  }
  const k = distinct.size;
  const limit = Math.min(MAX_INFERRED_CLASSES, Math.floor(Math.sqrt(rows)));
  const many = k > MAX_INFERRED_CLASSES ? `more than ${MAX_INFERRED_CLASSES}` : String(k);
  if (k === 2 || (k > 2 && k <= limit)) {
    return { task: 'classification', distinct: k, rows, reason: `integer target with ${k} distinct values in ${rows} rows (classes: at most ${Math.max(2, limit)} distinct integers)` };
  }
  return { task: 'regression', distinct: k, rows, reason: `integer target with ${many} distinct values in ${rows} rows (classes: at most ${Math.max(2, limit)} distinct integers)` };
}

/** The task a target implies when none is given (see explainTask). */
export function inferTask(values: ArrayLike<unknown>): Task {
  return explainTask(values).task;
}

function labelOf(v: unknown): ClassLabel {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  const s = String(v);
  const x = Number(s);
  return s.trim() !== '' && Number.isFinite(x) ? x : s;
}

export interface IntakeOptions {
  target: string;
  features?: string[];
  task?: Task;
  /** When set (explicit test set): the class list, feature names and dictionaries must match these. */
  like?: Dataset;
  /** Features read as categories (default: columns with text or boolean values). */
  categorical?: string[];
  /** Features read as numbers even if they hold text (a non-numeric cell is then an error). */
  numeric?: string[];
}

/** Check and convert training data. */
export function intake(data: TrainData, opts: IntakeOptions, what = 'training data'): Dataset {
  const view = columnView(data, what);
  const target = opts.target;
  if (typeof target !== 'string' || target === '') throw new BsqError('INVALID_ARGUMENT', 'options.target must name the target column');
  if (!view.names.includes(target)) {
    throw new BsqError('INVALID_DATA', `${what}: target column '${target}' not found (columns: ${view.names.join(', ')})`, { column: target });
  }
  const featureNames = opts.like ? opts.like.featureNames : (opts.features ?? view.names.filter((n) => n !== target));
  if (featureNames.length === 0) throw new BsqError('INVALID_DATA', `${what}: no feature columns besides the target '${target}'`);
  const seen = new Set<string>();
  for (const f of featureNames) {
    if (f === target) throw new BsqError('INVALID_ARGUMENT', `feature '${f}' is also the target`);
    if (seen.has(f)) throw new BsqError('INVALID_ARGUMENT', `feature '${f}' listed twice`);
    seen.add(f);
    if (!view.names.includes(f)) throw new BsqError('INVALID_DATA', `${what}: feature column '${f}' not found`, { column: f });
  }
  const n = view.rowCount;
  if (n === 0) throw new BsqError('INVALID_DATA', `${what}: no rows`);
  const allRawTarget = view.column(target);
  // Rows whose target is missing cannot be learned from or scored: they are dropped and counted.
  const keep: number[] = [];
  for (let r = 0; r < n; r++) if (!isMissing(allRawTarget[r])) keep.push(r);
  const droppedRows = n - keep.length;
  if (keep.length === 0) throw new BsqError('INVALID_DATA', `${what}: target '${target}' is missing in every row`, { column: target });
  const pick = <T,>(col: ArrayLike<T>): ArrayLike<T> => (droppedRows === 0 ? col : keep.map((r) => col[r]!));
  const rawTarget = pick(allRawTarget);
  const rowOf = (r: number) => (droppedRows === 0 ? r : keep[r]!);
  const missing = featureNames.map(() => ({ count: 0 }));
  const catSet = new Set(checkNames(opts.categorical, 'categorical', featureNames));
  const numSet = new Set(checkNames(opts.numeric, 'numeric', featureNames));
  for (const f of catSet) if (numSet.has(f)) throw new BsqError('INVALID_ARGUMENT', `feature '${f}' is listed both in options.categorical and options.numeric`);
  const dictionaries: (string[] | undefined)[] = featureNames.map(() => undefined);
  const columns = featureNames.map((f, i) => {
    const raw = pick(view.column(f));
    if (opts.like) {
      const info = opts.like.categoryInfo?.[i];
      return info ? indexColumn(raw, info, f, what, rowOf) : checkFloat32Range(numericColumn(raw, f, what, missing[i], rowOf), f, what, rowOf);
    }
    if (!numSet.has(f) && (catSet.has(f) || looksCategorical(raw))) {
      const d = dictionaryColumn(raw, f, what, rowOf);
      dictionaries[i] = d.categories;
      return d.index;
    }
    return checkFloat32Range(numericColumn(raw, f, what, missing[i], rowOf), f, what, rowOf);
  });
  const inferred = opts.like?.task ?? opts.task ? undefined : explainTask(rawTarget);
  const task: Task = opts.like?.task ?? opts.task ?? inferred!.task;
  const extra = {
    droppedRows, missing: missing.map((m) => m.count), ...(inferred ? { inferred } : {}),
    ...(dictionaries.some((d) => d) ? { dictionaries } : {}),
    ...(opts.like?.categoryInfo ? { categoryInfo: opts.like.categoryInfo } : {}),
  };
  if (task !== 'regression' && task !== 'classification') {
    throw new BsqError('INVALID_ARGUMENT', `options.task must be 'regression' or 'classification', got ${String(task)}`);
  }
  if (task === 'regression') {
    const y = numericColumn(rawTarget, target, what, undefined, rowOf);
    return { featureNames: [...featureNames], columns, rowCount: keep.length, targetName: target, task, y, ...extra };
  }
  const m = keep.length;
  const labels = new Array<ClassLabel>(m);
  for (let r = 0; r < m; r++) labels[r] = labelOf(rawTarget[r]);
  let classes: ClassLabel[];
  if (opts.like?.classes) classes = opts.like.classes;
  else {
    const uniq = [...new Set(labels)];
    uniq.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    classes = uniq;
    if (classes.length < 2) throw new BsqError('INVALID_DATA', `${what}: target '${target}' has only one class (${String(classes[0])})`);
  }
  const index = new Map<ClassLabel, number>(classes.map((c, i) => [c, i]));
  const y = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const k = index.get(labels[r]!);
    if (k === undefined) {
      throw new BsqError('INVALID_DATA', `${what}: row ${rowOf(r)} has class ${JSON.stringify(labels[r])} not seen in training`, { row: rowOf(r) });
    }
    y[r] = k;
  }
  return { featureNames: [...featureNames], columns, rowCount: m, targetName: target, task, y, classes, ...extra };
}

function checkNames(list: string[] | undefined, option: string, features: string[]): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new BsqError('INVALID_ARGUMENT', `options.${option} must be an array of feature names`);
  for (const n of list) {
    if (!features.includes(n)) throw new BsqError('INVALID_ARGUMENT', `options.${option} names '${String(n)}', which is not a feature (features: ${features.join(', ')})`);
  }
  return list;
}

/** The rows `idx` of a dataset, as a new dataset. */
export function subset(ds: Dataset, idx: ArrayLike<number>): Dataset {
  const m = idx.length;
  const pick = (src: Float64Array) => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = src[idx[i]!]!;
    return out;
  };
  return { ...ds, columns: ds.columns.map(pick), y: pick(ds.y), rowCount: m };
}
