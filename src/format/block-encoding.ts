// The interface a DATA block encoding implements (spec/FORMAT.md section 4.2). One file per
// encoding (encoding-raw.ts, encoding-deflate.ts, later encoding-entropy.ts), dispatched from the
// table in encodings.ts. An encoding that needs a model (entropy coding, record ENTROPY_MODEL 0x03)
// declares the record type and the functions that build and parse that record's payload.

import type { Codec } from '../codec/index.js';
import type { Limits } from './limits.js';

export type BlockEncoding = 'raw' | 'deflate' | 'entropy' | 'adaptive';

export interface BlockContext {
  readonly codec: Codec;
  /** Rows in the block (>= 1). */
  readonly rowCount: number;
  /** Size of the bit-packed rows, `codec.packedByteLength(rowCount)`: what decode must return. */
  readonly packedBytes: number;
  /** The model parsed from this encoding's model record, if the encoding has one. */
  readonly model?: unknown;
  /** Reader limits (decode only). */
  readonly limits?: Readonly<Limits>;
}

export interface BlockEncoder {
  /** The `encoding` byte of the DATA payload. */
  readonly id: number;
  readonly name: BlockEncoding;
  /**
   * Body bytes for `packed` (exactly `ctx.packedBytes` bytes of bit-packed rows), or null when
   * this block is better stored raw (encoding 0): the entropy coder declines when it would not pay.
   */
  encode(packed: Uint8Array, ctx: BlockContext): Uint8Array | null;
  /**
   * The bit-packed rows from a body: exactly `ctx.packedBytes` bytes, else BsqError CORRUPT_BLOCK.
   * May return a view of `body`. Must never allocate more than `ctx.packedBytes` (+ small constants).
   */
  decode(body: Uint8Array, ctx: BlockContext): Uint8Array;
  /** Record type that carries this encoding's model (0x03 ENTROPY_MODEL), if it needs one. */
  readonly modelRecordType?: number;
  /** Parses a model record payload (after its CRC was checked). */
  decodeModel?(payload: Uint8Array, codec: Codec, limits: Readonly<Limits>): unknown;
  /** Writer side: builds the model from all blocks of a file; `payload` is written as the model record. */
  buildModel?(codec: Codec, blocks: readonly { packed: Uint8Array; rowCount: number }[]): { payload: Uint8Array; model: unknown };
  /** The model a codec carries itself (used when no model record was seen, e.g. headerless DATA). */
  modelFromCodec?(codec: Codec): unknown;
  /** The codec with a model read from a model record attached (the reader's `codec` then has it). */
  attachModel?(codec: Codec, model: unknown): Codec;
  /** Payload of a non-critical model record for a codec that carries a model (codec-only files). */
  codecModelPayload?(codec: Codec): Uint8Array | undefined;
}
