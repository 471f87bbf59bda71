// BsqReader: the incremental .bsq reader. push() takes chunks of any size and returns events as
// records complete; it buffers at most one record (allocated only after its length passed the
// limits) and processes complete records straight from the chunk. Errors follow the check order of
// spec/FORMAT.md sections 3-4, so any chunking of the same bytes gives the same events or error.

import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { readU32 } from './bytes.js';
import { decodeCodecPayload } from './codec-record.js';
import {
  FLAG_CRITICAL,
  HEADER_BYTES,
  RECORD_CODEC,
  RECORD_DATA,
  RECORD_END,
  RECORD_ENTROPY_MODEL,
  RECORD_HEAD_BYTES,
  RECORD_OVERHEAD,
  recordTypeName,
} from './constants.js';
import { decodeDataPayload, type DecodedBlock } from './data-record.js';
import { encoderByModelRecord } from './encodings.js';
import { checkEndPayload } from './end-record.js';
import { checkSignaturePrefix, decodeHeader, type FormatVersion } from './header.js';
import { checkLimit, resolveLimits, type Limits } from './limits.js';
import { verifyRecordCrc } from './record.js';

export type BsqEvent =
  | { type: 'codec'; codec: Codec; version: FormatVersion }
  | ({ type: 'block' } & DecodedBlock)
  | { type: 'end'; totalRows: number; blockCount: number };

export interface BsqReaderOptions {
  limits?: Partial<Limits>;
  /**
   * Let raw blocks' `packed` be views of the pushed chunks instead of copies (faster; only safe if
   * the caller never reuses or modifies a chunk after pushing it). Default false.
   */
  zeroCopy?: boolean;
}

const Stage = { Header: 0, Records: 1, Done: 2, Failed: 3 } as const;
type Stage = (typeof Stage)[keyof typeof Stage];

/** Incremental .bsq reader: push byte chunks of any size, get codec, block and end events; checks every CRC and limit before allocating. */
export class BsqReader {
  readonly #limits: Readonly<Limits>;
  readonly #zeroCopy: boolean;
  #stage: Stage = Stage.Header;
  #error: unknown;
  readonly #head = new Uint8Array(HEADER_BYTES);
  #headFill = 0;
  readonly #recHead = new Uint8Array(RECORD_HEAD_BYTES);
  #recHeadFill = 0;
  /** The partial record being assembled (allocated after its length passed the limit). */
  #rec: Uint8Array | null = null;
  #recFill = 0;
  /** Bytes consumed so far, and the file offset of the current record. */
  #pos = 0;
  #recStart = 0;
  #codec: Codec | undefined;
  #version: FormatVersion | undefined;
  #rows = 0;
  #blocks = 0;
  readonly #models = new Map<number, unknown>();

  constructor(opts?: BsqReaderOptions) {
    this.#limits = resolveLimits(opts?.limits);
    this.#zeroCopy = opts?.zeroCopy === true;
  }

  /** The codec, once the CODEC record was read. */
  get codec(): Codec | undefined {
    return this.#codec;
  }
  /** The file's format version, once the header was read. */
  get version(): FormatVersion | undefined {
    return this.#version;
  }
  /** True once END was read. */
  get done(): boolean {
    return this.#stage === Stage.Done;
  }

