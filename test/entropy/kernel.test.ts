// Entropy kernel (src/codec/entropy): frequency quantization, model fitting and validation, model
// bytes, and the rANS block coder's round trip over random models, codes and block sizes.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BsqError } from '../../src/codec/errors.js';
import {
  DEFAULT_SCALE_BITS,
  EntropyBlockDecoder,
  MODE_ORDER0,
  MODE_ORDER1,
  MODE_UNIFORM,
  RANS_L,
  decodeEntropyBlock,
  decodeEntropyModel,
  encodeEntropyBlock,
  encodeEntropyModel,
  entropyModelByteLength,
  fitEntropyModelToCodes,
  modelledBits,
  orderOneEntropy,
  orderZeroEntropy,
  quantizeFrequencies,
  tableCount,
  uniformEntropyModel,
  validateEntropyModel,
  type EntropyFeatureModel,
  type EntropyMode,
  type EntropyModel,
} from '../../src/codec/entropy/index.js';
import { xorshift32 as rng } from '../support/prng.js';


/** Row-major codes: per feature a random walk that changes with probability `pChange`. */
function walkCodes(bits: number[], rows: number, pChange: number, seed: number): Uint8Array | Uint16Array {
  const F = bits.length;
  const out = bits.some((b) => b > 8) ? new Uint16Array(rows * F) : new Uint8Array(rows * F);
  const r = rng(seed);
  const cur = bits.map((b) => Math.floor(r() * 2 ** b));
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < F; f++) {
      const K = 2 ** bits[f]! - 1;
      if (r() < pChange) cur[f] = Math.min(K, Math.max(0, cur[f]! + (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 3))));
      out[i * F + f] = cur[f]!;
    }
  }
  return out;
}

function randomTable(L: number, S: number, r: () => number, skew: number): number[] {
  // Random positive weights, some of them tiny, quantized by the kernel itself.
  const w = Array.from({ length: L }, () => (r() < 0.3 ? 0 : r() ** skew));
  const out = new Uint16Array(L);
  quantizeFrequencies(w, S, out);
  return Array.from(out);
}

/** A random valid model for the given widths: random modes, context widths and tables. */
function randomModel(bits: number[], seed: number): EntropyModel {
  const r = rng(seed);
  const S = 8 + Math.floor(r() * 8);
  const features: EntropyFeatureModel[] = bits.map((b) => {
    const m = modelledBits(b);
    const mode = Math.floor(r() * 3) as EntropyMode;
    const contextBits = mode === MODE_ORDER1 ? 1 + Math.floor(r() * Math.min(m, 3)) : 0;
    const tables = tableCount(mode, contextBits);
    const freqs: number[] = [];
    for (let t = 0; t < tables; t++) freqs.push(...randomTable(1 << m, S, r, 1 + r() * 6));
    return { bits: b, mode, contextBits, freqs: Uint16Array.from(freqs) };
  });
  return { scaleBits: S, features };
}

function expectBsqError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BsqError);
    expect((e as BsqError).code).toBe(code);
    return;
  }
  throw new Error(`expected BsqError ${code}`);
}

