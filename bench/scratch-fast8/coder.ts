// Scratch (issue 12 feasibility study, not part of the library): a multi-symbol range coder over
// 15-bit cumulative frequencies (LZMA-style carry handling, 32-bit range) and a raw bit stream,
// the two byte streams of the fast 8-bit prototypes. Plain reference classes; the speed kernels in
// kernels.ts inline the same arithmetic and must produce the same bytes.

export const PROB_BITS = 15;
export const TOTAL = 1 << PROB_BITS;

export class RangeEncoder {
  low = 0; // may exceed 2^32 by a carry (kept as a double)
  range = 0xffffffff;
  cache = 0;
  cacheSize = 0; // the first (always zero) byte of LZMA is not written
  buf = new Uint8Array(1 << 16);
  n = 0;
  private first = true;

  private emit(b: number): void {
    if (this.n === this.buf.length) {
      const nb = new Uint8Array(this.buf.length * 2);
      nb.set(this.buf);
      this.buf = nb;
    }
    this.buf[this.n++] = b;
  }

  private shiftLow(): void {
    if (this.low < 0xff000000 || this.low >= 0x100000000) {
      const carry = this.low >= 0x100000000 ? 1 : 0;
      if (!this.first) this.emit((this.cache + carry) & 255);
      this.first = false;
      for (; this.cacheSize > 0; this.cacheSize--) this.emit((255 + carry) & 255);
      this.cache = Math.floor(this.low / 16777216) & 255;
    } else this.cacheSize++;
    this.low = (this.low % 16777216) * 256;
  }

  /** Codes the interval [start, start + size) of TOTAL. */
  encode(start: number, size: number): void {
    const r = this.range >>> PROB_BITS;
    this.low += r * start;
    this.range = r * size;
    while (this.range < 16777216) {
      this.range = (this.range * 256) >>> 0;
      this.shiftLow();
    }
  }

  finish(): Uint8Array {
    for (let i = 0; i < 5; i++) this.shiftLow();
    // the decoder reads missing bytes as 0: trailing zeros need not be stored
    let n = this.n;
    while (n > 0 && this.buf[n - 1] === 0) n--;
    return this.buf.slice(0, n);
  }
}

export class RangeDecoder {
  range = 0xffffffff;
  code = 0;
  pos = 0;
  constructor(readonly buf: Uint8Array) {
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.next()) >>> 0;
  }
  next(): number {
    const p = this.pos++;
    return p < this.buf.length ? this.buf[p]! : 0;
  }
  /** The largest s with r * cdf[s] <= code (cdf[0] = 0, cdf[N] = TOTAL); then consumes it. */
  decode(cdf: ArrayLike<number>, N: number): number {
    const r = this.range >>> PROB_BITS;
    let s = 0;
    while (s + 1 < N && r * cdf[s + 1]! <= this.code) s++;
    this.code -= r * cdf[s]!;
    this.range = r * (cdf[s + 1]! - cdf[s]!);
    while (this.range < 16777216) {
      this.range = (this.range * 256) >>> 0;
      this.code = ((this.code * 256) >>> 0) | this.next();
      this.code >>>= 0;
    }
    return s;
  }
}

export class BitWriter {
  buf = new Uint8Array(1 << 16);
  n = 0;
  acc = 0;
  nb = 0;
  put(v: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((v >>> i) & 1);
      if (++this.nb === 8) {
        if (this.n === this.buf.length) {
          const b = new Uint8Array(this.buf.length * 2);
          b.set(this.buf);
          this.buf = b;
        }
        this.buf[this.n++] = this.acc & 255;
        this.acc = 0;
        this.nb = 0;
      }
    }
  }
  finish(): Uint8Array {
    if (this.nb > 0) this.put(0, 8 - this.nb);
    return this.buf.slice(0, this.n);
  }
}

export class BitReader {
  pos = 0; // bit position
  constructor(readonly buf: Uint8Array) {}
  get(bits: number): number {
    let v = 0;
    for (let i = 0; i < bits; i++, this.pos++) {
      const byte = (this.pos >>> 3) < this.buf.length ? this.buf[this.pos >>> 3]! : 0;
      v = (v << 1) | ((byte >>> (7 - (this.pos & 7))) & 1);
    }
    return v;
  }
}

/** Bytes of an unsigned LEB128 varint (the length prefix of the range-coded part). */
export function varintBytes(n: number): number {
  let b = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    b++;
  }
  return b;
}
