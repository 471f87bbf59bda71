// StreamEncoder: the synchronous core shared by every encoder front end (WHATWG TransformStream,
// async iterables, Node Transform, Arrow). It takes chunks of rows (or columns), cuts them into
// blocks of `blockRows` rows and returns the bytes to emit: header + CODEC first, one DATA record per
// block, END on finish. Whole blocks taken straight from a chunk go through the fused
// codec.encodeRows kernel without copying; rows that straddle chunks are buffered as codes.
import { BsqError } from '../codec/errors.js';
import type { Codec, Codes, EncodeOptions, NanPolicy } from '../codec/index.js';
import {
  BLOCK_ENCODERS,
  concatBytes as concat,
  DEFAULT_BLOCK_ROWS,
  DEFAULT_LIMITS,
  FLAG_CRITICAL,
  encodeCodecRecord,
  formatMinorFor,
  encodeDataRecord,
  encodeEndRecord,
  encodeHeader,
  encodeRecord,
} from '../format/index.js';
import type { BlockEncoder, BlockEncoding } from '../format/index.js';
import { normaliseRows } from './rows.js';
import type { EncoderOptions, Framing, RowChunk } from './types.js';

/** writeBsq keeps default blocks at most this many packed bytes (16 MiB); so do we. */
const DEFAULT_BLOCK_BYTES = 16 * 1024 * 1024;

/** The default rows per block for `codec`: the same as writeBsq, so both give the same bytes. */
export function defaultBlockRows(codec: Codec): number {
  return Math.max(1, Math.min(DEFAULT_BLOCK_ROWS, Math.floor((DEFAULT_BLOCK_BYTES * 8) / codec.bitsPerRow)));
}

/** A column of one feature's values: any numeric typed array (or plain array of numbers). */
export type Column = ArrayLike<number>;

/** The synchronous encoder core behind every encoder front end: push row chunks, get the bytes of complete records. */
export class StreamEncoder {
  readonly codec: Codec;
  readonly blockRows: number;
  readonly encoding: BlockEncoding;
  readonly framing: Framing;
  readonly flushEachChunk: boolean;
  private readonly nan: NanPolicy | undefined;
  /** The format's implementation of `encoding`, checked up front. */
  private readonly blockEncoding: BlockEncoder;
  /** Model of an encoding that needs one (entropy), built from the first block. */
  private model: unknown = undefined;
  private buf: Codes | null = null;
  private buffered = 0;
  private rowsOut = 0;
  private blocksOut = 0;
  private started = false;
  private finished = false;
  /** The first error: after it the output is incomplete, so every later call rethrows it. */
  private failed: unknown = null;

  constructor(codec: Codec, options: EncoderOptions = {}) {
    if (codec === null || typeof codec !== 'object' || typeof codec.encodeRows !== 'function') {
      throw new BsqError('INVALID_ARGUMENT', 'an encoder needs a Codec');
    }
    const blockRows = options.blockRows ?? defaultBlockRows(codec);
    const maxRows = DEFAULT_LIMITS.maxBlockRows;
    if (!Number.isInteger(blockRows) || blockRows < 1 || blockRows > maxRows) {
      throw new BsqError('INVALID_ARGUMENT', `blockRows must be an integer in 1..${maxRows}, got ${String(blockRows)}`);
    }
    const framing = options.framing ?? 'file';
    if (framing !== 'file' && framing !== 'records') {
      throw new BsqError('INVALID_ARGUMENT', `framing must be 'file' or 'records', got ${String(framing)}`);
    }
    this.codec = codec;
    this.blockRows = blockRows;
    this.encoding = options.encoding ?? 'raw';
    this.framing = framing;
    this.flushEachChunk = options.flushEachChunk ?? false;
    this.nan = options.nan;
    const found = BLOCK_ENCODERS.find((e) => e.name === this.encoding);
    if (found === undefined) {
      throw new BsqError('INVALID_ARGUMENT', `unknown encoding ${JSON.stringify(this.encoding)} (known: ${BLOCK_ENCODERS.map((e) => `'${e.name}'`).join(', ')})`);
    }
    if ((options as { flushAfterMs?: unknown }).flushAfterMs !== undefined) {
      throw new BsqError('INVALID_ARGUMENT', 'flushAfterMs needs a live stream with a clock: use createEncoderStream or createNodeEncoder (StreamEncoder, encodeAsync and the Arrow converters emit a block only when it fills, or at the end)');
    }
    this.blockEncoding = found;
    const be = found;
    if (be?.buildModel !== undefined && framing === 'records' && be.modelFromCodec?.(codec) === undefined) {
      throw new BsqError('INVALID_ARGUMENT', `encoding '${this.encoding}' over headerless 'records' framing needs a codec that carries its model (e.g. codec.fitEntropyModel(sample)): no model record can travel with the blocks`);
    }
  }

