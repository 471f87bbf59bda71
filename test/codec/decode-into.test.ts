// decodeCodes / decodeValues / decodeThermometer with a caller's output array: the same result as
// the allocating path, written exactly into the given (sub)array with its neighbours untouched and
// stale contents overwritten; wrong types and lengths are INVALID_ARGUMENT before anything is written.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError, Codec } from '../../src/codec/index.js';
import { codecArb, uniformCodecArb, makeRows } from './helpers.js';

const anyCodecArb = fc.oneof(codecArb, uniformCodecArb);
const caseArb = fc.record({
  rowCount: fc.integer({ min: 0, max: 40 }),
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  // offset of the target inside a larger buffer (odd offsets break word alignment on purpose)
  lead: fc.integer({ min: 0, max: 9 }),
  tail: fc.integer({ min: 0, max: 5 }),
  fill: fc.integer({ min: 1, max: 255 }),
});

/** Element-wise equality of two array-likes (fast on long typed arrays, unlike deep toEqual). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
function all(a: ArrayLike<number>, v: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== v) return false;
  return true;
}

function code(codec: Codec, x: unknown): string | undefined {
  try {
    (x as () => void)();
  } catch (err) {
    return err instanceof BsqError ? err.code : `not a BsqError: ${String(err)}`;
  }
  return undefined;
}

describe('decode into a caller array', () => {
  it('codes, values and thermometer equal the allocating path; only the target is written', () => {
    fc.assert(
      fc.property(anyCodecArb, caseArb, (codec, { rowCount, seed, lead, tail, fill }) => {
        const n = codec.bitsPerRow > 40 ? Math.min(rowCount, 8) : rowCount;
        const packed = codec.encodeRows(makeRows(codec, n, seed));
        const F = codec.featureCount;
        const W = codec.thermometerWidth;

        const codes = codec.decodeCodes(packed, n);
        const wide = codes instanceof Uint16Array;
        const cbuf = wide ? new Uint16Array(lead + n * F + tail).fill(fill) : new Uint8Array(lead + n * F + tail).fill(fill);
        const ctarget = cbuf.subarray(lead, lead + n * F);
        expect(codec.decodeCodes(packed, n, ctarget)).toBe(ctarget);
        expect(same(ctarget, codes)).toBe(true);
        expect(all(cbuf.subarray(0, lead), fill)).toBe(true);
        expect(all(cbuf.subarray(lead + n * F), fill)).toBe(true);
        if (!wide) {
          // a narrow codec may also decode into 16-bit codes
          const c16 = new Uint16Array(n * F).fill(0xffff);
          codec.decodeCodes(packed, n, c16);
          expect(same(c16, codes)).toBe(true);
        }

        const values = codec.decodeValues(packed, n);
        const vbuf = new Float32Array(lead + n * F + tail).fill(-fill);
        const vtarget = vbuf.subarray(lead, lead + n * F);
        expect(codec.decodeValues(packed, n, vtarget)).toBe(vtarget);
        expect(same(vtarget, values)).toBe(true);
        expect(all(vbuf.subarray(0, lead), -fill)).toBe(true);
        expect(all(vbuf.subarray(lead + n * F), -fill)).toBe(true);

        if (n * W > 200000) return; // 16-bit features: thermometers of 65535 per value
        const thermo = codec.decodeThermometer(packed, n);
        // stale contents (not zero) must be overwritten, zeros included
        const tbuf = new Float32Array(lead + n * W + tail).fill(fill);
        const ttarget = tbuf.subarray(lead, lead + n * W);
        expect(codec.decodeThermometer(packed, n, ttarget)).toBe(ttarget);
        expect(same(ttarget, thermo)).toBe(true);
        expect(all(tbuf.subarray(0, lead), fill)).toBe(true);
        expect(all(tbuf.subarray(lead + n * W), fill)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('large uniform blocks (word-store and fused kernels, several chunks) into unaligned subarrays', () => {
    for (const bits of [1, 2, 4, 8, 16]) {
      const K = (1 << bits) - 1;
      const codec = Codec.fromThresholds(Array.from({ length: 3 }, (_, f) => ({ name: `f${f}`, thresholds: Array.from({ length: K }, (_, k) => k + f) })));
      const n = bits === 16 ? 3001 : 20011;
      const rows = new Float64Array(n * 3);
      for (let i = 0; i < rows.length; i++) rows[i] = ((i * 2654435761) % 100003) / 100003 * (K + 4) - 2;
      const packed = codec.encodeRows(rows);
      for (const lead of [0, 1, 3, 4]) {
        const codes = codec.decodeCodes(packed, n);
        const cbuf = bits > 8 ? new Uint16Array(lead + n * 3) : new Uint8Array(lead + n * 3);
        codec.decodeCodes(packed, n, cbuf.subarray(lead));
        expect(same(cbuf.subarray(lead), codes)).toBe(true);
        const vbuf = new Float32Array(lead + n * 3).fill(7);
        codec.decodeValues(packed, n, vbuf.subarray(lead));
        expect(same(vbuf.subarray(lead), codec.decodeValues(packed, n))).toBe(true);
      }
    }
  });

  it('refuses a wrong type or length with INVALID_ARGUMENT and leaves the array alone', () => {
    const narrow = Codec.fromThresholds([{ name: 'a', thresholds: [0, 1, 2] }, { name: 'b', thresholds: [0.5] }]);
    const wide = Codec.fromThresholds([{ name: 'w', thresholds: Array.from({ length: 511 }, (_, k) => k) }]);
    const n = 5;
    const p = narrow.encodeRows(new Float64Array([0, 0, 1, 1, 2, 2, 3, 0, -1, 1]));
    const pw = wide.encodeRows(new Float64Array([0, 10, 100, 300, 511]));
    const short = new Uint8Array(n * 2 - 1).fill(9);
    const cases: Array<() => unknown> = [
      () => narrow.decodeCodes(p, n, short),
      () => narrow.decodeCodes(p, n, new Uint8Array(n * 2 + 1)),
      () => narrow.decodeCodes(p, n, new Float32Array(n * 2) as unknown as Uint8Array),
      () => narrow.decodeCodes(p, n, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] as unknown as Uint8Array),
      () => wide.decodeCodes(pw, n, new Uint8Array(n)),
      () => narrow.decodeValues(p, n, new Float32Array(n * 2 + 1)),
      () => narrow.decodeValues(p, n, new Float64Array(n * 2) as unknown as Float32Array),
      () => narrow.decodeValues(p, n, null as unknown as Float32Array),
      () => narrow.decodeThermometer(p, n, new Float32Array(n * 2)),
      () => narrow.decodeThermometer(p, n, new Float32Array(n * narrow.thermometerWidth).subarray(1)),
    ];
    for (const c of cases) expect(code(narrow, c)).toBe('INVALID_ARGUMENT');
    expect(Array.from(short).every((v) => v === 9)).toBe(true);
    // a corrupt block is still CORRUPT_BLOCK with a valid target
    expect(code(narrow, () => narrow.decodeCodes(p.subarray(1), n, new Uint8Array(n * 2)))).toBe('CORRUPT_BLOCK');
    // the allocating forms are unchanged; undefined means allocate
    expect(narrow.decodeCodes(p, n, undefined)).toEqual(narrow.decodeCodes(p, n));
    const wcodes = wide.decodeCodes(pw, n, new Uint16Array(n));
    expect(Array.from(wcodes)).toEqual([0, 10, 100, 300, 511]);
  });
});
