// Bit packing of spec/FORMAT.md section 2: codes of a row in codec order, rows back to back, each
// code LSB first at stream position q -> bit (q mod 8) of byte floor(q / 8), last byte zero-padded.
// A flat run of codes (row-major, `widths` repeating every row) packs as one bit stream, so uniform
// widths 1, 2, 4, 8 and 16 get word-free byte loops and everything else a 32-bit accumulator
// (packCodes; encoding and decoding of those other layouts go through the field kernels of field.ts).

import type { CodeArray } from './search.js';

/**
 * Pack `n` codes codes[cs..cs+n) whose widths cycle through `widths` (starting at feature 0) into
 * `out` from byte `bo` (bit 0 of that byte). Bytes of `out` past the written bits are not touched,
 * except the partial last byte which is written with zero high bits. Returns a value that is
 * non-zero iff some code did not fit its width.
 */
export function packRun(codes: CodeArray, cs: number, n: number, widths: Uint8Array, uniform: number, out: Uint8Array, bo: number): number {
  let bad = 0;
  const end = cs + n;
  if (uniform === 8) {
    for (let i = cs; i < end; i++) { const c = codes[i]; bad |= c; out[bo++] = c; }
    return bad >>> 8;
  }
  if (uniform === 4) {
    let i = cs;
    const e2 = cs + (n - (n % 2));
    for (; i < e2; i += 2) {
      const a = codes[i], b = codes[i + 1];
      bad |= a | b;
      out[bo++] = a | (b << 4);
    }
    if (i < end) { const a = codes[i]; bad |= a; out[bo] = a & 15; }
    return bad >>> 4;
  }
  if (uniform === 2) {
    let i = cs;
    const e4 = cs + (n - (n % 4));
    for (; i < e4; i += 4) {
      const a = codes[i], b = codes[i + 1], c = codes[i + 2], d = codes[i + 3];
      bad |= a | b | c | d;
      out[bo++] = a | (b << 2) | (c << 4) | (d << 6);
    }
    if (i < end) {
      let acc = 0;
      for (let s = 0; i < end; i++, s += 2) { const a = codes[i]; bad |= a; acc |= (a & 3) << s; }
      out[bo] = acc;
    }
    return bad >>> 2;
  }
  if (uniform === 1) {
    let i = cs;
    const e8 = cs + (n - (n % 8));
    for (; i < e8; i += 8) {
      const v = codes[i] | (codes[i + 1] << 1) | (codes[i + 2] << 2) | (codes[i + 3] << 3) |
        (codes[i + 4] << 4) | (codes[i + 5] << 5) | (codes[i + 6] << 6) | (codes[i + 7] << 7);
      bad |= (codes[i] | codes[i + 1] | codes[i + 2] | codes[i + 3] | codes[i + 4] | codes[i + 5] | codes[i + 6] | codes[i + 7]);
      out[bo++] = v;
    }
    if (i < end) {
      let acc = 0;
      for (let s = 0; i < end; i++, s++) { const a = codes[i]; bad |= a; acc |= (a & 1) << s; }
      out[bo] = acc;
    }
    return bad >>> 1;
  }
  if (uniform === 16) {
    for (let i = cs; i < end; i++) { const c = codes[i]; bad |= c; out[bo++] = c & 255; out[bo++] = c >>> 8; }
    return bad >>> 16;
  }
  // General case: accumulator holds < 8 pending bits before each code (<= 16 bits), so < 24 bits.
  const F = widths.length;
  let acc = 0;
  let nb = 0;
  let f = 0;
  for (let i = cs; i < end; i++) {
    const w = widths[f];
    const c = codes[i];
    bad |= c >>> w;
    acc |= (c & ((1 << w) - 1)) << nb;
    nb += w;
    while (nb >= 8) { out[bo++] = acc & 255; acc >>>= 8; nb -= 8; }
    if (++f === F) f = 0;
  }
  if (nb > 0) out[bo] = acc & 255;
  return bad;
}

