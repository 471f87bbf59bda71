// Codec: an immutable, validated list of features plus the encode/decode entry points. Rows
// (row-major Float32Array/Float64Array) and columns (one array per feature) are encoded in chunks of
// rows so the per-feature strided kernels work on cache-resident data: uniform 1, 2, 4 or 8 bits go
// through the fused kernels of uniform.ts, every other layout (mixed widths) through the field
// kernels of field.ts; decoding unpacks to codes (Uint8Array iff every feature has <= 8 bits) and
// maps codes to levels or to the thermometer vector of FORMAT.md 1.4.

import { BsqError } from './errors.js';
import { makeFeature, MAX_FEATURES, type Feature, type FeatureSpec } from './feature.js';
import { kernelFor, searchOne, searchTable, type Kernel, type Source } from './search.js';
import { packRun, unpackRun } from './pack.js';
import { fieldEncoderFor, fieldGroups, unpackGroup, unpackGroupLevels, type FieldEncoder, type FieldGroup } from './field.js';
import { concatLevels, concatTables, decodeUniform, encodeUniform } from './uniform.js';
import { validateEntropyModel, type EntropyModel } from './entropy/model.js';
import { fitEntropyModelToCodes, type FitEntropyOptions } from './entropy/fit.js';
import { argError, checkCodes, checkColumns, checkFirstRow, checkOut, checkPacked, checkRowCount, checkRows, codeRangeError, copyMetadata, firstNaN, isCodeArray, nanError, resolveNanCode } from './checks.js';

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

/** Lazily built tables, shared by codecs that share features. */
interface Lazy { tables?: Float64Array[]; uTables?: Float64Array; uLevels?: Float32Array; groups?: FieldGroup[]; levels?: Float32Array[] }

/** Target number of values per encode/decode chunk (chunks hold a multiple of 8 rows). */
const CHUNK_VALUES = 16384;

/** Per-feature thresholds and levels: encodes values to codes (branchless threshold search), packs and unpacks them, decodes to values or thermometer bits. */
export class Codec {
  readonly features: readonly Feature[];
  readonly featureCount: number;
  readonly bitsPerRow: number;
  readonly thermometerWidth: number;
  readonly metadata: Metadata | undefined;
  /** Static entropy model for encoding 2 (spec/FORMAT.md 4.4), if fitted or read from a file. */
  readonly entropyModel: EntropyModel | undefined;

  /** Widths per feature, for the packer. */
  readonly #widths: Uint8Array;
  /** Common width of all features, or 0 when mixed. */
  readonly #uniform: number;
  /** Largest width. */
  readonly #maxBits: number;
  /** Encode/decode tables, built on first use and shared with withMetadata/withEntropyModel copies. */
  readonly #lazy: Lazy;
  readonly #kernels: Kernel[];
  /** Search-and-pack kernels of the field path (field.ts), one per feature. */
  readonly #fieldEncoders: FieldEncoder[];
  /** Bit offset of each feature within a row. */
  readonly #bitOffsets: Int32Array;
  /** Start of each feature in the thermometer vector. */
  readonly #thermoOffsets: Int32Array;
  /** Rows per chunk (multiple of 8). */
  readonly #chunkRows: number;
  /** Every feature has 1, 2, 4 or 8 bits: the fused kernels of uniform.ts apply. */
  readonly #fused: boolean;
  #scratch: Codes | undefined;
  /** Packed bytes of one chunk of rows plus 3 bytes of slack for the field kernels' 4-byte windows. */
  #fieldBuf: { bytes: Uint8Array; dv: DataView } | undefined;

