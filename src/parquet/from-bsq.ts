// .bsq to Parquet: parquetStreamFromBsq (Parquet bytes as they are written, one row group per .bsq
// block, so memory stays bounded by a block) and parquetFromBsq (one buffer). Columns hold the decoded
// values (FLOAT, PLAIN), the codes (INT32 annotated UINT_8 / UINT_16) or dictionary-encoded FLOAT
// columns (RLE_DICTIONARY: a dictionary page of the levels, bit-packed codes as indices). The codec
// and format version travel in the file's key-value metadata (metadata.ts).
import { BsqError } from '../codec/errors.js';
import type { Codec, Codes } from '../codec/index.js';
import { FORMAT_MAJOR, FORMAT_MINOR, concatBytes } from '../format/index.js';
import type { Limits } from '../format/index.js';
import { StreamDecoder } from '../stream/index.js';
import type { StreamSource } from '../stream/index.js';
import { asBytes, iterate } from '../stream/source.js';
import { loadWriter } from './load.js';
import { parquetCodecMetadata } from './metadata.js';

/** How feature columns hold the decoded data. */
export type ParquetOutput = 'values' | 'codes' | 'dictionary';
/** Page compression of the written file (both are built into hyparquet-writer). */
export type ParquetCompression = 'snappy' | 'uncompressed';

export interface ParquetDecodeOptions {
  /** 'values' (default): FLOAT levels; 'codes': the codes; 'dictionary': FLOAT, dictionary-encoded. */
  output?: ParquetOutput;
  /** Page compression (default 'snappy', what DuckDB and Spark write by default). */
  compression?: ParquetCompression;
  /** Min/max statistics per column chunk, used by query engines to skip row groups (default true). */
  statistics?: boolean;
  /** Reader limits (spec/FORMAT.md section 6). */
  limits?: Partial<Limits>;
  /** Decode a headerless sequence of DATA records with this codec. */
  codec?: Codec;
  signal?: AbortSignal;
  /** Called with the row count of each block as it is written. */
  onBlock?: (rowCount: number) => void;
}

type WriterModule = typeof import('hyparquet-writer');

class RowGroupWriter {
  private readonly writer: InstanceType<WriterModule['ByteWriter']>;
  private readonly pw: InstanceType<WriterModule['ParquetWriter']>;
  private readonly output: ParquetOutput;
  private readonly codec: Codec;

  constructor(mod: WriterModule, codec: Codec, version: { major: number; minor: number }, options: ParquetDecodeOptions) {
    const output = options.output ?? 'values';
    if (output !== 'values' && output !== 'codes' && output !== 'dictionary') {
      throw new BsqError('INVALID_ARGUMENT', `output must be 'values', 'codes' or 'dictionary', got ${String(output)}`);
    }
    const compression = options.compression ?? 'snappy';
    if (compression !== 'snappy' && compression !== 'uncompressed') {
      throw new BsqError('INVALID_ARGUMENT', `compression must be 'snappy' or 'uncompressed', got ${String(compression)}`);
    }
    this.output = output;
    this.codec = codec;
    this.writer = new mod.ByteWriter(1 << 16);
    const schema = [
      { name: 'root', num_children: codec.featureCount },
      ...codec.features.map((f) =>
        output === 'codes'
          ? { name: f.name, type: 'INT32' as const, converted_type: (f.bits <= 8 ? 'UINT_8' : 'UINT_16') as 'UINT_8', repetition_type: 'REQUIRED' as const }
          : f.categories
          // a categorical feature: its category strings (the unknown code as null)
          ? { name: f.name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: (f.unknown === 'code' ? 'OPTIONAL' : 'REQUIRED') as 'REQUIRED' }
          : { name: f.name, type: 'FLOAT' as const, repetition_type: 'REQUIRED' as const },
      ),
    ];
    this.pw = new mod.ParquetWriter({
      writer: this.writer,
      schema,
      codec: compression === 'snappy' ? 'SNAPPY' : 'UNCOMPRESSED',
      statistics: options.statistics ?? true,
      kvMetadata: parquetCodecMetadata(codec, output, version),
      createdBy: 'bsq (hyparquet-writer)',
    });
  }

