// encodeAsync / decodeAsync: round trips through async iterables, ReadableStreams and plain
// iterables; AbortSignal stops them with ABORTED; headerless framing round-trips.
import { describe, expect, it } from 'vitest';
import { decodeAsync, encodeAsync, readBsq, writeBsq } from '../../src/index.js';
import { collect, concat, makeCodec } from './helpers.js';

const codec = makeCodec([3, 5, 2]);
const n = 1000;
const rows = Float32Array.from({ length: n * 3 }, (_, i) => Math.sin(i * 0.37) * 1.2);

async function* chunked(data: Float32Array, size: number): AsyncGenerator<Float32Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
}

describe('encodeAsync / decodeAsync', () => {
  it('round-trips rows through async iterables', async () => {
    const bytes = concat(await collect(encodeAsync(codec, chunked(rows, 3 * 77), { blockRows: 256 })));
    expect(bytes).toEqual(writeBsq(codec, { rows, blockRows: 256 }));
    async function* bytesIn(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
    }
    const blocks = await collect(decodeAsync(bytesIn(), { output: 'values' }));
    expect(blocks.map((b) => b.rowCount)).toEqual([256, 256, 256, 232]);
    expect(concatF32(blocks.map((b) => b.values!))).toEqual(readBsq(bytes).values());
  });

  it('reads ReadableStream and sync iterable sources', async () => {
    const source = new ReadableStream<Float32Array>({
      start(c) {
        c.enqueue(rows.subarray(0, 300));
        c.enqueue(rows.subarray(300));
        c.close();
      },
    });
    const bytes = await collect(encodeAsync(codec, source));
    const blocks = await collect(decodeAsync([concat(bytes)], { output: 'codes' }));
    expect(Array.from(blocks[0].codes!)).toEqual(Array.from(codec.encodeRowsToCodes(rows)));
  });

  it('round-trips headerless records with the codec given', async () => {
    const recs = await collect(encodeAsync(codec, chunked(rows, 30), { blockRows: 10, framing: 'records', flushEachChunk: true }));
    expect(recs.length).toBe(n / 10);
    const blocks = await collect(decodeAsync(recs, { codec, output: 'codes' }));
    expect(blocks.length).toBe(n / 10);
    expect(blocks[99].firstRow).toBe(990);
  });

  it('stops with ABORTED when the signal fires', async () => {
    const ctl = new AbortController();
    let pulled = 0;
    async function* endless(): AsyncGenerator<Float32Array> {
      for (;;) {
        pulled++;
        if (pulled === 5) ctl.abort();
        yield rows.subarray(0, 30);
      }
    }
    await expect(collect(encodeAsync(codec, endless(), { signal: ctl.signal }))).rejects.toMatchObject({ code: 'ABORTED' });
    expect(pulled).toBe(5);
    await expect(collect(decodeAsync([new Uint8Array(1)], { signal: AbortSignal.abort() }))).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('refuses a source that is not iterable', async () => {
    await expect(collect(encodeAsync(codec, 42 as never))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

function concatF32(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
