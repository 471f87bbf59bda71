// Argument checks of the Codec API, as plain functions of the codec's features: every bad argument is
// a BsqError (INVALID_ARGUMENT naming the feature and row; CORRUPT_BLOCK for packed bytes; NAN_INPUT
// under the default NaN policy) thrown before any kernel runs. Cold paths, once per call.
import { BsqError } from './errors.js';
import type { Codes, EncodeOptions } from './codec.js';
import type { Feature } from './feature.js';

export function argError(message: string, details?: Record<string, unknown>): never {
  throw new BsqError('INVALID_ARGUMENT', message, details);
}

/**
 * Every key of an options type, each `true`: a record of this type must name all of them, so the
 * compiler keeps a checked list of option names in step with the interface it stands for.
 */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/**
 * An options object may hold only the named keys: a misspelt option (`{ row: rows }` for `rows`)
 * would otherwise be ignored silently, and with it the data or the setting it carried.
 */
export function checkOptionKeys(opts: object, known: readonly string[] | Readonly<Record<string, true>>, who: string): void {
  const allowed = Array.isArray(known) ? known : Object.keys(known);
  for (const k of Object.keys(opts)) {
    if (allowed.includes(k)) continue;
    const near = allowed.find((a) => editDistance(a, k) <= 2);
    argError(`${who}: unknown option '${k}'${near ? ` (did you mean '${near}'?)` : ''}; options: ${allowed.join(', ')}`, { option: k });
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

export function checkRowCount(rowCount: unknown): number {
  if (typeof rowCount !== 'number' || !Number.isSafeInteger(rowCount) || rowCount < 0) {
    argError(`rowCount must be a non-negative integer, got ${String(rowCount)}`);
  }
  return rowCount;
}

export function copyMetadata(metadata: unknown): Readonly<Record<string, unknown>> | undefined {
  if (metadata === undefined) return undefined;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    argError('metadata must be a plain object (JSON object) or undefined');
  }
  // The metadata travels as JSON: what JSON would change (NaN -> null, a Date -> a string, an
  // undefined or a function dropped, a Map -> {}) is refused now, not altered silently at write.
  let back: unknown;
  try {
    back = JSON.parse(JSON.stringify(metadata));
  } catch (err) {
    argError(`metadata is not JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const where = jsonDifference(metadata, back, 'metadata');
  if (where !== undefined) argError(`${where} does not survive JSON unchanged (NaN, Infinity, undefined, functions, Map, Set, Date and class instances are not JSON values)`);
  return Object.freeze(back as Record<string, unknown>);
}

/** The path of the first value that JSON did not keep as it was, or undefined. */
function jsonDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (a === null || typeof a !== 'object') return Object.is(a, b) || (typeof a === 'number' && a === b) ? undefined : path;
  if (b === null || typeof b !== 'object') return path;
  const proto = Object.getPrototypeOf(a);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = jsonDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (proto !== Object.prototype && proto !== null) return path;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return path;
  for (const k of ka) {
    const d = jsonDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

export function isCodeArray(x: unknown): x is Codes {
  return x instanceof Uint8Array || x instanceof Uint16Array;
}

/** The code NaN maps to under `opts.nan`, or -1 for the default policy (error). */
export function resolveNanCode(features: readonly Feature[], opts: EncodeOptions | undefined): number {
  if (opts === undefined || opts === null) return -1;
  if (typeof opts !== 'object') argError('options must be an object');
  const p = opts.nan;
  if (p === undefined || p === 'error') return -1;
  if (p === null || typeof p !== 'object' || !Number.isInteger(p.code) || p.code < 0) {
    argError(`nan must be 'error' or { code: integer >= 0 }, got ${JSON.stringify(p)}`);
  }
  for (let f = 0; f < features.length; f++) {
    const K = (1 << features[f].bits) - 1;
    if (p.code > K) {
      argError(`nan code ${p.code} does not fit feature "${features[f].name}" (index ${f}, ${features[f].bits} bits, codes 0..${K})`, { feature: features[f].name, featureIndex: f });
    }
  }
  return p.code;
}

export function checkFirstRow(opts: EncodeOptions | undefined): void {
  const r = opts?.firstRow;
  if (r !== undefined && (typeof r !== 'number' || !Number.isSafeInteger(r) || r < 0)) {
    argError(`firstRow must be a non-negative integer, got ${String(r)}`);
  }
}

/** Throw NAN_INPUT for the first NaN in row-major order from row `start` (one is known to exist). */
export function firstNaN(features: readonly Feature[], get: (row: number, feature: number) => number, start: number, opts: EncodeOptions | undefined): never {
  const F = features.length;
  for (let r = start; ; r++) {
    for (let f = 0; f < F; f++) {
      const x = get(r, f);
      if (x !== x) nanError(features, r, f, opts);
    }
  }
}

export function nanError(features: readonly Feature[], row: number, f: number, opts: EncodeOptions | undefined): never {
  const r = (opts?.firstRow ?? 0) + row;
  const name = features[f].name;
  throw new BsqError(
    'NAN_INPUT',
    `NaN at row ${r}, feature "${name}" (index ${f}); pass { nan: { code } } to map NaN to a code`,
    { row: r, feature: name, featureIndex: f },
  );
}

/** Rows of a row-major Float32Array / Float64Array of `F` features. */
export function checkRows(F: number, rows: unknown): number {
  if (!(rows instanceof Float32Array) && !(rows instanceof Float64Array)) {
    argError('rows must be a Float32Array or Float64Array (row-major)');
  }
  if (rows.length % F !== 0) {
    argError(`rows has ${rows.length} values, not a multiple of the ${F} features`, { length: rows.length, featureCount: F });
  }
  return rows.length / F;
}

/** Rows of one array per feature, all of the same length. */
export function checkColumns(features: readonly Feature[], columns: unknown): number {
  const F = features.length;
  if (!Array.isArray(columns)) argError('columns must be an array with one array per feature');
  if (columns.length !== F) argError(`expected ${F} columns (one per feature), got ${columns.length}`);
  let n = -1;
  for (let f = 0; f < F; f++) {
    const c: unknown = columns[f];
    const name = features[f].name;
    if (ArrayBuffer.isView(c)) {
      if (c instanceof DataView || c instanceof BigInt64Array || c instanceof BigUint64Array) {
        argError(`column ${f} ("${name}") must hold numbers (not a DataView or BigInt array)`, { featureIndex: f });
      }
    } else if (Array.isArray(c)) {
      for (let i = 0; i < c.length; i++) {
        if (typeof c[i] !== 'number') argError(`column ${f} ("${name}") row ${i} is not a number`, { featureIndex: f, row: i });
      }
    } else {
      argError(`column ${f} ("${name}") must be a typed array or an array of numbers`, { featureIndex: f });
    }
    const len = (c as ArrayLike<number>).length;
    if (n < 0) n = len;
    else if (len !== n) argError(`column ${f} ("${name}") has ${len} values, column 0 has ${n}`, { featureIndex: f });
  }
  return n;
}

/** Rows of a packed block: its length and zero padding bits (CORRUPT_BLOCK otherwise). */
export function checkPacked(bitsPerRow: number, packed: unknown, rowCount: unknown): number {
  if (!(packed instanceof Uint8Array)) argError('packed must be a Uint8Array');
  const n = checkRowCount(rowCount);
  const bits = n * bitsPerRow;
  const expected = Math.ceil(bits / 8);
  if (packed.length !== expected) {
    throw new BsqError('CORRUPT_BLOCK', `packed block has ${packed.length} bytes, ${n} rows of ${bitsPerRow} bits need ${expected}`, { length: packed.length, expected, rowCount: n });
  }
  const used = bits % 8;
  if (used !== 0 && (packed[expected - 1] >>> used) !== 0) {
    throw new BsqError('CORRUPT_BLOCK', `packed block has non-zero padding bits in its last byte (0x${packed[expected - 1].toString(16).padStart(2, '0')}, ${8 - used} padding bits)`, { rowCount: n });
  }
  return n;
}

/**
 * A caller's output array for a decode: `undefined` (allocate), or an array of `kind` with
 * exactly `length` elements (INVALID_ARGUMENT otherwise).
 */
export function checkOut(maxBits: number, out: unknown, length: number, kind: 'codes' | 'float32', what: string): boolean {
  if (out === undefined) return false;
  const ok = kind === 'float32' ? out instanceof Float32Array : maxBits <= 8 ? isCodeArray(out) : out instanceof Uint16Array;
  if (!ok) {
    const want = kind === 'float32' ? 'a Float32Array' : maxBits <= 8 ? 'a Uint8Array or Uint16Array' : 'a Uint16Array (some feature has more than 8 bits)';
    argError(`the output array must be ${want}`);
  }
  const got = (out as ArrayLike<number>).length;
  if (got !== length) argError(`the output array has ${got} elements, ${what} need exactly ${length}`, { length: got, expected: length });
  return true;
}

/** Rows of unpacked row-major codes of `F` features. */
export function checkCodes(F: number, codes: unknown): number {
  if (!isCodeArray(codes)) argError('codes must be a Uint8Array or Uint16Array');
  if (codes.length % F !== 0) argError(`codes has ${codes.length} values, not a multiple of the ${F} features`);
  return codes.length / F;
}

/** INVALID_ARGUMENT naming the first code of feature `f` above its range (one is known to exist). */
export function codeRangeError(features: readonly Feature[], codes: Codes, f: number): never {
  const F = features.length;
  const K = (1 << features[f].bits) - 1;
  for (let i = f; i < codes.length; i += F) {
    if (codes[i] > K) {
      const name = features[f].name;
      argError(`code ${codes[i]} at row ${(i - f) / F}, feature "${name}" (index ${f}) is above ${K}`, { row: (i - f) / F, feature: name, featureIndex: f });
    }
  }
  argError('code out of range');
}
