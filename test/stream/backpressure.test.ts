// Backpressure: with a slow consumer the producer is paused, so the number of row chunks produced but
// not yet consumed as blocks stays bounded (WHATWG pipeThrough, async iterables and Node pipeline).
import { describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createEncoderStream, encodeAsync } from '../../src/index.js';
import { createNodeEncoder } from '../../src/stream/node.js';
import { makeCodec } from './helpers.js';

const codec = makeCodec([2, 2]);
const BLOCK = 16;
const CHUNKS = 120;
const chunk = new Float64Array(BLOCK * 2).map((_, i) => Math.sin(i));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('backpressure', () => {
  it('WHATWG: a slow reader pauses the producer (queue stays bounded)', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    const source = new ReadableStream<Float64Array>(
      {
        pull(c) {
          if (produced === CHUNKS) return c.close();
          produced++;
          maxAhead = Math.max(maxAhead, produced - consumed);
          c.enqueue(chunk);
        },
      },
      { highWaterMark: 1 },
    );
    const reader = source.pipeThrough(createEncoderStream(codec, { blockRows: BLOCK })).getReader();
    await reader.read(); // header + codec
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      consumed++; // one block per chunk (and finally END)
      await sleep(1);
    }
    expect(consumed).toBe(CHUNKS + 1);
    // without backpressure the producer would run CHUNKS ahead
    expect(maxAhead).toBeLessThanOrEqual(6);
  });

  it('async iterables: the source is pulled only as fast as blocks are consumed', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    async function* source(): AsyncGenerator<Float64Array> {
      for (let i = 0; i < CHUNKS; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - consumed);
        yield chunk;
      }
    }
    for await (const _ of encodeAsync(codec, source(), { blockRows: BLOCK })) {
      void _;
      consumed++;
      await sleep(0);
    }
    expect(maxAhead).toBeLessThanOrEqual(2);
  });

  it('Node pipeline: a slow writable pauses the producer', async () => {
    let produced = 0;
    let consumedBytes = 0;
    let maxAheadBytes = 0;
    const recordBytes = 15 + (BLOCK * 4) / 8; // DATA framing + packed rows (4 bits per row)
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < CHUNKS; i++) {
          produced++;
          maxAheadBytes = Math.max(maxAheadBytes, produced * recordBytes - consumedBytes);
          yield chunk;
        }
      })(),
      { highWaterMark: 1 },
    );
    const sink = new Writable({
      highWaterMark: 64,
      write(c: Buffer, _e, cb) {
        consumedBytes += c.length;
        setTimeout(cb, 1);
      },
    });
    await pipeline(source, createNodeEncoder(codec, { blockRows: BLOCK, readableHighWaterMark: 64 }), sink);
    expect(produced).toBe(CHUNKS);
    // bounded by the few small buffers between producer and sink, not by CHUNKS * recordBytes
    expect(maxAheadBytes).toBeLessThan(12 * recordBytes);
  });
});
