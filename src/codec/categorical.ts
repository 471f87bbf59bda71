// Categorical features (spec/FORMAT.md 1.5): a dictionary of category strings whose index is the
// code. Such a feature is also an ordinary feature over the category index (thresholds c - 0.5 and
// levels c), so every numeric path (encoding indices, decoding to values, the thermometer vector, the
// generated C encoder) works on indices unchanged. This file validates dictionaries, builds and
// checks the feature, and maps category strings to indices and back under the unknown-value policy.

import { BsqError } from './errors.js';
import { fail, makeFeature, MAX_BITS, utf8Length, type Feature, type UnknownPolicy } from './feature.js';

/** Longest category string, in UTF-8 bytes (the CODEC record stores the length as u16). */
export const MAX_CATEGORY_BYTES = 65535;
/** Most codes a feature can have (16 bits): categories plus the unknown code. */
export const MAX_CATEGORY_CODES = 1 << MAX_BITS;

/** True for a categorical feature (one with a dictionary). */
export function isCategorical(f: Feature): boolean {
  return f.categories !== undefined;
}

/** Codes a categorical feature uses: the categories, plus one when unknown values get a code. */
export function categoricalCodeCount(k: number, unknown: UnknownPolicy): number {
  return k + (unknown === 'code' ? 1 : 0);
}

/** Bits of a categorical feature: the smallest b >= 1 with 2^b >= categories (+1 for the unknown code). */
export function categoricalBits(k: number, unknown: UnknownPolicy): number {
  const codes = categoricalCodeCount(k, unknown);
  let b = 1;
  while (1 << b < codes) b++;
  return b;
}

/**
 * Validate a dictionary and build the feature: bits from the dictionary size, thresholds c - 0.5
 * (c = 1..2^b - 1) and levels c (c = 0..2^b - 1). Every problem is INVALID_CODEC naming the feature.
 */
export function makeCategoricalFeature(index: number, name: unknown, categoriesIn: unknown, unknownIn: unknown): Feature {
  const unknown: UnknownPolicy = unknownIn === undefined ? 'error' : (unknownIn as UnknownPolicy);
  if (unknown !== 'error' && unknown !== 'code') fail(index, name, `unknown must be 'error' or 'code', got ${JSON.stringify(unknownIn)}`);
  if (!Array.isArray(categoriesIn)) fail(index, name, 'categories must be an array of strings');
  const cats = categoriesIn as unknown[];
  const k = cats.length;
  if (k === 0) fail(index, name, 'a categorical feature needs at least one category');
  if (categoricalCodeCount(k, unknown) > MAX_CATEGORY_CODES) {
    const extra = unknown === 'code' ? ' plus the unknown code' : '';
    fail(index, name, `${k} categories${extra} need more than ${MAX_BITS} bits (at most ${MAX_CATEGORY_CODES} codes): the dictionary is too large`, { categories: k });
  }
  const seen = new Map<string, number>();
  for (let c = 0; c < k; c++) {
    const s = cats[c];
    if (typeof s !== 'string') fail(index, name, `category ${c} is not a string`, { category: c });
    if (s.length === 0) fail(index, name, `category ${c} is empty (an empty cell is a missing value, not a category)`, { category: c });
    const bytes = utf8Length(s);
    if (bytes < 0) fail(index, name, `category ${c} is not valid Unicode (lone surrogate)`, { category: c });
    if (bytes > MAX_CATEGORY_BYTES) fail(index, name, `category ${c} is ${bytes} UTF-8 bytes, at most ${MAX_CATEGORY_BYTES} allowed`, { category: c });
    const prev = seen.get(s);
    if (prev !== undefined) fail(index, name, `category ${JSON.stringify(s)} appears twice (codes ${prev} and ${c})`, { category: c });
    seen.set(s, c);
  }
  const b = categoricalBits(k, unknown);
  const L = 1 << b;
  const thresholds = new Float32Array(L - 1);
  const levels = new Float32Array(L);
  for (let c = 0; c < L; c++) {
    levels[c] = c;
    if (c > 0) thresholds[c - 1] = c - 0.5;
  }
  const base = makeFeature(index, name, b, thresholds, levels);
  const feature: Feature = { name: base.name, bits: b, thresholds: base.thresholds, levels: base.levels, categories: Object.freeze((cats as string[]).slice()), unknown };
  lookups.set(feature, seen);
  return Object.freeze(feature);
}

/**
 * A categorical feature given in full (as read from a file, or copied from another codec): the
 * dictionary is validated and bits, thresholds and levels must be exactly the ones it implies.
 */
export function checkCategoricalFeature(index: number, f: Feature): Feature {
  const built = makeCategoricalFeature(index, f.name, f.categories, f.unknown);
  if (f.bits !== undefined && f.bits !== built.bits) {
    fail(index, f.name, `${built.categories!.length} categories${built.unknown === 'code' ? ' plus the unknown code' : ''} take ${built.bits} bits, got bits ${String(f.bits)}`);
  }
  const same = (a: unknown, b: Float32Array) => {
    if (a === undefined || a === null) return true;
    const x = a as ArrayLike<number>;
    if (typeof x.length !== 'number' || x.length !== b.length) return false;
    for (let i = 0; i < b.length; i++) if (Math.fround(x[i]!) !== b[i]) return false;
    return true;
  };
  if (!same(f.thresholds, built.thresholds)) fail(index, f.name, 'a categorical feature has the thresholds c - 0.5 (c = 1 .. 2^bits - 1)');
  if (!same(f.levels, built.levels)) fail(index, f.name, 'a categorical feature has the levels c (c = 0 .. 2^bits - 1)');
  return built;
}

const lookups = new WeakMap<Feature, Map<string, number>>();