  /** Feeds the next chunk; returns the events of the records it completed. Throws BsqError. */
  push(chunk: Uint8Array): BsqEvent[] {
    if (this.#stage === Stage.Failed) throw this.#error;
    if (!(chunk instanceof Uint8Array)) {
      throw new BsqError('INVALID_ARGUMENT', 'BsqReader.push expects a Uint8Array');
    }
    const events: BsqEvent[] = [];
    try {
      this.#consume(chunk, events);
    } catch (err) {
      this.#stage = Stage.Failed;
      this.#error = err;
      throw err;
    }
    return events;
  }

  /** Signals the end of input: throws TRUNCATED unless the END record was read. */
  end(): BsqEvent[] {
    if (this.#stage === Stage.Failed) throw this.#error;
    if (this.#stage !== Stage.Done) {
      let where: string;
      if (this.#stage === Stage.Header) where = `inside the 16-byte header (after ${this.#headFill} bytes)`;
      else if (this.#rec !== null || this.#recHeadFill > 0) where = `inside the record at byte ${this.#recStart}`;
      else where = `before the END record (after ${this.#pos} bytes)`;
      const err = new BsqError('TRUNCATED', `.bsq input ended ${where}`, { offset: this.#pos });
      this.#stage = Stage.Failed;
      this.#error = err;
      throw err;
    }
    return [];
  }

  #consume(chunk: Uint8Array, events: BsqEvent[]): void {
    const n = chunk.length;
    let p = 0;
    while (p < n) {
      if (this.#stage === Stage.Header) {
        const take = Math.min(HEADER_BYTES - this.#headFill, n - p);
        this.#head.set(chunk.subarray(p, p + take), this.#headFill);
        this.#headFill += take;
        p += take;
        this.#pos += take;
        checkSignaturePrefix(this.#head, this.#headFill);
        if (this.#headFill === HEADER_BYTES) {
          this.#version = decodeHeader(this.#head);
          this.#stage = Stage.Records;
        }
        continue;
      }
      if (this.#stage === Stage.Done) {
        throw new BsqError('TRAILING_DATA', `data after the END record (at byte ${this.#pos})`, { offset: this.#pos });
      }
      if (this.#rec !== null) {
        const rec = this.#rec;
        const take = Math.min(rec.length - this.#recFill, n - p);
        rec.set(chunk.subarray(p, p + take), this.#recFill);
        this.#recFill += take;
        p += take;
        this.#pos += take;
        if (this.#recFill === rec.length) {
          this.#rec = null;
          this.#handle(rec, false, events);
        }
        continue;
      }
      if (this.#recHeadFill > 0 || n - p < RECORD_HEAD_BYTES) {
        if (this.#recHeadFill === 0) this.#recStart = this.#pos;
        const take = Math.min(RECORD_HEAD_BYTES - this.#recHeadFill, n - p);
        this.#recHead.set(chunk.subarray(p, p + take), this.#recHeadFill);
        this.#recHeadFill += take;
        p += take;
        this.#pos += take;
        if (this.#recHeadFill === RECORD_HEAD_BYTES) {
          this.#recHeadFill = 0;
          const rec = this.#allocRecord(readU32(this.#recHead, 2));
          rec.set(this.#recHead, 0);
          this.#rec = rec;
          this.#recFill = RECORD_HEAD_BYTES;
        }
        continue;
      }
      // At least a whole record head is in the chunk.
      this.#recStart = this.#pos;
      const length = readU32(chunk, p + 2);
      this.#checkLength(length);
      const total = RECORD_OVERHEAD + length;
      if (n - p >= total) {
        const rec = chunk.subarray(p, p + total);
        p += total;
        this.#pos += total;
        this.#handle(rec, true, events);
      } else {
        const rec = new Uint8Array(total);
        rec.set(chunk.subarray(p, n), 0);
        this.#rec = rec;
        this.#recFill = n - p;
        this.#pos += n - p;
        p = n;
      }
    }
  }

  #checkLength(length: number): void {
    checkLimit(this.#limits, 'maxRecordBytes', length, `record length (record at byte ${this.#recStart})`);
  }

  #allocRecord(length: number): Uint8Array {
    this.#checkLength(length);
    return new Uint8Array(RECORD_OVERHEAD + length);
  }

  /** One complete record: CRC, type and order, payload. `shared` = a view of the caller's chunk. */
  #handle(rec: Uint8Array, shared: boolean, events: BsqEvent[]): void {
    verifyRecordCrc(rec, this.#recStart);
    const type = rec[0];
    const critical = (rec[1] & FLAG_CRITICAL) !== 0;
    const payload = rec.subarray(RECORD_HEAD_BYTES, rec.length - 4);
    const codec = this.#codec;
    if (codec === undefined) {
      if (type !== RECORD_CODEC) {
        throw new BsqError('CORRUPT_FILE', `the first record must be CODEC, found ${recordTypeName(type)} at byte ${this.#recStart}`, {
          type,
          offset: this.#recStart,
        });
      }
      this.#codec = decodeCodecPayload(payload, this.#limits);
      events.push({ type: 'codec', codec: this.#codec, version: this.#version! });
      return;
    }
    switch (type) {
      case RECORD_CODEC:
        throw new BsqError('CORRUPT_FILE', `a second CODEC record at byte ${this.#recStart}`, { offset: this.#recStart });
      case RECORD_DATA: {
        const block = decodeDataPayload(codec, payload, this.#limits, this.#rows, this.#models);
        if (shared && !this.#zeroCopy && block.packed.buffer === rec.buffer) block.packed = block.packed.slice();
        this.#rows += block.rowCount;
        this.#blocks++;
        events.push({ type: 'block', ...block });
        return;
      }
      case RECORD_END: {
        const end = checkEndPayload(payload, this.#rows, this.#blocks);
        this.#stage = Stage.Done;
        events.push({ type: 'end', totalRows: end.totalRows, blockCount: end.blockCount });
        return;
      }
      default: {
        const enc = encoderByModelRecord(type);
        if (enc !== undefined && enc.decodeModel !== undefined) {
          const model = enc.decodeModel(payload, codec, this.#limits);
          this.#models.set(enc.id, model);
          if (enc.attachModel !== undefined) this.#codec = enc.attachModel(codec, model);
          return;
        }
        if (!critical) return; // unknown non-critical record: skipped (its CRC was verified)
        if (type === RECORD_ENTROPY_MODEL) {
          throw new BsqError('UNSUPPORTED_ENCODING', 'the file uses entropy coding (critical ENTROPY_MODEL record), which this reader does not implement', {
            offset: this.#recStart,
          });
        }
        throw new BsqError('UNSUPPORTED_RECORD', `unknown critical record type ${recordTypeName(type)} at byte ${this.#recStart}`, {
          type,
          offset: this.#recStart,
        });
      }
    }
  }
}
