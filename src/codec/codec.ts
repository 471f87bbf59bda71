// Codec: an immutable, validated list of features and the public encode/decode API. Construction
// and validation live here; the argument checks are in checks.ts, the precomputed layout in
// layout.ts, the encode paths in encode.ts and the decode paths in decode.ts (rows and columns go
// through them in chunks of rows, so the per-feature kernels work on cache-resident data).

import { BsqError } from './errors.js';
import { makeFeature, MAX_FEATURES, type CategoricalFeatureSpec, type Feature, type FeatureSpec } from './feature.js';
import { categoryIndices, categoryNames, checkCategoricalFeature, checkIndexValues, makeCategoricalFeature, type CategoryOptions } from './categorical.js';
import { searchOne, type Source } from './search.js';
import { packRun } from './pack.js';
import { decodeUniform } from './uniform.js';
import { validateEntropyModel, type EntropyModel } from './entropy/model.js';
import { fitEntropyModelToCodes, type FitEntropyOptions } from './entropy/fit.js';
import { argError, checkCodes, checkColumns, checkOut, checkPacked, checkRowCount, checkRows, copyMetadata, isCodeArray, resolveNanCode } from './checks.js';
import { CodecLayout } from './layout.js';
import { encodeFields, encodeToCodes, encodeUniformRows } from './encode.js';
import { fieldRows, levelsInto, thermoInto, unpackRows } from './decode.js';

export type NanPolicy = 'error' | { code: number };

export interface EncodeOptions {
  /** What to do with NaN: 'error' (default, BsqError NAN_INPUT) or map it to a fixed code. */
  nan?: NanPolicy;
  /** Row index of the first row of this call, used in error messages (default 0). */
  firstRow?: number;
}

/** Unpacked codes, row-major: Uint8Array iff every feature has <= 8 bits, else Uint16Array. */
export type Codes = Uint8Array | Uint16Array;

type Metadata = Readonly<Record<string, unknown>>;

/** Per-feature thresholds and levels: encodes values to codes (branchless threshold search), packs and unpacks them, decodes to values or thermometer bits. */
export class Codec {
  readonly features: readonly Feature[];
  readonly featureCount: number;
  readonly bitsPerRow: number;
  readonly thermometerWidth: number;
  readonly metadata: Metadata | undefined;
  /** Static entropy model for encoding 2 (spec/FORMAT.md 4.4), if fitted or read from a file. */
  readonly entropyModel: EntropyModel | undefined;

  /** Widths, offsets, kernels and lazily built tables; shared with withMetadata/withEntropyModel copies. */
  readonly #L: CodecLayout;

  private constructor(features: readonly Feature[], metadata: Metadata | undefined, shared?: Codec, entropyModel?: EntropyModel) {
    this.features = features;
    this.featureCount = features.length;
    this.metadata = metadata;
    this.entropyModel = entropyModel;
    this.#L = shared ? shared.#L : new CodecLayout(features);
    this.bitsPerRow = this.#L.bitsPerRow;
    this.thermometerWidth = this.#L.thermometerWidth;
  }

