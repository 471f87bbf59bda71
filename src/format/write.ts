// writeBsq: one call from a codec and rows (row-major, columns, or codes) to a complete .bsq file:
// header, CODEC, DATA blocks of `blockRows` rows, END. Without rows it writes a codec-only file.

import { BsqError } from '../codec/errors.js';
import { checkOptionKeys, type OptionKeys } from '../codec/checks.js';
import { Codec, type Codes, type NanPolicy } from '../codec/index.js';
import type { BlockEncoding } from './block-encoding.js';
import { concatBytes } from './bytes.js';
import { encodeCodecRecord, formatMinorFor } from './codec-record.js';
import { FLAG_CRITICAL, U32_MAX } from './constants.js';
import { encodeDataRecord } from './data-record.js';
import { BLOCK_ENCODERS, encoderByName } from './encodings.js';
import { encodeEndRecord } from './end-record.js';
import { encodeHeader } from './header.js';
import { DEFAULT_LIMITS } from './limits.js';
import { encodeRecord } from './record.js';

export interface WriteBsqOptions {
  /** Row-major values, rowCount x featureCount. */
  rows?: Float32Array | Float64Array;
  /** One array per feature, in codec order, all the same length. */
  columns?: ArrayLike<number>[];
  /** Already-encoded codes, row-major (rowCount x featureCount). */
  codes?: Codes;
  /** Row count; optional (derived from the data), checked when given. */
  rowCount?: number;
  /** Rows per DATA block (default 65536, lowered for very wide codecs so a block stays <= 16 MiB). */
  blockRows?: number;
  /** Block encoding, default 'raw'. */
  encoding?: BlockEncoding;
  /** NaN policy for rows/columns (default 'error' -> NAN_INPUT). */
  nan?: NanPolicy;
}

const WRITE_OPTION_KEYS: OptionKeys<WriteBsqOptions> = { rows: true, columns: true, codes: true, rowCount: true, blockRows: true, encoding: true, nan: true };

/** Rows per DATA block that writeBsq and the stream encoders use by default. */
export const DEFAULT_BLOCK_ROWS = 65536;
/** Default blocks are at most this many packed bytes. */
const DEFAULT_BLOCK_BYTES = 16 * 1024 * 1024;

function arg(message: string): never {
  throw new BsqError('INVALID_ARGUMENT', message);
}

function sliceColumn(c: ArrayLike<number>, s: number, e: number): ArrayLike<number> {
  if (ArrayBuffer.isView(c) && typeof (c as Float64Array).subarray === 'function') return (c as Float64Array).subarray(s, e);
  if (Array.isArray(c)) return c.slice(s, e);
  const out = new Float64Array(e - s);
  for (let i = s; i < e; i++) out[i - s] = c[i];
  return out;
}

/** Shifts a row index in an error from a block-relative to a file-relative value. */
function offsetRowError(err: unknown, firstRow: number): unknown {
  if (!(err instanceof BsqError) || firstRow === 0 || typeof err.details?.row !== 'number') return err;
  const row = (err.details.row as number) + firstRow;
  return new BsqError(err.code, err.message.replace(/\brow \d+/, `row ${row}`), { ...err.details, row }, { cause: err });
}

