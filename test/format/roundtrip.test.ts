// Property tests: writeBsq then readBsq is the identity (codec, metadata, codes, values, blocks) over
// random codecs, rows, block sizes and encodings; the incremental reader, under any chunking, gives
// exactly the events of the whole-buffer reader; writer argument checks.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_ENCODERS, BsqError, BsqReader, Codec, encodeCodecRecord, readBsq, writeBsq, type BsqEvent } from '../../src/internals.js';
import { chunk, codecArb, cutsArb, rowsArb } from './arbitraries.js';

const encodingArb = fc.constantFrom('raw' as const, 'deflate' as const);

function sameCodec(a: Codec, b: Codec): boolean {
  return Buffer.from(encodeCodecRecord(a)).equals(Buffer.from(encodeCodecRecord(b)));
}

function summary(events: BsqEvent[]): unknown[] {
  return events.map((e) =>
    e.type === 'codec'
      ? { type: e.type, codec: Buffer.from(encodeCodecRecord(e.codec)).toString('hex'), version: e.version }
      : e.type === 'block'
        ? { type: e.type, firstRow: e.firstRow, rowCount: e.rowCount, encoding: e.encoding, packed: Buffer.from(e.packed).toString('hex') }
        : e,
  );
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (!(e instanceof BsqError)) throw e;
    return e.code;
  }
}

