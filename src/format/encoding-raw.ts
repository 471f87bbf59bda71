// DATA encoding 0 (raw): the body is the bit-packed rows themselves (spec/FORMAT.md section 4.2).

import { BsqError } from '../codec/errors.js';
import type { BlockEncoder } from './block-encoding.js';

export const rawEncoding: BlockEncoder = {
  id: 0,
  name: 'raw',
  encode(packed) {
    return packed;
  },
  decode(body, ctx) {
    if (body.length !== ctx.packedBytes) {
      throw new BsqError(
        'CORRUPT_BLOCK',
        `raw block of ${ctx.rowCount} rows must hold ${ctx.packedBytes} bytes, found ${body.length}`,
        { rowCount: ctx.rowCount, expected: ctx.packedBytes, actual: body.length },
      );
    }
    return body;
  },
};
