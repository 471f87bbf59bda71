// createEncoderStream / StreamEncoder: the bytes equal writeBsq's for any chunking of the same rows,
// blocks are cut at blockRows, options pass through, and bad input is a BsqError on the stream.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StreamEncoder, BsqError, createEncoderStream, encodeEndRecord, readBsq, writeBsq } from '../../src/internals.js';
import { codecArb, concat, cutPoints, cutsArb, makeCodec, rowsArb, runTransform } from './helpers.js';

describe('createEncoderStream', () => {
  it('gives the same bytes as writeBsq for any chunking, chunk shape and blockRows', async () => {
    await fc.assert(
      fc.asyncProperty(
        codecArb.chain((codec) => fc.tuple(fc.constant(codec), rowsArb(codec.featureCount), cutsArb, fc.integer({ min: 1, max: 70 }), fc.constantFrom('f64', 'f32', 'arrays', 'objects'))),
        async ([codec, rows, cuts, blockRows, shape]) => {
          const F = codec.featureCount;
          const n = rows.length / F;
          const data = shape === 'f32' ? Float32Array.from(rows) : rows;
          const chunks = cutPoints(n, cuts).map(([a, b]) => {
            const part = data.subarray(a * F, b * F);
            if (shape === 'arrays') return Array.from({ length: b - a }, (_, r) => Array.from(part.subarray(r * F, (r + 1) * F)));
            if (shape === 'objects') return Array.from({ length: b - a }, (_, r) => Object.fromEntries(codec.features.map((f, j) => [f.name, part[r * F + j]])));
            return part;
          });
          const out = await runTransform(createEncoderStream(codec, { blockRows }), chunks);
          expect(concat(out)).toEqual(writeBsq(codec, { rows: data, blockRows }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('emits the header and codec first, one chunk per block and the END record on close', async () => {
    const codec = makeCodec([3, 2]);
    const rows = Float64Array.from({ length: 2 * 10 }, (_, i) => Math.sin(i));
    const out = await runTransform(createEncoderStream(codec, { blockRows: 4 }), [rows.subarray(0, 6), rows.subarray(6)]);
    // header+codec, blocks of 4, 4, 2 rows, END
    expect(out.length).toBe(5);
    const file = readBsq(concat(out));
    expect(file.blocks.map((b) => b.rowCount)).toEqual([4, 4, 2]);
    expect(concat(out.slice(0, 1))).toEqual(writeBsq(codec).subarray(0, out[0].length));
    // an empty stream is a valid codec-only file
    const empty = await runTransform(createEncoderStream(codec), []);
    expect(readBsq(concat(empty)).rowCount).toBe(0);
  });

  it('passes the block encoding through to the format layer', async () => {
    const codec = makeCodec([4, 4]);
    const rows = Float64Array.from({ length: 2 * 500 }, (_, i) => Math.round(Math.sin(i / 50) * 8) / 8);
    const out = await runTransform(createEncoderStream(codec, { blockRows: 200, encoding: 'deflate' }), [rows]);
    const file = readBsq(concat(out));
    expect(file.blocks.map((b) => b.encoding)).toEqual(['deflate', 'deflate', 'deflate']);
    expect(file.codes()).toEqual(codec.encodeRowsToCodes(rows));
  });

  it('applies the NaN policy and names the stream-wide row of a NaN', async () => {
    const codec = makeCodec([2]);
    const ts = createEncoderStream(codec, { blockRows: 2 });
    const reading = (async () => {
      for await (const _ of ts.readable as unknown as AsyncIterable<Uint8Array>) void _;
    })();
    const writer = ts.writable.getWriter();
    await writer.write(new Float64Array([0, 0.1, 0.2]));
    const err = await writer.write(new Float64Array([0.3, NaN])).then(() => null, (e) => e);
    expect(err).toBeInstanceOf(BsqError);
    expect(err.code).toBe('NAN_INPUT');
    expect(err.message).toContain('row 4');
    await expect(reading).rejects.toMatchObject({ code: 'NAN_INPUT' });

    const mapped = await runTransform(createEncoderStream(codec, { nan: { code: 3 } }), [new Float64Array([NaN, -5])]);
    expect([...readBsq(concat(mapped)).codes()]).toEqual([3, 0]);
  });

  it('flushEachChunk sends every chunk as its own block at once', async () => {
    const codec = makeCodec([2, 2]);
    const ts = createEncoderStream(codec, { blockRows: 3, flushEachChunk: true });
    const reader = ts.readable.getReader();
    const writer = ts.writable.getWriter();
    const head = await reader.read();
    expect(head.value!.length).toBeGreaterThan(16);
    void writer.write([[0, 0]]);
    const first = await reader.read(); // available before any further write or close
    expect(readBsq(concat([head.value!, first.value!, encodeEndRecord(1, 1)])).rowCount).toBe(1);
    void writer.write([[0.2, 0.2], [0.4, 0.4], [0.6, 0.6], [0.8, 0.8]]);
    const a = await reader.read();
    const b = await reader.read();
    void writer.close();
    const end = await reader.read();
    const file = readBsq(concat([head.value!, first.value!, a.value!, b.value!, end.value!]));
    expect(file.blocks.map((x) => x.rowCount)).toEqual([1, 3, 1]);
    expect((await reader.read()).done).toBe(true);
  });

  it('refuses bad options and bad chunks with BsqErrors', async () => {
    const codec = makeCodec([2]);
    for (const blockRows of [0, -1, 1.5, 2 ** 25, NaN]) {
      expect(() => createEncoderStream(codec, { blockRows })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(() => createEncoderStream(codec, { framing: 'x' as never })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createEncoderStream({} as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const ts = createEncoderStream(makeCodec([2, 2]));
    const err = await runTransform(ts, [new Float32Array(3)]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BsqError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('StreamEncoder', () => {
  it('cuts column input into the same blocks as row input', () => {
    const codec = makeCodec([5, 1, 3]);
    const n = 103;
    const cols = codec.features.map((_, j) => Float32Array.from({ length: n }, (_, i) => Math.cos(i * (j + 1))));
    const rows = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) rows[i * 3 + j] = cols[j][i];
    const enc = new StreamEncoder(codec, { blockRows: 10 });
    const parts = [...enc.start(), ...enc.pushColumns(cols.map((c) => c.subarray(0, 37)), 37), ...enc.pushColumns(cols.map((c) => c.subarray(37)), n - 37), ...enc.finish()];
    expect(concat(parts)).toEqual(writeBsq(codec, { rows, blockRows: 10 }));
    expect(enc.rowsWritten).toBe(n);
    expect(enc.blocksWritten).toBe(11);
    expect(() => enc.push(rows)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('stays failed after an error (its output would be incomplete)', () => {
    const enc = new StreamEncoder(makeCodec([2]), { blockRows: 2 });
    enc.start();
    expect(() => enc.push(new Float64Array([0, 1, 2, NaN]))).toThrowError(expect.objectContaining({ code: 'NAN_INPUT' }));
    expect(() => enc.push(new Float64Array([0]))).toThrowError(expect.objectContaining({ code: 'NAN_INPUT' }));
    expect(() => enc.finish()).toThrowError(expect.objectContaining({ code: 'NAN_INPUT' }));
  });

  it('flush() emits a short block on demand; records framing has no header or END', () => {
    const codec = makeCodec([2]);
    const enc = new StreamEncoder(codec, { blockRows: 100, framing: 'records' });
    expect(enc.start()).toEqual([]);
    expect(enc.push(new Float64Array([0, 1]))).toEqual([]);
    expect(enc.bufferedRows).toBe(2);
    const [rec] = enc.flush();
    expect(rec[0]).toBe(0x02); // a DATA record
    expect(enc.finish()).toEqual([]);
  });
});

describe('encoder options checked up front', () => {
  it('an unknown encoding fails in the constructor, naming the known ones', async () => {
    const { StreamEncoder, createEncoderStream } = await import('../../src/index.js');
    const { makeCodec } = await import('./helpers.js');
    const c = makeCodec([2, 2]);
    for (const make of [() => new StreamEncoder(c, { encoding: 'zip' as never }), () => createEncoderStream(c, { encoding: 'zip' as never })]) {
      expect(make).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/unknown encoding "zip" \(known: 'raw', 'deflate'/) }));
    }
  });
});
