// Node adapters: createNodeEncoder / createNodeDecoder in stream.pipeline round-trip rows, carry
// BsqErrors through the pipeline, and read byte chunks of any size.
import { describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BsqError, readBsq } from '../../src/index.js';
import type { DecodedRows } from '../../src/index.js';
import { createNodeDecoder, createNodeEncoder } from '../../src/stream/node.js';
import { makeCodec } from './helpers.js';

const codec = makeCodec([4, 1, 6]);
const rows = Float64Array.from({ length: 500 * 3 }, (_, i) => Math.cos(i * 0.11));

function objectSink(out: unknown[]): Writable {
  return new Writable({
    objectMode: true,
    write(c, _e, cb) {
      out.push(c);
      cb();
    },
  });
}

describe('Node adapters', () => {
  it('encoder -> decoder in one pipeline round-trips the codes', async () => {
    const blocks: DecodedRows[] = [];
    const chunks = [rows.subarray(0, 300), Array.from({ length: 10 }, (_, r) => Array.from(rows.subarray(300 + r * 3, 303 + r * 3))), rows.subarray(330)];
    await pipeline(Readable.from(chunks), createNodeEncoder(codec, { blockRows: 64 }), createNodeDecoder({ output: 'codes' }), objectSink(blocks));
    expect(blocks.map((b) => b.rowCount)).toEqual([64, 64, 64, 64, 64, 64, 64, 52]);
    const codes = blocks.flatMap((b) => Array.from(b.codes!));
    expect(codes).toEqual(Array.from(codec.encodeRowsToCodes(rows)));
  });

  it('the encoder gives a valid .bsq byte stream (Buffer chunks)', async () => {
    const bufs: Buffer[] = [];
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        bufs.push(c);
        cb();
      },
    });
    await pipeline(Readable.from([rows]), createNodeEncoder(codec), sink);
    const file = readBsq(new Uint8Array(Buffer.concat(bufs)));
    expect(file.rowCount).toBe(500);
  });

  it('a bad byte stream rejects the pipeline with a BsqError', async () => {
    const bytes = Buffer.from([0x89, 0x42, 0x53, 0x51, 0x0d, 0x0a, 0x1a, 0x0a, 1, 0, 0, 0]);
    const err = await pipeline(Readable.from([bytes]), createNodeDecoder(), objectSink([])).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BsqError);
    expect((err as BsqError).code).toBe('TRUNCATED');
    const err2 = await pipeline(Readable.from([[{ f0: 1 }]]), createNodeEncoder(codec), objectSink([])).then(() => null, (e: unknown) => e);
    expect(err2).toMatchObject({ code: 'INVALID_DATA' });
  });

  it('headerless records through Node streams, one byte at a time', async () => {
    const recs: Buffer[] = [];
    await pipeline(
      Readable.from([rows.subarray(0, 30), rows.subarray(30, 60)]),
      createNodeEncoder(codec, { framing: 'records', blockRows: 4, flushEachChunk: true }),
      new Writable({
        write(c: Buffer, _e, cb) {
          recs.push(c);
          cb();
        },
      }),
    );
    expect(recs.length).toBe(6); // 10 rows per chunk -> 4 + 4 + 2, twice
    const all = Buffer.concat(recs);
    const bytes = Array.from(all, (b) => Buffer.from([b]));
    const blocks: DecodedRows[] = [];
    await pipeline(Readable.from(bytes), createNodeDecoder({ codec, output: 'values' }), objectSink(blocks));
    expect(blocks.map((b) => b.rowCount)).toEqual([4, 4, 2, 4, 4, 2]);
    expect(blocks[5].firstRow).toBe(18);
  });
});
