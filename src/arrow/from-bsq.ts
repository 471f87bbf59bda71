// .bsq to Arrow: tableFromBsq (a whole buffer to a Table) and recordBatchesFromBsq (byte chunks to one
// RecordBatch per block), named like apache-arrow's tableFromIPC. Columns hold the decoded values (Float32), the codes (Uint8/Uint16) or
// Dictionary columns whose indices are the codes and whose dictionary is the feature's levels, i.e.
// the decoded table without expanding anything. A categorical feature (FORMAT.md 1.5) decodes, for
// 'values' and 'dictionary', to a Dictionary of Utf8 whose indices are the codes and whose dictionary
// is its categories (the unknown code is null). The codec and format version travel in the schema
// metadata (see metadata.ts).
import { Dictionary, Field, Float32, RecordBatch, Schema, Struct, Table, Uint16, Uint8, Utf8, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import type { Data, DataType, Vector } from 'apache-arrow';
import { BsqError } from '../codec/errors.js';
import type { Codec, Codes } from '../codec/index.js';
import { FORMAT_MAJOR, FORMAT_MINOR } from '../format/index.js';
import type { Limits } from '../format/index.js';
import { StreamDecoder } from '../stream/index.js';
import type { AsyncOptions, DecodedRows, DecodeOutput, StreamSource as Source } from '../stream/index.js';
import { asBytes, iterate } from '../stream/source.js';
import { FIELD_BITS_KEY, codecMetadata } from './metadata.js';

/** How feature columns hold the decoded data (the Arrow subset of DecodeOutput). */
export type TableOutput = Extract<DecodeOutput, 'values' | 'codes' | 'dictionary'>;

export interface ArrowDecodeOptions {
  /** 'values' (default): Float32 levels; 'codes': Uint8/Uint16 codes; 'dictionary': codes + levels. */
  output?: TableOutput;
  /** Reader limits (spec/FORMAT.md section 6). */
  limits?: Partial<Limits>;
  /** Decode a headerless sequence of DATA records with this codec (see createDecoderStream). */
  codec?: Codec;
}

/** Builds one RecordBatch per decoded block, sharing one schema (and one dictionary per feature). */
export class BatchBuilder {
  readonly schema: Schema;
  private readonly codec: Codec;
  private readonly output: TableOutput;
  private readonly dictionaries: (Vector | undefined)[];
  private readonly types: DataType[];

  constructor(codec: Codec, output: TableOutput, version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR }) {
    if (output !== 'values' && output !== 'codes' && output !== 'dictionary') {
      const hint = (output as string) === 'thermometer' ? " ('thermometer' is for streams: createDecoderStream)" : '';
      throw new BsqError('INVALID_ARGUMENT', `output must be 'values', 'codes' or 'dictionary', got ${String(output)}${hint}`);
    }
    this.codec = codec;
    this.output = output;
    this.dictionaries = [];
    this.types = codec.features.map((feature) => {
      const index = feature.bits <= 8 ? new Uint8() : new Uint16();
      if (output === 'codes') return index;
      if (feature.categories) {
        this.dictionaries.push(vectorFromArray(feature.categories as string[], new Utf8()));
        return new Dictionary(new Utf8(), index);
      }
      if (output === 'values') {
        this.dictionaries.push(undefined);
        return new Float32();
      }
      this.dictionaries.push(makeVector(feature.levels));
      return new Dictionary(new Float32(), index);
    });
    const nullable = (f: Codec['features'][number]) => output !== 'codes' && f.unknown === 'code';
    const fields = codec.features.map((feature, f) => new Field(feature.name, this.types[f], nullable(feature), new Map([[FIELD_BITS_KEY, String(feature.bits)]])));
    this.schema = new Schema(fields, codecMetadata(codec, output, version));
  }

  /** One RecordBatch from `rowCount` rows of row-major codes. */
  build(codes: Codes, rowCount: number): RecordBatch {
    const codec = this.codec;
    const nf = codec.featureCount;
    const children: Data[] = codec.features.map((feature, f) => {
      const type = this.types[f];
      if (this.output !== 'codes' && feature.categories) return this.categoryData(f, codes, rowCount);
      if (this.output === 'values') {
        const levels = feature.levels;
        const col = new Float32Array(rowCount);
        for (let r = 0, k = f; r < rowCount; r++, k += nf) col[r] = levels[codes[k]];
        return makeData({ type: type as Float32, length: rowCount, nullCount: 0, data: col });
      }
      const col = feature.bits <= 8 ? new Uint8Array(rowCount) : new Uint16Array(rowCount);
      for (let r = 0, k = f; r < rowCount; r++, k += nf) col[r] = codes[k];
      if (this.output === 'codes') return makeData({ type: type as Uint8, length: rowCount, nullCount: 0, data: col as Uint8Array });
      return makeData({ type: type as Dictionary<Float32, Uint8>, length: rowCount, nullCount: 0, data: col as Uint8Array, dictionary: this.dictionaries[f]! as Vector<Float32> });
    });
    const data = makeData({ type: new Struct(this.schema.fields), length: rowCount, nullCount: 0, children });
    return new RecordBatch(this.schema, data);
  }

  /** A categorical feature's column: its codes as dictionary indices into its categories; the unknown code is null. */
  private categoryData(f: number, codes: Codes, rowCount: number): Data {
    const feature = this.codec.features[f]!;
    const nf = this.codec.featureCount;
    const k = feature.categories!.length;
    const col = feature.bits <= 8 ? new Uint8Array(rowCount) : new Uint16Array(rowCount);
    let nulls = 0;
    let bitmap: Uint8Array | undefined;
    for (let r = 0, i = f; r < rowCount; r++, i += nf) {
      const c = codes[i]!;
      if (c < k) {
        col[r] = c;
        continue;
      }
      // the unknown code (null), or a code past the dictionary: CORRUPT_BLOCK naming row and feature
      if (c !== k || feature.unknown !== 'code') this.codec.categoryNames(f, codes.subarray(i, i + 1), { firstRow: r });
      if (bitmap === undefined) bitmap = new Uint8Array(Math.ceil(rowCount / 8)).fill(0xff);
      bitmap[r >> 3]! &= ~(1 << (r & 7));
      nulls++;
    }
    const type = this.types[f] as Dictionary<Utf8, Uint8>;
    return makeData({ type, length: rowCount, nullCount: nulls, data: col as Uint8Array, dictionary: this.dictionaries[f] as Vector<Utf8>, ...(bitmap ? { nullBitmap: bitmap } : {}) });
  }
}