describe('quantizeFrequencies', () => {
  it('sums to 2^S with every symbol >= 1, for any weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 8, max: 15 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e9, noNaN: true })), { minLength: 256, maxLength: 256 }),
        (logL, S, pool) => {
          const L = 1 << logL;
          const w = pool.slice(0, L);
          const out = new Uint16Array(L);
          quantizeFrequencies(w, S, out);
          let sum = 0;
          for (const v of out) {
            expect(v).toBeGreaterThanOrEqual(1);
            sum += v;
          }
          expect(sum).toBe(2 ** S);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('follows the weights: a dominant symbol gets almost everything, zero weights get 1', () => {
    const out = new Uint16Array(16);
    const w = new Array(16).fill(0);
    w[3] = 1000;
    quantizeFrequencies(w, 12, out);
    expect(out[3]).toBe(4096 - 15);
    expect([...out].filter((v) => v === 1)).toHaveLength(15);
    quantizeFrequencies(new Array(16).fill(0), 12, out);
    expect([...out]).toEqual(new Array(16).fill(256));
  });
});

describe('fitEntropyModelToCodes', () => {
  it('picks order 1 for slowly changing codes and not for noise', () => {
    const bits = [4, 4];
    const rows = 5000;
    const slow = walkCodes(bits, rows, 0.05, 1);
    const noise = new Uint8Array(rows * 2);
    const r = rng(2);
    for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(r() * 16);
    const mSlow = fitEntropyModelToCodes(slow, bits);
    const mNoise = fitEntropyModelToCodes(noise, bits);
    expect(mSlow.features.map((f) => f.mode)).toEqual([MODE_ORDER1, MODE_ORDER1]);
    expect(mSlow.features.map((f) => f.contextBits)).toEqual([4, 4]);
    expect(mNoise.features.every((f) => f.mode === MODE_UNIFORM || f.mode === MODE_ORDER0)).toBe(true);
    validateEntropyModel(mSlow, bits);
    validateEntropyModel(mNoise, bits);
  });

  it('honours mode, scaleBits and the table-size cap, and rejects bad arguments', () => {
    const bits = [8, 3];
    const codes = walkCodes(bits, 3000, 0.1, 3);
    const m = fitEntropyModelToCodes(codes, bits, { mode: 'order1', scaleBits: 15, maxTableEntries: 4096 });
    expect(m.scaleBits).toBe(15);
    expect(m.features[0]!.mode).toBe(MODE_ORDER1);
    expect(m.features[0]!.freqs.length).toBeLessThanOrEqual(4096);
    expect(fitEntropyModelToCodes(codes, bits, { mode: 'order0' }).features.every((f) => f.mode === MODE_ORDER0)).toBe(true);
    expect(fitEntropyModelToCodes(codes, bits, { mode: 'uniform' }).features.every((f) => f.mode === MODE_UNIFORM)).toBe(true);
    expectBsqError(() => fitEntropyModelToCodes(codes, bits, { scaleBits: 16 }), 'INVALID_ARGUMENT');
    expectBsqError(() => fitEntropyModelToCodes(codes.subarray(1), bits), 'INVALID_ARGUMENT');
    expectBsqError(() => fitEntropyModelToCodes(Uint8Array.of(8, 0), [3, 3]), 'INVALID_ARGUMENT');
  });

  it('fits on zero rows (uniform tables) and on one row', () => {
    for (const rows of [0, 1]) {
      const m = fitEntropyModelToCodes(new Uint8Array(rows * 2).fill(1), [2, 5], { mode: 'order1' });
      validateEntropyModel(m, [2, 5]);
      const codes = Uint8Array.of(3, 31, 0, 0, 2, 17);
      expect([...decodeEntropyBlock(m, encodeEntropyBlock(m, codes, 3)!, 3)]).toEqual([...codes]);
    }
  });
});

describe('rANS block coder', () => {
  it('round-trips random codes under random models (unseen codes included) and random block sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 700 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        fc.boolean(),
        (bits, rows, pChange, seed, fitted) => {
          const codes = walkCodes(bits, rows, pChange, seed);
          // A fitted model (on other data: codes here may have zero counts there) or a random one.
          const model = fitted ? fitEntropyModelToCodes(walkCodes(bits, 300, 0.02, seed + 1), bits, { mode: 'order1' }) : randomModel(bits, seed);
          validateEntropyModel(model, bits);
          const body = encodeEntropyBlock(model, codes, rows)!;
          expect(body).not.toBeNull();
          const back = decodeEntropyBlock(model, body, rows);
          expect(back).toBeInstanceOf(bits.some((b) => b > 8) ? Uint16Array : Uint8Array);
          expect(Array.from(back)).toEqual(Array.from(codes));
          // Every block starts over: decoding only a prefix of rows needs its own encoding.
          const model2 = decodeEntropyModel(encodeEntropyModel(model), bits);
          expect(Array.from(decodeEntropyBlock(model2, body, rows))).toEqual(Array.from(codes));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodes the same codes row chunk by row chunk (odd and even step counts) as in one go', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        fc.integer(),
        (bits, rows, cuts, seed) => {
          const codes = walkCodes(bits, rows, 0.1, seed);
          const model = randomModel(bits, seed);
          const body = encodeEntropyBlock(model, codes, rows)!;
          const dec = new EntropyBlockDecoder(model, body, rows);
          const F = bits.length;
          const got: number[] = [];
          dec.decodeRows(new Uint8Array(0), 0); // an empty chunk is a no-op
          let r = 0;
          for (let i = 0; r < rows; i++) {
            const k = Math.min(rows - r, cuts[i % cuts.length]!);
            const out = dec.narrow ? new Uint8Array(k * F) : new Uint16Array(k * F);
            dec.decodeRows(out, k);
            got.push(...out);
            r += k;
          }
          dec.finish();
          expect(got).toEqual(Array.from(codes));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('codes every value, even one the model has never seen (zero counts -> frequency 1)', () => {
    const bits = [4];
    const train = new Uint8Array(1000).fill(7);
    const model = fitEntropyModelToCodes(train, bits, { mode: 'order1' });
    const codes = Uint8Array.from({ length: 64 }, (_, i) => (i * 5) % 16);
    const body = encodeEntropyBlock(model, codes, 64)!;
    expect(Array.from(decodeEntropyBlock(model, body, 64))).toEqual(Array.from(codes));
    // Unseen transitions cost about scaleBits each, no more.
    expect(body.length).toBeLessThanOrEqual(8 + Math.ceil((64 * DEFAULT_SCALE_BITS) / 8) + 2);
  });

  it('comes close to the order-1 entropy on slowly changing codes', () => {
    const bits = [4, 4, 4];
    const rows = 20000;
    const codes = walkCodes(bits, rows, 0.05, 9);
    const model = fitEntropyModelToCodes(codes, bits);
    const body = encodeEntropyBlock(model, codes, rows)!;
    const h1 = orderOneEntropy(codes, bits);
    const bpv = (body.length * 8) / (rows * 3);
    expect(h1).toBeLessThan(orderZeroEntropy(codes, bits) / 3);
    expect(bpv).toBeLessThan(h1 * 1.05);
    expect(bpv).toBeGreaterThan(h1 * 0.95);
  });

  it('costs exactly the raw bits under a uniform model (plus the two 4-byte states)', () => {
    const bits = [4, 12, 1];
    const rows = 1000;
    const codes = walkCodes(bits, rows, 1, 5);
    const body = encodeEntropyBlock(uniformEntropyModel(bits), codes, rows)!;
    const rawBytes = Math.ceil((rows * 17) / 8);
    expect(body.length).toBeGreaterThanOrEqual(rawBytes + 2);
    expect(body.length).toBeLessThanOrEqual(rawBytes + 8);
  });

  it('returns null instead of exceeding maxBytes, and never returns more than maxBytes', () => {
    const bits = [4, 4];
    const codes = walkCodes(bits, 500, 0.5, 4);
    const model = fitEntropyModelToCodes(codes, bits);
    const full = encodeEntropyBlock(model, codes, 500)!;
    expect(encodeEntropyBlock(model, codes, 500, full.length)).toEqual(full);
    expect(encodeEntropyBlock(model, codes, 500, full.length - 1)).toBeNull();
    expect(encodeEntropyBlock(model, codes, 500, 7)).toBeNull();
  });

  it('rejects codes that do not fit and mismatched lengths with INVALID_ARGUMENT', () => {
    const model = uniformEntropyModel([3, 9]);
    expectBsqError(() => encodeEntropyBlock(model, Uint16Array.of(8, 0), 1), 'INVALID_ARGUMENT');
    expectBsqError(() => encodeEntropyBlock(uniformEntropyModel([3, 2]), Uint8Array.of(1, 2, 8, 0), 2), 'INVALID_ARGUMENT'); // Uint8Array fast path
    expectBsqError(() => encodeEntropyBlock(uniformEntropyModel([3, 2]), [1, 2, 1.5, 0], 2), 'INVALID_ARGUMENT'); // not an integer
    expectBsqError(() => encodeEntropyBlock(model, Uint16Array.of(0, 512), 1), 'INVALID_ARGUMENT');
    expectBsqError(() => encodeEntropyBlock(model, Uint16Array.of(0, 1, 2), 1), 'INVALID_ARGUMENT');
    expectBsqError(() => decodeEntropyBlock(model, new Uint8Array(8), 2, new Uint16Array(3)), 'INVALID_ARGUMENT');
    // An invalid model handed straight to the kernel is refused, not used.
    const zero: EntropyModel = { scaleBits: 8, features: [{ bits: 2, mode: MODE_ORDER0, contextBits: 0, freqs: Uint16Array.of(256, 0, 0, 0) }] };
    expectBsqError(() => encodeEntropyBlock(zero, Uint8Array.of(1), 1), 'INVALID_ARGUMENT');
    expectBsqError(() => decodeEntropyBlock(zero, new Uint8Array(8), 1), 'INVALID_ARGUMENT');
  });

  it('encodes an empty block as the two bare initial states', () => {
    const body = encodeEntropyBlock(uniformEntropyModel([4]), new Uint8Array(0), 0)!;
    expect(Array.from(body)).toEqual([0, 0, 0x80, 0, 0, 0, 0x80, 0]);
    expect(decodeEntropyBlock(uniformEntropyModel([4]), body, 0)).toHaveLength(0);
    expect(RANS_L).toBe(0x800000);
  });
});

describe('reciprocal division used by the encoder', () => {
  it('floor(x * (1 + 2^-48) / f) equals floor(x / f) for every f < 2^15 at the edges below 2^31', () => {
    const bad: number[][] = [];
    let checked = 0;
    for (let f = 1; f < 2 ** 15; f++) {
      const rcp = (1 + 2 ** -48) / f;
      const top = Math.floor((2 ** 31 - 1) / f);
      for (const k of [1, 2, 255, Math.floor(top / 2), top - 1, top]) {
        for (const x of [k * f, k * f - 1, k * f + f - 1]) {
          if (x < 0 || x >= 2 ** 31) continue;
          checked++;
          if (((x * rcp) | 0) !== Math.floor(x / f)) bad.push([f, x]);
        }
      }
    }
    expect(checked).toBeGreaterThan(500_000);
    expect(bad).toEqual([]);
  });
});

describe('model bytes', () => {
  it('round-trips and has the documented length', () => {
    for (let seed = 1; seed < 30; seed++) {
      const bits = [1 + (seed % 16), 4, 9];
      const model = randomModel(bits, seed);
      const bytes = encodeEntropyModel(model);
      expect(bytes.length).toBe(entropyModelByteLength(model));
      expect(bytes[0]).toBe(model.scaleBits);
      const back = decodeEntropyModel(bytes, bits);
      expect(back.scaleBits).toBe(model.scaleBits);
      back.features.forEach((f, i) => {
        expect(f.mode).toBe(model.features[i]!.mode);
        expect(f.contextBits).toBe(model.features[i]!.contextBits);
        expect(Array.from(f.freqs)).toEqual(Array.from(model.features[i]!.freqs));
      });
    }
  });

  it('refuses malformed payloads with INVALID_CODEC (unknown modes: UNSUPPORTED_ENCODING)', () => {
    const bits = [2];
    const ok = Uint8Array.of(8, 1, 0, MODE_ORDER0, 0, 0x80, 0x01, 0x40, 0x20, 0x20); // 128 + 64 + 32 + 32 = 256
    expect(Array.from(decodeEntropyModel(ok, bits).features[0]!.freqs)).toEqual([128, 64, 32, 32]);
    const bad = (mutate: (b: Uint8Array) => Uint8Array | number[]) => Uint8Array.from(mutate(Uint8Array.from(ok)));
    expectBsqError(() => decodeEntropyModel(ok, [2, 2]), 'INVALID_CODEC'); // feature count
    expectBsqError(() => decodeEntropyModel(ok, [3]), 'INVALID_CODEC'); // table length for 3 bits
    expectBsqError(() => decodeEntropyModel(ok.subarray(0, 9), bits), 'INVALID_CODEC'); // truncated
    expectBsqError(() => decodeEntropyModel(bad((b) => [...b, 0]), bits), 'INVALID_CODEC'); // trailing byte
    expectBsqError(() => decodeEntropyModel(bad((b) => ((b[0] = 7), b)), bits), 'INVALID_CODEC'); // scaleBits
    expectBsqError(() => decodeEntropyModel(bad((b) => ((b[0] = 16), b)), bits), 'INVALID_CODEC');
    expectBsqError(() => decodeEntropyModel(bad((b) => ((b[7] = 0x41), b)), bits), 'INVALID_CODEC'); // sum 257
    expectBsqError(() => decodeEntropyModel(Uint8Array.of(8, 1, 0, 1, 0, 0x80, 0x02, 0x00, 0x00, 0x00), bits), 'INVALID_CODEC'); // zero frequency
    expectBsqError(() => decodeEntropyModel(Uint8Array.of(8, 1, 0, 1, 0, 0xc0, 0x80, 0x00, 0x40, 0x40, 0x40), bits), 'INVALID_CODEC'); // non-minimal varint
    expectBsqError(() => decodeEntropyModel(Uint8Array.of(8, 1, 0, 1, 0, 0x80, 0x80, 0x80, 0x01), bits), 'INVALID_CODEC'); // 4-byte varint
    expectBsqError(() => decodeEntropyModel(bad((b) => ((b[4] = 1), b)), bits), 'INVALID_CODEC'); // contextBits in order 0
    expectBsqError(() => decodeEntropyModel(Uint8Array.of(8, 1, 0, 2, 3), bits), 'INVALID_CODEC'); // contextBits > m
    expectBsqError(() => decodeEntropyModel(Uint8Array.of(8, 1, 0, 2, 200), bits), 'INVALID_CODEC');
    expectBsqError(() => decodeEntropyModel(bad((b) => ((b[3] = 3), b)), bits), 'UNSUPPORTED_ENCODING');
    expectBsqError(() => decodeEntropyModel(new Uint8Array(2), bits), 'INVALID_CODEC');
  });

  it('refuses invalid models on write with INVALID_ARGUMENT', () => {
    const good = randomModel([4], 3);
    const broken: EntropyModel = { scaleBits: 12, features: [{ bits: 4, mode: MODE_ORDER0, contextBits: 0, freqs: new Uint16Array(16) }] };
    expect(() => encodeEntropyModel(good)).not.toThrow();
    expectBsqError(() => encodeEntropyModel(broken), 'INVALID_ARGUMENT');
  });
});
