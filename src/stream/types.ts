// Public types of the stream layer: the row chunks an encoder accepts, the options of the encoder
// and decoder, and the decoded block objects a decoder emits. Browser-safe (no node: imports).
import type { Codec, Codes, NanPolicy } from '../codec/index.js';
import type { OptionKeys } from '../codec/checks.js';
import type { BlockEncoding, Limits } from '../format/index.js';

/** A row object: one number per feature, keyed by feature name (other keys are ignored). */
export type RowObject = Readonly<Record<string, unknown>>;

/**
 * A chunk of whole rows, in one of these shapes:
 * - a row-major typed array (Float32Array or Float64Array; other numeric typed arrays are widened)
 *   whose length is a multiple of the codec's feature count;
 * - an array of row arrays, each with one number per feature in codec order;
 * - an array of row objects keyed by feature name.
 */
export type RowChunk =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | readonly (ArrayLike<number> | RowObject)[];

/** How the encoder frames its output. */
export type Framing =
  /** A complete .bsq file: header, CODEC record, DATA records, END record (default). */
  | 'file'
  /** Only self-delimiting DATA records, one per block (the receiver already has the codec). */
  | 'records';

export interface EncoderOptions {
  /** Rows per DATA block (1 .. 16 777 216). Default 65 536 (the same as writeBsq). */
  blockRows?: number;
  /** Block encoding, passed through to the format layer unchanged. Default 'raw'. */
  encoding?: BlockEncoding;
  /** What to do with NaN inputs (default 'error': BsqError NAN_INPUT naming row and feature). */
  nan?: NanPolicy;
  /** 'file' (default) or 'records' (headerless sequence of DATA records, for live links). */
  framing?: Framing;
  /**
   * Low-latency mode: emit the rows buffered so far as a (possibly short) block at the end of every
   * input chunk, so each chunk leaves the encoder at once. Blocks are still cut at `blockRows`.
   */
  flushEachChunk?: boolean;
}

/**
 * Options of the live encoder streams (createEncoderStream, createNodeEncoder). The synchronous
 * StreamEncoder, encodeAsync and the Arrow converters have no clock and refuse `flushAfterMs`.
 */
export interface LiveEncoderOptions extends EncoderOptions {
  /**
   * Bounded latency: when rows have waited this many milliseconds without their block filling, emit
   * them as a short block. Default: off. A pending flush keeps a Node process alive until it fires.
   */
  flushAfterMs?: number;
}

/**
 * What a decoder gives, the same option (`output`) with the same default ('values') in streams,
 * Arrow and the CLI: 'values' the decoded levels (Float32), 'codes' the codes, 'thermometer' the
 * server model's input bits (streams only), 'dictionary' codes with the levels as an Arrow
 * dictionary (Arrow only).
 */
export type DecodeOutput = 'values' | 'codes' | 'thermometer' | 'dictionary';

export interface DecoderOptions {
  /** Reader limits (spec/FORMAT.md section 6); unspecified fields keep their defaults. */
  limits?: Partial<Limits>;
  /** What each emitted block carries: 'values' (default), 'codes' or 'thermometer'. */
  output?: DecodeOutput;
  /**
   * Decode a headerless sequence of self-delimiting DATA records with this codec (the framing an
   * encoder with `framing: 'records'`, or a device, produces). Without it the input is a .bsq file.
   */
  codec?: Codec;
  /** Called once with the codec when the CODEC record has been read (file framing only). */
  onCodec?: (codec: Codec, version: { major: number; minor: number }) => void;
}

/** One decoded block. */
export interface DecodedRows {
  codec: Codec;
  /** Index of the block's first row in the whole stream. */
  firstRow: number;
  rowCount: number;
  /** How the block was stored ('raw', 'deflate', 'entropy'). */
  encoding: BlockEncoding;
  /** Row-major codes (rowCount x featureCount), present when output is 'codes'. */
  codes?: Codes;
  /**
   * Row-major Float32 values: levels[code] (rowCount x featureCount) when output is 'values', or the
   * thermometer bits (rowCount x codec.thermometerWidth) when output is 'thermometer'.
   */
  values?: Float32Array;
}

/** The option names of the live encoders and of the decoders (checkOptionKeys in their constructors). */
export const LIVE_ENCODER_OPTION_KEYS: OptionKeys<LiveEncoderOptions> = { blockRows: true, encoding: true, nan: true, framing: true, flushEachChunk: true, flushAfterMs: true };
export const DECODER_OPTION_KEYS: OptionKeys<DecoderOptions> = { limits: true, output: true, codec: true, onCodec: true };