// Lookup tables giving, for one packed byte, its codes as bytes in a 32-bit word (platform byte
// order: built through a byte view, so a word store puts code j at byte j on any endianness).
function wordTable(entries: number, codesPerEntry: number, width: number): Int32Array {
  const bytes = new Uint8Array(entries * 4);
  for (let v = 0; v < entries; v++) {
    for (let j = 0; j < codesPerEntry; j++) bytes[v * 4 + j] = (v >>> (j * width)) & ((1 << width) - 1);
  }
  return new Int32Array(bytes.buffer);
}
const NIBBLE_BITS = wordTable(16, 4, 1); // 4 one-bit codes of a nibble
const BYTE_PAIRS = wordTable(256, 4, 2); // 4 two-bit codes of a byte
const HALF_WORDS = (() => {
  // 2 four-bit codes of a byte, as the low 16 bits of a word
  const bytes = new Uint8Array(256 * 2);
  for (let v = 0; v < 256; v++) { bytes[2 * v] = v & 15; bytes[2 * v + 1] = v >>> 4; }
  return new Uint16Array(bytes.buffer);
})();
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Word-store unpacking of uniform 1/2/4-bit codes; out[os] is 4-byte aligned. Returns codes done. */
function unpackWords(packed: Uint8Array, bo: number, n: number, uniform: number, out: Uint8Array, os: number): number {
  const words = Math.floor(n / 8) * 2; // whole packed bytes for every width, in 32-bit words
  const o32 = new Int32Array(out.buffer, out.byteOffset + os, words);
  if (uniform === 4) {
    if (!LITTLE_ENDIAN) return 0;
    for (let j = 0, b = bo; j < words; j++, b += 2) o32[j] = HALF_WORDS[packed[b]] | (HALF_WORDS[packed[b + 1]] << 16);
  } else if (uniform === 2) {
    for (let j = 0, b = bo; j < words; j++, b++) o32[j] = BYTE_PAIRS[packed[b]];
  } else {
    for (let j = 0, b = bo; j < words; j += 2, b++) { const v = packed[b]; o32[j] = NIBBLE_BITS[v & 15]; o32[j + 1] = NIBBLE_BITS[v >>> 4]; }
  }
  return words * 4;
}

/**
 * Unpack `n` codes from `packed` starting at byte `bo` into out[os..os+n), widths cycling through
 * `widths` from feature 0 (the codec uses it for uniform widths 1, 2, 4, 8 and 16; other layouts go
 * through the field kernels of field.ts).
 */
export function unpackRun(packed: Uint8Array, bo: number, n: number, widths: Uint8Array, uniform: number, out: CodeArray, os: number): void {
  const end = os + n;
  if (uniform === 8) {
    out.set(packed.subarray(bo, bo + n), os);
    return;
  }
  if ((uniform === 4 || uniform === 2 || uniform === 1) && out instanceof Uint8Array && (out.byteOffset + os) % 4 === 0) {
    // word stores: four (or eight) codes per 32-bit write from small lookup tables
    const done = unpackWords(packed, bo, n, uniform, out, os);
    if (done === n) return;
    bo += (done * uniform) / 8;
    os += done;
    n -= done;
  }
  if (uniform === 4) {
    let i = os;
    const e2 = os + (n - (n % 2));
    for (; i < e2; i += 2) { const v = packed[bo++]; out[i] = v & 15; out[i + 1] = v >>> 4; }
    if (i < end) out[i] = packed[bo] & 15;
    return;
  }
  if (uniform === 2) {
    let i = os;
    const e4 = os + (n - (n % 4));
    for (; i < e4; i += 4) {
      const v = packed[bo++];
      out[i] = v & 3; out[i + 1] = (v >>> 2) & 3; out[i + 2] = (v >>> 4) & 3; out[i + 3] = v >>> 6;
    }
    if (i < end) { const v = packed[bo]; for (let s = 0; i < end; i++, s += 2) out[i] = (v >>> s) & 3; }
    return;
  }
  if (uniform === 1) {
    let i = os;
    const e8 = os + (n - (n % 8));
    for (; i < e8; i += 8) {
      const v = packed[bo++];
      out[i] = v & 1; out[i + 1] = (v >>> 1) & 1; out[i + 2] = (v >>> 2) & 1; out[i + 3] = (v >>> 3) & 1;
      out[i + 4] = (v >>> 4) & 1; out[i + 5] = (v >>> 5) & 1; out[i + 6] = (v >>> 6) & 1; out[i + 7] = v >>> 7;
    }
    if (i < end) { const v = packed[bo]; for (let s = 0; i < end; i++, s++) out[i] = (v >>> s) & 1; }
    return;
  }
  if (uniform === 16) {
    for (let i = os; i < end; i++, bo += 2) out[i] = packed[bo] | (packed[bo + 1] << 8);
    return;
  }
  const F = widths.length;
  let acc = 0;
  let nb = 0;
  let f = 0;
  for (let i = os; i < end; i++) {
    const w = widths[f];
    while (nb < w) { acc |= packed[bo++] << nb; nb += 8; }
    out[i] = acc & ((1 << w) - 1);
    acc >>>= w;
    nb -= w;
    if (++f === F) f = 0;
  }
}
