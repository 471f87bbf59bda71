// The DATA record (spec/FORMAT.md section 4.2): rowCount(u32) encoding(u8) body. Encoding a block
// of bit-packed rows, and decoding one block with its limit, length and padding checks. A DATA
// record is self-delimiting: decodeDataRecord decodes one on its own, given the codec.

import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import type { BlockEncoding } from './block-encoding.js';
import { readU32, writeU32 } from './bytes.js';
import {
  DATA_PREFIX_BYTES,
  FLAG_CRITICAL,
  RECORD_DATA,
  RECORD_HEAD_BYTES,
  RECORD_OVERHEAD,
  U32_MAX,
  recordTypeName,
} from './constants.js';
import { encoderById, encoderByName } from './encodings.js';
import { rawEncoding } from './encoding-raw.js';
import { checkLimit, DEFAULT_LIMITS, resolveLimits, type Limits } from './limits.js';
import { finishRecordInPlace, verifyRecordCrc } from './record.js';

/** One decoded DATA block: its rows as bit-packed bytes (FORMAT.md section 2). */
export interface DecodedBlock {
  /** Index of the block's first row in the file (0 for a record decoded on its own). */
  firstRow: number;
  rowCount: number;
  encoding: BlockEncoding;
  /** Bit-packed rows, exactly codec.packedByteLength(rowCount) bytes, zero padding checked. */
  packed: Uint8Array;
}

/** Models of encodings that need one (entropy), keyed by encoding id; see block-encoding.ts. */
export type EncodingModels = ReadonlyMap<number, unknown>;

/**
 * The complete DATA record for `rowCount` rows of bit-packed `packed` (FORMAT.md section 2).
 * `model` is only used by encodings that need one (entropy).
 */
export function encodeDataRecord(
  codec: Codec,
  packed: Uint8Array,
  rowCount: number,
  encoding: BlockEncoding = 'raw',
  model?: unknown,
): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(rowCount) || rowCount < 1 || rowCount > U32_MAX) {
    throw new BsqError('INVALID_ARGUMENT', `a DATA block holds 1..${U32_MAX} rows, got ${String(rowCount)}`);
  }
  if (!(packed instanceof Uint8Array)) throw new BsqError('INVALID_ARGUMENT', 'packed must be a Uint8Array');
  const packedBytes = codec.packedByteLength(rowCount);
  if (packed.length !== packedBytes) {
    throw new BsqError('INVALID_ARGUMENT', `packed has ${packed.length} bytes, ${rowCount} rows of ${codec.bitsPerRow} bits need ${packedBytes}`);
  }
  const used = (rowCount * codec.bitsPerRow) % 8;
  if (used !== 0 && packed[packedBytes - 1] >>> used !== 0) {
    throw new BsqError('INVALID_ARGUMENT', 'packed has non-zero padding bits in its last byte');
  }
  if (packedBytes > DEFAULT_LIMITS.maxRecordBytes) {
    throw new BsqError('INVALID_ARGUMENT', `a block of ${rowCount} rows is ${packedBytes} bytes packed, over the default reader limit maxRecordBytes = ${DEFAULT_LIMITS.maxRecordBytes}; use fewer rows per block`);
  }
  let enc = encoderByName(encoding);
  let body = enc.encode(packed, { codec, rowCount, packedBytes, model });
  if (body === null) {
    // The encoding declined this block (entropy coding would not pay): store it raw.
    enc = rawEncoding;
    body = packed;
  }
  const length = DATA_PREFIX_BYTES + body.length;
  if (length > DEFAULT_LIMITS.maxRecordBytes) {
    throw new BsqError('INVALID_ARGUMENT', `DATA payload would be ${length} bytes, over the default reader limit maxRecordBytes = ${DEFAULT_LIMITS.maxRecordBytes}`);
  }
  const out = new Uint8Array(RECORD_OVERHEAD + length);
  writeU32(out, RECORD_HEAD_BYTES, rowCount);
  out[RECORD_HEAD_BYTES + 4] = enc.id;
  out.set(body, RECORD_HEAD_BYTES + DATA_PREFIX_BYTES);
  return finishRecordInPlace(out, RECORD_DATA, FLAG_CRITICAL);
}

