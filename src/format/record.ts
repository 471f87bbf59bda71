// Record framing (spec/FORMAT.md section 4): type(u8) flags(u8) length(u32) payload crc(u32),
// where crc is CRC-32C of the head and payload. Building, peeking and verifying single records.

import { BsqError } from '../codec/errors.js';
import { crc32c } from './crc32c.js';
import { readU32, writeU32 } from './bytes.js';
import { RECORD_HEAD_BYTES, RECORD_OVERHEAD, U32_MAX, recordTypeName } from './constants.js';
import { hex } from './header.js';

/** Frames `payload` as one record with its CRC. */
export function encodeRecord(type: number, flags: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(type) || type < 0 || type > 255) {
    throw new BsqError('INVALID_ARGUMENT', `record type must be an integer in 0..255, got ${String(type)}`);
  }
  if (!Number.isInteger(flags) || flags < 0 || flags > 255) {
    throw new BsqError('INVALID_ARGUMENT', `record flags must be an integer in 0..255, got ${String(flags)}`);
  }
  if (payload.length > U32_MAX) {
    throw new BsqError('INVALID_ARGUMENT', `record payload of ${payload.length} bytes does not fit a u32 length`);
  }
  const out = new Uint8Array(RECORD_OVERHEAD + payload.length);
  out[0] = type;
  out[1] = flags;
  writeU32(out, 2, payload.length);
  out.set(payload, RECORD_HEAD_BYTES);
  writeU32(out, RECORD_HEAD_BYTES + payload.length, crc32c(out.subarray(0, RECORD_HEAD_BYTES + payload.length)));
  return out;
}

/**
 * Frames a payload that the caller wrote in place: `out` is a record-sized buffer whose bytes
 * 6..6+length hold the payload; fills head and CRC. Avoids one copy for large DATA records.
 */
export function finishRecordInPlace<T extends Uint8Array>(out: T, type: number, flags: number): T {
  const length = out.length - RECORD_OVERHEAD;
  out[0] = type;
  out[1] = flags;
  writeU32(out, 2, length);
  writeU32(out, RECORD_HEAD_BYTES + length, crc32c(out.subarray(0, RECORD_HEAD_BYTES + length)));
  return out;
}

export interface RecordHead {
  type: number;
  flags: number;
  /** Payload length in bytes. */
  length: number;
  /** Bytes the whole record occupies: 10 + length. */
  totalBytes: number;
}

/**
 * Reads the 6-byte head of the record starting at `offset`, or returns null if fewer than 6 bytes
 * are present. Does not check limits or the CRC: use it to frame records arriving over a byte stream.
 */
export function peekRecord(bytes: Uint8Array, offset = 0): RecordHead | null {
  if (bytes.length - offset < RECORD_HEAD_BYTES) return null;
  const length = readU32(bytes, offset + 2);
  return { type: bytes[offset], flags: bytes[offset + 1], length, totalBytes: RECORD_OVERHEAD + length };
}

/** Verifies the CRC of one complete record (`rec.length === 10 + length`). */
export function verifyRecordCrc(rec: Uint8Array, offset?: number): void {
  const end = rec.length - 4;
  const stored = readU32(rec, end);
  const actual = crc32c(rec.subarray(0, end));
  if (stored !== actual) {
    throw new BsqError(
      'CHECKSUM_MISMATCH',
      `${recordTypeName(rec[0])} record CRC-32C mismatch (stored 0x${hex(stored)}, computed 0x${hex(actual)})` +
        (offset === undefined ? '' : ` in the record at byte ${offset}`),
      offset === undefined ? { type: rec[0] } : { type: rec[0], offset },
    );
  }
}
