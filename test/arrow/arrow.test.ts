// Arrow converters: table -> .bsq -> table gives levels[code(x)] for every cell, for any batch sizes
// and block sizes; codes / dictionary outputs hold the codes; streaming and whole-table paths agree;
// the codec travels in the schema metadata; bad tables are clear BsqErrors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DataType,
  Float16,
  Float64,
  Int32,
  RecordBatch,
  RecordBatchReader,
  RecordBatchStreamWriter,
  Table,
  Uint32,
  Utf8,
  makeVector,
  tableFromArrays,
  tableFromIPC,
  type Vector,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { Readable } from 'node:stream';
import { BsqError, Codec, createEncoderStream, readBsq, writeBsq } from '../../src/index.js';
import { recordBatchesFromBsq, tableFromBsq, codecFromMetadata, recordBatchesToBsq, tableToBsq } from '../../src/arrow/index.js';
import { collect, concat, cutPoints, splitBytes } from '../stream/helpers.js';

function makeCodec(bits: number[], names = bits.map((_, i) => `c${i}`)): Codec {
  return Codec.fromThresholds(
    bits.map((b, i) => {
      const k = (1 << b) - 1;
      return { name: names[i], thresholds: Array.from({ length: k }, (_, j) => -50 + (100 * (j + 1)) / (k + 1)) };
    }),
  );
}

type ColKind = 'f32' | 'f64' | 'i32' | 'u8' | 'i64';
function column(kind: ColKind, values: number[]): ArrayLike<number> | BigInt64Array {
  switch (kind) {
    case 'f32': return Float32Array.from(values);
    case 'f64': return Float64Array.from(values);
    case 'i32': return Int32Array.from(values, (v) => Math.round(v));
    case 'u8': return Uint8Array.from(values, (v) => Math.min(255, Math.max(0, Math.round(v))));
    case 'i64': return BigInt64Array.from(values, (v) => BigInt(Math.round(v)));
  }
}

/** A table of `kinds` columns named c0.., plus a string column, cut into batches at `cuts`. */
function makeTable(kinds: ColKind[], rows: number[][], cuts: number[]): { table: Table; cols: ArrayLike<number | bigint>[] } {
  const cols = kinds.map((k, j) => column(k, rows.map((r) => r[j])));
  const batches: RecordBatch[] = [];
  for (const [a, b] of cutPoints(rows.length, cuts)) {
    if (a === b) continue;
    batches.push(...slice(a, b).batches);
  }
  function slice(a: number, b: number): Table {
    const vectors: Record<string, Vector> = { label: vectorFromArray(rows.slice(a, b).map((_, i) => `row${a + i}`), new Utf8()) };
    kinds.forEach((_, j) => (vectors[`c${j}`] = makeVector((cols[j] as Float64Array).subarray(a, b))));
    return new Table(vectors);
  }
  const table = batches.length > 0 ? new Table(batches) : slice(0, 0);
  return { table, cols: cols as ArrayLike<number | bigint>[] };
}

const caseArb = fc
  .record({
    kinds: fc.array(fc.constantFrom<ColKind>('f32', 'f64', 'i32', 'u8', 'i64'), { minLength: 1, maxLength: 4 }),
    bits: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 4 }),
    n: fc.integer({ min: 0, max: 120 }),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 5 }),
    blockRows: fc.integer({ min: 1, max: 50 }),
    seed: fc.integer({ min: 1, max: 1e6 }),
  })
  .map((c) => {
    let s = c.seed;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 120 - 60;
    const rows = Array.from({ length: c.n }, () => c.kinds.map(() => (rnd() > 40 ? -50 + 100 / 2 ** c.bits[0] : rnd())));
    return { ...c, rows };
  });

