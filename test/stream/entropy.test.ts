// Entropy-coded blocks (encoding 'entropy') pass through the stream layer opaquely: with a codec
// that carries a model the bytes equal writeBsq's for any chunking; without one the model is fitted
// on the first block; headerless records need the model on the codec.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StreamEncoder, createEncoderStream, decodeAsync, encodeAsync, readBsq, writeBsq } from '../../src/index.js';
import { collect, concat, cutPoints, cutsArb, makeCodec, runTransform } from './helpers.js';

/** Slow sensor-like signals: neighbouring rows have close codes, so entropy coding pays. */
function walk(n: number, F: number, seed: number): Float64Array {
  const out = new Float64Array(n * F);
  let s = seed;
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) {
    s = (s * 16807) % 2147483647;
    out[r * F + f] = Math.sin(r / 40 + f) * 0.9 + (s / 2147483647 - 0.5) * 0.05;
  }
  return out;
}

describe("encoding 'entropy' through streams", () => {
  const base = makeCodec([4, 3, 5]);
  const rows = walk(3000, 3, 11);
  const modelled = base.fitEntropyModel(rows);

  it('equals writeBsq for any chunking when the codec carries a model (entropy and raw)', async () => {
    await fc.assert(
      fc.asyncProperty(cutsArb, fc.integer({ min: 100, max: 2000 }), fc.constantFrom('entropy', 'raw' as const), fc.integer({ min: 0, max: 3000 }), async (cuts, blockRows, encoding, n) => {
        const data = rows.subarray(0, n * 3);
        const chunks = cutPoints(n, cuts).map(([a, b]) => data.subarray(a * 3, b * 3));
        const out = concat(await runTransform(createEncoderStream(modelled, { blockRows, encoding }), chunks));
        expect(out).toEqual(writeBsq(modelled, { rows: data, blockRows, encoding }));
      }),
      { numRuns: 15 },
    );
  });

  it('fits the model on the first block when the codec has none, and decodes back', async () => {
    const bytes = concat(await collect(encodeAsync(base, [rows.subarray(0, 1500), rows.subarray(1500)], { blockRows: 1000, encoding: 'entropy' })));
    const file = readBsq(bytes);
    expect(file.blocks.some((b) => b.encoding === 'entropy')).toBe(true);
    expect(file.codes()).toEqual(base.encodeRowsToCodes(rows));
    expect(bytes.length).toBeLessThan(writeBsq(base, { rows, blockRows: 1000 }).length);
    const blocks = await collect(decodeAsync([bytes], { output: 'codes' }));
    expect(blocks.reduce((s, b) => s + b.rowCount, 0)).toBe(3000);
  });

  it('headerless records: work with a modelled codec, refused without a model', async () => {
    const recs = await collect(encodeAsync(modelled, [rows], { blockRows: 500, encoding: 'entropy', framing: 'records' }));
    const blocks = await collect(decodeAsync(recs, { codec: modelled, output: 'codes' }));
    expect(blocks.map((b) => b.encoding).includes('entropy')).toBe(true);
    expect(blocks.flatMap((b) => Array.from(b.codes!))).toEqual(Array.from(modelled.encodeRowsToCodes(rows)));
    expect(() => new StreamEncoder(base, { encoding: 'entropy', framing: 'records' })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