/** The format's stream decoder, to codes, reporting the file's version when the codec arrives. */
function codesDecoder(options: ArrowDecodeOptions, onVersion: (v: { major: number; minor: number }) => void): StreamDecoder {
  return new StreamDecoder({
    output: 'codes',
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.codec ? { codec: options.codec } : {}),
    onCodec: (_c, v) => onVersion(v),
  });
}

/** Decode a whole .bsq buffer to an Arrow Table (one record batch per block). */
export function tableFromBsq(bytes: Uint8Array, options: ArrowDecodeOptions = {}): Table {
  let version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR };
  const dec = codesDecoder(options, (v) => {
    version = v;
  });
  const blocks: DecodedRows[] = [...dec.push(asBytes(bytes)), ...dec.end()];
  const builder = new BatchBuilder(dec.codec!, options.output ?? 'values', version);
  const batches = blocks.map((b) => builder.build(b.codes!, b.rowCount));
  // A codec-only file gives one empty batch, so dictionary columns still carry their levels.
  if (batches.length === 0) batches.push(builder.build(new Uint8Array(0), 0));
  return new Table(builder.schema, batches);
}

/**
 * Decode .bsq bytes (a Uint8Array, or an iterable / async iterable / ReadableStream of chunks of
 * any size) to a stream of RecordBatches, one per block, all with the same schema (a codec-only
 * input gives one empty batch).
 */
export async function* recordBatchesFromBsq(
  source: Uint8Array | Source<Uint8Array | ArrayBuffer>,
  options: ArrowDecodeOptions & AsyncOptions = {},
): AsyncGenerator<RecordBatch, void, undefined> {
  let version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR };
  const dec = codesDecoder(options, (v) => {
    version = v;
  });
  let builder: BatchBuilder | null = null;
  const chunks = source instanceof Uint8Array ? [source] : source;
  const output = options.output ?? 'values';
  for await (const chunk of iterate<Uint8Array | ArrayBuffer>(chunks, options.signal)) {
    for (const b of dec.push(asBytes(chunk))) {
      builder ??= new BatchBuilder(b.codec, output, version);
      yield builder.build(b.codes!, b.rowCount);
    }
  }
  for (const b of dec.end()) {
    builder ??= new BatchBuilder(b.codec, output, version);
    yield builder.build(b.codes!, b.rowCount);
  }
  // A codec-only input gives one empty batch, so the consumer still learns the schema.
  if (builder === null) yield new BatchBuilder(dec.codec!, output, version).build(new Uint8Array(0), 0);
}
