// bsq/parquet: .bsq -> Parquet -> .bsq gives the same bytes for values, codes and dictionary columns,
// for any codec, rows and block sizes; row groups follow blocks; an independent reader (hyparquet's
// row API) sees levels[code] / codes; the codec travels in the key-value metadata; Parquet files
// with other row groups, integer or nullable columns encode like the same rows from memory; bad
// files are clear BsqErrors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteWriter, ParquetWriter, parquetWriteBuffer } from 'hyparquet-writer';
import { BsqError, readBsq, writeBsq } from '../../src/index.js';
import {
  PARQUET_METADATA_KEYS,
  parquetFromBsq,
  parquetStreamFromBsq,
  codecFromParquetMetadata,
  openParquet,
  parquetToBsq,
  parquetToBsqStream,
} from '../../src/parquet/index.js';
import { makeCodec, makeRows, readRows } from './helpers.js';

async function collect(gen: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(BsqError);
    return `${(err as BsqError).code}: ${(err as BsqError).message}`;
  }
  throw new Error('expected a BsqError');
}

describe('bsq -> Parquet -> bsq', () => {
  it('round-trips the exact bytes for values, codes and dictionary, any codec / rows / blocks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        fc.constantFrom('values', 'codes', 'dictionary'),
        async (bits, rows, blockRows, seed, as) => {
          const codec = makeCodec(bits);
          const data = makeRows(bits.length, rows, seed);
          const bsq = writeBsq(codec, { rows: data, blockRows });
          const pq = await parquetFromBsq(bsq, { output: as as 'values' });
          const info = await openParquet(pq);
          // one row group per block
          const file = readBsq(bsq);
          expect(info.rowGroups).toEqual(file.blocks.map((b) => b.rowCount));
          expect(info.rowCount).toBe(rows);
          // an independent reader sees levels or codes
          const got = await readRows(pq);
          const codes = file.codes();
          expect(got.length).toBe(rows);
          for (let r = 0; r < rows; r++) {
            codec.features.forEach((f, j) => {
              const c = codes[r * bits.length + j];
              expect(got[r][f.name]).toBe(as === 'codes' ? c : f.levels[c]);
            });
          }
          expect(await parquetToBsq(pq, codec, { blockRows })).toEqual(bsq);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('streams: chunked .bsq input gives the same Parquet bytes as the whole buffer', async () => {
    const codec = makeCodec([3, 5, 12]);
    const bsq = writeBsq(codec, { rows: makeRows(3, 5000, 3), blockRows: 1024, encoding: 'deflate' });
    const whole = await parquetFromBsq(bsq, { output: 'dictionary' });
    const pieces = [bsq.subarray(0, 7), bsq.subarray(7, 1000), bsq.subarray(1000)];
    expect(await collect(parquetStreamFromBsq(pieces, { output: 'dictionary' }))).toEqual(whole);
    expect(await collect(parquetToBsqStream(whole, codec, { blockRows: 1024, encoding: 'deflate' }))).toEqual(bsq);
  });

  it('carries the codec, the format version and the form in the key-value metadata', async () => {
    const codec = makeCodec([2, 4]);
    const bsq = writeBsq(codec, { rows: makeRows(2, 10, 1) });
    for (const as of ['values', 'codes', 'dictionary'] as const) {
      const info = await openParquet(await parquetFromBsq(bsq, { output: as, compression: 'uncompressed' }));
      expect(writeBsq(codecFromParquetMetadata(info.keyValue)!)).toEqual(writeBsq(codec));
      const kv = Object.fromEntries(info.keyValue.map((e) => [e.key, e.value]));
      expect(kv[PARQUET_METADATA_KEYS.version]).toBe('1.0');
      expect(kv[PARQUET_METADATA_KEYS.output]).toBe(as);
      expect(info.columns.map((c) => c.type)).toEqual(as === 'codes' ? ['INT32 (UINT_8)', 'INT32 (UINT_8)'] : ['FLOAT', 'FLOAT']);
    }
  });

  it('a codec-only file gives a Parquet file with the schema and no rows', async () => {
    const codec = makeCodec([4]);
    const pq = await parquetFromBsq(writeBsq(codec));
    const info = await openParquet(pq);
    expect(info.rowCount).toBe(0);
    expect(info.columns.map((c) => c.name)).toEqual(['c0']);
    expect(await parquetToBsq(pq, codec)).toEqual(writeBsq(codec));
  });
});

describe('Parquet files from elsewhere', () => {
  it('encodes like the same rows from memory, whatever the row groups and numeric types', async () => {
    const codec = makeCodec([4, 4, 4, 4], ['d', 'f', 'i', 'l']);
    const n = 2500;
    const rows = makeRows(4, n, 9);
    const col = (j: number) => Array.from({ length: n }, (_, r) => rows[r * 4 + j]);
    const ints = col(2).map(Math.round);
    const longs = col(3).map((v) => BigInt(Math.round(v)));
    const pq = parquetWriteBuffer({
      columnData: [
        { name: 'label', data: Array.from({ length: n }, (_, r) => `r${r}`), type: 'STRING' },
        { name: 'd', data: Float64Array.from(col(0)), type: 'DOUBLE' },
        { name: 'f', data: Float32Array.from(col(1)), type: 'FLOAT' },
        { name: 'i', data: Int32Array.from(ints), type: 'INT32' },
        { name: 'l', data: BigInt64Array.from(longs), type: 'INT64' },
      ],
      rowGroupSize: 777,
    });
    const expected = new Float64Array(4 * n);
    for (let r = 0; r < n; r++) {
      expected[r * 4] = rows[r * 4];
      expected[r * 4 + 1] = Math.fround(rows[r * 4 + 1]);
      expected[r * 4 + 2] = ints[r];
      expected[r * 4 + 3] = Number(longs[r]);
    }
    expect(await parquetToBsq(new Uint8Array(pq), codec, { blockRows: 1000 })).toEqual(writeBsq(codec, { rows: expected, blockRows: 1000 }));
  });

  it('maps features to other column names', async () => {
    const codec = makeCodec([3], ['temp']);
    const pq = parquetWriteBuffer({ columnData: [{ name: 'Temperature', data: Float64Array.from([1, 2, 3]), type: 'DOUBLE' }] });
    expect(readBsq(await parquetToBsq(pq, codec, { columns: { temp: 'Temperature' } })).rowCount).toBe(3);
  });

  it('null cells follow the NaN policy: NAN_INPUT naming the row, or the given code', async () => {
    const codec = makeCodec([3], ['x']);
    const pq = parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, null, 3], type: 'DOUBLE' }] });
    expect(await codeOf(parquetToBsq(pq, codec))).toMatch(/^NAN_INPUT: .*row 1/);
    const file = readBsq(await parquetToBsq(pq, codec, { nan: { code: 5 } }));
    expect(Array.from(file.codes())).toEqual([codec.encodeRowsToCodes(new Float64Array([1]))[0], 5, codec.encodeRowsToCodes(new Float64Array([3]))[0]]);
  });

  it('bad inputs are BsqErrors naming the column, the type or the problem', async () => {
    const codec = makeCodec([3, 3], ['a', 'b']);
    const strings = parquetWriteBuffer({
      columnData: [
        { name: 'a', data: Float64Array.from([1]), type: 'DOUBLE' },
        { name: 'b', data: ['x'], type: 'STRING' },
      ],
    });
    expect(await codeOf(parquetToBsq(strings, codec))).toMatch(/^INVALID_DATA: .*column "b".*BYTE_ARRAY \(UTF8\)/);
    const onlyA = parquetWriteBuffer({ columnData: [{ name: 'a', data: Float64Array.from([1]), type: 'DOUBLE' }] });
    expect(await codeOf(parquetToBsq(onlyA, codec))).toMatch(/^INVALID_DATA: .*no column "b" for feature "b".*"a"/);
    expect(await codeOf(parquetToBsq(new TextEncoder().encode('a,b\n1,2\n'), codec))).toMatch(/^INVALID_DATA: .*not a Parquet file/);
    const good = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: Float64Array.from([1, 2]), type: 'DOUBLE' }, { name: 'b', data: Float64Array.from([1, 2]), type: 'DOUBLE' }] }));
    const cut = new Uint8Array([...good.subarray(0, 20), ...good.subarray(good.length - 40)]);
    expect(await codeOf(parquetToBsq(cut, codec))).toMatch(/^INVALID_DATA: /);
    expect(await codeOf(parquetFromBsq(writeBsq(codec), { output: 'levels' as 'values' }))).toMatch(/^INVALID_ARGUMENT: /);
  });

  it('a file of codes is read through its own codec levels (bsq.output = codes)', async () => {
    const codec = makeCodec([4, 2]);
    const bsq = writeBsq(codec, { rows: makeRows(2, 100, 5) });
    const pq = await parquetFromBsq(bsq, { output: 'codes' });
    expect(await parquetToBsq(pq, codec)).toEqual(bsq);
    // the codes file with a streamed writer in several row groups still maps back
    const writer = new ByteWriter();
    const pw = new ParquetWriter({ writer, schema: [{ name: 'root', num_children: 1 }, { name: 'x', type: 'DOUBLE', repetition_type: 'REQUIRED' }] });
    pw.write({ columnData: [{ name: 'x', data: Float64Array.from([1, 2]) }] });
    pw.finish();
    expect((await openParquet(writer.getBytes())).rowCount).toBe(2);
  });
});
