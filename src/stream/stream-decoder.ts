// StreamDecoder: the synchronous core shared by every decoder front end. For a .bsq file it wraps the
// format's incremental BsqReader (all parsing, checksums and limits live there); for a headerless
// sequence of DATA records (the codec given up front) it only cuts the byte stream at record
// boundaries and hands each record to the format's decodeDataRecord. Either way it turns each block
// into codes, values or thermometer bits.
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import {
  BsqReader,
  FLAG_CRITICAL,
  RECORD_CODEC,
  RECORD_DATA,
  RECORD_END,
  RECORD_ENTROPY_MODEL,
  crc32c,
  decodeDataRecord,
  peekRecord,
  resolveLimits,
  SIGNATURE,
} from '../format/index.js';
import type { DecodedBlock, Limits } from '../format/index.js';
import { ByteQueue } from './byte-queue.js';
import type { DecodeOutput, DecodedRows, DecoderOptions } from './types.js';

/** Bytes of a record head (type u8, flags u8, length u32; spec/FORMAT.md section 4). */
const RECORD_HEAD_BYTES = 6;
/** Record types this format version defines; others are skipped or refused by their critical flag. */
const KNOWN_TYPES: ReadonlySet<number> = new Set([RECORD_CODEC, RECORD_DATA, RECORD_ENTROPY_MODEL, RECORD_END]);

function checkCrc(record: Uint8Array, row: number): void {
  const end = record.length - 4;
  const stored = (record[end] | (record[end + 1] << 8) | (record[end + 2] << 16) | (record[end + 3] << 24)) >>> 0;
  if (crc32c(record.subarray(0, end)) !== stored) {
    throw new BsqError('CHECKSUM_MISMATCH', `CRC-32C mismatch in a record (type 0x${record[0].toString(16)}) after row ${row}`, { type: record[0], row });
  }
}

/** The synchronous decoder core behind every decoder front end: push bytes, get decoded blocks. */
export class StreamDecoder {
  readonly output: DecodeOutput;
  private readonly onCodec: DecoderOptions['onCodec'];
  private readonly reader: BsqReader | null;
  private readonly queue: ByteQueue | null;
  private readonly limits: Readonly<Limits>;
  private codecValue: Codec | null;
  private rows = 0;
  private blocks = 0;
  private done = false;
  private failed: unknown = null;

  constructor(options: DecoderOptions = {}) {
    const output = options.output ?? 'values';
    if (output !== 'codes' && output !== 'values' && output !== 'thermometer') {
      const hint = output === 'dictionary' ? " ('dictionary' is for Arrow tables: tableFromBsq)" : '';
      throw new BsqError('INVALID_ARGUMENT', `output must be 'values', 'codes' or 'thermometer', got ${String(output)}${hint}`);
    }
    this.output = output;
    this.onCodec = options.onCodec;
    this.limits = resolveLimits(options.limits);
    if (options.codec !== undefined) {
      if (options.codec === null || typeof options.codec.decodeCodes !== 'function') {
        throw new BsqError('INVALID_ARGUMENT', 'options.codec must be a Codec');
      }
      this.codecValue = options.codec;
      this.reader = null;
      this.queue = new ByteQueue();
    } else {
      this.codecValue = null;
      // zeroCopy is safe: each block's packed bytes are decoded before push() returns.
      this.reader = new BsqReader({ limits: options.limits ?? {}, zeroCopy: true });
      this.queue = null;
    }
  }

  /** The codec, once known (given up front, or read from the CODEC record). */
  get codec(): Codec | null {
    // The reader's codec has any model record that came after CODEC attached to it.
    return this.reader?.codec ?? this.codecValue;
  }
  /** Rows decoded so far. */
  get rowsRead(): number {
    return this.rows;
  }
  /** Blocks decoded so far. */
  get blocksRead(): number {
    return this.blocks;
  }

