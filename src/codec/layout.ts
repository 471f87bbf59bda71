// CodecLayout: what a codec precomputes from its features' bit widths and shares with every copy
// (withMetadata, withEntropyModel): widths, bit and thermometer offsets, chunk size, the kernel of
// each feature, and the search tables, levels and scratch buffers, built on first use (a decode-only
// codec never builds search tables).
import type { Codes } from './codec.js';
import type { Feature } from './feature.js';
import { fieldEncoderFor, fieldGroups, type FieldEncoder, type FieldGroup } from './field.js';
import { kernelFor, searchTable, type Kernel } from './search.js';
import { concatLevels, concatTables } from './uniform.js';

/** Target number of values per encode/decode chunk (chunks hold a multiple of 8 rows). */
const CHUNK_VALUES = 16384;

export class CodecLayout {
  readonly features: readonly Feature[];
  readonly featureCount: number;
  readonly bitsPerRow: number;
  readonly thermometerWidth: number;
  /** Widths per feature, for the packer. */
  readonly widths: Uint8Array;
  /** Common width of all features, or 0 when mixed. */
  readonly uniform: number;
  /** Largest width. */
  readonly maxBits: number;
  /** Search kernel of each feature (codes into an array). */
  readonly kernels: Kernel[];
  /** Search-and-pack kernels of the field path (field.ts), one per feature. */
  readonly fieldEncoders: FieldEncoder[];
  /** Bit offset of each feature within a row. */
  readonly bitOffsets: Int32Array;
  /** Start of each feature in the thermometer vector. */
  readonly thermoOffsets: Int32Array;
  /** Rows per chunk (multiple of 8). */
  readonly chunkRows: number;
  /** Indices of the categorical features (their numeric inputs are category indices, checked). */
  readonly categorical: readonly number[];
  /** Every feature has 1, 2, 4 or 8 bits: the fused kernels of uniform.ts apply. */
  readonly fused: boolean;
  #tables: Float64Array[] | undefined;
  #uTables: Float64Array | undefined;
  #uLevels: Float32Array | undefined;
  #groups: FieldGroup[] | undefined;
  #levels: Float32Array[] | undefined;
  #scratch: Codes | undefined;
  #fieldBuf: { bytes: Uint8Array; dv: DataView } | undefined;

  constructor(features: readonly Feature[]) {
    const F = features.length;
    this.features = features;
    this.featureCount = F;
    this.widths = new Uint8Array(F);
    this.thermoOffsets = new Int32Array(F);
    this.bitOffsets = new Int32Array(F);
    this.kernels = [];
    this.fieldEncoders = [];
    let bitsPerRow = 0;
    let width = 0;
    let maxBits = 0;
    let uniform = features[0].bits;
    for (let f = 0; f < F; f++) {
      const b = features[f].bits;
      this.widths[f] = b;
      this.thermoOffsets[f] = width;
      this.bitOffsets[f] = bitsPerRow;
      this.kernels.push(kernelFor(b));
      this.fieldEncoders.push(fieldEncoderFor(b));
      bitsPerRow += b;
      width += (1 << b) - 1;
      if (b > maxBits) maxBits = b;
      if (b !== uniform) uniform = 0;
    }
    this.bitsPerRow = bitsPerRow;
    this.thermometerWidth = width;
    this.uniform = uniform;
    this.maxBits = maxBits;
    this.chunkRows = Math.max(8, Math.floor(CHUNK_VALUES / F) & ~7);
    this.categorical = features.flatMap((f, i) => (f.categories !== undefined ? [i] : []));
    this.fused = uniform === 1 || uniform === 2 || uniform === 4 || uniform === 8;
  }

  /** Per-feature binary64 search tables (built on first encode: decode-only use never pays). */
  tables(): Float64Array[] {
    return (this.#tables ??= this.features.map((f) => searchTable(f.thresholds)));
  }

  /** Concatenated search tables for the fused kernels (only when fused). */
  uTables(): Float64Array {
    return (this.#uTables ??= concatTables(this.features.map((f) => f.thresholds), this.uniform));
  }

  /** Concatenated levels for the fused decode kernels (only when fused). */
  uLevels(): Float32Array {
    return (this.#uLevels ??= concatLevels(this.features.map((f) => f.levels), this.uniform));
  }

  /** Groups of neighbouring fields the decode kernels read with one 4-byte window. */
  groups(): FieldGroup[] {
    return (this.#groups ??= fieldGroups(this.widths, this.bitOffsets));
  }

  /** Each feature's levels. */
  levels(): Float32Array[] {
    return (this.#levels ??= this.features.map((f) => f.levels));
  }

  /** Unpacked codes of n values (Uint16Array when a feature has more than 8 bits). */
  allocCodes(n: number): Codes {
    return this.maxBits <= 8 ? new Uint8Array(n) : new Uint16Array(n);
  }

  /** Codes of one chunk of rows, reused. */
  scratch(): Codes {
    return (this.#scratch ??= this.allocCodes(this.chunkRows * this.featureCount));
  }

  /** Packed bytes of one chunk of rows plus slack for the field kernels' 4-byte windows, reused. */
  fieldBuf(): { bytes: Uint8Array; dv: DataView } {
    if (this.#fieldBuf === undefined) {
      const bytes = new Uint8Array(Math.ceil((this.chunkRows * this.bitsPerRow) / 8) + 4);
      this.#fieldBuf = { bytes, dv: new DataView(bytes.buffer) };
    }
    return this.#fieldBuf;
  }
}
