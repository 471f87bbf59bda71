// Wrong argument types to public functions are INVALID_ARGUMENT BsqErrors, never a TypeError or a
// RangeError from inside, and never a silent guess (found by a library audit: a string given as the
// category cells was split into characters, a number was taken as an unknown category).
import { describe, expect, it } from 'vitest';
import { BsqError, Codec, StreamEncoder } from '../../src/index.js';
import { deviceFlashBytes } from '../../src/device/index.js';
import { codecFromMetadata } from '../../src/arrow/index.js';
import { codecFromParquetMetadata, parquetToBsq } from '../../src/parquet/index.js';

async function code(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(BsqError);
    return (err as BsqError).code;
  }
  return 'no error';
}

const cat = Codec.fromThresholds([{ name: 'day', categories: ['Mon', 'Tue', 'Wed'], unknown: 'code' }]);
const num = Codec.fromThresholds([{ name: 'a', thresholds: [0, 1, 2] }]);

describe('argument types', () => {
  it('categoryIndices and categoryNames', async () => {
    expect(Array.from(cat.categoryIndices(0, ['Tue', '', 'Sun', null]))).toEqual([1, 3, 3, 3]);
    expect(await code(() => cat.categoryIndices(0, 'Tue' as never))).toBe('INVALID_ARGUMENT');
    expect(await code(() => cat.categoryIndices(0, null as never))).toBe('INVALID_ARGUMENT');
    expect(await code(() => cat.categoryIndices(0, [1] as never))).toBe('INVALID_ARGUMENT');
    expect(cat.categoryNames(0, [0, 1, 3])).toEqual(['Mon', 'Tue', null]);
    expect(cat.categoryNames(0, [9, 2, 9, 0], { stride: 2, offset: 1 })).toEqual(['Wed', 'Mon']);
    for (const o of [{ stride: 0 }, { stride: -1 }, { stride: 1.5 }, { stride: 2, offset: 5 }, { offset: -1 }]) {
      expect(await code(() => cat.categoryNames(0, [0, 1], o)), JSON.stringify(o)).toBe('INVALID_ARGUMENT');
    }
  });

  it('StreamEncoder.pushRows, parquetToBsq, metadata readers, deviceFlashBytes', async () => {
    expect(await code(() => new StreamEncoder(num).pushRows([0.5, 1.5] as never, 2))).toBe('INVALID_ARGUMENT');
    expect(await code(() => new StreamEncoder(num).pushRows(Float64Array.of(0.5), '1' as never))).toBe('INVALID_ARGUMENT');
    expect(await code(() => parquetToBsq('x' as never, num))).toBe('INVALID_ARGUMENT');
    expect(await code(() => parquetToBsq(null as never, num))).toBe('INVALID_ARGUMENT');
    expect(await code(() => parquetToBsq(new Uint8Array(16), null as never))).toBe('INVALID_ARGUMENT');
    expect(await code(() => codecFromMetadata({ 'bsq.codec': 'x' } as never))).toBe('INVALID_ARGUMENT');
    expect(codecFromMetadata(new Map())).toBeUndefined();
    expect(await code(() => codecFromParquetMetadata({} as never))).toBe('INVALID_ARGUMENT');
    expect(codecFromParquetMetadata([])).toBeUndefined();
    expect(await code(() => deviceFlashBytes(null as never))).toBe('INVALID_ARGUMENT');
  });

  it('codec metadata that JSON would change is refused when the codec is made, not altered at write', async () => {
    const spec = [{ name: 'a', thresholds: [0, 1, 2] }];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const [what, metadata] of [
      ['NaN', { n: NaN }],
      ['a Date', { when: new Date(0) }],
      ['undefined', { gone: undefined }],
      ['a function', { f: () => 1 }],
      ['a Map', { m: new Map([[1, 2]]) }],
      ['a BigInt', { b: 1n }],
      ['a cycle', cyclic],
      ['NaN in an array', { xs: [1, NaN] }],
    ] as const) {
      expect(await code(() => Codec.fromThresholds(spec, { metadata: metadata as never })), what).toBe('INVALID_ARGUMENT');
      expect(await code(() => num.withMetadata(metadata as never)), what).toBe('INVALID_ARGUMENT');
    }
    const ok = Codec.fromThresholds(spec, { metadata: { a: [1, 'x', null, { b: true }], c: -0 } });
    expect(ok.metadata).toEqual({ a: [1, 'x', null, { b: true }], c: 0 });
  });

  it('a categorical spec with thresholds, and a whole .bsq file given to a records-framing decoder', async () => {
    const { decodeAsync, writeBsq } = await import('../../src/index.js');
    expect(await code(() => Codec.fromThresholds([{ name: 'd', categories: ['x'], thresholds: [1] } as never]))).toBe('INVALID_CODEC');
    const file = writeBsq(num, { rows: Float64Array.of(0.5, 1.5) });
    const err = await (async () => {
      for await (const _ of decodeAsync([file], { codec: num })) void _;
    })().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BsqError);
    expect((err as BsqError).message).toMatch(/the input is a \.bsq file \(it starts with the file signature\); decode it without options\.codec/);
  });
});
