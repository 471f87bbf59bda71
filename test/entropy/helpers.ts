// Shared fixtures of the entropy tests: a codec of the given bit widths with thresholds 1..2^b-1.
import { Codec } from '../../src/codec/index.js';

export function codecOf(bits: number[]): Codec {
  return Codec.fromThresholds(bits.map((b, i) => ({ name: `f${i}`, thresholds: Array.from({ length: 2 ** b - 1 }, (_, k) => k + 1) })));
}