  /** Rows written into DATA records so far (not counting rows still buffered). */
  get rowsWritten(): number {
    return this.rowsOut;
  }
  /** DATA records emitted so far. */
  get blocksWritten(): number {
    return this.blocksOut;
  }
  /** Rows waiting for their block to fill. */
  get bufferedRows(): number {
    return this.buffered;
  }

  /**
   * The bytes that open the output: for 'file' framing the header, the CODEC record and (as writeBsq
   * does) a non-critical model record for each model the codec carries; nothing for 'records'.
   */
  start(): Uint8Array[] {
    if (this.started) return [];
    this.started = true;
    if (this.framing === 'records') return [];
    const parts = [encodeHeader(formatMinorFor(this.codec)), encodeCodecRecord(this.codec)];
    for (const e of BLOCK_ENCODERS) {
      // The model of the chosen encoding is written critical before the first block instead.
      if (e === this.blockEncoding && e.buildModel !== undefined) continue;
      const payload = e.codecModelPayload?.(this.codec);
      if (payload !== undefined && e.modelRecordType !== undefined) parts.push(encodeRecord(e.modelRecordType, 0, payload));
    }
    return [concat(parts)];
  }

  /** Add a chunk of whole rows (see RowChunk); returns the records completed by it. */
  push(chunk: RowChunk): Uint8Array[] {
    return this.guard(() => this.pushImpl(chunk));
  }

  private pushImpl(chunk: RowChunk): Uint8Array[] {
    this.checkOpen();
    const { data, rowCount } = normaliseRows(this.codec, chunk, this.rowsOut + this.buffered);
    return this.pushRowsImpl(data, rowCount);
  }

  /** Add `rowCount` rows stored row-major in `data`; returns the records completed by them. */
  pushRows(data: Float32Array | Float64Array, rowCount: number): Uint8Array[] {
    return this.guard(() => this.pushRowsImpl(data, rowCount));
  }

