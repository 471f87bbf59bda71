// The device-side facts of a codec that the C generator and the docs need: feature widths, the
// threshold table layout (features back to back, K_f = 2^b_f - 1 entries each), record-size limits
// and the flash cost of the constant tables.

/** The part of a Codec the generator reads (a Codec from 'bsq' satisfies it). */
export interface DeviceCodecInput {
  readonly features: readonly { readonly name: string; readonly bits: number; readonly thresholds: Float32Array }[];
  readonly bitsPerRow: number;
}

/** DATA record bytes around the packed body: type, flags, u32 length, u32 rowCount, u8 encoding | u32 CRC. */
export const RECORD_PREFIX_BYTES = 11;
export const RECORD_OVERHEAD_BYTES = 15;
/** The readers' default maxBlockRows (spec/FORMAT.md section 6). */
export const DEFAULT_MAX_BLOCK_ROWS = 16_777_216;

export interface DeviceLayout {
  featureCount: number;
  bitsPerRow: number;
  bits: number[];
  /** All features have this width, or 0 when the widths differ. */
  uniformBits: number;
  /** Runs of neighbouring features with equal width; the encoder has one loop per run (constant width). */
  runs: { start: number; end: number; bits: number }[];
  /**
   * Mixed widths with at most MAX_STRAIGHT_FEATURES features: the encoder is straight-line code for
   * this layout (each feature's search with constant table offsets, codes shifted into row pieces of
   * at most 24 bits at constant positions, one flush per piece) instead of loops over width runs.
   */
  straight: boolean;
  /** Total thresholds sum_f (2^b_f - 1). */
  thresholdCount: number;
  /** Largest row count of one DATA record the device API accepts (32-bit size_t safe, reader default limit). */
  maxRecordRows: number;
  /** Flash bytes of the constant tables, by table (bitsTable: 1 byte per feature when not straight and there are more than MAX_WIDTH_RUNS runs). */
  flash: { thresholds: number; bitsTable: number; crcTable: number };
}

/** At most this many width runs get their own loop; more fall back to one loop over a width table. */
export const MAX_WIDTH_RUNS = 16;

/** Mixed-width codecs up to this many features get straight-line encoders (see DeviceLayout.straight). */
export const MAX_STRAIGHT_FEATURES = 64;

/** Features of equal width next to each other. */
export function widthRuns(bits: readonly number[]): { start: number; end: number; bits: number }[] {
  const runs: { start: number; end: number; bits: number }[] = [];
  for (let f = 0; f < bits.length; f++) {
    const last = runs[runs.length - 1];
    if (last && last.bits === bits[f]) last.end = f + 1;
    else runs.push({ start: f, end: f + 1, bits: bits[f] });
  }
  return runs;
}

export function deviceLayout(codec: DeviceCodecInput, crcTableBytes: number): DeviceLayout {
  const bits = codec.features.map((f) => f.bits);
  const uniformBits = bits.every((b) => b === bits[0]) ? bits[0] : 0;
  const thresholdCount = bits.reduce((s, b) => s + (2 ** b - 1), 0);
  const bitsPerRow = bits.reduce((s, b) => s + b, 0);
  // n * bitsPerRow + 7 + 8 * overhead must fit a 32-bit size_t; the reader refuses more than 2^24 rows.
  const runs = widthRuns(bits);
  const straight = uniformBits === 0 && bits.length <= MAX_STRAIGHT_FEATURES;
  const maxRecordRows = Math.min(DEFAULT_MAX_BLOCK_ROWS, Math.floor((0xffffffff - 8 * 16) / bitsPerRow));
  return {
    featureCount: bits.length,
    bitsPerRow,
    bits,
    uniformBits,
    runs,
    straight,
    thresholdCount,
    maxRecordRows,
    flash: { thresholds: 4 * thresholdCount, bitsTable: !straight && runs.length > MAX_WIDTH_RUNS ? bits.length : 0, crcTable: crcTableBytes },
  };
}