/** Category -> index of a categorical feature (built once per feature). */
function lookup(f: Feature): Map<string, number> {
  let m = lookups.get(f);
  if (m === undefined) {
    m = new Map(f.categories!.map((s, i) => [s, i]));
    lookups.set(f, m);
  }
  return m;
}

/** Options of the category mapping functions. */
export interface CategoryOptions {
  /** Row index of the first value, used in error messages (default 0). */
  firstRow?: number;
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s);
}

/**
 * Category strings of feature `f` (index `fi`) to their indices as numbers, ready for the encoders.
 * Under unknown: 'code' a value outside the dictionary, a missing one (null, undefined, '')
 * included, gets the unknown code. Under 'error' such a value is UNKNOWN_CATEGORY and a missing one
 * INVALID_DATA. Both name row and feature.
 */
export function categoryIndices(f: Feature, fi: number, values: ArrayLike<unknown>, opts?: CategoryOptions): Float64Array {
  if (!isCellArray(values)) {
    throw new BsqError('INVALID_ARGUMENT', `categoryIndices: feature "${f.name}" (index ${fi}) needs an array of category strings, got ${describe(values)}`, { feature: f.name, featureIndex: fi });
  }
  const m = lookup(f);
  const first = opts?.firstRow ?? 0;
  const k = f.categories!.length;
  const n = values.length;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      // A number is not read as the category of the same spelling, nor as an index: both guesses
      // could be wrong without a word.
      throw new BsqError('INVALID_ARGUMENT', `row ${first + r}, feature "${f.name}" (index ${fi}): categories are strings, got ${describe(v)}`, { row: first + r, feature: f.name, featureIndex: fi });
    }
    const i = typeof v === 'string' ? m.get(v) : undefined;
    if (i !== undefined) { out[r] = i; continue; }
    if (f.unknown === 'code') { out[r] = k; continue; }
    const row = first + r;
    if (v === undefined || v === null || v === '') {
      throw new BsqError('INVALID_DATA', `row ${row}, feature "${f.name}" (index ${fi}): missing value (a categorical feature has no code for an empty cell)`, { row, feature: f.name, featureIndex: fi });
    }
    throw new BsqError('UNKNOWN_CATEGORY', `row ${row}, feature "${f.name}" (index ${fi}): ${shown(v)} is not one of its ${k} categories (the codec's unknown policy is 'error')`, { row, feature: f.name, featureIndex: fi, value: String(v) });
  }
  return out;
}

/**
 * Codes (or decoded values) of feature `f` back to its category strings; the unknown code gives
 * null. A code past the dictionary (never written by a conforming encoder) is CORRUPT_BLOCK, naming
 * row and feature. `stride`/`offset` read one feature out of row-major codes.
 */
export function categoryNames(f: Feature, fi: number, codes: ArrayLike<number>, opts?: CategoryOptions & { stride?: number; offset?: number }): (string | null)[] {
  const cats = f.categories!;
  const k = cats.length;
  const unk = f.unknown === 'code' ? k : -1;
  const stride = opts?.stride ?? 1;
  const offset = opts?.offset ?? 0;
  if (!Number.isSafeInteger(stride) || stride < 1) throw new BsqError('INVALID_ARGUMENT', `categoryNames: stride must be a positive integer, got ${String(stride)}`);
  if (!Number.isSafeInteger(offset) || offset < 0 || (codes.length > 0 && offset >= stride)) {
    throw new BsqError('INVALID_ARGUMENT', `categoryNames: offset must be an integer in 0..stride-1 (${stride - 1}), got ${String(offset)}`);
  }
  if (!isCellArray(codes)) throw new BsqError('INVALID_ARGUMENT', `categoryNames: feature "${f.name}" (index ${fi}) needs an array of codes, got ${describe(codes)}`);
  const n = Math.floor((codes.length - offset + stride - 1) / stride);
  const out = new Array<string | null>(Math.max(0, n));
  for (let r = 0, i = offset; i < codes.length; r++, i += stride) {
    const c = codes[i]!;
    if (c >= 0 && c < k && Number.isInteger(c)) out[r] = cats[c]!;
    else if (c === unk) out[r] = null;
    else {
      const row = (opts?.firstRow ?? 0) + r;
      throw new BsqError('CORRUPT_BLOCK', `row ${row}, feature "${f.name}" (index ${fi}): code ${c} is past its dictionary of ${k} categories${unk >= 0 ? ' and the unknown code' : ''}`, { row, feature: f.name, featureIndex: fi, code: c });
    }
  }
  return out;
}

/**
 * The numeric encode paths take a categorical feature's index: every value must be an integer in
 * 0..k-1 (or k, the unknown code, under unknown: 'code'); NaN is left to the NaN policy. Anything
 * else is UNKNOWN_CATEGORY naming row and feature.
 */
export function checkIndexValues(features: readonly Feature[], cat: readonly number[], get: (row: number, feature: number) => number, n: number, firstRow: number): void {
  for (const f of cat) {
    const feat = features[f]!;
    const max = categoricalCodeCount(feat.categories!.length, feat.unknown!) - 1;
    for (let r = 0; r < n; r++) {
      const x = get(r, f);
      if (x !== x || (x >= 0 && x <= max && Number.isInteger(x))) continue;
      const row = firstRow + r;
      throw new BsqError('UNKNOWN_CATEGORY', `row ${row}, feature "${feat.name}" (index ${f}): ${x} is not a category index (0..${max}) of this categorical feature`, { row, feature: feat.name, featureIndex: f, value: x });
    }
  }
}

/** An array or typed array (not a string, which would be read character by character). */
function isCellArray(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${shown(v)}`;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `${typeof v} ${String(v)}`;
}
