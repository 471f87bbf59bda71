// Categorical features (spec/FORMAT.md 1.5): dictionary validation, widths, the string <-> index
// mapping under both unknown policies, the numeric paths on indices, and the round trip through
// .bsq (format 1.1), including the refusal of every malformed dictionary.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError, Codec, categoricalBits, isCategorical, readBsq, writeBsq } from '../../src/index.js';

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof BsqError ? e.code : 'not a BsqError'; }
  return undefined;
}

describe('categorical features', () => {
  it('width is the smallest holding the categories (and the unknown code)', () => {
    expect([1, 2, 3, 4, 5, 7, 8, 9, 65536].map((k) => categoricalBits(k, 'error'))).toEqual([1, 1, 2, 2, 3, 3, 3, 4, 16]);
    expect([1, 2, 3, 4, 7, 8, 65535].map((k) => categoricalBits(k, 'code'))).toEqual([1, 2, 2, 3, 3, 4, 16]);
  });

  it('builds thresholds c - 0.5 and levels c, keeps the dictionary in order', () => {
    const c = Codec.fromThresholds([{ name: 'day', categories: ['Mon', 'Tue', 'Wed'], unknown: 'code' }, { name: 't', thresholds: [1] }]);
    const f = c.features[0]!;
    expect(isCategorical(f)).toBe(true);
    expect(isCategorical(c.features[1]!)).toBe(false);
    expect(c.features[1]).not.toHaveProperty('categories');
    expect(f.bits).toBe(2);
    expect(Array.from(f.thresholds)).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(f.levels)).toEqual([0, 1, 2, 3]);
    expect(f.categories).toEqual(['Mon', 'Tue', 'Wed']);
    expect(c.bitsPerRow).toBe(3);
  });

  it('refuses bad dictionaries with INVALID_CODEC naming the feature', () => {
    const make = (categories: unknown, unknown?: unknown) => () => Codec.fromThresholds([{ name: 'x', categories, unknown } as never]);
    expect(code(make([]))).toBe('INVALID_CODEC');
    expect(code(make(['a', 'a']))).toBe('INVALID_CODEC');
    expect(code(make(['a', '']))).toBe('INVALID_CODEC');
    expect(code(make(['a', 3]))).toBe('INVALID_CODEC');
    expect(code(make(['a', '\ud800']))).toBe('INVALID_CODEC');
    expect(code(make(['a'], 'maybe'))).toBe('INVALID_CODEC');
    const big = Array.from({ length: 65536 }, (_, i) => `c${i}`);
    expect(code(make(big))).toBeUndefined();
    try { make(big, 'code')(); } catch (e) { expect((e as Error).message).toMatch(/"x".*too large/); }
    expect(code(make(big, 'code'))).toBe('INVALID_CODEC');
    // fromFeatures: bits, thresholds and levels must be the ones the dictionary implies
    const good = Codec.fromThresholds([{ name: 'm', categories: ['a', 'b', 'c'] }]).features[0]!;
    expect(Codec.fromFeatures([{ ...good }]).features[0]).toEqual(good);
    expect(code(() => Codec.fromFeatures([{ ...good, bits: 3 }]))).toBe('INVALID_CODEC');
    expect(code(() => Codec.fromFeatures([{ ...good, levels: Float32Array.of(0, 1, 2, 2.5) }]))).toBe('INVALID_CODEC');
  });

  it('maps strings to indices: unknown code, UNKNOWN_CATEGORY, missing cells, with the row', () => {
    const c = Codec.fromThresholds([{ name: 'a', categories: ['x', 'y'] }, { name: 'b', categories: ['x', 'y'], unknown: 'code' }]);
    expect(Array.from(c.categoryIndices(0, ['y', 'x']))).toEqual([1, 0]);
    expect(Array.from(c.categoryIndices(1, ['y', 'zz', 'x']))).toEqual([1, 2, 0]);
    try { c.categoryIndices(0, ['x', 'zz'], { firstRow: 10 }); expect.unreachable(); } catch (e) {
      expect((e as BsqError).code).toBe('UNKNOWN_CATEGORY');
      expect((e as BsqError).details).toMatchObject({ row: 11, feature: 'a' });
    }
    for (const missing of [null, undefined, '']) {
      try { c.categoryIndices(0, ['x', missing]); expect.unreachable(); } catch (e) {
        expect((e as BsqError).code).toBe('INVALID_DATA');
        expect((e as BsqError).details).toMatchObject({ row: 1, feature: 'a' });
      }
      // with an unknown code, a missing value is unknown
      expect(Array.from(c.categoryIndices(1, ['x', missing]))).toEqual([0, 2]);
    }
    expect(c.categoryNames(1, Uint8Array.of(0, 2, 1))).toEqual(['x', null, 'y']);
    expect(code(() => c.categoryNames(0, Uint8Array.of(0, 2)))).toBe('CORRUPT_BLOCK');
    expect(code(() => c.categoryIndices(5, ['x']))).toBe('INVALID_ARGUMENT');
    const n = Codec.fromThresholds([{ name: 'num', thresholds: [0] }]);
    expect(code(() => n.categoryIndices(0, ['x']))).toBe('INVALID_ARGUMENT');
  });

  it('numeric paths take indices and refuse anything that is not one', () => {
    const c = Codec.fromThresholds([{ name: 'a', categories: ['x', 'y', 'z'] }, { name: 't', thresholds: [0] }]);
    expect(Array.from(c.encodeRowsToCodes(Float64Array.of(2, 5, 0, -5)))).toEqual([2, 1, 0, 0]);
    for (const bad of [3, 1.5, -1, Infinity]) {
      expect(code(() => c.encodeRows(Float64Array.of(0, 0, bad, 0)))).toBe('UNKNOWN_CATEGORY');
      expect(code(() => c.encodeColumns([[0, bad], [0, 0]]))).toBe('UNKNOWN_CATEGORY');
      expect(code(() => c.encodeValue(0, bad))).toBe('UNKNOWN_CATEGORY');
    }
    // NaN is left to the NaN policy
    expect(code(() => c.encodeRows(Float64Array.of(NaN, 0)))).toBe('NAN_INPUT');
    expect(Array.from(c.encodeRowsToCodes(Float64Array.of(NaN, 0), { nan: { code: 0 } }))).toEqual([0, 0]);
  });

  it('round-trips any dictionary and its codes through .bsq exactly (format 1.1)', () => {
    const cat = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(cat, fc.boolean(), fc.array(fc.nat(), { maxLength: 50 }), (cats, unk, picks) => {
      const c = Codec.fromThresholds([{ name: 'c', categories: cats, unknown: unk ? 'code' : 'error' }, { name: 'v', thresholds: [0, 1, 2] }]);
      const values = picks.map((p) => cats[p % cats.length]!);
      const idx = c.categoryIndices(0, values);
      const bytes = writeBsq(c, { columns: [idx, Float64Array.from(picks, (p) => p % 5)] });
      expect(bytes[9]).toBe(1);
      const file = readBsq(bytes);
      expect(file.codec.features[0]!.categories).toEqual(cats);
      expect(file.codec.features[0]!.unknown).toBe(unk ? 'code' : 'error');
      expect(file.codec.categoryNames(0, file.codes(), { stride: 2 })).toEqual(values);
    }), { numRuns: 60 });
  });

  it('a file without categorical features stays format 1.0', () => {
    const c = Codec.fromThresholds([{ name: 'v', thresholds: [0] }]);
    expect(writeBsq(c)[9]).toBe(0);
  });
});
