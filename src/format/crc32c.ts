// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven with slicing-by-8 (32-bit
// loads on little-endian platforms).
// Check value: crc32c("123456789") === 0xE3069283 (spec/FORMAT.md section 5).

const POLY = 0x82f63b78;

/** 8 tables of 256 entries: T[k][b] is the CRC of byte b followed by k zero bytes. */
const TABLES: Int32Array = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** 32-bit loads give bytes in file order only on little-endian platforms (others: byte loads). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * CRC-32C of `bytes`. Pass a previous result as `crc` to continue a running checksum:
 * `crc32c(b, crc32c(a)) === crc32c(concat(a, b))`. Returns an unsigned 32-bit integer.
 */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  const T = TABLES;
  let c = ~crc | 0;
  let i = 0;
  const n = bytes.length;
  if (LITTLE_ENDIAN && n >= 64) {
    // bytes up to a 4-byte aligned address, then 8 bytes per step as two 32-bit loads
    while (((bytes.byteOffset + i) & 3) !== 0) c = T[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
    const words = ((n - i) >>> 3) << 1;
    const w = new Int32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; k += 2) {
      const lo = c ^ w[k];
      const hi = w[k + 1];
      c =
        T[1792 + (lo & 0xff)] ^
        T[1536 + ((lo >>> 8) & 0xff)] ^
        T[1280 + ((lo >>> 16) & 0xff)] ^
        T[1024 + (lo >>> 24)] ^
        T[768 + (hi & 0xff)] ^
        T[512 + ((hi >>> 8) & 0xff)] ^
        T[256 + ((hi >>> 16) & 0xff)] ^
        T[hi >>> 24];
    }
    i += words * 4;
  }
  const n8 = n - ((n - i) & 7);
  while (i < n8) {
    const lo = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c =
      T[1792 + (lo & 0xff)] ^
      T[1536 + ((lo >>> 8) & 0xff)] ^
      T[1280 + ((lo >>> 16) & 0xff)] ^
      T[1024 + (lo >>> 24)] ^
      T[768 + bytes[i + 4]] ^
      T[512 + bytes[i + 5]] ^
      T[256 + bytes[i + 6]] ^
      T[bytes[i + 7]];
    i += 8;
  }
  while (i < n) c = T[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
