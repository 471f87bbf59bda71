// ByteQueue: a FIFO of byte chunks of any size from which whole records are taken without copying
// when they lie inside one chunk (copied only when they straddle chunk boundaries).

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // read offset into chunks[0]
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The byte at offset `i` from the front (i < length). */
  byteAt(i: number): number {
    let k = 0;
    let off = this.head + i;
    while (off >= this.chunks[k].length) {
      off -= this.chunks[k].length;
      k++;
    }
    return this.chunks[k][off];
  }

  /** Remove and return the first `n` bytes (n <= length). */
  take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.advance(n);
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const m = Math.min(c.length - this.head, n - filled);
      out.set(c.subarray(this.head, this.head + m), filled);
      filled += m;
      this.advance(m);
    }
    return out;
  }

  private advance(n: number): void {
    this.size -= n;
    this.head += n;
    while (this.chunks.length > 0 && this.head >= this.chunks[0].length) {
      this.head -= this.chunks[0].length;
      this.chunks.shift();
    }
  }
}
