// DATA encoding 2 (entropy): the block's codes coded by the byte-wise rANS coder of
// src/codec/entropy under the static model of the ENTROPY_MODEL record (0x03), spec/FORMAT.md 4.4.
// Encoding declines (returns null -> the block is written raw) when coding would not beat raw
// packing. Decoding goes chunk by chunk straight into the packed output, so it never allocates
// more than the block's packed size plus a small scratch buffer.

import { BsqError } from '../codec/errors.js';
import type { Codec, Codes } from '../codec/index.js';
import {
  EntropyBlockDecoder,
  decodeEntropyModel,
  encodeEntropyBlock,
  encodeEntropyModel,
  fitEntropyModelToCodes,
  type EntropyModel,
} from '../codec/entropy/index.js';
import type { BlockContext, BlockEncoder } from './block-encoding.js';
import { FLAG_CRITICAL, RECORD_ENTROPY_MODEL } from './constants.js';
import { encodeRecord } from './record.js';

/** Rows decoded per chunk before packing (a multiple of 8, so chunks start on byte boundaries). */
const CHUNK_VALUES = 1 << 15;

function modelOf(ctx: BlockContext, decoding: boolean): EntropyModel {
  const model = (ctx.model as EntropyModel | undefined) ?? ctx.codec.entropyModel;
  if (model === undefined) {
    if (decoding) throw new BsqError('CORRUPT_FILE', 'an entropy-coded block needs an ENTROPY_MODEL record (or a codec with an entropy model)');
    throw new BsqError('INVALID_ARGUMENT', "encoding 'entropy' needs an entropy model: use codec.fitEntropyModel(rows) first");
  }
  return model;
}

function bitsOf(codec: Codec): number[] {
  return codec.features.map((f) => f.bits);
}

export const entropyEncoding: BlockEncoder = {
  id: 2,
  name: 'entropy',
  modelRecordType: RECORD_ENTROPY_MODEL,

  encode(packed, ctx) {
    const model = modelOf(ctx, false);
    const codes = ctx.codec.decodeCodes(packed, ctx.rowCount);
    // Only worth it if strictly smaller than the raw body.
    return encodeEntropyBlock(model, codes, ctx.rowCount, ctx.packedBytes - 1);
  },

  decode(body, ctx) {
    const model = modelOf(ctx, true);
    const { codec, rowCount } = ctx;
    const F = codec.featureCount;
    const dec = new EntropyBlockDecoder(model, body, rowCount);
    const out = new Uint8Array(ctx.packedBytes);
    const chunkRows = Math.max(8, Math.floor(CHUNK_VALUES / F) & ~7);
    const first = Math.min(chunkRows, rowCount);
    const scratch: Codes = dec.narrow ? new Uint8Array(first * F) : new Uint16Array(first * F);
    for (let r = 0; r < rowCount; r += chunkRows) {
      const rows = Math.min(chunkRows, rowCount - r);
      dec.decodeRows(scratch, rows);
      const part = codec.packCodes(scratch.subarray(0, rows * F) as Codes, rows);
      out.set(part, (r * codec.bitsPerRow) / 8);
    }
    dec.finish();
    return out;
  },

  decodeModel(payload, codec) {
    return decodeEntropyModel(
      payload,
      bitsOf(codec),
      codec.features.map((f) => f.name),
    );
  },

  buildModel(codec, blocks) {
    let model = codec.entropyModel;
    if (model === undefined) {
      // No model on the codec: fit one on this data, charging the model at its full size.
      let rows = 0;
      for (const b of blocks) rows += b.rowCount;
      const F = codec.featureCount;
      const wide = codec.features.some((f) => f.bits > 8);
      const all: Codes = wide ? new Uint16Array(rows * F) : new Uint8Array(rows * F);
      let o = 0;
      for (const b of blocks) {
        all.set(codec.decodeCodes(b.packed, b.rowCount), o);
        o += b.rowCount * F;
      }
      model = fitEntropyModelToCodes(all, bitsOf(codec), { expectedRows: rows });
    }
    return { payload: encodeEntropyModel(model), model };
  },

  modelFromCodec(codec) {
    return codec.entropyModel;
  },

  attachModel(codec, model) {
    return codec.withEntropyModel(model as EntropyModel);
  },

  codecModelPayload(codec) {
    return codec.entropyModel === undefined ? undefined : encodeEntropyModel(codec.entropyModel);
  },
};

/**
 * The ENTROPY_MODEL record of the model `codec` carries, for writers that frame records themselves
 * (the CLI, device framing): put it right after the CODEC record, `critical` when DATA records use
 * encoding 2, non-critical when it only travels with the codec. INVALID_ARGUMENT without a model.
 */
export function encodeEntropyModelRecord(codec: Codec, critical: boolean): Uint8Array {
  if (codec?.entropyModel === undefined) {
    throw new BsqError('INVALID_ARGUMENT', 'the codec has no entropy model: use codec.fitEntropyModel(rows) first');
  }
  return encodeRecord(RECORD_ENTROPY_MODEL, critical ? FLAG_CRITICAL : 0, encodeEntropyModel(codec.entropyModel));
}