  /**
   * Build a codec from thresholds (2^bits - 1 per feature, so the count fixes the bit width) and
   * optional levels (default levels of FORMAT.md 1.3), or, for a categorical feature, from its
   * dictionary (`{ name, categories, unknown? }`, FORMAT.md 1.5). Throws BsqError('INVALID_CODEC').
   */
  static fromThresholds(specs: (FeatureSpec | CategoricalFeatureSpec)[], opts?: { metadata?: Record<string, unknown> }): Codec {
    if (!Array.isArray(specs)) argError('fromThresholds expects an array of feature specs');
    const features = Codec.#build(specs, (s, i) => {
      if (s === null || typeof s !== 'object') {
        throw new BsqError('INVALID_CODEC', `feature #${i} (index ${i}): spec must be an object`, { featureIndex: i });
      }
      if ('categories' in s && s.categories !== undefined) {
        if ((s as Partial<FeatureSpec>).thresholds !== undefined || (s as Partial<FeatureSpec>).levels !== undefined) {
          throw new BsqError('INVALID_CODEC', `feature "${String(s.name)}" (index ${i}): give either categories or thresholds (and levels), not both`, { featureIndex: i });
        }
        return makeCategoricalFeature(i, s.name, s.categories, s.unknown);
      }
      return makeFeature(i, s.name, undefined, (s as FeatureSpec).thresholds, (s as FeatureSpec).levels);
    });
    return new Codec(features, copyMetadata(opts?.metadata));
  }

  /**
   * Build a codec from complete features (name, bits, thresholds, levels; a categorical feature adds
   * categories and unknown, and its bits, thresholds and levels must be the ones its dictionary
   * implies), with the same validation.
   */
  static fromFeatures(features: Feature[], opts?: { metadata?: Record<string, unknown> }): Codec {
    if (opts !== undefined && (opts === null || typeof opts !== 'object' || Object.keys(opts).some((k) => k !== 'metadata'))) {
      argError('fromFeatures(features, { metadata }): the second argument is an options object with a metadata field');
    }
    if (!Array.isArray(features)) argError('fromFeatures expects an array of features');
    const list = Codec.#build(features, (s, i) => {
      if (s === null || typeof s !== 'object') {
        throw new BsqError('INVALID_CODEC', `feature #${i} (index ${i}): feature must be an object`, { featureIndex: i });
      }
      if (s.categories !== undefined) return checkCategoricalFeature(i, s);
      if (s.levels === undefined || s.levels === null) {
        throw new BsqError('INVALID_CODEC', `feature "${String(s.name)}" (index ${i}): levels are missing`, { feature: s.name, featureIndex: i });
      }
      return makeFeature(i, s.name, s.bits, s.thresholds, s.levels);
    });
    return new Codec(list, copyMetadata(opts?.metadata));
  }

  static #build<T>(items: T[], make: (item: T, index: number) => Feature): Feature[] {
    if (items.length === 0) throw new BsqError('INVALID_CODEC', 'a codec needs at least one feature');
    if (items.length > MAX_FEATURES) throw new BsqError('INVALID_CODEC', `a codec has at most ${MAX_FEATURES} features, got ${items.length}`);
    const out: Feature[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < items.length; i++) {
      const f = make(items[i], i);
      const prev = seen.get(f.name);
      if (prev !== undefined) {
        throw new BsqError('INVALID_CODEC', `feature "${f.name}" (index ${i}): name already used by feature ${prev}`, { feature: f.name, featureIndex: i });
      }
      seen.set(f.name, i);
      out.push(f);
    }
    return Object.freeze(out) as Feature[];
  }

  /** The same features with other metadata (undefined removes it). */
  withMetadata(metadata: Record<string, unknown> | undefined): Codec {
    return new Codec(this.features, copyMetadata(metadata), this, this.entropyModel);
  }

  /** The same codec carrying `model` (checked against the bit widths; INVALID_ARGUMENT), or none. */
  withEntropyModel(model: EntropyModel | undefined): Codec {
    if (model !== undefined) {
      validateEntropyModel(model, this.#L.widths, this.features.map((f) => f.name), 'INVALID_ARGUMENT');
    }
    return new Codec(this.features, this.metadata, this, model);
  }

  /**
   * A codec with an entropy model fitted on `rows`, row-major raw values (Float32Array or
   * Float64Array), which are encoded first: per feature uniform, order 0 or order 1 on the previous
   * row's code (docs/entropy.md). Codes go to fitEntropyModelFromCodes: an integer array is refused
   * here rather than guessed to be codes (raw 8-bit sensor values are integers too).
   */
  fitEntropyModel(rows: Float32Array | Float64Array, opts?: FitEntropyOptions & EncodeOptions): Codec {
    if (!(rows instanceof Float32Array) && !(rows instanceof Float64Array)) {
      const what = ArrayBuffer.isView(rows) ? `a ${(rows as object).constructor.name}` : typeof rows;
      argError(`fitEntropyModel takes raw values as a Float32Array or Float64Array, got ${what}: for codes use fitEntropyModelFromCodes(codes); for integer raw values convert them (Float64Array.from(values))`);
    }
    return this.fitEntropyModelFromCodes(this.encodeRowsToCodes(rows, opts), opts);
  }

  /** A codec with an entropy model fitted on unpacked codes (row-major Uint8Array / Uint16Array). */
  fitEntropyModelFromCodes(codes: Codes, opts?: FitEntropyOptions): Codec {
    if (!isCodeArray(codes)) argError('fitEntropyModelFromCodes takes unpacked codes (Uint8Array or Uint16Array, row-major)');
    return this.withEntropyModel(fitEntropyModelToCodes(codes, this.#L.widths, opts));
  }

  /** Bytes taken by `rowCount` packed rows: ceil(rowCount * bitsPerRow / 8). */
  packedByteLength(rowCount: number): number {
    checkRowCount(rowCount);
    return Math.ceil((rowCount * this.bitsPerRow) / 8);
  }

  /** Code of one value of feature `featureIndex` (NaN is an error). */
  encodeValue(featureIndex: number, x: number): number {
    if (!Number.isInteger(featureIndex) || featureIndex < 0 || featureIndex >= this.featureCount) {
      argError(`featureIndex must be an integer in 0..${this.featureCount - 1}, got ${String(featureIndex)}`);
    }
    if (typeof x !== 'number') argError(`value must be a number, got ${typeof x}`);
    if (x !== x) {
      const name = this.features[featureIndex].name;
      throw new BsqError('NAN_INPUT', `NaN for feature "${name}" (index ${featureIndex})`, { feature: name, featureIndex });
    }
    if (this.features[featureIndex].categories !== undefined) checkIndexValues(this.features, [featureIndex], () => x, 1, 0);
    return searchOne(this.#L.tables()[featureIndex], this.features[featureIndex].bits, x);
  }

  // ---------------------------------------------------------------- categories

  /**
   * Category strings of categorical feature `featureIndex` to their indices (the codes), as a
   * Float64Array for encodeColumns. A value outside the dictionary, a missing one (null, undefined,
   * '') included, gets the unknown code under unknown: 'code'; under 'error' it is UNKNOWN_CATEGORY
   * (a missing one INVALID_DATA), naming the row.
   */
  categoryIndices(featureIndex: number, values: ArrayLike<string | null | undefined>, opts?: CategoryOptions): Float64Array {
    return categoryIndices(this.#categorical(featureIndex), featureIndex, values, opts);
  }

  /**
   * Codes (or decoded values) of categorical feature `featureIndex` to its category strings (null
   * for the unknown code); `stride` and `offset` pick the feature out of row-major codes. A code past
   * the dictionary is CORRUPT_BLOCK naming row and feature.
   */
  categoryNames(featureIndex: number, codes: ArrayLike<number>, opts?: CategoryOptions & { stride?: number; offset?: number }): (string | null)[] {
    return categoryNames(this.#categorical(featureIndex), featureIndex, codes, opts);
  }

  #categorical(featureIndex: number): Feature {
    if (!Number.isInteger(featureIndex) || featureIndex < 0 || featureIndex >= this.featureCount) {
      argError(`featureIndex must be an integer in 0..${this.featureCount - 1}, got ${String(featureIndex)}`);
    }
    const f = this.features[featureIndex];
    if (f.categories === undefined) argError(`feature "${f.name}" (index ${featureIndex}) is numeric, not categorical`, { feature: f.name, featureIndex });
    return f;
  }

  /** Categorical features take category indices in the numeric encode paths: check them first. */
  #checkIndices(src: Float32Array | Float64Array | ArrayLike<number>[], rowMajor: boolean, n: number, opts: EncodeOptions | undefined): void {
    const cat = this.#L.categorical;
    if (cat.length === 0) return;
    const F = this.featureCount;
    const get = rowMajor ? (r: number, f: number) => (src as Float64Array)[r * F + f] : (r: number, f: number) => (src as ArrayLike<number>[])[f][r];
    const first = opts?.firstRow;
    checkIndexValues(this.features, cat, get, n, typeof first === 'number' ? first : 0);
  }

  // ---------------------------------------------------------------- encode

  /** Row-major values (rowCount x featureCount) to packed bytes. */
  encodeRows(rows: Float32Array | Float64Array, opts?: EncodeOptions): Uint8Array {
    const n = checkRows(this.featureCount, rows);
    const nanCode = resolveNanCode(this.features, opts);
    this.#checkIndices(rows, true, n, opts);
    if (this.#L.fused) return encodeUniformRows(this.#L, rows, n, nanCode, opts);
    return encodeFields(this.#L, rows, true, n, nanCode, opts);
  }

  /** One array per feature (codec order, equal lengths) to packed bytes. */
  encodeColumns(columns: ArrayLike<number>[], opts?: EncodeOptions): Uint8Array {
    const n = checkColumns(this.features, columns);
    const nanCode = resolveNanCode(this.features, opts);
    this.#checkIndices(columns, false, n, opts);
    const c0 = columns[0];
    if (this.featureCount === 1 && this.#L.fused && (c0 instanceof Float32Array || c0 instanceof Float64Array)) {
      return encodeUniformRows(this.#L, c0, n, nanCode, opts);
    }
    return encodeFields(this.#L, columns as Source[], false, n, nanCode, opts);
  }

  /** Row-major values to unpacked codes (row-major). */
  encodeRowsToCodes(rows: Float32Array | Float64Array, opts?: EncodeOptions): Codes {
    const n = checkRows(this.featureCount, rows);
    const nanCode = resolveNanCode(this.features, opts);
    this.#checkIndices(rows, true, n, opts);
    // 8-bit codes packed are the codes themselves
    if (this.#L.fused && this.#L.uniform === 8) return encodeUniformRows(this.#L, rows, n, nanCode, opts);
    return encodeToCodes(this.#L, rows, true, n, nanCode, opts);
  }

  /** Columns to unpacked codes (row-major). */
  encodeColumnsToCodes(columns: ArrayLike<number>[], opts?: EncodeOptions): Codes {
    const n = checkColumns(this.features, columns);
    const nanCode = resolveNanCode(this.features, opts);
    this.#checkIndices(columns, false, n, opts);
    return encodeToCodes(this.#L, columns, false, n, nanCode, opts);
  }

  // ---------------------------------------------------------------- pack / unpack

  /** Pack unpacked row-major codes (each must fit its feature's width). */
  packCodes(codes: Codes, rowCount: number): Uint8Array {
    if (!isCodeArray(codes)) argError('codes must be a Uint8Array or Uint16Array');
    checkRowCount(rowCount);
    const F = this.featureCount;
    if (codes.length !== rowCount * F) {
      argError(`codes has ${codes.length} values, expected rowCount x features = ${rowCount} x ${F}`);
    }
    const out = new Uint8Array(Math.ceil((rowCount * this.bitsPerRow) / 8));
    const bad = packRun(codes, 0, codes.length, this.#L.widths, this.#L.uniform, out, 0);
    if (bad !== 0) {
      for (let i = 0; i < codes.length; i++) {
        const f = i % F;
        if (codes[i] >>> this.#L.widths[f] !== 0) {
          const name = this.features[f].name;
          argError(`code ${codes[i]} at row ${(i - f) / F}, feature "${name}" (index ${f}) does not fit in ${this.#L.widths[f]} bits`, { row: (i - f) / F, feature: name, featureIndex: f });
        }
      }
    }
    return out;
  }

  /**
   * Packed bytes to unpacked row-major codes. Throws CORRUPT_BLOCK on wrong length or padding.
   * With `into` (exactly rowCount x featureCount elements, e.g. a subarray of a larger buffer) the
   * codes are written there and `into` is returned; nothing is allocated.
   */
  decodeCodes(packed: Uint8Array, rowCount: number, into?: Codes): Codes {
    const n = checkPacked(this.bitsPerRow, packed, rowCount);
    const codes = checkOut(this.#L.maxBits, into, n * this.featureCount, 'codes', `${n} rows of codes`) ? into! : this.#L.allocCodes(n * this.featureCount);
    unpackRows(this.#L, packed, 0, n, codes, 0);
    return codes;
  }

  /** Packed bytes to levels[code], row-major Float32Array (written into `into` if given, see decodeCodes). */
  decodeValues(packed: Uint8Array, rowCount: number, into?: Float32Array): Float32Array {
    const n = checkPacked(this.bitsPerRow, packed, rowCount);
    const F = this.featureCount;
    const out = checkOut(this.#L.maxBits, into, n * F, 'float32', `${n} rows of values`) ? into! : new Float32Array(n * F);
    if (this.#L.fused) {
      decodeUniform(this.#L.uniform, this.#L.uLevels(), F, packed, n * F, out);
      return out;
    }
    fieldRows(this.#L, packed, 0, n, out, 0, true);
    return out;
  }

  /**
   * Packed bytes to the thermometer matrix, rowCount x thermometerWidth (written into `into` if
   * given, see decodeCodes; every element of `into` is overwritten).
   */
  decodeThermometer(packed: Uint8Array, rowCount: number, into?: Float32Array): Float32Array {
    const n = checkPacked(this.bitsPerRow, packed, rowCount);
    const W = this.thermometerWidth;
    const given = checkOut(this.#L.maxBits, into, n * W, 'float32', `${n} rows of thermometer bits`);
    const out = given ? into! : new Float32Array(n * W);
    const scratch = this.#L.scratch();
    const R = this.#L.chunkRows;
    for (let s = 0; s < n; s += R) {
      const m = Math.min(R, n - s);
      unpackRows(this.#L, packed, s, m, scratch, 0);
      thermoInto(this.#L, scratch, 0, m, out, s * W, given); // a caller's array may hold anything
    }
    return out;
  }

  /** Unpacked codes to levels[code] (row-major). Codes above a feature's range are INVALID_ARGUMENT. */
  codesToValues(codes: Codes): Float32Array {
    const n = checkCodes(this.featureCount, codes);
    const F = this.featureCount;
    const out = new Float32Array(codes.length);
    const R = this.#L.chunkRows;
    for (let s = 0; s < n; s += R) levelsInto(this.#L, codes, s * F, Math.min(R, n - s), out, s * F);
    return out;
  }

  /** Unpacked codes to the thermometer matrix (rowCount x thermometerWidth). */
  codesToThermometer(codes: Codes): Float32Array {
    const n = checkCodes(this.featureCount, codes);
    const F = this.featureCount;
    const out = new Float32Array(n * this.thermometerWidth);
    const R = this.#L.chunkRows;
    for (let s = 0; s < n; s += R) thermoInto(this.#L, codes, s * F, Math.min(R, n - s), out, s * this.thermometerWidth);
    return out;
  }
}
