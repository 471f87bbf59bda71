// Parquet and categorical features: a categorical feature decodes ('values', 'dictionary') to a
// UTF8 column of its categories (the unknown code as null), a string column encodes to the category
// indices, and every output encodes back to the same bytes.
import { describe, expect, it } from 'vitest';
import { BsqError, Codec, readBsq, writeBsq } from '../../src/index.js';
import { parquetFromBsq, parquetToBsq } from '../../src/parquet/index.js';
import { readRows } from './helpers.js';

const codec = Codec.fromThresholds([
  { name: 'day', categories: ['Mon', 'Tue', 'Wed'], unknown: 'code' },
  { name: 'temp', thresholds: [10, 20, 30] },
  { name: 'mode', categories: ['idle', 'run'] },
]);
const days = ['Tue', 'Mon', 'Sun', 'Wed', 'Mon'];
const modes = ['run', 'idle', 'idle', 'run', 'idle'];
const bsq = writeBsq(codec, { columns: [codec.categoryIndices(0, days), Float64Array.of(5, 15, 25, 35, 12), codec.categoryIndices(2, modes)] });

describe('Parquet categorical columns', () => {
  it('values and dictionary outputs hold the category strings (unknown -> null) and encode back to the same bytes', async () => {
    for (const output of ['values', 'dictionary', 'codes'] as const) {
      const pq = await parquetFromBsq(bsq, { output });
      if (output !== 'codes') {
        const rows = await readRows(pq);
        expect(rows.map((r) => r.day)).toEqual(['Tue', 'Mon', null, 'Wed', 'Mon']);
        expect(rows.map((r) => r.mode)).toEqual(modes);
      }
      expect(Buffer.from(await parquetToBsq(pq, codec)).equals(Buffer.from(bsq)), output).toBe(true);
    }
  });

  it('a category outside a dictionary without an unknown code is UNKNOWN_CATEGORY', async () => {
    const other = Codec.fromThresholds([{ name: 'day', categories: ['Mon', 'Tue'] }]);
    const pq = await parquetFromBsq(bsq);
    try { await parquetToBsq(pq, other); expect.unreachable(); } catch (e) {
      expect((e as BsqError).code).toBe('INVALID_DATA'); // row 2 is null (the unknown code of the file's codec): a missing value
    }
    const only = writeBsq(Codec.fromThresholds([{ name: 'day', categories: ['Mon', 'Tue', 'Wed'] }]), { columns: [codec.categoryIndices(0, ['Mon', 'Wed'])] });
    const pq2 = await parquetFromBsq(only);
    try { await parquetToBsq(pq2, other); expect.unreachable(); } catch (e) {
      expect((e as BsqError).code).toBe('UNKNOWN_CATEGORY');
      expect((e as BsqError).details).toMatchObject({ row: 1, feature: 'day' });
    }
    expect(readBsq(await parquetToBsq(pq2, Codec.fromThresholds([{ name: 'day', categories: ['Wed', 'Mon'] }]))).codes()).toEqual(Uint8Array.of(1, 0));
  });
});
