// Little-endian byte cursors: ByteWriter fills a buffer of a size computed in advance, ByteReader
// reads with a bounds check on every field and throws a BsqError (with the caller's code) on overrun.

import { BsqError, type BsqErrorCode } from '../codec/errors.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const TWO_32 = 0x1_0000_0000;

/** The parts one after another in one new buffer (the part itself when there is only one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  if (parts.length === 1 && parts[0].buffer instanceof ArrayBuffer) return parts[0] as Uint8Array<ArrayBuffer>;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function readU16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
export function readU32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}
export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}
export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/** Writes into a buffer whose exact size the caller computed; `finish()` checks it was filled. */
export class ByteWriter {
  readonly bytes: Uint8Array<ArrayBuffer>;
  pos = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }
  u8(v: number): void {
    this.bytes[this.pos++] = v;
  }
  u16(v: number): void {
    writeU16(this.bytes, this.pos, v);
    this.pos += 2;
  }
  u32(v: number): void {
    writeU32(this.bytes, this.pos, v);
    this.pos += 4;
  }
  /** Unsigned integer up to 2^53 - 1, low u32 first. */
  u64(v: number): void {
    this.u32(v % TWO_32);
    this.u32(Math.floor(v / TWO_32));
  }
  raw(b: Uint8Array): void {
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }
  f32s(a: Float32Array): void {
    if (LITTLE_ENDIAN) {
      this.raw(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    } else {
      const dv = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
      for (let i = 0; i < a.length; i++) dv.setFloat32(this.pos + 4 * i, a[i], true);
      this.pos += a.byteLength;
    }
  }
  finish(): Uint8Array<ArrayBuffer> {
    if (this.pos !== this.bytes.length) {
      throw new Error(`internal: ByteWriter filled ${this.pos} of ${this.bytes.length} bytes`);
    }
    return this.bytes;
  }
}

/** Reads fields with bounds checks; running past the end throws BsqError(code). */
export class ByteReader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    private readonly code: BsqErrorCode,
    private readonly what: string,
  ) {}
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  /** Throws unless `n` more bytes are present. */
  need(n: number, field: string): void {
    if (n > this.bytes.length - this.pos) {
      throw new BsqError(
        this.code,
        `${this.what}: ${field} needs ${n} bytes at offset ${this.pos}, only ${this.bytes.length - this.pos} left`,
        { offset: this.pos, field },
      );
    }
  }
  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.pos++];
  }
  u16(field: string): number {
    this.need(2, field);
    const v = readU16(this.bytes, this.pos);
    this.pos += 2;
    return v;
  }
  u32(field: string): number {
    this.need(4, field);
    const v = readU32(this.bytes, this.pos);
    this.pos += 4;
    return v;
  }
  /** A view (no copy) of the next `n` bytes. */
  view(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** `n` little-endian binary32 values, copied (the length is checked before allocating). */
  f32s(n: number, field: string): Float32Array {
    this.need(4 * n, field);
    const out = new Float32Array(n);
    const start = this.bytes.byteOffset + this.pos;
    if (LITTLE_ENDIAN) {
      new Uint8Array(out.buffer).set(this.bytes.subarray(this.pos, this.pos + 4 * n));
    } else {
      const dv = new DataView(this.bytes.buffer, start, 4 * n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(4 * i, true);
    }
    this.pos += 4 * n;
    return out;
  }
}

/** u64 from two u32 (low first); values above 2^53 - 1 are LIMIT_EXCEEDED. */
export function readU64(b: Uint8Array, o: number, field: string): number {
  const lo = readU32(b, o);
  const hi = readU32(b, o + 4);
  if (hi > 0x1fffff) {
    throw new BsqError('LIMIT_EXCEEDED', `${field} does not fit in 2^53 - 1`, { field });
  }
  return hi * TWO_32 + lo;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decoding; invalid sequences throw BsqError(code). */
export function decodeUtf8(b: Uint8Array, code: BsqErrorCode, what: string): string {
  try {
    return UTF8.decode(b);
  } catch {
    throw new BsqError(code, `${what} is not valid UTF-8`);
  }
}