  private constructor(features: readonly Feature[], metadata: Metadata | undefined, shared?: Codec, entropyModel?: EntropyModel) {
    this.features = features;
    this.featureCount = features.length;
    this.metadata = metadata;
    this.entropyModel = entropyModel;
    if (shared) {
      this.bitsPerRow = shared.bitsPerRow;
      this.thermometerWidth = shared.thermometerWidth;
      this.#widths = shared.#widths;
      this.#uniform = shared.#uniform;
      this.#maxBits = shared.#maxBits;
      this.#lazy = shared.#lazy;
      this.#kernels = shared.#kernels;
      this.#fieldEncoders = shared.#fieldEncoders;
      this.#thermoOffsets = shared.#thermoOffsets;
      this.#bitOffsets = shared.#bitOffsets;
      this.#chunkRows = shared.#chunkRows;
      this.#fused = shared.#fused;
      return;
    }
    const F = features.length;
    this.#widths = new Uint8Array(F);
    this.#thermoOffsets = new Int32Array(F);
    this.#bitOffsets = new Int32Array(F);
    this.#lazy = {};
    this.#kernels = [];
    this.#fieldEncoders = [];
    let bitsPerRow = 0;
    let width = 0;
    let maxBits = 0;
    let uniform = features[0].bits;
    for (let f = 0; f < F; f++) {
      const b = features[f].bits;
      this.#widths[f] = b;
      this.#thermoOffsets[f] = width;
      this.#bitOffsets[f] = bitsPerRow;
      this.#kernels.push(kernelFor(b));
      this.#fieldEncoders.push(fieldEncoderFor(b));
      bitsPerRow += b;
      width += (1 << b) - 1;
      if (b > maxBits) maxBits = b;
      if (b !== uniform) uniform = 0;
    }
    this.bitsPerRow = bitsPerRow;
    this.thermometerWidth = width;
    this.#uniform = uniform;
    this.#maxBits = maxBits;
    this.#chunkRows = Math.max(8, Math.floor(CHUNK_VALUES / F) & ~7);
    this.#fused = uniform === 1 || uniform === 2 || uniform === 4 || uniform === 8;
  }

  /** Per-feature binary64 search tables (built on first encode: decode-only use never pays). */
  #tables(): Float64Array[] {
    return (this.#lazy.tables ??= this.features.map((f) => searchTable(f.thresholds)));
  }

  /** Concatenated search tables for the fused kernels (only when #fused). */
  #uTables(): Float64Array {
    return (this.#lazy.uTables ??= concatTables(this.features.map((f) => f.thresholds), this.#uniform));
  }

  /** Concatenated levels for the fused decode kernels (only when #fused). */
  #uLevels(): Float32Array {
    return (this.#lazy.uLevels ??= concatLevels(this.features.map((f) => f.levels), this.#uniform));
  }

