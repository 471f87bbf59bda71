// Codec validation (FORMAT.md section 1), default levels (1.3), the NaN policy and argument checks:
// every refusal is a BsqError with a stable code, and codec errors name the feature.

import { describe, expect, it } from 'vitest';
import { BsqError, Codec, isBsqError, type Feature } from '../../src/codec/index.js';
import { nextUp32, makeRows, refCodes, refPack, toColumns } from './helpers.js';

function codeOf(fn: () => unknown): { code: string; message: string; details: unknown } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BsqError);
    const err = e as BsqError;
    return { code: err.code, message: err.message, details: err.details };
  }
  throw new Error('expected a BsqError');
}

describe('codec validation', () => {
  const ok = { name: 'ok', thresholds: [0, 1, 2] };

  it.each([
    ['empty name', { name: '', thresholds: [0] }, /name must be a non-empty string/],
    ['name too long', { name: 'é'.repeat(128), thresholds: [0] }, /256 UTF-8 bytes/],
    ['lone surrogate name', { name: 'a\ud800', thresholds: [0] }, /lone surrogate/],
    ['threshold count not 2^b-1', { name: 'bad', thresholds: [0, 1] }, /"bad".*threshold count/],
    ['no thresholds (width 0)', { name: 'bad', thresholds: [] }, /"bad".*width 0 .*not sent: leave it out of the codec/],
    ['NaN threshold', { name: 'bad', thresholds: [0, NaN, 2] }, /"bad".*threshold 2 is not finite/],
    ['infinite threshold', { name: 'bad', thresholds: [-Infinity] }, /"bad".*not finite/],
    ['threshold overflowing binary32', { name: 'bad', thresholds: [1e39] }, /"bad".*not finite/],
    ['decreasing thresholds', { name: 'bad', thresholds: [0, 2, 1] }, /"bad".*non-decreasing/],
    ['wrong level count', { name: 'bad', thresholds: [0], levels: [-1, 1, 2] }, /"bad".*2 levels/],
    ['NaN level', { name: 'bad', thresholds: [0], levels: [NaN, 1] }, /"bad".*level 0 is NaN/],
    ['level outside its interval', { name: 'bad', thresholds: [0, 1, 2], levels: [-1, 0.5, 2.5, 3] }, /"bad".*level 2 = 2.5/],
    ['level equal to lower threshold', { name: 'bad', thresholds: [0], levels: [-1, 0] }, /"bad".*level 1/],
    ['-Infinity level for code 0', { name: 'bad', thresholds: [0], levels: [-Infinity, 1] }, /"bad".*level 0/],
    ['non-number threshold', { name: 'bad', thresholds: ['1'] as unknown as number[] }, /"bad".*not a number/],
  ])('refuses %s with INVALID_CODEC naming the feature', (_label, spec, pattern) => {
    const e = codeOf(() => Codec.fromThresholds([ok, spec as never]));
    expect(e.code).toBe('INVALID_CODEC');
    expect(e.message).toMatch(pattern);
    expect(e.message).toMatch(/index 1/);
  });

  it('accepts boundary cases: 255-byte name, ties, +Infinity top level, level equal to upper threshold', () => {
    const c = Codec.fromThresholds([
      { name: 'x'.repeat(255), thresholds: [0] },
      { name: 'tie', thresholds: [1, 1, 1], levels: [0, 123, -5, Infinity] }, // tied codes 1, 2 are free
      { name: 'upper', thresholds: [0, 1, 2], levels: [0, 1, 2, 3] },
    ]);
    expect(c.featureCount).toBe(3);
    expect(c.bitsPerRow).toBe(1 + 2 + 2);
    expect(c.thermometerWidth).toBe(1 + 3 + 3);
  });

  it('refuses duplicate names, no features, and bad spec arrays', () => {
    const dup = codeOf(() => Codec.fromThresholds([ok, { name: 'ok', thresholds: [1] }]));
    expect(dup.code).toBe('INVALID_CODEC');
    expect(dup.message).toMatch(/"ok" \(index 1\).*already used by feature 0/);
    expect(codeOf(() => Codec.fromThresholds([])).code).toBe('INVALID_CODEC');
    expect(codeOf(() => Codec.fromThresholds('x' as never)).code).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => Codec.fromThresholds([null as never])).code).toBe('INVALID_CODEC');
  });

  it('width 0 is never part of a codec: bits 0 is refused, a feature that is not sent is left out', () => {
    const zero: Feature = { name: 'skip', bits: 0, thresholds: new Float32Array(0), levels: new Float32Array([0]) };
    const e = codeOf(() => Codec.fromFeatures([{ name: 'a', bits: 1, thresholds: new Float32Array([0]), levels: new Float32Array([-1, 1]) }, zero]));
    expect(e.code).toBe('INVALID_CODEC');
    expect(e.message).toMatch(/feature "skip" \(index 1\): width 0 .*not sent: leave it out of the codec/);
    expect(e.details).toMatchObject({ feature: 'skip', featureIndex: 1 });
    // the codec without it: the remaining features pack back to back, nothing is reserved for it
    const kept = Codec.fromThresholds([{ name: 'a', thresholds: [0] }, { name: 'c', thresholds: [0, 1, 2] }]);
    expect(kept.bitsPerRow).toBe(3);
    expect(Array.from(kept.encodeRows(Float64Array.of(1, 5, -1, 0.5)))).toEqual([1 | (3 << 1) | (0 << 3) | (1 << 4)]);
  });

  it('fromFeatures checks bits against the arrays and requires levels', () => {
    const f: Feature = { name: 'f', bits: 2, thresholds: new Float32Array([0, 1, 2]), levels: new Float32Array([-1, 0.5, 1.5, 3]) };
    expect(Codec.fromFeatures([f]).features[0].bits).toBe(2);
    // Same options shape as fromThresholds; a bare metadata object is refused, not taken as options.
    expect(Codec.fromFeatures([f], { metadata: { task: 't' } }).metadata).toEqual({ task: 't' });
    expect(Codec.fromThresholds([{ name: 'f', thresholds: [0] }], { metadata: { task: 't' } }).metadata).toEqual({ task: 't' });
    expect(codeOf(() => Codec.fromFeatures([f], { task: 't' } as never)).code).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => Codec.fromFeatures([{ ...f, bits: 3 }])).message).toMatch(/"f".*3 bits need 7 thresholds/);
    expect(codeOf(() => Codec.fromFeatures([{ ...f, bits: 17 }])).message).toMatch(/"f".*bits must be an integer in 1\.\.16/);
    expect(codeOf(() => Codec.fromFeatures([{ ...f, levels: undefined as never }])).message).toMatch(/"f".*levels are missing/);
    expect(codeOf(() => Codec.fromFeatures([{ ...f, levels: new Float32Array([-1, 0.5, 2.5, 3]) }])).code).toBe('INVALID_CODEC');
  });

  it('copies its inputs: later mutation of the caller arrays does not change the codec', () => {
    const t = new Float32Array([0, 1, 2]);
    const c = Codec.fromThresholds([{ name: 'a', thresholds: t }]);
    t[0] = 100;
    expect(c.features[0].thresholds[0]).toBe(0);
    expect(c.encodeValue(0, 0.5)).toBe(1);
  });

  it('metadata: kept, replaced by withMetadata, refused when not an object', () => {
    const c = Codec.fromThresholds([ok], { metadata: { task: 'demo' } });
    expect(c.metadata).toEqual({ task: 'demo' });
    const d = c.withMetadata({ other: 1 });
    expect(d.metadata).toEqual({ other: 1 });
    expect(d.features).toBe(c.features);
    expect(c.withMetadata(undefined).metadata).toBeUndefined();
    expect(Array.from(d.encodeRows(new Float32Array([0.5, 1.5])))).toEqual(Array.from(c.encodeRows(new Float32Array([0.5, 1.5]))));
    expect(codeOf(() => c.withMetadata([1] as never)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('default levels (FORMAT.md 1.3)', () => {
  const levels = (t: number[]) => Array.from(Codec.fromThresholds([{ name: 'f', thresholds: t }]).features[0].levels);

  it('interval middles, half a gap outside, g = max(1, |t1|) without gaps', () => {
    expect(levels([0, 1, 3])).toEqual([-0.5, 0.5, 2, 4]);
    expect(levels([0])).toEqual([-0.5, 0.5]);
    expect(levels([10])).toEqual([5, 15]);
    expect(levels([-0.25])).toEqual([-0.75, 0.25]);
    expect(levels([2, 2, 2])).toEqual([1, 2, 2, 3]); // ties: levels of codes 1, 2 are t_c
    expect(levels([1, 1, 4])).toEqual([-0.5, 1, 2.5, 5.5]); // g_lo is the first non-zero gap (3)
  });

  it('adjacent binary32 thresholds: a middle that rounds onto t_c becomes t_c+1', () => {
    const a = 1;
    const b = nextUp32(a);
    const c = nextUp32(b);
    const v = levels([a, b, c]);
    expect(v[1]).toBe(b);
    expect(v[2]).toBe(c);
    expect(v[3]).toBeGreaterThan(c);
    expect(v[0]).toBeLessThan(a);
  });

  it('huge magnitudes: top level may be +Infinity, bottom level falls back to t_1 when -Infinity', () => {
    const max = 3.4028234663852886e38;
    expect(levels([max])).toEqual([max / 2, Infinity]);
    expect(levels([-max])).toEqual([-max, -max / 2]);
    // gap too small to move t_K at this magnitude: next binary32 above t_K
    const big = Math.fround(1e38);
    const v = levels([big, nextUp32(big), nextUp32(nextUp32(big))]);
    expect(v[3]).toBe(nextUp32(nextUp32(nextUp32(big))));
  });

  it('tiny magnitudes: subnormal thresholds still get levels inside their intervals', () => {
    const s = 1.401298464324817e-45;
    const v = levels([0, s, 2 * s]);
    expect(Object.is(v[0], -0)).toBe(true); // 0 - s/2 rounds to -0, which is <= t_1 = 0 (code 0)
    expect(v[1]).toBe(s); // (0 + s) / 2 rounds to 0 (even) -> t_2
    expect(v[2]).toBe(2 * s); // 1.5 s rounds to 2 s
    expect(v[3]).toBeGreaterThan(2 * s);
  });
});

describe('encoding rule and NaN policy', () => {
  const codec = Codec.fromThresholds([
    { name: 'a', thresholds: [1] },
    { name: 'b', thresholds: [-1, 0, 1] },
  ]);

  it('equal does not exceed; infinities go to the ends; binary64 just above a binary32 threshold exceeds it', () => {
    expect(codec.encodeValue(1, 0)).toBe(1);
    expect(codec.encodeValue(1, 5e-324)).toBe(2);
    expect(codec.encodeValue(1, -0)).toBe(1);
    expect(codec.encodeValue(1, -Infinity)).toBe(0);
    expect(codec.encodeValue(1, Infinity)).toBe(3);
    const t = Math.fround(0.1); // 0.10000000149...
    const c = Codec.fromThresholds([{ name: 'p', thresholds: [t] }]);
    expect(c.encodeValue(0, t)).toBe(0);
    expect(c.encodeValue(0, t + 1e-17)).toBe(1); // above t in binary64, rounds back to t in binary32
    expect(Array.from(c.encodeRowsToCodes(new Float64Array([t, t + 1e-17, 0.1])))).toEqual([0, 1, 0]);
    expect(Array.from(c.encodeRowsToCodes(new Float32Array([t, t + 1e-17, 0.1])))).toEqual([0, 0, 0]);
  });

  it('NaN is an error naming row (with firstRow) and feature, in every entry point', () => {
    const rows = new Float64Array([0, 0, 2, NaN]);
    for (const fn of [
      () => codec.encodeRows(rows, { firstRow: 100 }),
      () => codec.encodeRowsToCodes(rows, { firstRow: 100 }),
      () => codec.encodeColumns([new Float64Array([0, 2]), [0, NaN]], { firstRow: 100 }),
      () => codec.encodeColumnsToCodes([new Float64Array([0, 2]), new Float32Array([0, NaN])], { firstRow: 100, nan: 'error' }),
    ]) {
      const e = codeOf(fn);
      expect(e.code).toBe('NAN_INPUT');
      expect(e.message).toMatch(/row 101, feature "b" \(index 1\)/);
      expect(e.details).toMatchObject({ row: 101, feature: 'b', featureIndex: 1 });
    }
    expect(codeOf(() => codec.encodeValue(0, NaN)).message).toMatch(/"a"/);
  });

  it('nan: { code } maps NaN to that code; codes out of any feature range are refused', () => {
    const rows = new Float32Array([NaN, NaN, 2, 0.5]);
    expect(Array.from(codec.encodeRowsToCodes(rows, { nan: { code: 1 } }))).toEqual([1, 1, 1, 2]);
    expect(Array.from(codec.encodeRowsToCodes(rows, { nan: { code: 0 } }))).toEqual([0, 0, 1, 2]);
    const e = codeOf(() => codec.encodeRows(rows, { nan: { code: 2 } }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/"a" \(index 0, 1 bits/);
    expect(codeOf(() => codec.encodeRows(rows, { nan: { code: -1 } })).code).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => codec.encodeRows(rows, { nan: { code: 0.5 } })).code).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => codec.encodeRows(rows, { nan: 'skip' as never })).code).toBe('INVALID_ARGUMENT');
  });

  it('argument errors: row length, input types, column shapes, codes, row counts', () => {
    const arg = (fn: () => unknown) => expect(codeOf(fn).code).toBe('INVALID_ARGUMENT');
    arg(() => codec.encodeRows(new Float32Array(3)));
    arg(() => codec.encodeRows([0, 1] as never));
    arg(() => codec.encodeRows(new Int32Array(2) as never));
    arg(() => codec.encodeRows(new Float32Array(2), { firstRow: -1 }));
    arg(() => codec.encodeColumns([new Float32Array(2)]));
    arg(() => codec.encodeColumns([new Float32Array(2), new Float32Array(3)]));
    arg(() => codec.encodeColumns([new Float32Array(2), ['x', 1] as never]));
    arg(() => codec.encodeColumns([new Float32Array(2), new BigInt64Array(2) as never]));
    arg(() => codec.packCodes(new Uint8Array(3), 2));
    arg(() => codec.packCodes(new Uint8Array([2, 0]), 1)); // 2 does not fit 1 bit
    arg(() => codec.packCodes([0, 0] as never, 1));
    arg(() => codec.codesToValues(new Uint8Array([0, 4]))); // 4 > 3 for feature b
    arg(() => codec.codesToThermometer(new Uint8Array([2, 0])));
    arg(() => codec.codesToValues(new Uint8Array(3)));
    arg(() => codec.decodeCodes(new Uint8Array(1), -1));
    arg(() => codec.decodeCodes(new Uint8Array(1), 1.5));
    arg(() => codec.encodeValue(2, 0));
    let err: unknown;
    try {
      codec.encodeRows(new Float32Array(3));
    } catch (e) {
      err = e;
    }
    expect(err).toBeDefined(); // it must throw: 3 values are not whole rows of 2 features
    expect(isBsqError(err, 'INVALID_ARGUMENT')).toBe(true);
    expect(isBsqError(err, 'NAN_INPUT')).toBe(false);
  });
});

describe('chunk boundaries', () => {
  it('large inputs (several chunks, partial last chunk) match the references; NaN row numbers stay global', () => {
    const c = Codec.fromThresholds([
      { name: 'a', thresholds: [-1, 0, 1] },
      { name: 'b', thresholds: Array.from({ length: 31 }, (_, k) => k - 15) },
      { name: 'c', thresholds: [0.5] },
    ]);
    const n = 3 * 5461 + 13; // chunks hold 5456 rows for 3 features
    const rows = makeRows(c, n, 7);
    const codes = refCodes(c, rows);
    expect(Array.from(c.encodeRowsToCodes(rows))).toEqual(codes);
    const packed = c.encodeRows(rows);
    expect(Array.from(packed)).toEqual(Array.from(refPack(c, codes)));
    expect(Array.from(c.encodeColumns(toColumns(c, rows)))).toEqual(Array.from(packed));
    expect(Array.from(c.decodeCodes(packed, n))).toEqual(codes);
    expect(Array.from(c.decodeValues(packed, n))).toEqual(codes.map((k, i) => c.features[i % 3].levels[k]));
    const bad = rows.slice();
    bad[(n - 2) * 3 + 2] = NaN;
    expect(codeOf(() => c.encodeRows(bad, { firstRow: 5 })).details).toMatchObject({ row: n - 2 + 5, featureIndex: 2 });
  });
});

describe('NaN on every kernel path', () => {
  const shapes: [string, number[]][] = [
    ['uniform 1', [1, 1, 1]], ['uniform 2', [2, 2]], ['uniform 4', [4, 4, 4]], ['uniform 8', [8, 8]],
    ['uniform 3', [3, 3]], ['mixed', [1, 4, 9]], ['single 1', [1]], ['single 2', [2]], ['single 4', [4]], ['single 8', [8]], ['single 16', [16]],
  ];
  it.each(shapes)('%s: first NaN in row-major order is reported; nan code is written', (_l, widths) => {
    const c = Codec.fromThresholds(widths.map((b, i) => ({ name: `n${i}`, thresholds: Array.from({ length: (1 << b) - 1 }, (_, k) => k) })));
    const F = c.featureCount;
    const n = 37;
    const rows = makeRows(c, n, 11);
    // two NaNs: a later feature on an earlier row comes first in row-major order
    rows[20 * F + (F - 1)] = NaN;
    rows[25 * F] = NaN;
    for (const fn of [
      () => c.encodeRows(rows, { firstRow: 1000 }),
      () => c.encodeRowsToCodes(rows, { firstRow: 1000 }),
      () => c.encodeColumns(toColumns(c, rows), { firstRow: 1000 }),
      () => c.encodeColumnsToCodes(toColumns(c, rows), { firstRow: 1000 }),
    ]) {
      expect(codeOf(fn).details).toMatchObject({ row: 1020, featureIndex: F - 1, feature: `n${F - 1}` });
    }
    const expected = refCodes(c, rows).map((k, i) => (Number.isNaN(rows[i]) ? 1 : k));
    expect(Array.from(c.encodeRowsToCodes(rows, { nan: { code: 1 } }))).toEqual(expected);
    expect(Array.from(c.encodeRows(rows, { nan: { code: 1 } }))).toEqual(Array.from(refPack(c, expected)));
    expect(Array.from(c.encodeColumns(toColumns(c, rows), { nan: { code: 1 } }))).toEqual(Array.from(refPack(c, expected)));
  });
});