/** Decodes a DATA payload (CRC already verified). `packed` may be a view of `payload`. */
export function decodeDataPayload(
  codec: Codec,
  payload: Uint8Array,
  limits: Readonly<Limits>,
  firstRow: number,
  models?: EncodingModels,
): DecodedBlock {
  if (payload.length < DATA_PREFIX_BYTES) {
    throw new BsqError('CORRUPT_BLOCK', `DATA payload of ${payload.length} bytes is shorter than its 5-byte prefix`, { firstRow });
  }
  const rowCount = readU32(payload, 0);
  if (rowCount === 0) throw new BsqError('CORRUPT_BLOCK', 'DATA block with rowCount 0', { firstRow });
  checkLimit(limits, 'maxBlockRows', rowCount, 'DATA rowCount');
  checkLimit(limits, 'maxTotalRows', firstRow + rowCount, 'total rows');
  const packedBytes = codec.packedByteLength(rowCount);
  checkLimit(limits, 'maxRecordBytes', packedBytes, `decoded size of a DATA block of ${rowCount} rows`);
  const enc = encoderById(payload[4]);
  const model = models?.get(enc.id) ?? enc.modelFromCodec?.(codec);
  if (enc.modelRecordType !== undefined && model === undefined) {
    throw new BsqError('CORRUPT_FILE', `DATA block uses encoding '${enc.name}' but no ${recordTypeName(enc.modelRecordType)} record came before it`, { firstRow });
  }
  const packed = enc.decode(payload.subarray(DATA_PREFIX_BYTES), { codec, rowCount, packedBytes, model, limits });
  if (packed.length !== packedBytes) {
    throw new BsqError('CORRUPT_BLOCK', `DATA block decodes to ${packed.length} bytes, expected ${packedBytes}`, { firstRow, rowCount });
  }
  const used = (rowCount * codec.bitsPerRow) % 8;
  if (used !== 0 && packed[packedBytes - 1] >>> used !== 0) {
    throw new BsqError('CORRUPT_BLOCK', `DATA block (rows ${firstRow}..${firstRow + rowCount - 1}) has non-zero padding bits`, { firstRow, rowCount });
  }
  return { firstRow, rowCount, encoding: enc.name, packed };
}

/**
 * Decodes one complete, self-delimiting DATA record (head, payload, CRC), as a device sends it,
 * given the codec the receiver already has. The result's `firstRow` is 0 and `packed` is a copy.
 * `models` only matters for encodings that need a model (entropy).
 */
export function decodeDataRecord(codec: Codec, record: Uint8Array, limits?: Partial<Limits>, models?: EncodingModels): DecodedBlock {
  const lim = resolveLimits(limits);
  const payload = dataRecordPayload(record, lim);
  const block = decodeDataPayload(codec, payload, lim, 0, models);
  if (block.packed.buffer === record.buffer) block.packed = block.packed.slice();
  return block;
}

/**
 * The payload of one complete, self-delimiting DATA record after its framing checks (length limit,
 * exact size, CRC, type), in the order of spec section 4. A view of `record`.
 */
export function dataRecordPayload(record: Uint8Array, lim: Readonly<Limits>): Uint8Array {
  if (!(record instanceof Uint8Array)) throw new BsqError('INVALID_ARGUMENT', 'record must be a Uint8Array');
  if (record.length < RECORD_HEAD_BYTES) {
    throw new BsqError('TRUNCATED', `a record needs at least ${RECORD_OVERHEAD} bytes, got ${record.length}`);
  }
  const length = readU32(record, 2);
  checkLimit(lim, 'maxRecordBytes', length, 'record length');
  const total = RECORD_OVERHEAD + length;
  if (record.length < total) {
    throw new BsqError('TRUNCATED', `record of ${total} bytes (payload ${length}) given only ${record.length} bytes`);
  }
  if (record.length > total) {
    throw new BsqError('TRAILING_DATA', `${record.length - total} bytes after the end of the record`);
  }
  verifyRecordCrc(record);
  if (record[0] !== RECORD_DATA) {
    throw new BsqError('CORRUPT_FILE', `expected a DATA record (type 0x02), got ${recordTypeName(record[0])}`, { type: record[0] });
  }
  return record.subarray(RECORD_HEAD_BYTES, RECORD_HEAD_BYTES + length);
}
