// flushAfterMs: rows that wait that long without their block filling leave the encoder as a short
// block (bounded latency for live sensors), in the WHATWG and the Node encoder.
import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { createEncoderStream, readBsq } from '../../src/index.js';
import { createNodeEncoder } from '../../src/stream/node.js';
import { concat, makeCodec } from './helpers.js';

const codec = makeCodec([3, 3]);

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no output within ${ms} ms`)), ms))]);
}

describe('flushAfterMs', () => {
  it('WHATWG: a partial block leaves after the delay, without further writes', async () => {
    const ts = createEncoderStream(codec, { blockRows: 100, flushAfterMs: 15 });
    const reader = ts.readable.getReader();
    const writer = ts.writable.getWriter();
    const parts: Uint8Array[] = [(await reader.read()).value!];
    await writer.write([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]);
    parts.push((await within(reader.read(), 5000)).value!);
    await writer.write(new Float64Array(2 * 150).fill(0.25)); // one full block + 50 buffered rows
    parts.push((await within(reader.read(), 5000)).value!); // the full block at once
    parts.push((await within(reader.read(), 5000)).value!); // the 50 rows after the delay
    void writer.close();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    const file = readBsq(concat(parts));
    expect(file.blocks.map((b) => b.rowCount)).toEqual([3, 100, 50]);
  });

  it('Node: a partial block is pushed after the delay', async () => {
    const enc = createNodeEncoder(codec, { blockRows: 100, flushAfterMs: 15, framing: 'records' });
    const got: Buffer[] = [];
    enc.on('data', (b: Buffer) => got.push(b));
    enc.write([[0.1, 0.2]]);
    await within(once(enc, 'data'), 5000);
    expect(got.length).toBe(1);
    expect(got[0][0]).toBe(0x02); // one DATA record
    enc.end();
    await once(enc, 'end');
  });

  it('refuses a bad delay', () => {
    for (const flushAfterMs of [-1, NaN, Infinity]) {
      expect(() => createEncoderStream(codec, { flushAfterMs })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      expect(() => createNodeEncoder(codec, { flushAfterMs })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('flushAfterMs where there is no clock, and the process lifetime', () => {
  it('StreamEncoder, encodeAsync and tableToBsq refuse it up front instead of ignoring it', async () => {
    const { StreamEncoder, encodeAsync } = await import('../../src/index.js');
    const { tableToBsq } = await import('../../src/arrow/index.js');
    const { tableFromArrays } = await import('apache-arrow');
    const opts = { flushAfterMs: 10 } as never;
    expect(() => new StreamEncoder(codec, opts)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/createEncoderStream/) }));
    await expect(encodeAsync(codec, [[[0.1, 0.2]]], opts).next()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const table = tableFromArrays({ [codec.features[0]!.name]: Float32Array.of(0.1), [codec.features[1]!.name]: Float32Array.of(0.2) });
    expect(() => tableToBsq(table, codec, opts)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('a script that writes one row and awaits its flushed block gets it, then exits 0', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = new URL('../../', import.meta.url).pathname;
    const script = `
      import { Codec, createEncoderStream, readBsq } from './src/index.ts';
      const codec = Codec.fromThresholds([{ name: 'x', thresholds: [0] }]);
      const ts = createEncoderStream(codec, { blockRows: 100, flushAfterMs: 30, framing: 'records' });
      const reader = ts.readable.getReader();
      const writer = ts.writable.getWriter();
      await writer.write([[1]]);
      const { value } = await reader.read();
      console.log('block of', value.length, 'bytes');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('block of 16 bytes');
  });
});