  /** Write one row group of `rowCount` rows given as row-major codes; returns the bytes written. */
  write(codes: Codes, rowCount: number): Uint8Array {
    if (rowCount > 0) {
      const nf = this.codec.featureCount;
      const columnData = this.codec.features.map((f, j) => {
        if (this.output === 'codes') {
          const col = new Int32Array(rowCount);
          for (let r = 0, k = j; r < rowCount; r++, k += nf) col[r] = codes[k];
          return { name: f.name, data: col };
        }
        if (f.categories) {
          const names = this.codec.categoryNames(j, codes, { stride: nf, offset: j });
          return { name: f.name, data: names.slice(0, rowCount), encoding: this.output === 'dictionary' ? ('RLE_DICTIONARY' as const) : ('PLAIN' as const) };
        }
        const col = new Float32Array(rowCount);
        const lv = f.levels;
        for (let r = 0, k = j; r < rowCount; r++, k += nf) col[r] = lv[codes[k]];
        return { name: f.name, data: col, encoding: this.output === 'dictionary' ? ('RLE_DICTIONARY' as const) : ('PLAIN' as const) };
      });
      void this.pw.write({ columnData, rowGroupSize: rowCount });
    }
    return this.take();
  }

  /** Write the footer; returns the last bytes. */
  finish(): Uint8Array {
    void this.pw.finish();
    return this.take();
  }

  private take(): Uint8Array {
    const out = this.writer.getBytes().slice();
    this.writer.index = 0; // the writer keeps counting file offsets in writer.offset
    return out;
  }
}

/**
 * A Parquet writer fed with decoded blocks (row-major codes): write() returns the bytes of one row
 * group, finish() the footer. For callers that decode themselves (the CLI).
 */
export async function createParquetBlockWriter(
  codec: Codec,
  options: ParquetDecodeOptions & { version?: { major: number; minor: number } } = {},
): Promise<{ write(codes: Codes, rowCount: number): Uint8Array; finish(): Uint8Array }> {
  const rg = new RowGroupWriter(await loadWriter(), codec, options.version ?? { major: FORMAT_MAJOR, minor: FORMAT_MINOR }, options);
  return { write: (codes, rowCount) => rg.write(codes, rowCount), finish: () => rg.finish() };
}

/**
 * Decode .bsq bytes (a Uint8Array, or an iterable / async iterable / ReadableStream of chunks of any
 * size) to Parquet bytes: the leading signature, then one row group per block, then the footer.
 */
export async function* parquetStreamFromBsq(
  source: Uint8Array | StreamSource<Uint8Array | ArrayBuffer>,
  options: ParquetDecodeOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const mod = await loadWriter();
  let version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR };
  const dec = new StreamDecoder({
    output: 'codes',
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.codec ? { codec: options.codec } : {}),
    onCodec: (_c, v) => {
      version = v;
    },
  });
  let rg: RowGroupWriter | null = null;
  const chunks = source instanceof Uint8Array ? [source] : source;
  for await (const chunk of iterate<Uint8Array | ArrayBuffer>(chunks, options.signal)) {
    for (const b of dec.push(asBytes(chunk))) {
      rg ??= new RowGroupWriter(mod, b.codec, version, options);
      options.onBlock?.(b.rowCount);
      yield rg.write(b.codes!, b.rowCount);
    }
  }
  for (const b of dec.end()) {
    rg ??= new RowGroupWriter(mod, b.codec, version, options);
    options.onBlock?.(b.rowCount);
    yield rg.write(b.codes!, b.rowCount);
  }
  // A codec-only input gives a file with the schema, the metadata and no rows.
  rg ??= new RowGroupWriter(mod, dec.codec!, version, options);
  yield rg.finish();
}

/** Decode a whole .bsq buffer (or byte stream) to one Parquet file in memory. */
export async function parquetFromBsq(source: Uint8Array | StreamSource<Uint8Array | ArrayBuffer>, options: ParquetDecodeOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of parquetStreamFromBsq(source, options)) parts.push(c);
  return concatBytes(parts);
}
