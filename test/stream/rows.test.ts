// normaliseRows: every accepted chunk shape becomes the same row-major floats; malformed chunks are
// BsqErrors that name the row and feature.
import { describe, expect, it } from 'vitest';
import { BsqError, normaliseRows } from '../../src/internals.js';
import { makeCodec } from './helpers.js';

const codec = makeCodec([2, 3]);

describe('normaliseRows', () => {
  it('passes Float32Array and Float64Array through without copying', () => {
    const f32 = new Float32Array([1, 2, 3, 4]);
    const r = normaliseRows(codec, f32);
    expect(r.data).toBe(f32);
    expect(r.rowCount).toBe(2);
    const f64 = new Float64Array(0);
    expect(normaliseRows(codec, f64).rowCount).toBe(0);
  });

  it('widens other numeric typed arrays', () => {
    const r = normaliseRows(codec, new Int16Array([-3, 7, 100, -100]));
    expect(r.data).toBeInstanceOf(Float64Array);
    expect([...r.data]).toEqual([-3, 7, 100, -100]);
  });

  it('reads arrays of row arrays and arrays of row objects the same way', () => {
    const a = normaliseRows(codec, [[0.5, -0.25], new Float32Array([1, 2])]);
    const b = normaliseRows(codec, [{ f0: 0.5, f1: -0.25, other: 'ignored' }, { f1: 2, f0: 1 }]);
    expect([...a.data]).toEqual([0.5, -0.25, 1, 2]);
    expect([...b.data]).toEqual([0.5, -0.25, 1, 2]);
    expect(normaliseRows(codec, []).rowCount).toBe(0);
  });

  it('refuses a typed array that does not hold whole rows', () => {
    expect(() => normaliseRows(codec, new Float32Array(3))).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('names the row (offset by firstRow) and feature of a bad cell', () => {
    const err = (() => {
      try {
        normaliseRows(codec, [{ f0: 1, f1: 2 }, { f0: 1 }], 10);
      } catch (e) {
        return e;
      }
    })() as BsqError;
    expect(err).toBeInstanceOf(BsqError);
    expect(err.code).toBe('INVALID_DATA');
    expect(err.message).toContain('row 11');
    expect(err.message).toContain('"f1"');
    expect(() => normaliseRows(codec, [[1, '2' as unknown as number]])).toThrowError(/row 0, feature "f1"/);
    expect(() => normaliseRows(codec, [[1, 2, 3]])).toThrowError(/3 values/);
    expect(() => normaliseRows(codec, [null as never])).toThrowError(expect.objectContaining({ code: 'INVALID_DATA' }));
    expect(() => normaliseRows(codec, 'abc' as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => normaliseRows(codec, new BigInt64Array(2) as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
