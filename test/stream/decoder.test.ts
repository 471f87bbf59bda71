// createDecoderStream / StreamDecoder: any split of the bytes gives the blocks readBsq gives; the
// headerless DATA-record framing decodes with a given codec; errors and truncation reach the
// consumer as BsqError through the stream.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StreamDecoder, StreamEncoder, BsqError, createDecoderStream, encodeEndRecord, encodeRecord, readBsq, writeBsq } from '../../src/internals.js';
import type { DecodedRows } from '../../src/internals.js';
import { codecArb, concat, cutsArb, makeCodec, rowsArb, runTransform, splitBytes } from './helpers.js';

async function decodeAll(bytes: Uint8Array[], options: Parameters<typeof createDecoderStream>[0] = {}): Promise<DecodedRows[]> {
  return runTransform(createDecoderStream(options), bytes);
}

async function decodeError(bytes: Uint8Array[], options: Parameters<typeof createDecoderStream>[0] = {}): Promise<BsqError> {
  const ts = createDecoderStream(options);
  const got: DecodedRows[] = [];
  const reading = (async () => {
    for await (const b of ts.readable as unknown as AsyncIterable<DecodedRows>) got.push(b);
  })();
  const writer = ts.writable.getWriter();
  for (const c of bytes) await writer.write(c).catch(() => undefined);
  await writer.close().catch(() => undefined);
  const err = await reading.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BsqError);
  return err as BsqError;
}