  private pushRowsImpl(data: Float32Array | Float64Array, rowCount: number): Uint8Array[] {
    this.checkOpen();
    const f = this.codec.featureCount;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new BsqError('INVALID_ARGUMENT', `pushRows expects a Float32Array or Float64Array of row-major values, got ${data === null ? 'null' : typeof data === 'object' ? (data as object).constructor?.name ?? 'an object' : typeof data}`);
    }
    if (!Number.isSafeInteger(rowCount) || rowCount < 0) throw new BsqError('INVALID_ARGUMENT', `pushRows: rowCount must be a non-negative integer, got ${String(rowCount)}`);
    if (data.length !== rowCount * f) {
      throw new BsqError('INVALID_ARGUMENT', `expected ${rowCount} rows x ${f} features = ${rowCount * f} values, got ${data.length}`);
    }
    const out = this.start();
    const br = this.blockRows;
    let i = 0;
    while (i < rowCount) {
      if (this.buffered === 0 && rowCount - i >= br) {
        const packed = this.codec.encodeRows(data.subarray(i * f, (i + br) * f), this.opts(this.rowsOut));
        out.push(this.record(packed, br));
        i += br;
        continue;
      }
      const take = Math.min(br - this.buffered, rowCount - i);
      const codes = this.codec.encodeRowsToCodes(data.subarray(i * f, (i + take) * f), this.opts(this.rowsOut + this.buffered));
      this.append(codes, take);
      i += take;
      if (this.buffered === br) out.push(this.flushBuffer());
    }
    if (this.flushEachChunk && this.buffered > 0) out.push(this.flushBuffer());
    return out;
  }

  /**
   * Add `rowCount` rows given as one column per feature, in codec order (typed arrays are sliced
   * without copying); returns the records completed by them.
   */
  pushColumns(columns: readonly Column[], rowCount: number): Uint8Array[] {
    return this.guard(() => this.pushColumnsImpl(columns, rowCount));
  }

  private pushColumnsImpl(columns: readonly Column[], rowCount: number): Uint8Array[] {
    this.checkOpen();
    const f = this.codec.featureCount;
    if (!Array.isArray(columns) || columns.length !== f) {
      throw new BsqError('INVALID_ARGUMENT', `expected ${f} columns (one per feature), got ${Array.isArray(columns) ? columns.length : typeof columns}`);
    }
    for (let j = 0; j < f; j++) {
      if (columns[j].length !== rowCount) {
        throw new BsqError('INVALID_ARGUMENT', `column ${j} ("${this.codec.features[j].name}") has ${columns[j].length} values, expected ${rowCount}`);
      }
    }
    const out = this.start();
    const br = this.blockRows;
    let i = 0;
    while (i < rowCount) {
      if (this.buffered === 0 && rowCount - i >= br) {
        const packed = this.codec.encodeColumns(columns.map((c) => slice(c, i, i + br)), this.opts(this.rowsOut));
        out.push(this.record(packed, br));
        i += br;
        continue;
      }
      const take = Math.min(br - this.buffered, rowCount - i);
      const codes = this.codec.encodeColumnsToCodes(columns.map((c) => slice(c, i, i + take)), this.opts(this.rowsOut + this.buffered));
      this.append(codes, take);
      i += take;
      if (this.buffered === br) out.push(this.flushBuffer());
    }
    if (this.flushEachChunk && this.buffered > 0) out.push(this.flushBuffer());
    return out;
  }

  /** Emit the buffered rows now as a (short) block, if there are any. */
  flush(): Uint8Array[] {
    return this.guard(() => this.flushImpl());
  }

  private flushImpl(): Uint8Array[] {
    this.checkOpen();
    const out = this.start();
    if (this.buffered > 0) out.push(this.flushBuffer());
    return out;
  }

  /** Emit the last partial block and, for 'file' framing, the END record. The encoder is then closed. */
  finish(): Uint8Array[] {
    return this.guard(() => this.finishImpl());
  }

  private finishImpl(): Uint8Array[] {
    this.checkOpen();
    const out = this.start();
    if (this.buffered > 0) out.push(this.flushBuffer());
    this.finished = true;
    this.buf = null;
    if (this.framing === 'file') {
      const be = this.blockEncoding;
      const payload = this.blocksOut === 0 ? be?.codecModelPayload?.(this.codec) : undefined;
      // No block needed the model: like writeBsq, a model the codec carries goes non-critical.
      if (payload !== undefined && be?.buildModel !== undefined) out.push(encodeRecord(be.modelRecordType!, 0, payload));
      out.push(encodeEndRecord(this.rowsOut, this.blocksOut));
    }
    return out;
  }

  private checkOpen(): void {
    if (this.failed !== null) throw this.failed;
    if (this.finished) throw new BsqError('INVALID_ARGUMENT', 'the encoder is already finished');
  }

  private guard(fn: () => Uint8Array[]): Uint8Array[] {
    this.checkOpen();
    try {
      return fn();
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }

  private opts(firstRow: number): EncodeOptions {
    return this.nan === undefined ? { firstRow } : { firstRow, nan: this.nan };
  }

  private append(codes: Codes, rows: number): void {
    const f = this.codec.featureCount;
    if (this.buf === null || this.buf.constructor !== codes.constructor) {
      const fresh: Codes = codes instanceof Uint16Array ? new Uint16Array(this.blockRows * f) : new Uint8Array(this.blockRows * f);
      if (this.buf !== null && this.buffered > 0) fresh.set(this.buf.subarray(0, this.buffered * f));
      this.buf = fresh;
    }
    this.buf.set(codes, this.buffered * f);
    this.buffered += rows;
  }

  private flushBuffer(): Uint8Array {
    const rows = this.buffered;
    const codes = this.buf!.subarray(0, rows * this.codec.featureCount) as Codes;
    const packed = this.codec.packCodes(codes, rows);
    this.buffered = 0;
    return this.record(packed, rows);
  }

  private record(packed: Uint8Array, rows: number): Uint8Array {
    const be = this.blockEncoding;
    let modelRecord: Uint8Array | undefined;
    if (be?.buildModel !== undefined && this.blocksOut === 0 && this.framing === 'file') {
      // An encoding with a model (entropy): the model the codec carries, else one fitted on this
      // first block, goes in a critical record right before the first block (FORMAT.md 4.4).
      const { payload, model } = be.buildModel(this.codec, [{ packed, rowCount: rows }]);
      this.model = model;
      modelRecord = encodeRecord(be.modelRecordType!, FLAG_CRITICAL, payload);
    }
    const rec = encodeDataRecord(this.codec, packed, rows, this.encoding, this.model);
    this.rowsOut += rows;
    this.blocksOut += 1;
    return modelRecord === undefined ? rec : concat([modelRecord, rec]);
  }
}

function slice(c: Column, a: number, b: number): Column {
  if (a === 0 && b === c.length) return c;
  if (ArrayBuffer.isView(c)) return (c as unknown as Float64Array).subarray(a, b);
  return Array.prototype.slice.call(c, a, b) as number[];
}
