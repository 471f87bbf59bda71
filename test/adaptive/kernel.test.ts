// The encoding-3 kernel (src/codec/adaptive): squash/stretch tables, the binary range coder, round
// trips over random widths 1..16 and row counts, agreement with the independent reference decoder
// (test/adaptive/reference-decoder.ts, written from the spec), state carry-over, and the RAM formula.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AdaptiveDecoder,
  AdaptiveState,
  BinaryDecoder,
  BinaryEncoder,
  SQUASH,
  STRETCH,
  adaptiveStateBytes,
  decodeAdaptiveCodes,
  encodeAdaptiveCodes,
  squashInt,
  type Codes,
} from '../../src/codec/index.js';
import { ReferenceAdaptiveState, referenceDecode } from './reference-decoder.js';
import { walk } from './helpers.js';

function roundTrip(bits: number[], codes: Codes, rows: number): Uint8Array {
  const body = encodeAdaptiveCodes(new AdaptiveState(bits), codes, rows)!;
  const out = codes instanceof Uint16Array ? new Uint16Array(codes.length) : new Uint8Array(codes.length);
  const consumed = decodeAdaptiveCodes(new AdaptiveState(bits), body, rows, out);
  expect(consumed).toBeGreaterThanOrEqual(body.length);
  expect(Array.from(out)).toEqual(Array.from(codes));
  return body;
}