describe('write then read is the identity', () => {
  it('rows -> file -> codec, codes, values, blocks', () => {
    fc.assert(
      fc.property(
        codecArb.chain((codec) => fc.tuple(fc.constant(codec), rowsArb(codec, 60), fc.integer({ min: 1, max: 25 }), encodingArb)),
        ([codec, rows, blockRows, encoding]) => {
          const F = codec.featureCount;
          const n = rows.length / F;
          const bytes = writeBsq(codec, { rows, blockRows, encoding });
          const file = readBsq(bytes);
          expect(sameCodec(file.codec, codec)).toBe(true);
          expect(file.codec.metadata).toEqual(codec.metadata);
          expect(file.version).toEqual({ major: 1, minor: 0 });
          expect(file.rowCount).toBe(n);
          expect(file.blockCount).toBe(Math.ceil(n / blockRows));
          let next = 0;
          for (const b of file.blocks) {
            expect(b.firstRow).toBe(next);
            expect(b.encoding).toBe(encoding);
            next += b.rowCount;
          }
          const codes = codec.encodeRowsToCodes(rows);
          expect(Array.from(file.codes())).toEqual(Array.from(codes));
          expect(Array.from(file.values())).toEqual(Array.from(codec.codesToValues(codes)));
          expect(Buffer.from(file.thermometer().buffer).equals(Buffer.from(codec.codesToThermometer(codes).buffer))).toBe(true);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('codes -> file -> the same codes; columns and rows give the same bytes', () => {
    fc.assert(
      fc.property(
        codecArb.chain((codec) => fc.tuple(fc.constant(codec), rowsArb(codec, 40), fc.integer({ min: 1, max: 16 }), encodingArb)),
        ([codec, rows, blockRows, encoding]) => {
          const F = codec.featureCount;
          const n = rows.length / F;
          const codes = codec.encodeRowsToCodes(rows);
          const fromCodes = writeBsq(codec, { codes, rowCount: n, blockRows, encoding });
          const fromRows = writeBsq(codec, { rows, blockRows, encoding });
          const columns = codec.features.map((_, f) => Float64Array.from({ length: n }, (_, r) => rows[r * F + f]));
          const fromColumns = writeBsq(codec, { columns, blockRows, encoding });
          expect(Buffer.from(fromCodes).equals(Buffer.from(fromRows))).toBe(true);
          expect(Buffer.from(fromColumns).equals(Buffer.from(fromRows))).toBe(true);
          expect(Array.from(readBsq(fromCodes).codes())).toEqual(Array.from(codes));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a codec without rows is a codec-only file', () => {
    fc.assert(
      fc.property(codecArb, (codec) => {
        const bytes = writeBsq(codec);
        expect(bytes.length).toBe(16 + encodeCodecRecord(codec).length + 22);
        const file = readBsq(bytes);
        expect(file.rowCount).toBe(0);
        expect(file.blocks).toEqual([]);
        expect(file.codes().length).toBe(0);
        expect(sameCodec(file.codec, codec)).toBe(true);
        expect(Buffer.from(writeBsq(codec, { rows: new Float32Array(0) })).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('incremental reader', () => {
  it('any chunking gives the events of the whole-buffer reader', () => {
    fc.assert(
      fc.property(
        codecArb.chain((codec) => fc.tuple(fc.constant(codec), rowsArb(codec, 40), fc.integer({ min: 1, max: 12 }), encodingArb, cutsArb)),
        ([codec, rows, blockRows, encoding, cuts]) => {
          const bytes = writeBsq(codec, { rows, blockRows, encoding });
          const whole = new BsqReader().push(bytes);
          const r = new BsqReader();
          const events: BsqEvent[] = [];
          for (const c of chunk(bytes, cuts)) events.push(...r.push(c));
          events.push(...r.end());
          expect(summary(events)).toEqual(summary(whole));
          expect(r.done).toBe(true);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('copies raw blocks unless zeroCopy is set, so reusing a chunk buffer is safe', () => {
    const codec = Codec.fromThresholds([{ name: 'x', thresholds: [0, 1, 2] }]);
    const bytes = writeBsq(codec, { rows: Float64Array.of(-1, 0.5, 1.5, 9) });
    const buf = bytes.slice();
    const events = new BsqReader().push(buf);
    buf.fill(0);
    const block = events.find((e) => e.type === 'block');
    expect(block && block.type === 'block' && Array.from(codec.decodeCodes(block.packed, 4))).toEqual([0, 1, 2, 3]);
    const shared = new BsqReader({ zeroCopy: true }).push(bytes).find((e) => e.type === 'block');
    expect(shared && shared.type === 'block' && shared.packed.buffer).toBe(bytes.buffer);
  });
});

describe('writeBsq arguments', () => {
  const codec = Codec.fromThresholds([
    { name: 'a', thresholds: [0] },
    { name: 'b', thresholds: [0, 1, 2] },
  ]);

  it('refuses bad arguments with INVALID_ARGUMENT', () => {
    const rows = Float64Array.of(1, 2, 3, 4);
    expect(codeOf(() => writeBsq({} as Codec))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rows, codes: new Uint8Array(4) }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rows: Float64Array.of(1, 2, 3) }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rows: [1, 2] as unknown as Float64Array }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rows, rowCount: 3 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rows, blockRows: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rows, blockRows: 1.5 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rows, encoding: 'zip' as 'raw' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { columns: [[1, 2]] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { columns: [[1, 2], [1]] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { codes: Uint8Array.of(0, 1, 2) }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { codes: Float32Array.of(0, 1) as unknown as Uint8Array }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => writeBsq(codec, { rowCount: 2 }))).toBe('INVALID_ARGUMENT');
  });

  it('a code out of range names the file row, not the block row', () => {
    let err: unknown;
    try {
      writeBsq(codec, { codes: Uint8Array.of(0, 0, 1, 3, 0, 2, 1, 4), blockRows: 2 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BsqError);
    expect((err as BsqError).code).toBe('INVALID_ARGUMENT');
    expect((err as BsqError).details?.row).toBe(3);
    expect((err as BsqError).message).toMatch(/row 3\b/);
  });

  it('NaN: NAN_INPUT naming the file row by default; a code with the nan policy', () => {
    const rows = Float64Array.of(0, 0, 1, 1, 0, 0, 1, NaN);
    let err: unknown;
    try {
      writeBsq(codec, { rows, blockRows: 2 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BsqError);
    expect((err as BsqError).code).toBe('NAN_INPUT');
    expect((err as BsqError).message).toMatch(/\b3\b/);
    const f = readBsq(writeBsq(codec, { rows, blockRows: 2, nan: { code: 0 } }));
    expect(Array.from(f.codes())).toEqual([0, 0, 1, 1, 0, 0, 1, 0]);
  });

  it('entropy: unsupported until an encoder for it is registered', () => {
    const rows = Float64Array.of(0, 0, 1, 1);
    if (BLOCK_ENCODERS.some((e) => e.name === 'entropy')) {
      expect(Array.from(readBsq(writeBsq(codec, { rows, encoding: 'entropy' })).codes())).toEqual(Array.from(codec.encodeRowsToCodes(rows)));
    } else {
      expect(codeOf(() => writeBsq(codec, { rows, encoding: 'entropy' }))).toBe('UNSUPPORTED_ENCODING');
    }
  });

  it('default blockRows is 65536', () => {
    const n = 70000;
    const f = readBsq(writeBsq(codec, { codes: new Uint8Array(2 * n) }));
    expect(f.blocks.map((b) => b.rowCount)).toEqual([65536, n - 65536]);
  });
});
