// DATA encoding 1 (deflate): the body is a raw DEFLATE stream (RFC 1951) of the bit-packed rows
// (spec/FORMAT.md section 4.2). Inflates into a buffer of exactly the expected size (+1 byte to
// detect overlong output), so a hostile stream can never make the reader allocate more.

import { deflateSync, inflateSync } from 'fflate';
import { BsqError } from '../codec/errors.js';
import type { BlockEncoder } from './block-encoding.js';

/** zlib-style level 0..9. 6 is zlib's default: a good ratio at a moderate cost (see bench/format). */
export const DEFLATE_LEVEL = 6;

export const deflateEncoding: BlockEncoder = {
  id: 1,
  name: 'deflate',
  encode(packed) {
    return deflateSync(packed, { level: DEFLATE_LEVEL });
  },
  decode(body, ctx) {
    const expected = ctx.packedBytes;
    // One spare byte: fflate writes past a user buffer's end as no-ops and reports the clamped
    // length, so "filled the spare byte" is how overlong output shows.
    const out = new Uint8Array(expected + 1);
    let got: Uint8Array;
    try {
      got = inflateSync(body, { out });
    } catch (err) {
      throw new BsqError('CORRUPT_BLOCK', `deflate block of ${ctx.rowCount} rows is not a valid DEFLATE stream: ${(err as Error)?.message ?? String(err)}`, {
        rowCount: ctx.rowCount,
      }, { cause: err });
    }
    if (got.length !== expected || got.buffer !== out.buffer) {
      throw new BsqError(
        'CORRUPT_BLOCK',
        got.length > expected
          ? `deflate block of ${ctx.rowCount} rows inflates to more than the expected ${expected} bytes`
          : `deflate block of ${ctx.rowCount} rows inflates to ${got.length} bytes, expected ${expected}`,
        { rowCount: ctx.rowCount, expected, actual: got.length },
      );
    }
    return out.subarray(0, expected);
  },
};
