// Shared fixtures of the adaptive (encoding 3) tests: codecs of given widths and code sequences
// with temporal structure (random walks that hold for a while) or none (noise).
import { Codec, type Codes } from '../../src/codec/index.js';
import { xorshift32 } from '../support/prng.js';

export function codecOf(bits: number[]): Codec {
  return Codec.fromThresholds(bits.map((b, i) => ({ name: `f${i}`, thresholds: Array.from({ length: 2 ** b - 1 }, (_, k) => k + 1) })));
}

/** Codes that change with probability pChange per row and feature (by +-1, or anywhere when pChange >= 1). */
export function walk(bits: number[], rows: number, pChange: number, seed: number): Codes {
  const r = xorshift32(seed);
  const F = bits.length;
  const out = bits.some((b) => b > 8) ? new Uint16Array(rows * F) : new Uint8Array(rows * F);
  const cur = bits.map((b) => Math.floor(r() * 2 ** b));
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < F; f++) {
      if (r() < pChange) {
        cur[f] = pChange >= 1 ? Math.floor(r() * 2 ** bits[f]!) : Math.max(0, Math.min(2 ** bits[f]! - 1, cur[f]! + (r() < 0.5 ? -1 : 1)));
      }
      out[i * F + f] = cur[f]!;
    }
  }
  return out;
}
