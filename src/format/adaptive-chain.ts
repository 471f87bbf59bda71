// Device record chains of encoding 3 (spec/FORMAT.md 4.5, "Record chains"): small self-delimiting
// DATA records whose adaptive model state carries over from record to record, so a device sending
// a few rows per record still gets a learned model. Record k after a reset has seq k; every
// `resetEvery` records (or on request) a record with seq 0 restarts from the initial state. A
// receiver that misses a record refuses the following ones (STATE_LOST) up to the next seq 0.

import { BsqError } from '../codec/errors.js';
import type { Codec, Codes } from '../codec/index.js';
import { AdaptiveState } from '../codec/adaptive/index.js';
import { DATA_PREFIX_BYTES, FLAG_CRITICAL, RECORD_DATA, RECORD_HEAD_BYTES, RECORD_OVERHEAD, U32_MAX } from './constants.js';
import { readU32, writeU32 } from './bytes.js';
import { checkLimit, DEFAULT_LIMITS, resolveLimits, type Limits } from './limits.js';
import { finishRecordInPlace } from './record.js';
import { dataRecordPayload, decodeDataPayload, type DecodedBlock, type EncodingModels } from './data-record.js';
import { ADAPTIVE_MAX_SEQ, adaptiveBodySeq, decodeAdaptiveBody, encodeAdaptiveBody } from './encoding-adaptive.js';

const ADAPTIVE_ID = 3;

export interface AdaptiveChainOptions {
  /** A record with seq 0 (fresh model) every this many records: 1..65536, default 16. */
  resetEvery?: number;
}

function bitsOf(codec: Codec): number[] {
  return codec.features.map((f) => f.bits);
}

/** Writes the DATA records of one chain (sender side; the generated C does the same). */
export class AdaptiveChainEncoder {
  readonly codec: Codec;
  readonly resetEvery: number;
  #state: AdaptiveState;
  #seq = 0;

  constructor(codec: Codec, opts: AdaptiveChainOptions = {}) {
    const every = opts.resetEvery ?? 16;
    if (!Number.isInteger(every) || every < 1 || every > ADAPTIVE_MAX_SEQ + 1) {
      throw new BsqError('INVALID_ARGUMENT', `resetEvery must be an integer 1..${ADAPTIVE_MAX_SEQ + 1}, got ${String(every)}`);
    }
    this.codec = codec;
    this.resetEvery = every;
    this.#state = new AdaptiveState(bitsOf(codec));
  }

  /** The seq the next record will carry. */
  get nextSeq(): number {
    return this.#seq;
  }

  /** Makes the next record a reset record (seq 0), e.g. after the link reported a loss. */
  reset(): void {
    this.#seq = 0;
  }

  /** The complete DATA record (encoding 3) for `rowCount` rows of bit-packed `packed`. */
  encodePacked(packed: Uint8Array, rowCount: number): Uint8Array<ArrayBuffer> {
    if (!Number.isSafeInteger(rowCount) || rowCount < 1 || rowCount > U32_MAX) {
      throw new BsqError('INVALID_ARGUMENT', `a DATA record holds 1..${U32_MAX} rows, got ${String(rowCount)}`);
    }
    if (!(packed instanceof Uint8Array) || packed.length !== this.codec.packedByteLength(rowCount)) {
      throw new BsqError('INVALID_ARGUMENT', `packed must be a Uint8Array of ${this.codec.packedByteLength(rowCount)} bytes for ${rowCount} rows`);
    }
    return this.encodeCodes(this.codec.decodeCodes(packed, rowCount), rowCount);
  }

