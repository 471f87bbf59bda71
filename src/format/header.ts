// The 16-byte file header (spec/FORMAT.md section 3): signature, major, minor, reserved, CRC-32C.
// Checked in the order signature -> CRC -> major, so a flipped bit is never read as another version.

import { BsqError } from '../codec/errors.js';
import { crc32c } from './crc32c.js';
import { readU32, writeU32 } from './bytes.js';
import { FORMAT_MAJOR, FORMAT_MINOR, HEADER_BYTES, SIGNATURE } from './constants.js';

export interface FormatVersion {
  major: number;
  minor: number;
}

/** The 16 header bytes for version 1.`minor` (default: the minor this library writes). */
export function encodeHeader(minor: number = FORMAT_MINOR): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(minor) || minor < 0 || minor > 255) {
    throw new BsqError('INVALID_ARGUMENT', `header minor version must be an integer in 0..255, got ${String(minor)}`);
  }
  const h = new Uint8Array(HEADER_BYTES);
  h.set(SIGNATURE, 0);
  h[8] = FORMAT_MAJOR;
  h[9] = minor;
  // bytes 10..11: reserved, 0
  writeU32(h, 12, crc32c(h.subarray(0, 12)));
  return h;
}

/**
 * Throws BAD_MAGIC if the first `n` bytes of `b` (n <= 8) differ from the signature. Used on
 * partial input so that garbage is reported as BAD_MAGIC as early as possible.
 */
export function checkSignaturePrefix(b: Uint8Array, n: number): void {
  const m = Math.min(n, SIGNATURE.length);
  for (let i = 0; i < m; i++) {
    if (b[i] !== SIGNATURE[i]) {
      throw new BsqError('BAD_MAGIC', 'not a .bsq file: the first 8 bytes are not the signature 89 42 53 51 0D 0A 1A 0A', {
        offset: i,
      });
    }
  }
}

/** Checks a complete 16-byte header and returns its version. */
export function decodeHeader(h: Uint8Array): FormatVersion {
  if (h.length < HEADER_BYTES) {
    checkSignaturePrefix(h, h.length);
    throw new BsqError('TRUNCATED', `input ended inside the 16-byte header (${h.length} bytes)`, { offset: h.length });
  }
  checkSignaturePrefix(h, SIGNATURE.length);
  const stored = readU32(h, 12);
  const actual = crc32c(h.subarray(0, 12));
  if (stored !== actual) {
    throw new BsqError('CHECKSUM_MISMATCH', `header CRC-32C mismatch (stored 0x${hex(stored)}, computed 0x${hex(actual)})`, {
      offset: 12,
    });
  }
  const major = h[8];
  const minor = h[9];
  if (major !== FORMAT_MAJOR) {
    throw new BsqError('UNSUPPORTED_VERSION', `unsupported .bsq major version ${major} (this reader supports ${FORMAT_MAJOR}.x)`, {
      major,
      minor,
    });
  }
  return { major, minor };
}

export function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
