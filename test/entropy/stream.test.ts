// Encoding 2 through the stream decoder: an entropy-coded file (and a headerless sequence of
// entropy-coded DATA records) cut into chunks anywhere decodes to exactly the codes of the file.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Codec, decodeAsync, encodeDataRecord, readBsq, writeBsq } from 'bsq';

function codecOf(bits: number[]): Codec {
  return Codec.fromThresholds(bits.map((b, i) => ({ name: `f${i}`, thresholds: Array.from({ length: 2 ** b - 1 }, (_, k) => k + 1) })));
}

function slowCodes(bits: number[], rows: number): Uint16Array {
  const out = new Uint16Array(rows * bits.length);
  for (let r = 0; r < rows; r++) {
    bits.forEach((b, f) => (out[r * bits.length + f] = Math.floor((Math.sin(r / 37 + f) + 1) / 2 * (2 ** b - 1))));
  }
  return out;
}

function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...at, bytes.length]) {
    parts.push(bytes.subarray(prev, p));
    prev = p;
  }
  return parts;
}

describe('encoding 2 through the stream decoder', () => {
  const bits = [4, 10, 2];
  const codes = slowCodes(bits, 2500);
  const codec = codecOf(bits).fitEntropyModelFromCodes(codes);
  const file = writeBsq(codec, { codes, blockRows: 700, encoding: 'entropy' });

  it('any chunking of a file gives the codes of readBsq', async () => {
    expect(readBsq(file).blocks.every((b) => b.encoding === 'entropy')).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 30 }), async (points) => {
        const got: number[] = [];
        for await (const block of decodeAsync(cut(file, points), { output: 'codes' })) got.push(...block.codes!);
        expect(got).toEqual(Array.from(codes));
      }),
      { numRuns: 40 },
    );
  });

  it('any chunking of headerless entropy-coded records gives the same codes, with the modelled codec', async () => {
    const records: Uint8Array[] = [];
    for (let r = 0; r < 2500; r += 700) {
      const rows = Math.min(700, 2500 - r);
      records.push(encodeDataRecord(codec, codec.packCodes(codes.subarray(r * 3, (r + rows) * 3), rows), rows, 'entropy'));
    }
    expect(records.every((rec) => rec[10] === 2)).toBe(true);
    const stream = new Uint8Array(Buffer.concat(records));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 30 }), async (points) => {
        const got: number[] = [];
        for await (const block of decodeAsync(cut(stream, points), { codec, output: 'codes' })) got.push(...block.codes!);
        expect(got).toEqual(Array.from(codes));
      }),
      { numRuns: 40 },
    );
  });
});