describe('tableToBsq / tableFromBsq', () => {
  it('gives levels[code(x)] for every cell, for any batch and block sizes (values, codes, dictionary)', () => {
    fc.assert(
      fc.property(caseArb, ({ kinds, bits, rows, cuts, blockRows }) => {
        const codec = makeCodec(bits.slice(0, kinds.length));
        const { table, cols } = makeTable(kinds, rows, cuts);
        const bytes = tableToBsq(table, codec, { blockRows });
        expect(readBsq(bytes).rowCount).toBe(rows.length);
        const values = tableFromBsq(bytes, { output: 'values' });
        const codes = tableFromBsq(bytes, { output: 'codes' });
        const dict = tableFromBsq(bytes, { output: 'dictionary' });
        for (const t of [values, codes, dict]) {
          expect(t.numRows).toBe(rows.length);
          expect(t.schema.fields.map((f) => f.name)).toEqual(codec.features.map((f) => f.name));
        }
        codec.features.forEach((feature, j) => {
          const v = values.getChild(feature.name)!;
          const c = codes.getChild(feature.name)!;
          const d = dict.getChild(feature.name)!;
          expect(DataType.isDictionary(d.type)).toBe(true);
          for (let r = 0; r < rows.length; r++) {
            const x = Number(cols[j][r]);
            const code = codec.encodeValue(j, x);
            expect(c.get(r)).toBe(code);
            expect(v.get(r)).toBe(feature.levels[code]);
            expect(d.get(r)).toBe(feature.levels[code]);
          }
        });
        // dictionary columns are not expanded: indices are the codes, the dictionary is the levels
        const d0 = dict.getChildAt(0)!.data[0];
        if (d0) expect(Array.from(d0.dictionary!.toArray() as Float32Array)).toEqual(Array.from(codec.features[0].levels));
      }),
      { numRuns: 60 },
    );
  });

  it('streams: recordBatchesToBsq equals tableToBsq, recordBatchesFromBsq equals tableFromBsq for any split', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 6 }), async ({ kinds, bits, rows, cuts, blockRows }, byteCuts) => {
        const codec = makeCodec(bits.slice(0, kinds.length));
        const { table } = makeTable(kinds, rows, cuts);
        const whole = tableToBsq(table, codec, { blockRows });
        const streamed = concat(await collect(recordBatchesToBsq(table.batches, codec, { blockRows })));
        expect(streamed).toEqual(whole);
        const batches = await collect(recordBatchesFromBsq(splitBytes(whole, byteCuts), { output: 'codes' }));
        const t = tableFromBsq(whole, { output: 'codes' });
        expect(batches.map((b) => b.numRows)).toEqual(t.batches.map((b) => b.numRows));
        if (batches.length > 0) expect(new Table(batches).toArray().map((r) => r.toJSON())).toEqual(t.toArray().map((r) => r.toJSON()));
      }),
      { numRuns: 40 },
    );
  });

  it('puts the codec and format version in the schema metadata, and survives Arrow IPC', () => {
    const codec = makeCodec([3, 2], ['temp', 'co2']).withMetadata({ task: 'test' });
    const table = tableFromArrays({ temp: new Float32Array([-40, 0, 10, 49]), co2: new Float64Array([-100, 0, 1, 100]) });
    const bytes = tableToBsq(table, codec);
    for (const output of ['values', 'codes', 'dictionary'] as const) {
      const t = tableFromBsq(bytes, { output });
      expect(t.schema.metadata.get('bsq.format_version')).toBe('1.0');
      expect(t.schema.metadata.get('bsq.output')).toBe(output);
      expect(t.schema.fields[0].metadata.get('bsq.bits')).toBe('3');
      const back = codecFromMetadata(t.schema.metadata)!;
      expect(back.metadata).toEqual({ task: 'test' });
      expect(writeBsq(back)).toEqual(writeBsq(codec));
      const ipc = tableFromIPC(tableToIPC(t, 'stream'));
      expect(ipc.schema.metadata.get('bsq.codec')).toBe(t.schema.metadata.get('bsq.codec'));
      expect(ipc.toArray().map((r) => r.toJSON())).toEqual(t.toArray().map((r) => r.toJSON()));
      // a decoded table encodes back to the same codes (values and dictionary through the levels,
      // codes through the codec in the metadata)
      expect(tableToBsq(ipc, codec)).toEqual(bytes);
    }
    expect(codecFromMetadata(new Map())).toBeUndefined();
    expect(() => codecFromMetadata(new Map([['bsq.codec', '!!']]))).toThrowError(expect.objectContaining({ code: 'INVALID_DATA' }));
  });

  it('writes record batches from recordBatchesFromBsq with a RecordBatchStreamWriter', async () => {
    const codec = makeCodec([4], ['x']);
    const rows = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i / 10) * 50);
    const bytes = writeBsq(codec, { rows, blockRows: 100 });
    const writer = new RecordBatchStreamWriter();
    for await (const b of recordBatchesFromBsq([bytes], { output: 'dictionary' })) writer.write(b);
    writer.finish();
    const ipc = await writer.toUint8Array();
    const reader = RecordBatchReader.from(ipc);
    const table = new Table(reader.readAll());
    expect(table.numRows).toBe(300);
    expect(table.batches.length).toBe(3);
    const expected = codec.decodeValues(readBsq(bytes).blocks.map((b) => b.packed).reduce((a, b) => concat([a, b])), 300);
    expect(Float32Array.from(table.getChild('x')!.toArray() as ArrayLike<number>)).toEqual(expected);
  });

  it('encodes record batches read from an Arrow IPC Node byte stream', async () => {
    const codec = makeCodec([3, 3], ['a', 'b']);
    const n = 500;
    const table = new Table({ a: makeVector(Float32Array.from({ length: n }, (_, i) => (i % 97) - 48)), b: makeVector(Float64Array.from({ length: n }, (_, i) => Math.cos(i) * 40)) });
    const ipc = tableToIPC(new Table(table.batches.flatMap((b) => [b.slice(0, 123), b.slice(123)])), 'stream');
    // apache-arrow's Node readers need a byte-mode stream (not object mode)
    const reader = await RecordBatchReader.from(Readable.from([Buffer.from(ipc)], { objectMode: false }));
    const bytes = concat(await collect(recordBatchesToBsq(reader, codec, { blockRows: 100 })));
    expect(bytes).toEqual(tableToBsq(table, codec, { blockRows: 100 }));
  });

  it('a codec-only file gives an empty table with the schema; headerless records decode with the codec', async () => {
    const codec = makeCodec([2, 2]);
    const t = tableFromBsq(writeBsq(codec), { output: 'codes' });
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => String(f.type))).toEqual(['Uint8', 'Uint8']);
    const ts = createEncoderStream(codec, { framing: 'records', blockRows: 2 });
    const w = ts.writable.getWriter();
    void w.write([[1, 2], [3, 4], [5, 6]]);
    void w.close();
    const recs = await collect(ts.readable as unknown as AsyncIterable<Uint8Array>);
    const headerless = tableFromBsq(concat(recs), { codec, output: 'codes' });
    expect(headerless.numRows).toBe(3);
  });
});

