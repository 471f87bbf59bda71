// Hand-built byte tests of the bit packing (FORMAT.md section 2): each expected byte is written out
// with a comment saying which code bits it holds, so a packing change shows up byte by byte.
// Stream positions count from bit 0 (LSB) of a byte; binary literals are written MSB first.

import { describe, expect, it } from 'vitest';
import { Codec } from '../../src/codec/index.js';

/** A codec with the given widths and evenly spaced thresholds 1..K (levels by default). */
function codecOf(...bits: number[]): Codec {
  return Codec.fromThresholds(bits.map((b, i) => ({ name: `f${i}`, thresholds: Array.from({ length: (1 << b) - 1 }, (_, k) => k + 1) })));
}

describe('bit packing by hand', () => {
  it('FORMAT.md section 2 worked example: a (2 bits), b (3 bits), rows (3,5), (1,6)', () => {
    const codec = Codec.fromThresholds([
      { name: 'a', thresholds: [1, 2, 3] },
      { name: 'b', thresholds: [1, 2, 3, 4, 5, 6, 7] },
    ]);
    const expected = [
      0x37, // positions 0-1: a=3 -> 1,1; 2-4: b=5 -> 1,0,1; 5-6: a=1 -> 1,0; 7: b=6 bit0 -> 0  => 0b00110111
      0x03, // positions 8-9: b=6 bits 1,2 -> 1,1; positions 10-15 padding 0              => 0b00000011
    ];
    expect(Array.from(codec.packCodes(new Uint8Array([3, 5, 1, 6]), 2))).toEqual(expected);
    // x in (t_c, t_c+1] gives code c (5 itself would give 4: equal does not exceed), so 5.5 -> 5
    expect(Array.from(codec.encodeRows(new Float64Array([3.5, 5.5, 1.5, 6.5])))).toEqual(expected);
    expect(Array.from(codec.decodeCodes(new Uint8Array(expected), 2))).toEqual([3, 5, 1, 6]);
  });

  it('uniform 4 bits: two codes per byte, low nibble first', () => {
    const codec = codecOf(4);
    const bytes = [
      0x21, // code 1 (low nibble), code 2 (high nibble)
      0x43, // code 3, code 4
      0x0f, // code 15, padding nibble 0
    ];
    expect(Array.from(codec.packCodes(new Uint8Array([1, 2, 3, 4, 15]), 5))).toEqual(bytes);
    expect(Array.from(codec.decodeCodes(new Uint8Array(bytes), 5))).toEqual([1, 2, 3, 4, 15]);
    expect(() => codec.decodeCodes(new Uint8Array([0x21, 0x43, 0x1f]), 5)).toThrow(expect.objectContaining({ code: 'CORRUPT_BLOCK' }));
  });

  it('uniform 1 bit: eight codes per byte, first code in bit 0', () => {
    const codec = codecOf(1);
    const codes = [1, 0, 0, 0, 0, 0, 0, 1, /* byte 2 */ 1, 1];
    const bytes = [
      0x81, // codes 0..7: bit 0 = 1, bit 7 = 1
      0x03, // codes 8, 9 in bits 0, 1; six padding bits 0
    ];
    expect(Array.from(codec.packCodes(new Uint8Array(codes), 10))).toEqual(bytes);
    expect(Array.from(codec.decodeCodes(new Uint8Array(bytes), 10))).toEqual(codes);
  });

  it('uniform 2 bits: four codes per byte', () => {
    const codec = codecOf(2);
    const bytes = [
      0xe4, // codes 0,1,2,3 -> 00 01 10 11 from bit 0 up: 0b11100100
      0x02, // code 2 in bits 0-1; padding 0
    ];
    expect(Array.from(codec.packCodes(new Uint8Array([0, 1, 2, 3, 2]), 5))).toEqual(bytes);
    expect(Array.from(codec.decodeCodes(new Uint8Array(bytes), 5))).toEqual([0, 1, 2, 3, 2]);
  });

  it('8 bits: one byte per code; 16 bits: little-endian u16', () => {
    expect(Array.from(codecOf(8, 8).packCodes(new Uint8Array([0x12, 0xfe]), 1))).toEqual([
      0x12, // feature 0
      0xfe, // feature 1
    ]);
    const c16 = Codec.fromThresholds([{ name: 'w', thresholds: Float32Array.from({ length: 65535 }, (_, k) => k) }]);
    const bytes = [
      0x34, 0x12, // code 0x1234, low byte first
      0xff, 0xff, // code 0xffff
    ];
    expect(Array.from(c16.packCodes(new Uint16Array([0x1234, 0xffff]), 2))).toEqual(bytes);
    const back = c16.decodeCodes(new Uint8Array(bytes), 2);
    expect(back).toBeInstanceOf(Uint16Array);
    expect(Array.from(back)).toEqual([0x1234, 0xffff]);
  });

  it('mixed 3 + 9 + 1 bits (13 bits per row, rows straddle bytes)', () => {
    const codec = codecOf(3, 9, 1);
    // row 0: (5, 0x1a3, 1), row 1: (2, 0x0ff, 0)
    // stream: 5=101 | 0x1a3 = 1 1000 1011 LSB first 1,1,0,0,0,1,0,1,1 | 1 | 2 -> 0,1,0 | 0xff -> 1x8,0 | 0
    const bytes = [
      0b00011101, // pos 0-2: 5 -> 1,0,1; pos 3-7: 0x1a3 bits 0-4 -> 1,1,0,0,0
      0b01011101, // pos 8-11 (bits 0-3): 0x1a3 bits 5-8 -> 1,0,1,1; bit 4: 1; bits 5-7: 2 -> 0,1,0
      0b11111111, // pos 16-23: 0xff bits 0-7
      0b00000000, // pos 24: 0xff bit 8 = 0; pos 25: 0; pos 26-31 padding
    ];
    expect(Array.from(codec.packCodes(new Uint16Array([5, 0x1a3, 1, 2, 0xff, 0]), 2))).toEqual(bytes);
    expect(Array.from(codec.decodeCodes(new Uint8Array(bytes), 2))).toEqual([5, 0x1a3, 1, 2, 0xff, 0]);
    expect(codec.packedByteLength(2)).toBe(4);
    expect(codec.packedByteLength(3)).toBe(5); // 39 bits
  });

  it('zero rows pack to zero bytes', () => {
    const codec = codecOf(3, 5);
    expect(codec.encodeRows(new Float32Array(0)).length).toBe(0);
    expect(codec.decodeCodes(new Uint8Array(0), 0).length).toBe(0);
    expect(codec.decodeValues(new Uint8Array(0), 0).length).toBe(0);
  });
});
