// Categorical feature columns in training: which columns are categorical (text or boolean values,
// or named in options.categorical; options.numeric overrides), their dictionaries (most frequent
// category first, ties by name), the bit width each gets under the feature's bit budget (rare
// categories beyond it share the unknown code), and the one-hot columns the baselines see instead of
// the index, so that bsq and FP are compared on the same information.

import { BsqError } from '../codec/errors.js';
import { isInfinityText, isMissingText } from '../codec/number-text.js';
import type { UnknownPolicy } from '../codec/index.js';
import type { Dataset } from './data.js';

/** How trainCodec treats a value outside a categorical feature's dictionary (options.unknownCategory). */
export type UnknownCategoryOption = 'auto' | UnknownPolicy;

/** The dictionary of one categorical feature as trained. */
export interface CategoryInfo {
  /** Categories, code order. */
  readonly categories: readonly string[];
  readonly unknown: UnknownPolicy;
  /** Training categories that did not fit the bit budget and share the unknown code. */
  readonly merged: number;
}

function isMissingCell(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && v.trim() === '');
}

/** A value as a category string (booleans as 'false' / 'true', numbers in JS notation). */
export function categoryString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/**
 * A column holds categories when some value is a boolean or a string that is neither a number (in
 * any notation Number() reads, or an infinity spelt out: intake refuses non-decimal and infinite
 * ones, naming the row) nor a spelling of a missing value (NA, NaN, null, ...: missing).
 */
export function looksCategorical(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values)) return false;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (typeof v === 'boolean') return true;
    // Number(), not numberFromText: a 0x10 cell keeps the column numeric, where intake refuses it.
    if (typeof v === 'string' && Number.isNaN(Number(v)) && !isMissingText(v) && !isInfinityText(v)) return true;
  }
  return false;
}

/**
 * Index column and dictionary of a categorical training column: categories by descending frequency,
 * ties in code-unit order of the names. A missing cell is INVALID_DATA naming column and row.
 */
export function dictionaryColumn(values: ArrayLike<unknown>, name: string, what: string, rowOf: (r: number) => number): { categories: string[]; index: Float64Array } {
  const n = values.length;
  const counts = new Map<string, number>();
  const strings = new Array<string>(n);
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (isMissingCell(v)) {
      throw new BsqError('INVALID_DATA', `${what}: column '${name}' row ${rowOf(r)} is missing (a categorical column needs a category in every row)`, { column: name, row: rowOf(r) });
    }
    const s = categoryString(v);
    strings[r] = s;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const categories = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const pos = new Map(categories.map((c, i) => [c, i]));
  const index = new Float64Array(n);
  for (let r = 0; r < n; r++) index[r] = pos.get(strings[r]!)!;
  return { categories, index };
}

/**
 * A column indexed with a trained dictionary (test data): a category outside it gets the unknown
 * code k under 'code', else it is UNKNOWN_CATEGORY; a missing cell is INVALID_DATA.
 */
export function indexColumn(values: ArrayLike<unknown>, info: CategoryInfo, name: string, what: string, rowOf: (r: number) => number): Float64Array {
  const pos = new Map(info.categories.map((c, i) => [c, i]));
  const out = new Float64Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (isMissingCell(v)) {
      throw new BsqError('INVALID_DATA', `${what}: column '${name}' row ${rowOf(r)} is missing (a categorical column needs a category in every row)`, { column: name, row: rowOf(r) });
    }
    const i = pos.get(categoryString(v));
    if (i !== undefined) out[r] = i;
    else if (info.unknown === 'code') out[r] = info.categories.length;
    else {
      throw new BsqError('UNKNOWN_CATEGORY', `${what}: column '${name}' row ${rowOf(r)}: ${JSON.stringify(categoryString(v))} is not one of the ${info.categories.length} categories seen in training`, { column: name, row: rowOf(r) });
    }
  }
  return out;
}