describe('createDecoderStream', () => {
  it('decodes any split of a file to the blocks readBsq gives (codes, values, thermometer)', async () => {
    await fc.assert(
      fc.asyncProperty(
        codecArb.chain((codec) => fc.tuple(fc.constant(codec), rowsArb(codec.featureCount, 200), cutsArb, fc.integer({ min: 1, max: 50 }), fc.constantFrom('codes', 'values', 'thermometer' as const))),
        async ([codec, rows, cuts, blockRows, output]) => {
          const bytes = writeBsq(codec, { rows, blockRows });
          const file = readBsq(bytes);
          const blocks = await decodeAll(splitBytes(bytes, cuts), { output });
          expect(blocks.map((b) => [b.firstRow, b.rowCount])).toEqual(file.blocks.map((b) => [b.firstRow, b.rowCount]));
          for (const b of blocks) expect(b.codec.featureCount).toBe(codec.featureCount);
          const F = codec.featureCount;
          if (output === 'codes') {
            expect(concatCodes(blocks.map((b) => b.codes!))).toEqual(Array.from(file.codes()));
            expect(blocks.every((b) => b.values === undefined)).toBe(true);
          } else if (output === 'values') {
            expect(concatCodes(blocks.map((b) => b.values!))).toEqual(Array.from(file.values()));
          } else {
            const all = concatCodes(blocks.map((b) => b.values!));
            expect(all).toEqual(Array.from(file.thermometer()));
            expect(all.length).toBe((rows.length / F) * codec.thermometerWidth);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports a codec-only file through onCodec and emits nothing', async () => {
    const codec = makeCodec([3]);
    let seen: unknown = null;
    const blocks = await decodeAll([writeBsq(codec)], { onCodec: (c, v) => (seen = { n: c.featureCount, v }) });
    expect(blocks).toEqual([]);
    expect(seen).toEqual({ n: 1, v: { major: 1, minor: 0 } });
  });

  it('a truncated stream is a TRUNCATED error on the readable side, wherever it is cut', async () => {
    const codec = makeCodec([2, 3]);
    const bytes = writeBsq(codec, { rows: new Float64Array(40).map((_, i) => Math.sin(i)), blockRows: 5 });
    for (const cut of [0, 1, 15, 16, 17, 40, bytes.length - 20, bytes.length - 1]) {
      const err = await decodeError(cut === 0 ? [] : [bytes.subarray(0, cut)]);
      expect(err.code).toBe('TRUNCATED');
    }
  });

  it('a corrupted byte is an error through the stream, never silently different data', async () => {
    const codec = makeCodec([4, 4]);
    const bytes = writeBsq(codec, { rows: new Float64Array(64).map((_, i) => Math.cos(i)), blockRows: 8 });
    for (const pos of [3, 12, 20, 40, bytes.length - 30, bytes.length - 2]) {
      const bad = bytes.slice();
      bad[pos] ^= 0x10;
      const err = await decodeError(splitBytes(bad, [0.3, 0.7]));
      expect(['BAD_MAGIC', 'CHECKSUM_MISMATCH', 'TRUNCATED', 'LIMIT_EXCEEDED', 'CORRUPT_FILE']).toContain(err.code);
    }
    const trailing = concat([bytes, new Uint8Array([0])]);
    expect((await decodeError([trailing])).code).toBe('TRAILING_DATA');
  });

  it('passes reader limits to the format layer', async () => {
    const codec = makeCodec([2]);
    const bytes = writeBsq(codec, { rows: new Float64Array(100), blockRows: 50 });
    expect((await decodeError([bytes], { limits: { maxBlockRows: 10 } })).code).toBe('LIMIT_EXCEEDED');
  });

  it('accepts ArrayBuffer chunks and refuses non-binary ones', async () => {
    const codec = makeCodec([2]);
    const bytes = writeBsq(codec, { rows: new Float64Array([0, 1, -1]) });
    const blocks = await decodeAll([bytes.slice().buffer as unknown as Uint8Array]);
    expect(blocks[0].rowCount).toBe(3);
    expect((await decodeError(['abc' as unknown as Uint8Array])).code).toBe('INVALID_ARGUMENT');
    expect(() => createDecoderStream({ output: 'rows' as never })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('headerless DATA records (createDecoderStream({ codec }))', () => {
  function records(codec: ReturnType<typeof makeCodec>, rows: Float64Array, blockRows: number, encoding: 'raw' | 'deflate' = 'raw'): Uint8Array {
    const enc = new StreamEncoder(codec, { blockRows, framing: 'records', encoding });
    return concat([...enc.push(rows), ...enc.finish()]);
  }

  it('decodes any split of a record sequence with the given codec', async () => {
    await fc.assert(
      fc.asyncProperty(
        codecArb.chain((codec) => fc.tuple(fc.constant(codec), rowsArb(codec.featureCount, 100), cutsArb, fc.integer({ min: 1, max: 9 }), fc.constantFrom('raw', 'deflate' as const))),
        async ([codec, rows, cuts, blockRows, encoding]) => {
          const bytes = records(codec, rows, blockRows, encoding);
          const blocks = await decodeAll(splitBytes(bytes, cuts), { codec, output: 'codes' });
          const n = rows.length / codec.featureCount;
          expect(blocks.reduce((s, b) => s + b.rowCount, 0)).toBe(n);
          let next = 0;
          for (const b of blocks) {
            expect(b.firstRow).toBe(next);
            expect(b.encoding).toBe(encoding);
            next += b.rowCount;
          }
          expect(concatCodes(blocks.map((b) => b.codes!))).toEqual(Array.from(codec.encodeRowsToCodes(rows)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('an empty input is no rows; a cut record is TRUNCATED; an oversized length is refused before buffering', async () => {
    const codec = makeCodec([3, 3]);
    expect(await decodeAll([], { codec })).toEqual([]);
    const bytes = records(codec, new Float64Array(20).map((_, i) => i / 10 - 1), 4);
    expect((await decodeError([bytes.subarray(0, bytes.length - 3)], { codec })).code).toBe('TRUNCATED');
    const huge = new Uint8Array([2, 1, 0xff, 0xff, 0xff, 0x7f]);
    expect((await decodeError([huge], { codec })).code).toBe('LIMIT_EXCEEDED');
    const flipped = bytes.slice();
    flipped[8] ^= 1;
    expect((await decodeError([flipped], { codec })).code).toBe('CHECKSUM_MISMATCH');
  });

  it('skips unknown non-critical records between blocks (CRC checked); unknown critical ones and CODEC/END are errors', async () => {
    const codec = makeCodec([2]);
    const data = records(codec, new Float64Array([0, 1, -1, 0.5]), 2);
    const telemetry = encodeRecord(0x80, 0, new Uint8Array([1, 2, 3]));
    const blocks = await decodeAll([concat([telemetry, data.subarray(0, 5), data.subarray(5), telemetry])], { codec });
    expect(blocks.map((b) => b.rowCount)).toEqual([2, 2]);
    const bad = telemetry.slice();
    bad[7] ^= 1;
    expect((await decodeError([bad], { codec })).code).toBe('CHECKSUM_MISMATCH');
    expect((await decodeError([encodeRecord(0x80, 1, new Uint8Array(1))], { codec })).code).toBe('UNSUPPORTED_RECORD');
    expect(await decodeAll([encodeRecord(0x40, 0, new Uint8Array(0)), data], { codec })).toHaveLength(2);
    expect((await decodeError([encodeEndRecord(0, 0)], { codec })).code).toBe('CORRUPT_FILE');
  });

  it('a file header is not a DATA record', async () => {
    const codec = makeCodec([2]);
    const err = await decodeError([writeBsq(codec, { rows: new Float64Array([1]) })], { codec });
    expect(err).toBeInstanceOf(BsqError);
  });
});

describe('StreamDecoder', () => {
  it('stays failed after an error and refuses use after end()', () => {
    const dec = new StreamDecoder();
    expect(() => dec.push(new Uint8Array([1, 2, 3]))).toThrowError(expect.objectContaining({ code: 'BAD_MAGIC' }));
    expect(() => dec.push(new Uint8Array([1]))).toThrowError(expect.objectContaining({ code: 'BAD_MAGIC' }));
    const ok = new StreamDecoder();
    ok.push(writeBsq(makeCodec([1])));
    expect(ok.end()).toEqual([]);
    expect(() => ok.end()).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

function concatCodes(parts: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p[i]);
  return out;
}