  /**
   * Build a codec from thresholds (2^bits - 1 per feature, so the count fixes the bit width) and
   * optional levels (default levels of FORMAT.md 1.3). Throws BsqError('INVALID_CODEC').
   */
  static fromThresholds(specs: FeatureSpec[], opts?: { metadata?: Record<string, unknown> }): Codec {
    if (!Array.isArray(specs)) argError('fromThresholds expects an array of feature specs');
    const features = Codec.#build(specs, (s, i) => {
      if (s === null || typeof s !== 'object') {
        throw new BsqError('INVALID_CODEC', `feature #${i} (index ${i}): spec must be an object`, { featureIndex: i });
      }
      return makeFeature(i, s.name, undefined, s.thresholds, s.levels);
    });
    return new Codec(features, copyMetadata(opts?.metadata));
  }

  /** Build a codec from complete features (name, bits, thresholds, levels), with the same validation. */
  static fromFeatures(features: Feature[], opts?: { metadata?: Record<string, unknown> }): Codec {
    if (opts !== undefined && (opts === null || typeof opts !== 'object' || Object.keys(opts).some((k) => k !== 'metadata'))) {
      argError('fromFeatures(features, { metadata }): the second argument is an options object with a metadata field');
    }
    if (!Array.isArray(features)) argError('fromFeatures expects an array of features');
    const list = Codec.#build(features, (s, i) => {
      if (s === null || typeof s !== 'object') {
        throw new BsqError('INVALID_CODEC', `feature #${i} (index ${i}): feature must be an object`, { featureIndex: i });
      }
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
      validateEntropyModel(model, this.#widths, this.features.map((f) => f.name), 'INVALID_ARGUMENT');
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
    return this.withEntropyModel(fitEntropyModelToCodes(codes, this.#widths, opts));
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
    return searchOne(this.#tables()[featureIndex], this.features[featureIndex].bits, x);
  }

  // ---------------------------------------------------------------- encode

  /** Row-major values (rowCount x featureCount) to packed bytes. */
  encodeRows(rows: Float32Array | Float64Array, opts?: EncodeOptions): Uint8Array {
    const n = checkRows(this.featureCount, rows);
    const nanCode = resolveNanCode(this.features, opts);
    if (this.#fused) return this.#encodeUniform(rows, n, nanCode, opts);
    return this.#encodeFields(rows, true, n, nanCode, opts);
  }

  /** One array per feature (codec order, equal lengths) to packed bytes. */
  encodeColumns(columns: ArrayLike<number>[], opts?: EncodeOptions): Uint8Array {
    const n = checkColumns(this.features, columns);
    const nanCode = resolveNanCode(this.features, opts);
    const c0 = columns[0];
    if (this.featureCount === 1 && this.#fused && (c0 instanceof Float32Array || c0 instanceof Float64Array)) {
      return this.#encodeUniform(c0, n, nanCode, opts);
    }
    return this.#encodeFields(columns as Source[], false, n, nanCode, opts);
  }

  /** Row-major values to unpacked codes (row-major). */
  encodeRowsToCodes(rows: Float32Array | Float64Array, opts?: EncodeOptions): Codes {
    const n = checkRows(this.featureCount, rows);
    const nanCode = resolveNanCode(this.features, opts);
    // 8-bit codes packed are the codes themselves
    if (this.#fused && this.#uniform === 8) return this.#encodeUniform(rows, n, nanCode, opts);
    checkFirstRow(opts);
    const codes = this.#allocCodes(n * this.featureCount);
    const R = this.#chunkRows;
    for (let s = 0; s < n; s += R) this.#encodeRowChunk(rows, s, Math.min(R, n - s), codes, s * this.featureCount, nanCode, opts);
    return codes;
  }

  /** Columns to unpacked codes (row-major). */
  encodeColumnsToCodes(columns: ArrayLike<number>[], opts?: EncodeOptions): Codes {
    const n = checkColumns(this.features, columns);
    const nanCode = resolveNanCode(this.features, opts);
    checkFirstRow(opts);
    const codes = this.#allocCodes(n * this.featureCount);
    const R = this.#chunkRows;
    for (let s = 0; s < n; s += R) this.#encodeColumnChunk(columns, s, Math.min(R, n - s), codes, s * this.featureCount, nanCode, opts);
    return codes;
  }

  /** Fused search + pack over the row-major stream (uniform 1, 2, 4 or 8 bits). */
  #encodeUniform(rows: Float32Array | Float64Array, n: number, nanCode: number, opts: EncodeOptions | undefined): Uint8Array {
    checkFirstRow(opts);
    const F = this.featureCount;
    const out = new Uint8Array(Math.ceil((n * this.bitsPerRow) / 8));
    const bad = encodeUniform(this.#uniform, this.#uTables(), F, rows, n * F, out, nanCode);
    if (bad >= 0) nanError(this.features, Math.floor(bad / F), bad % F, opts);
    return out;
  }

  /**
   * Search and pack through the field kernels, chunk by chunk: each feature's codes are ORed into
   * their fields of a zeroed chunk buffer, which is then copied out (a chunk is a multiple of 8
   * rows, so it starts on a byte boundary). `src` is the row-major array, or the columns.
   */
  #encodeFields(src: Source | Source[], rowMajor: boolean, n: number, nanCode: number, opts: EncodeOptions | undefined): Uint8Array {
    checkFirstRow(opts);
    const F = this.featureCount;
    const bpr = this.bitsPerRow;
    const out = new Uint8Array(Math.ceil((n * bpr) / 8));
    const R = this.#chunkRows;
    const { bytes, dv } = this.#getFieldBuf();
    const tables = this.#tables();
    const enc = this.#fieldEncoders;
    const off = this.#bitOffsets;
    for (let s = 0; s < n; s += R) {
      const m = Math.min(R, n - s);
      const len = Math.ceil((m * bpr) / 8);
      bytes.fill(0, 0, len + 3);
      for (let f = 0; f < F; f++) {
        const bad = rowMajor
          ? enc[f](tables[f], src as Source, s * F + f, F, dv, off[f], bpr, m, nanCode)
          : enc[f](tables[f], (src as Source[])[f], s, 1, dv, off[f], bpr, m, nanCode);
        if (bad >= 0) {
          const get = rowMajor ? (r: number, g: number) => (src as Source)[r * F + g] : (r: number, g: number) => (src as Source[])[g][r];
          firstNaN(this.features, get, s, opts);
        }
      }
      out.set(bytes.subarray(0, len), (s * bpr) / 8);
    }
    return out;
  }

  #getFieldBuf(): { bytes: Uint8Array; dv: DataView } {
    if (this.#fieldBuf === undefined) {
      const bytes = new Uint8Array(Math.ceil((this.#chunkRows * this.bitsPerRow) / 8) + 4);
      this.#fieldBuf = { bytes, dv: new DataView(bytes.buffer) };
    }
    return this.#fieldBuf;
  }

  #encodeRowChunk(rows: Float32Array | Float64Array, start: number, m: number, dst: Codes, di: number, nanCode: number, opts: EncodeOptions | undefined): void {
    const F = this.featureCount;
    const tables = this.#tables();
    const kernels = this.#kernels;
    for (let f = 0; f < F; f++) {
      const bad = kernels[f](tables[f], rows, start * F + f, F, dst, di + f, F, m, nanCode);
      if (bad >= 0) firstNaN(this.features, (r, g) => rows[r * F + g], start, opts);
    }
  }

  #encodeColumnChunk(columns: ArrayLike<number>[], start: number, m: number, dst: Codes, di: number, nanCode: number, opts: EncodeOptions | undefined): void {
    const F = this.featureCount;
    const tables = this.#tables();
    const kernels = this.#kernels;
    for (let f = 0; f < F; f++) {
      const bad = kernels[f](tables[f], columns[f] as Source, start, 1, dst, di + f, F, m, nanCode);
      if (bad >= 0) firstNaN(this.features, (r, g) => columns[g][r], start, opts);
    }
  }







  #allocCodes(n: number): Codes {
    return this.#maxBits <= 8 ? new Uint8Array(n) : new Uint16Array(n);
  }

  #getScratch(): Codes {
    return (this.#scratch ??= this.#allocCodes(this.#chunkRows * this.featureCount));
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
    const bad = packRun(codes, 0, codes.length, this.#widths, this.#uniform, out, 0);
    if (bad !== 0) {
      for (let i = 0; i < codes.length; i++) {
        const f = i % F;
        if (codes[i] >>> this.#widths[f] !== 0) {
          const name = this.features[f].name;
          argError(`code ${codes[i]} at row ${(i - f) / F}, feature "${name}" (index ${f}) does not fit in ${this.#widths[f]} bits`, { row: (i - f) / F, feature: name, featureIndex: f });
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
    const codes = checkOut(this.#maxBits, into, n * this.featureCount, 'codes', `${n} rows of codes`) ? into! : this.#allocCodes(n * this.featureCount);
    this.#unpackRows(packed, 0, n, codes, 0);
    return codes;
  }

  /** Packed bytes to levels[code], row-major Float32Array (written into `into` if given, see decodeCodes). */
  decodeValues(packed: Uint8Array, rowCount: number, into?: Float32Array): Float32Array {
    const n = checkPacked(this.bitsPerRow, packed, rowCount);
    const F = this.featureCount;
    const out = checkOut(this.#maxBits, into, n * F, 'float32', `${n} rows of values`) ? into! : new Float32Array(n * F);
    if (this.#fused) {
      decodeUniform(this.#uniform, this.#uLevels(), F, packed, n * F, out);
      return out;
    }
    this.#fieldRows(packed, 0, n, out, 0, true);
    return out;
  }

  /**
   * Packed bytes to the thermometer matrix, rowCount x thermometerWidth (written into `into` if
   * given, see decodeCodes; every element of `into` is overwritten).
   */
  decodeThermometer(packed: Uint8Array, rowCount: number, into?: Float32Array): Float32Array {
    const n = checkPacked(this.bitsPerRow, packed, rowCount);
    const W = this.thermometerWidth;
    const given = checkOut(this.#maxBits, into, n * W, 'float32', `${n} rows of thermometer bits`);
    const out = given ? into! : new Float32Array(n * W);
    const scratch = this.#getScratch();
    const R = this.#chunkRows;
    for (let s = 0; s < n; s += R) {
      const m = Math.min(R, n - s);
      this.#unpackRows(packed, s, m, scratch, 0);
      this.#thermoInto(scratch, 0, m, out, s * W, given); // a caller's array may hold anything
    }
    return out;
  }

  /**
   * Rows [r0, r0 + m) of a checked packed block into dst from index `o`. r0 is a multiple of 8, so
   * the rows start on a byte boundary; offsets inside the kernels stay relative to that byte.
   */
  #unpackRows(packed: Uint8Array, r0: number, m: number, dst: Codes, o: number): void {
    const u = this.#uniform;
    if (u === 1 || u === 2 || u === 4 || u === 8 || u === 16) {
      unpackRun(packed, (r0 * this.bitsPerRow) / 8, m * this.featureCount, this.#widths, u, dst, o);
      return;
    }
    this.#fieldRows(packed, r0, m, dst, o, false);
  }

  /**
   * Rows [r0, r0 + m) (r0 a multiple of 8) of a checked block through the field kernels, chunk by
   * chunk, into dst from index `o`: codes, or levels when `levels`. Bit positions are relative to the
   * chunk's first byte (they stay small); a chunk too close to the block's end for the 4-byte windows
   * is read from a copy in the padded chunk buffer (bytes past the block only reach masked-off bits).
   */
  #fieldRows(packed: Uint8Array, r0: number, m: number, dst: Codes | Float32Array, o: number, levels: boolean): void {
    const F = this.featureCount;
    const bpr = this.bitsPerRow;
    const R = this.#chunkRows;
    const off = this.#bitOffsets;
    const groups = (this.#lazy.groups ??= fieldGroups(this.#widths, off));
    const L = (this.#lazy.levels ??= this.features.map((f) => f.levels));
    const end = r0 + m;
    for (let s = r0; s < end; s += R) {
      const c = Math.min(R, end - s);
      const b0 = (s * bpr) / 8;
      const len = Math.ceil((c * bpr) / 8);
      let dv: DataView;
      if (b0 + len + 3 <= packed.length) {
        dv = new DataView(packed.buffer, packed.byteOffset + b0, len + 3);
      } else {
        const buf = this.#getFieldBuf();
        buf.bytes.set(packed.subarray(b0, b0 + len));
        dv = buf.dv;
      }
      const os = o + (s - r0) * F;
      for (const g of groups) {
        if (levels) unpackGroupLevels(dv, off[g.f0], bpr, g, L, c, dst as Float32Array, os + g.f0, F);
        else unpackGroup(dv, off[g.f0], bpr, g, c, dst as Codes, os + g.f0, F);
      }
    }
  }



  /** Unpacked codes to levels[code] (row-major). Codes above a feature's range are INVALID_ARGUMENT. */
  codesToValues(codes: Codes): Float32Array {
    const n = checkCodes(this.featureCount, codes);
    const F = this.featureCount;
    const out = new Float32Array(codes.length);
    const R = this.#chunkRows;
    for (let s = 0; s < n; s += R) this.#levelsInto(codes, s * F, Math.min(R, n - s), out, s * F);
    return out;
  }

  /** Unpacked codes to the thermometer matrix (rowCount x thermometerWidth). */
  codesToThermometer(codes: Codes): Float32Array {
    const n = checkCodes(this.featureCount, codes);
    const F = this.featureCount;
    const out = new Float32Array(n * this.thermometerWidth);
    const R = this.#chunkRows;
    for (let s = 0; s < n; s += R) this.#thermoInto(codes, s * F, Math.min(R, n - s), out, s * this.thermometerWidth);
    return out;
  }

  /** levels for m rows of codes (from index ci) into out from `o`. */
  #levelsInto(codes: Codes, ci: number, m: number, out: Float32Array, o: number): void {
    const F = this.featureCount;
    for (let f = 0; f < F; f++) {
      const L = this.features[f].levels;
      const K = L.length - 1;
      let bad = 0;
      for (let j = 0, i = ci + f, w = o + f; j < m; j++, i += F, w += F) {
        const c = codes[i];
        bad |= c;
        out[w] = L[c & K];
      }
      if (bad > K) codeRangeError(this.features, codes, f);
    }
  }

  /**
   * Thermometer bits for m rows of codes (from index ci) into out from `o`. Only the ones are
   * written unless `zeros` (out not known to be zero-filled).
   */
  #thermoInto(codes: Codes, ci: number, m: number, out: Float32Array, o: number, zeros = false): void {
    const F = this.featureCount;
    const W = this.thermometerWidth;
    for (let f = 0; f < F; f++) {
      const K = (1 << this.#widths[f]) - 1;
      let bad = 0;
      for (let j = 0, i = ci + f, base = o + this.#thermoOffsets[f]; j < m; j++, i += F, base += W) {
        const c = codes[i];
        bad |= c;
        const e = base + (c < K ? c : K);
        for (let k = base; k < e; k++) out[k] = 1;
        if (zeros) for (let k = e, z = base + K; k < z; k++) out[k] = 0;
      }
      if (bad > K) codeRangeError(this.features, codes, f);
    }
  }
}