  /** Feed a chunk of bytes (any size, any split); returns the blocks it completed. */
  push(chunk: Uint8Array): DecodedRows[] {
    this.checkUsable();
    if (!(chunk instanceof Uint8Array)) {
      throw new BsqError('INVALID_ARGUMENT', `a decoder takes Uint8Array chunks, got ${chunk === null ? 'null' : typeof chunk}`);
    }
    try {
      return this.reader !== null ? this.fromEvents(this.reader.push(chunk)) : this.fromRecords(chunk);
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }

  /** Signal the end of input; throws TRUNCATED if it stopped inside a record (or, for a file, before END). */
  end(): DecodedRows[] {
    this.checkUsable();
    this.done = true;
    try {
      if (this.reader !== null) return this.fromEvents(this.reader.end());
      const left = this.queue!.length;
      if (left > 0) {
        throw new BsqError('TRUNCATED', `the input ended inside a DATA record (${left} bytes after the last complete record)`, { offsetRows: this.rows, bytes: left });
      }
      return [];
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }

  private checkUsable(): void {
    if (this.failed !== null) throw this.failed;
    if (this.done) throw new BsqError('INVALID_ARGUMENT', 'the decoder has already ended');
  }

  private fromEvents(events: ReturnType<BsqReader['push']>): DecodedRows[] {
    const out: DecodedRows[] = [];
    for (const ev of events) {
      if (ev.type === 'codec') {
        this.codecValue = ev.codec;
        if (this.onCodec) this.onCodec(ev.codec, ev.version);
      } else if (ev.type === 'block') {
        out.push(this.decode(ev));
      }
    }
    return out;
  }

  private fromRecords(chunk: Uint8Array): DecodedRows[] {
    const q = this.queue!;
    q.push(chunk);
    if (this.rows === 0 && this.blocks === 0 && q.length >= SIGNATURE.length) {
      const head = q.peek(SIGNATURE.length);
      if (SIGNATURE.every((b, i) => head[i] === b)) {
        throw new BsqError('INVALID_DATA', 'the input is a .bsq file (it starts with the file signature); decode it without options.codec: a codec selects the framing of bare DATA records (framing: \'records\')');
      }
    }
    const out: DecodedRows[] = [];
    for (;;) {
      const head = peekRecord(q.peek(RECORD_HEAD_BYTES));
      if (head === null) break;
      if (head.length > this.limits.maxRecordBytes) {
        // checked before buffering the record (spec/FORMAT.md section 4, step 1)
        throw new BsqError('LIMIT_EXCEEDED', `record payload of ${head.length} bytes is over maxRecordBytes (${this.limits.maxRecordBytes})`, { length: head.length, limit: this.limits.maxRecordBytes });
      }
      if (q.length < head.totalBytes) break;
      const record = q.take(head.totalBytes);
      if (!KNOWN_TYPES.has(head.type)) {
        // An unknown record (e.g. private device telemetry between blocks): CRC first, then skipped
        // if non-critical, refused if critical, as a file reader does (spec/FORMAT.md section 4).
        checkCrc(record, this.rows);
        if ((head.flags & FLAG_CRITICAL) === 0) continue;
        throw new BsqError('UNSUPPORTED_RECORD', `unknown critical record type 0x${head.type.toString(16).padStart(2, '0')} after row ${this.rows}`, { type: head.type, row: this.rows });
      }
      const block = decodeDataRecord(this.codecValue!, record, this.limits);
      if (this.rows + block.rowCount > this.limits.maxTotalRows) {
        throw new BsqError('LIMIT_EXCEEDED', `more than maxTotalRows (${this.limits.maxTotalRows}) rows`);
      }
      out.push(this.decode({ ...block, firstRow: this.rows }));
    }
    return out;
  }

  private decode(block: DecodedBlock): DecodedRows {
    const codec = this.codec!;
    const res: DecodedRows = { codec, firstRow: block.firstRow, rowCount: block.rowCount, encoding: block.encoding };
    if (this.output === 'codes') res.codes = codec.decodeCodes(block.packed, block.rowCount);
    else if (this.output === 'values') res.values = codec.decodeValues(block.packed, block.rowCount);
    else res.values = codec.decodeThermometer(block.packed, block.rowCount);
    this.rows = block.firstRow + block.rowCount;
    this.blocks += 1;
    return res;
  }
}
