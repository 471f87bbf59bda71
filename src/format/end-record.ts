// The END record (spec/FORMAT.md section 4.3): totalRows(u64) blockCount(u32), checked against what
// was read so that truncation at a record boundary is detected.

import { BsqError } from '../codec/errors.js';
import { ByteWriter, readU32, readU64 } from './bytes.js';
import { END_PAYLOAD_BYTES, FLAG_CRITICAL, RECORD_END, RECORD_OVERHEAD, U32_MAX } from './constants.js';
import { finishRecordInPlace } from './record.js';

/** The complete END record. */
export function encodeEndRecord(totalRows: number, blockCount: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(totalRows) || totalRows < 0) {
    throw new BsqError('INVALID_ARGUMENT', `totalRows must be an integer in 0..2^53-1, got ${String(totalRows)}`);
  }
  if (!Number.isSafeInteger(blockCount) || blockCount < 0 || blockCount > U32_MAX) {
    throw new BsqError('INVALID_ARGUMENT', `blockCount must be an integer in 0..${U32_MAX}, got ${String(blockCount)}`);
  }
  const w = new ByteWriter(RECORD_OVERHEAD + END_PAYLOAD_BYTES);
  w.pos = 6;
  w.u64(totalRows);
  w.u32(blockCount);
  w.pos += 4;
  return finishRecordInPlace(w.finish(), RECORD_END, FLAG_CRITICAL);
}

/** Decodes an END payload (CRC verified) and checks it against the counts actually read. */
export function checkEndPayload(payload: Uint8Array, rowsRead: number, blocksRead: number): { totalRows: number; blockCount: number } {
  if (payload.length !== END_PAYLOAD_BYTES) {
    throw new BsqError('CORRUPT_FILE', `END payload must be ${END_PAYLOAD_BYTES} bytes, got ${payload.length}`);
  }
  const totalRows = readU64(payload, 0, 'END totalRows');
  const blockCount = readU32(payload, 8);
  if (totalRows !== rowsRead || blockCount !== blocksRead) {
    throw new BsqError(
      'CORRUPT_FILE',
      `END record says ${totalRows} rows in ${blockCount} blocks, but ${rowsRead} rows in ${blocksRead} blocks were read`,
      { totalRows, blockCount, rowsRead, blocksRead },
    );
  }
  return { totalRows, blockCount };
}