describe('adaptive kernel', () => {
  it('squash is monotone in 1..4095 and stretch inverts it', () => {
    const bad: string[] = [];
    for (let d = -2047; d < 2047; d++) if (squashInt(d + 1) < squashInt(d)) bad.push(`squash ${d}`);
    expect(SQUASH[0]).toBe(1);
    expect(squashInt(0)).toBe(2047);
    for (let q = 1; q < 4095; q++) {
      const d = STRETCH[q]!;
      if (squashInt(d) < q || (d > -2047 && squashInt(d - 1) >= q)) bad.push(`stretch ${q}`);
    }
    expect(bad).toEqual([]);
  });

  it('the binary range coder round-trips any probabilities and bits', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4095 }), fc.integer({ min: 0, max: 1 })), { minLength: 0, maxLength: 400 }), (steps) => {
        const e = new BinaryEncoder(16);
        for (const [p, y] of steps) e.bit(p, y);
        const bytes = e.finish();
        expect(bytes.length).toBeGreaterThanOrEqual(1);
        const d = new BinaryDecoder(bytes);
        for (const [p, y] of steps) expect(d.bit(p, 0)).toBe(y);
        expect(d.consumed).toBeGreaterThanOrEqual(bytes.length);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips random widths 1..16, rows and change rates, and matches the reference decoder', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(0, 0.05, 0.3, 1),
        fc.integer({ min: 1, max: 1e9 }),
        (bits, rows, p, seed) => {
          const codes = walk(bits, rows, p, seed);
          const body = roundTrip(bits, codes, rows);
          expect(referenceDecode(new ReferenceAdaptiveState(bits), body, rows)).toEqual(Array.from(codes));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the state carries over: two halves coded in sequence decode in sequence', () => {
    const bits = [4, 2, 9];
    const codes = walk(bits, 400, 0.1, 5);
    const F = bits.length;
    const enc = new AdaptiveState(bits);
    const a = encodeAdaptiveCodes(enc, codes.subarray(0, 150 * F), 150)!;
    const b = encodeAdaptiveCodes(enc, codes.subarray(150 * F), 250)!;
    const dec = new AdaptiveState(bits);
    const out = new Uint16Array(400 * F);
    decodeAdaptiveCodes(dec, a, 150, out.subarray(0, 150 * F));
    decodeAdaptiveCodes(dec, b, 250, out.subarray(150 * F));
    expect(Array.from(out)).toEqual(Array.from(codes));
    // the continued half is smaller than the same rows coded from a fresh state
    const fresh = encodeAdaptiveCodes(new AdaptiveState(bits), codes.subarray(150 * F), 250)!;
    expect(b.length).toBeLessThan(fresh.length);
    // and the reference decoder follows the same carry-over
    const ref = new ReferenceAdaptiveState(bits);
    expect([...referenceDecode(ref, a, 150), ...referenceDecode(ref, b, 250)]).toEqual(Array.from(codes));
  });

  it('learns: slowly changing codes cost far less than raw packing, uniform noise at most 6% more (the writer then keeps raw)', () => {
    const bits = [4, 4, 4, 4];
    const slow = roundTrip(bits, walk(bits, 4000, 0.03, 9), 4000);
    expect(slow.length).toBeLessThan((4000 * 16) / 8 / 5);
    const noise = roundTrip(bits, walk(bits, 4000, 1, 9), 4000);
    expect(noise.length).toBeLessThan(((4000 * 16) / 8) * 1.06);
  });

  it('decodes in chunks of any size exactly like in one go (AdaptiveDecoder keeps the coder state)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (bits, chunks) => {
        const rows = chunks.reduce((a, b) => a + b, 0);
        const codes = walk(bits, rows, 0.2, rows);
        const body = encodeAdaptiveCodes(new AdaptiveState(bits), codes, rows)!;
        const dec = new AdaptiveDecoder(new AdaptiveState(bits), body);
        const F = bits.length;
        const got: number[] = [];
        for (const n of chunks) {
          const out = new Uint16Array(n * F);
          dec.decodeRows(out, n);
          got.push(...out);
        }
        expect(got).toEqual(Array.from(codes));
        expect(dec.consumed).toBeGreaterThanOrEqual(body.length);
      }),
      { numRuns: 40 },
    );
  });

  it('returns null when the body would exceed maxBytes (and still advances the state)', () => {
    const bits = [8];
    const codes = walk(bits, 200, 1, 3);
    const st = new AdaptiveState(bits);
    expect(encodeAdaptiveCodes(st, codes, 200, 50)).toBeNull();
    expect(st.previousCode(0)).toBe(codes[199]);
  });

  it('RAM: the stated formula, and at most 16 KB for 16 features at 4 bits', () => {
    // spec/FORMAT.md 4.5, RAM: counters (2 bytes) per feature, rounded up to an even count;
    // weights (4 bytes); 4 bytes of history per feature
    const per = (b: number) => {
      const m = Math.min(b, 8);
      const cb = Math.min(m, 4);
      const ex = b > m ? m + 1 : m;
      const ns = 2 * ex - 1;
      const q = 2 ** (m + 1) - 2 ** (m - ex + 2);
      return {
        counters: 2 ** cb + 24 + 2 ** cb * ns + (2 * m + 1) * ns + (2 * m + 2) * ns + 2 * q,
        weights: 3 + 4 * ex + 2,
      };
    };
    const formula = (bits: number[]) => {
      const f = bits.map(per);
      const counters = f.reduce((a, x) => a + x.counters, 0);
      return 2 * (counters + (counters % 2)) + 4 * f.reduce((a, x) => a + x.weights, 0) + 4 * bits.length;
    };
    for (const b of [1, 2, 4, 8, 12, 16]) expect(adaptiveStateBytes([b])).toBe(formula([b]));
    expect(adaptiveStateBytes([4, 8, 2])).toBe(formula([4, 8, 2]));
    const bytes = (b: number) => 2 * per(b).counters + 4 * per(b).weights + 4;
    expect([bytes(2), bytes(4), bytes(8)]).toEqual([218, 770, 3794]);
    expect(adaptiveStateBytes(new Array(16).fill(4)) + 12).toBe(12332); // 16 * 770, 12 for the coder
    expect(adaptiveStateBytes(new Array(9).fill(8))).toBe(34148); // 9 * 3794 and one pad counter
    expect(adaptiveStateBytes(new Array(16).fill(4)) + 12).toBeLessThanOrEqual(16384);
  });
});
