// The binary arithmetic coder of encoding 3 (spec/FORMAT.md 4.5): a carry-less 32-bit range coder
// (as in lpaq) over 12-bit probabilities. The encoder narrows [x1, x2] per bit and emits the top
// byte while both ends share it; the decoder mirrors it and reads bytes past the end as 0. The
// coding loop (block.ts) inlines the same arithmetic; these classes are its plain reference.


export class BinaryEncoder {
  private x1 = 0;
  private x2 = 0xffffffff;
  private buf: Uint8Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  /** Codes bit `y` (0/1) with P(y = 1) = p / 4096, p in 1..4095; returns y. */
  bit(p: number, y: number): number {
    const x1 = this.x1;
    const r = this.x2 - x1;
    const xmid = x1 + (r >>> 12) * p + (((r & 0xfff) * p) >>> 12);
    if (y) this.x2 = xmid;
    else this.x1 = xmid + 1;
    while (((this.x1 ^ this.x2) & 0xff000000) === 0) {
      if (this.n === this.buf.length) this.grow();
      this.buf[this.n++] = this.x2 >>> 24;
      this.x1 = (this.x1 << 8) >>> 0;
      this.x2 = ((this.x2 << 8) | 255) >>> 0;
    }
    return y;
  }

  private grow(): void {
    const b = new Uint8Array(this.buf.length * 2);
    b.set(this.buf);
    this.buf = b;
  }

  /** Bytes so far (without the flush). */
  get length(): number {
    return this.n;
  }

  /**
   * Ends the stream: emits the shortest k in 1..4 top bytes of the value v in [x1, x2] whose low
   * 32 - 8k bits are zero (v = x1 rounded up), and returns all bytes.
   */
  finish(): Uint8Array {
    for (let k = 1; k <= 4; k++) {
      const unit = 2 ** (32 - 8 * k);
      const v = Math.ceil(this.x1 / unit) * unit;
      if (v <= this.x2) {
        for (let i = 0; i < k; i++) {
          if (this.n === this.buf.length) this.grow();
          this.buf[this.n++] = Math.floor(v / 2 ** (24 - 8 * i)) & 255;
        }
        break;
      }
    }
    return this.buf.subarray(0, this.n);
  }
}

export class BinaryDecoder {
  private x1 = 0;
  private x2 = 0xffffffff;
  private x = 0;
  private pos = 0;
  private readonly buf: Uint8Array;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    for (let i = 0; i < 4; i++) this.x = ((this.x << 8) | this.next()) >>> 0;
  }

  private next(): number {
    const p = this.pos++;
    return p < this.buf.length ? this.buf[p]! : 0;
  }

  /** Decodes one bit coded with P(1) = p / 4096. */
  bit(p: number, _y: number): number {
    const x1 = this.x1;
    const r = this.x2 - x1;
    const xmid = x1 + (r >>> 12) * p + (((r & 0xfff) * p) >>> 12);
    let y: number;
    if (this.x <= xmid) {
      y = 1;
      this.x2 = xmid;
    } else {
      y = 0;
      this.x1 = xmid + 1;
    }
    while (((this.x1 ^ this.x2) & 0xff000000) === 0) {
      this.x1 = (this.x1 << 8) >>> 0;
      this.x2 = ((this.x2 << 8) | 255) >>> 0;
      this.x = ((this.x << 8) | this.next()) >>> 0;
    }
    return y;
  }

  /** Bytes read so far, including the 4 read at the start and any read past the end (as 0). */
  get consumed(): number {
    return this.pos;
  }
}