  /** The complete DATA record (encoding 3) for `rowCount` rows of codes (row-major). */
  encodeCodes(codes: Codes, rowCount: number): Uint8Array<ArrayBuffer> {
    if (codes.length < rowCount * this.codec.featureCount) {
      throw new BsqError('INVALID_ARGUMENT', `codes holds ${codes.length} values, ${rowCount} rows need ${rowCount * this.codec.featureCount}`);
    }
    if (this.codec.packedByteLength(rowCount) > DEFAULT_LIMITS.maxRecordBytes) {
      throw new BsqError('INVALID_ARGUMENT', `a record of ${rowCount} rows is over the default reader limit maxRecordBytes; use fewer rows per record`);
    }
    const seq = this.#seq;
    if (seq === 0) this.#state.reset();
    const body = encodeAdaptiveBody(this.#state, codes, rowCount, seq)!;
    this.#seq = seq + 1 >= this.resetEvery ? 0 : seq + 1;
    const out = new Uint8Array(RECORD_OVERHEAD + DATA_PREFIX_BYTES + body.length);
    writeU32(out, RECORD_HEAD_BYTES, rowCount);
    out[RECORD_HEAD_BYTES + 4] = ADAPTIVE_ID;
    out.set(body, RECORD_HEAD_BYTES + DATA_PREFIX_BYTES);
    return finishRecordInPlace(out, RECORD_DATA, FLAG_CRITICAL);
  }
}

/**
 * Decodes the DATA records of one chain (receiver side), in the order they were sent. Records of
 * other encodings decode as usual and leave the chain alone. An encoding-3 record with seq > 0 that
 * does not directly follow the last decoded record of the chain is STATE_LOST (a record was lost,
 * reordered or failed), and so is every later one until a record with seq 0.
 */
export class AdaptiveChainDecoder {
  readonly codec: Codec;
  readonly #limits: Readonly<Limits>;
  readonly #models: EncodingModels | undefined;
  #state: AdaptiveState;
  /** seq the next chained record must carry; -1 when the state is lost (only seq 0 decodes). */
  #expected = -1;

  constructor(codec: Codec, limits?: Partial<Limits>, models?: EncodingModels) {
    this.codec = codec;
    this.#limits = resolveLimits(limits);
    this.#models = models;
    this.#state = new AdaptiveState(bitsOf(codec));
  }

  decode(record: Uint8Array): DecodedBlock {
    const payload = dataRecordPayload(record, this.#limits);
    if (payload.length < DATA_PREFIX_BYTES || payload[4] !== ADAPTIVE_ID) {
      const block = decodeDataPayload(this.codec, payload, this.#limits, 0, this.#models);
      if (block.packed.buffer === record.buffer) block.packed = block.packed.slice();
      return block;
    }
    const rowCount = readU32(payload, 0);
    if (rowCount === 0) throw new BsqError('CORRUPT_BLOCK', 'DATA block with rowCount 0', { firstRow: 0 });
    checkLimit(this.#limits, 'maxBlockRows', rowCount, 'DATA rowCount');
    checkLimit(this.#limits, 'maxTotalRows', rowCount, 'total rows');
    const packedBytes = this.codec.packedByteLength(rowCount);
    checkLimit(this.#limits, 'maxRecordBytes', packedBytes, `decoded size of a DATA block of ${rowCount} rows`);
    const body = payload.subarray(DATA_PREFIX_BYTES);
    const seq = adaptiveBodySeq(body, rowCount);
    if (seq !== 0 && seq !== this.#expected) {
      const was = this.#expected;
      this.#expected = -1;
      throw new BsqError(
        'STATE_LOST',
        was < 0
          ? `adaptive record with seq ${seq} continues a model state this decoder does not hold (a record before it was lost or refused); waiting for a record with seq 0`
          : `adaptive record with seq ${seq} where seq ${was} was expected: ${seq > was ? `${seq - was} record(s) lost` : 'out of order'}; waiting for a record with seq 0`,
        { seq, expected: was },
      );
    }
    if (seq === 0) this.#state.reset();
    this.#expected = -1; // until this record decodes cleanly
    const packed = decodeAdaptiveBody(this.#state, body, rowCount, this.codec);
    this.#expected = seq + 1 > ADAPTIVE_MAX_SEQ ? -1 : seq + 1;
    return { firstRow: 0, rowCount, encoding: 'adaptive', packed };
  }
}