/** Writes a complete .bsq file. See spec/FORMAT.md and docs/format.md. */
export function writeBsq(codec: Codec, opts: WriteBsqOptions = {}): Uint8Array<ArrayBuffer> {
  if (!(codec instanceof Codec)) arg('writeBsq expects a Codec as its first argument');
  if (opts === null || typeof opts !== 'object') arg('writeBsq options must be an object');
  checkOptionKeys(opts, WRITE_OPTION_KEYS, 'writeBsq');
  const enc = encoderByName(opts.encoding ?? 'raw');
  const F = codec.featureCount;
  const given = [opts.rows, opts.columns, opts.codes].filter((x) => x !== undefined).length;
  if (given > 1) arg('give at most one of rows, columns, codes');
  if (opts.rowCount !== undefined && (!Number.isSafeInteger(opts.rowCount) || opts.rowCount < 0)) {
    arg(`rowCount must be a non-negative integer, got ${String(opts.rowCount)}`);
  }

  let n: number;
  let pack: (s: number, m: number) => Uint8Array;
  const nan = opts.nan;
  if (opts.rows !== undefined) {
    const rows = opts.rows;
    if (!(rows instanceof Float32Array || rows instanceof Float64Array)) arg('rows must be a Float32Array or Float64Array');
    if (rows.length % F !== 0) arg(`rows has ${rows.length} values, not a multiple of the ${F} features`);
    n = rows.length / F;
    pack = (s, m) => codec.encodeRows(rows.subarray(s * F, (s + m) * F), { nan, firstRow: s });
  } else if (opts.columns !== undefined) {
    const cols = opts.columns;
    if (!Array.isArray(cols) || cols.length !== F) arg(`columns must be an array of ${F} arrays (one per feature)`);
    for (const c of cols) {
      if (c === null || typeof c !== 'object' || typeof c.length !== 'number') arg('every column must be an array or typed array');
    }
    n = cols[0].length;
    for (let f = 1; f < F; f++) {
      if (cols[f].length !== n) arg(`column ${f} ("${codec.features[f].name}") has ${cols[f].length} values, column 0 has ${n}`);
    }
    pack = (s, m) => codec.encodeColumns(cols.map((c) => sliceColumn(c, s, s + m)), { nan, firstRow: s });
  } else if (opts.codes !== undefined) {
    const codes = opts.codes;
    if (!(codes instanceof Uint8Array || codes instanceof Uint16Array)) arg('codes must be a Uint8Array or Uint16Array');
    if (codes.length % F !== 0) arg(`codes has ${codes.length} values, not a multiple of the ${F} features`);
    n = codes.length / F;
    pack = (s, m) => {
      try {
        return codec.packCodes(codes.subarray(s * F, (s + m) * F), m);
      } catch (err) {
        throw offsetRowError(err, s);
      }
    };
  } else {
    n = 0;
    pack = () => new Uint8Array(0);
  }
  if (opts.rowCount !== undefined && opts.rowCount !== n) arg(`rowCount is ${opts.rowCount} but the data holds ${n} rows`);

  let B: number;
  if (opts.blockRows === undefined) {
    B = Math.max(1, Math.min(DEFAULT_BLOCK_ROWS, Math.floor((DEFAULT_BLOCK_BYTES * 8) / codec.bitsPerRow)));
  } else {
    B = opts.blockRows;
    const max = Math.min(U32_MAX, DEFAULT_LIMITS.maxBlockRows);
    if (!Number.isSafeInteger(B) || B < 1 || B > max) arg(`blockRows must be an integer in 1..${max}, got ${String(B)}`);
  }

  const parts: Uint8Array[] = [encodeHeader(formatMinorFor(codec)), encodeCodecRecord(codec)];
  let blockCount = 0;
  const usesModel = enc.buildModel !== undefined && n > 0;
  for (const e of BLOCK_ENCODERS) {
    // A model the codec carries travels with it in a non-critical record (raw readers skip it);
    // a file whose blocks use the model writes it critical below instead.
    if (usesModel && e === enc) continue;
    const payload = e.codecModelPayload?.(codec);
    if (payload !== undefined && e.modelRecordType !== undefined) parts.push(encodeRecord(e.modelRecordType, 0, payload));
  }
  if (usesModel) {
    const blocks: { packed: Uint8Array; rowCount: number }[] = [];
    for (let s = 0; s < n; s += B) blocks.push({ packed: pack(s, Math.min(B, n - s)), rowCount: Math.min(B, n - s) });
    const { payload, model } = enc.buildModel!(codec, blocks);
    parts.push(encodeRecord(enc.modelRecordType!, FLAG_CRITICAL, payload));
    for (const b of blocks) parts.push(encodeDataRecord(codec, b.packed, b.rowCount, enc.name, model));
    blockCount = blocks.length;
  } else {
    for (let s = 0; s < n; s += B) {
      const m = Math.min(B, n - s);
      parts.push(encodeDataRecord(codec, pack(s, m), m, enc.name));
      blockCount++;
    }
  }
  parts.push(encodeEndRecord(n, blockCount));
  return concatBytes(parts);
}
