// CRC-32C: the check value, a bitwise reference implementation, and running (chunked) checksums.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32c } from '../../src/internals.js';

/** Bit-at-a-time CRC-32C straight from the definition (reflected poly 0x82F63B78). */
function reference(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('has the check value 0xE3069283 for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('matches published values for empty input and 32 zero / 0xFF bytes (RFC 3720 B.4)', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('equals the bitwise reference on random inputs of every length mod 8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => crc32c(b) === reference(b)),
      { numRuns: 300 },
    );
  });

  it('works on subarrays with any byteOffset', () => {
    const big = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff);
    for (let s = 0; s < 9; s++) expect(crc32c(big.subarray(s, s + 50))).toBe(reference(big.slice(s, s + 50)));
  });

  it('equals the reference on long subarrays at every alignment (the 32-bit load path)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 400 }), fc.nat(7), fc.nat(9), (b, s, e) => {
        const sub = b.subarray(s, Math.max(s, b.length - e));
        return crc32c(sub) === reference(sub) && crc32c(sub, 0x12345678) === crc32c(sub.subarray(5), crc32c(sub.subarray(0, 5), 0x12345678));
      }),
      { numRuns: 300 },
    );
  });

  it('continues a running checksum across any split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (b, k) => {
        const cut = b.length === 0 ? 0 : k % (b.length + 1);
        return crc32c(b.subarray(cut), crc32c(b.subarray(0, cut))) === crc32c(b);
      }),
      { numRuns: 200 },
    );
  });
});
