// Every single-byte corruption of a small Parquet file (three bit patterns per byte): converting it
// to .bsq either succeeds or fails with a BsqError, never with another exception. Regression: a
// flipped byte in the footer left a schema column without a name, which reached the CLI as a
// TypeError ("Cannot read properties of undefined").
import { describe, expect, it } from 'vitest';
import { BsqError, writeBsq } from '../../src/index.js';
import { parquetFromBsq, parquetToBsq } from '../../src/parquet/index.js';
import { makeCodec, makeRows } from './helpers.js';

describe('corrupt Parquet input', () => {
  it('every flipped byte gives a result or a BsqError', async () => {
    const codec = makeCodec([2, 3]);
    const pq = await parquetFromBsq(writeBsq(codec, { rows: makeRows(2, 40, 7), blockRows: 16 }), { output: 'values', compression: 'uncompressed' });
    const seen = new Map<string, number>();
    for (let i = 0; i < pq.length; i++) {
      for (const x of [0x01, 0x80, 0xff]) {
        const bad = pq.slice();
        bad[i]! ^= x;
        let outcome = 'ok';
        try {
          await parquetToBsq(bad, codec);
        } catch (err) {
          if (!(err instanceof BsqError)) throw new Error(`byte ${i} ^ 0x${x.toString(16)}: ${String(err)}`, { cause: err });
          outcome = err.code;
        }
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }
    }
    // the corruptions were noticed, not only read as other values
    expect(seen.get('INVALID_DATA') ?? 0).toBeGreaterThan(pq.length / 10);
  });
});