describe('column matching and errors', () => {
  const codec = makeCodec([2, 2], ['a', 'b']);

  it('ignores other columns unless asked to refuse them; maps feature names to column names', () => {
    const table = tableFromArrays({ b: new Float64Array([1, 2]), z: ['p', 'q'], a: new Int32Array([-30, 30]) });
    const bytes = tableToBsq(table, codec);
    expect(Array.from(readBsq(bytes).codes())).toEqual([codec.encodeValue(0, -30), codec.encodeValue(1, 1), codec.encodeValue(0, 30), codec.encodeValue(1, 2)]);
    expect(() => tableToBsq(table, codec, { extraColumns: 'error' })).toThrowError(expect.objectContaining({ code: 'INVALID_DATA', message: expect.stringContaining('"z"') }));
    const renamed = tableFromArrays({ A: new Int32Array([-30, 30]), B: new Float64Array([1, 2]) });
    expect(tableToBsq(renamed, codec, { columns: { a: 'A', b: 'B' } })).toEqual(bytes);
  });

  it('a missing or non-numeric column is a clear INVALID_DATA error', () => {
    const missing = tableFromArrays({ a: new Float32Array([1]) });
    expect(() => tableToBsq(missing, codec)).toThrowError(expect.objectContaining({ code: 'INVALID_DATA', message: expect.stringContaining('no column "b"') }));
    const text = new Table({ a: vectorFromArray([1], new Float64()), b: vectorFromArray(['x'], new Utf8()) });
    expect(() => tableToBsq(text, codec)).toThrowError(expect.objectContaining({ code: 'INVALID_DATA', message: expect.stringContaining('Utf8') }));
    expect(() => tableToBsq({} as Table, codec)).toThrowError(BsqError);
  });

  it('nulls are NaN for the NaN policy', () => {
    const a = vectorFromArray([1, null, 3], new Float64());
    const b = vectorFromArray([1, 2, null], new Int32());
    const table = new Table({ a, b });
    expect(() => tableToBsq(table, codec)).toThrowError(expect.objectContaining({ code: 'NAN_INPUT', message: expect.stringContaining('row 1') }));
    const bytes = tableToBsq(table, codec, { nan: { code: 3 } });
    expect(Array.from(readBsq(bytes).codes())).toEqual([2, 2, 3, 2, 2, 3]);
  });

  it('reads Float16 columns; the codec metadata keeps an entropy model', () => {
    const half = new Table({ a: vectorFromArray([-40, 0.5, 40], new Float16()), b: vectorFromArray([1, 2, 3], new Uint32()) });
    expect(Array.from(readBsq(tableToBsq(half, codec)).codes())).toEqual([0, 2, 2, 2, 3, 2]);
    const rows = Float64Array.from({ length: 400 }, (_, i) => Math.sin(i / 20) * 45);
    const modelled = codec.fitEntropyModel(rows);
    const t = tableFromBsq(writeBsq(modelled, { rows, encoding: 'entropy' }));
    expect(codecFromMetadata(t.schema.metadata)!.entropyModel).toBeDefined();
  });

  it('reads numeric dictionary columns through their dictionary', () => {
    const encoded = tableFromBsq(tableToBsq(tableFromArrays({ a: new Float32Array([-40, 40, 40]), b: new Float32Array([0, 0, 0]) }), codec), { output: 'dictionary' });
    expect(Array.from(readBsq(tableToBsq(encoded, codec)).codes())).toEqual([0, 1, 3, 1, 3, 1]);
  });
});