/**
 * The trained dictionary of a categorical feature under a budget of `bits`: all k categories when
 * they fit (with the unknown code under 'code', or under 'auto' when it costs no extra bit), else
 * the 2^bits - 1 most frequent ones, the rest sharing the unknown code. Returns the dictionary, the
 * feature's width and the remapped index column.
 */
export function fitDictionary(all: readonly string[], index: Float64Array, bits: number, policy: UnknownCategoryOption): { info: CategoryInfo; bits: number; index: Float64Array } {
  const k = all.length;
  const cap = 2 ** bits;
  if (policy !== 'auto' && policy !== 'error' && policy !== 'code') {
    throw new BsqError('INVALID_ARGUMENT', `options.unknownCategory must be 'auto', 'error' or 'code', got ${JSON.stringify(policy)}`);
  }
  let keep = k;
  let unknown: UnknownPolicy;
  if (k > cap || (k === cap && policy === 'code')) {
    keep = cap - 1;
    unknown = 'code';
  } else {
    const need = (codes: number) => { let b = 1; while (2 ** b < codes) b++; return b; };
    unknown = policy === 'code' ? 'code' : policy === 'error' ? 'error' : need(k + 1) === need(k) ? 'code' : 'error';
  }
  const codes = keep + (unknown === 'code' ? 1 : 0);
  let b = 1;
  while (2 ** b < codes) b++;
  const out = keep === k ? index : index.map((i) => (i >= keep ? keep : i));
  return { info: { categories: all.slice(0, keep), unknown, merged: k - keep }, bits: b, index: out };
}

/** The category codes a feature can have: the dictionary plus the unknown code. */
export function codeCount(info: CategoryInfo): number {
  return info.categories.length + (info.unknown === 'code' ? 1 : 0);
}

/**
 * Baseline inputs: each categorical column (category indices) replaced by its one-hot 0/1 columns
 * (one per code, in code order), numeric columns kept. `cols` are the columns as the method sees
 * them, `raw` the raw indices of the categorical features.
 */
export function expandOneHot(cols: Float64Array[], raw: Float64Array[], infos: readonly (CategoryInfo | undefined)[]): Float64Array[] {
  const out: Float64Array[] = [];
  cols.forEach((c, f) => {
    const info = infos[f];
    if (!info) { out.push(c); return; }
    const m = codeCount(info);
    const idx = raw[f]!;
    for (let j = 0; j < m; j++) out.push(idx.map((i) => (i === j ? 1 : 0)));
  });
  return out;
}

/** Names, bits and per-column positions of the one-hot expansion (1 bit per one-hot column). */
export function expandedLayout(names: string[], bits: number[], infos: readonly (CategoryInfo | undefined)[]): { names: string[]; bits: number[]; categorical: boolean[] } {
  const out = { names: [] as string[], bits: [] as number[], categorical: [] as boolean[] };
  names.forEach((n, f) => {
    const info = infos[f];
    if (!info) { out.names.push(n); out.bits.push(bits[f]!); out.categorical.push(false); return; }
    const m = codeCount(info);
    for (let j = 0; j < m; j++) {
      out.names.push(`${n}=${j < info.categories.length ? info.categories[j] : '(unknown)'}`);
      out.bits.push(1);
      out.categorical.push(true);
    }
  });
  return out;
}

/**
 * Fit the dictionaries of a dataset's categorical features to their bit budgets (fitDictionary):
 * the dataset with trained dictionaries and remapped index columns, and the bits of every feature.
 */
export function fitCategories(ds: Dataset, bits: number[], policy: UnknownCategoryOption = 'auto'): { ds: Dataset; bits: number[] } {
  const dicts = ds.dictionaries;
  if (!dicts) return { ds, bits };
  const outBits = bits.slice();
  const columns = ds.columns.slice();
  const categoryInfo = dicts.map((d, f) => {
    if (!d) return undefined;
    const fit = fitDictionary(d, ds.columns[f]!, bits[f]!, policy);
    outBits[f] = fit.bits;
    columns[f] = fit.index;
    return fit.info;
  });
  return { ds: { ...ds, columns, categoryInfo }, bits: outBits };
}
