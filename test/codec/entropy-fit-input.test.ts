// fitEntropyModel takes raw values, fitEntropyModelFromCodes takes codes: an integer array given as
// raw values (8-bit sensor readings, say) is refused instead of being read as codes.
import { describe, expect, it } from 'vitest';
import { Codec } from '../../src/index.js';

describe('entropy model fitting: raw values and codes are separate calls', () => {
  const codec = Codec.fromThresholds([
    { name: 'a', thresholds: [10, 20, 30] },
    { name: 'b', thresholds: [100] },
  ]);
  const rows = Float64Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? (i * 7) % 40 : (i * 13) % 200));

  it('the same model from raw values and from their codes', () => {
    const fromRows = codec.fitEntropyModel(rows).entropyModel;
    const fromCodes = codec.fitEntropyModelFromCodes(codec.encodeRowsToCodes(rows)).entropyModel;
    expect(fromRows).toBeDefined();
    expect(fromCodes).toEqual(fromRows);
    expect(codec.fitEntropyModel(Float32Array.from(rows)).entropyModel).toEqual(fromRows);
  });

  it('integer arrays are refused as raw values, and non-codes as codes', () => {
    const raw8 = Uint8Array.from(rows, (v) => v % 256);
    expect(() => codec.fitEntropyModel(raw8 as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/fitEntropyModelFromCodes/) }));
    expect(() => codec.fitEntropyModel([1, 2] as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => codec.fitEntropyModelFromCodes(rows as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
