// DATA encoding 3 (adaptive): the block's codes coded by the adaptive context model and binary range
// coder of src/codec/adaptive (spec/FORMAT.md 4.5). No model travels: encoder and decoder learn as
// they go from the initial state. Body: seq(u16) coded-bytes. In a file every block has seq 0 (the
// model starts fresh, so blocks decode on their own); seq > 0 is for device record chains, where
// the state carries over (adaptive-chain.ts). Encoding declines (-> raw) when it would not pay.

import { BsqError } from '../codec/errors.js';
import type { Codec, Codes } from '../codec/index.js';
import { AdaptiveDecoder, AdaptiveState, encodeAdaptiveCodes } from '../codec/adaptive/index.js';
import type { BlockEncoder } from './block-encoding.js';

/** Bytes before the coded bytes: seq u16 (little-endian, like every integer of the format). */
export const ADAPTIVE_PREFIX_BYTES = 2;

/** Largest seq: a chain resets (seq 0) at least every 65536 records. */
export const ADAPTIVE_MAX_SEQ = 0xffff;

function bitsOf(codec: { features: readonly { bits: number }[] }): number[] {
  return codec.features.map((f) => f.bits);
}

/**
 * Body of encoding 3 for `codes` under `state` (which it updates), with sequence number `seq`.
 * `maxBytes`: return null when the body would be longer (the state is still updated).
 */
export function encodeAdaptiveBody(state: AdaptiveState, codes: Codes, rowCount: number, seq: number, maxBytes = Infinity): Uint8Array | null {
  if (!Number.isInteger(seq) || seq < 0 || seq > ADAPTIVE_MAX_SEQ) {
    throw new BsqError('INVALID_ARGUMENT', `adaptive seq must be 0..${ADAPTIVE_MAX_SEQ}, got ${String(seq)}`);
  }
  const coded = encodeAdaptiveCodes(state, codes, rowCount, maxBytes - ADAPTIVE_PREFIX_BYTES);
  if (coded === null) return null;
  const body = new Uint8Array(ADAPTIVE_PREFIX_BYTES + coded.length);
  body[0] = seq & 255;
  body[1] = seq >>> 8;
  body.set(coded, ADAPTIVE_PREFIX_BYTES);
  return body;
}

/** The seq field of an encoding-3 body (CORRUPT_BLOCK when the body is too short to hold it). */
export function adaptiveBodySeq(body: Uint8Array, rowCount: number): number {
  if (body.length < ADAPTIVE_PREFIX_BYTES) {
    throw new BsqError('CORRUPT_BLOCK', `adaptive block of ${rowCount} rows has a ${body.length}-byte body, shorter than its 2-byte seq`, { rowCount });
  }
  return body[0]! | (body[1]! << 8);
}

/** Rows decoded per chunk before packing (a multiple of 8, so chunks start on byte boundaries). */
const CHUNK_VALUES = 1 << 15;

/**
 * Decodes the coded bytes of an encoding-3 body of `rowCount` rows under `state` (which it updates)
 * to bit-packed rows. Works chunk by chunk, so it allocates the packed output plus a small scratch
 * buffer whatever the row count. CORRUPT_BLOCK when the decoder did not consume every byte.
 */
export function decodeAdaptiveBody(state: AdaptiveState, body: Uint8Array, rowCount: number, codec: Codec): Uint8Array {
  const coded = body.subarray(ADAPTIVE_PREFIX_BYTES);
  const dec = new AdaptiveDecoder(state, coded);
  const F = codec.featureCount;
  const out = new Uint8Array(codec.packedByteLength(rowCount));
  const chunkRows = Math.max(8, Math.floor(CHUNK_VALUES / F) & ~7);
  const first = Math.min(chunkRows, rowCount);
  const scratch = new Uint16Array(first * F);
  for (let r = 0; r < rowCount; r += chunkRows) {
    const rows = Math.min(chunkRows, rowCount - r);
    dec.decodeRows(scratch, rows);
    out.set(codec.packCodes(scratch.subarray(0, rows * F) as Codes, rows), (r * codec.bitsPerRow) / 8);
  }
  const consumed = dec.consumed;
  if (consumed < coded.length) {
    throw new BsqError(
      'CORRUPT_BLOCK',
      `adaptive block of ${rowCount} rows: ${coded.length - consumed} bytes left after the last value (the body does not match its rows)`,
      { rowCount, unread: coded.length - consumed },
    );
  }
  return out;
}

export const adaptiveEncoding: BlockEncoder = {
  id: 3,
  name: 'adaptive',

  encode(packed, ctx) {
    const { codec, rowCount } = ctx;
    const codes = codec.decodeCodes(packed, rowCount);
    // Only worth it if strictly smaller than the raw body.
    return encodeAdaptiveBody(new AdaptiveState(bitsOf(codec)), codes, rowCount, 0, ctx.packedBytes - 1);
  },

  decode(body, ctx) {
    const { codec, rowCount } = ctx;
    const seq = adaptiveBodySeq(body, rowCount);
    if (seq !== 0) {
      throw new BsqError(
        'CORRUPT_BLOCK',
        `adaptive block of ${rowCount} rows has seq ${seq}: it continues the model state of an earlier record, which only a record chain decoder (AdaptiveChainDecoder) holds; blocks in a file have seq 0`,
        { rowCount, seq },
      );
    }
    return decodeAdaptiveBody(new AdaptiveState(bitsOf(codec)), body, rowCount, codec);
  },
};
