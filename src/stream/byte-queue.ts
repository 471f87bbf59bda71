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

  /** The first min(n, length) bytes, without removing them (a view when they lie in one chunk). */
  peek(n: number): Uint8Array {
    n = Math.min(n, this.size);
    const first = this.chunks[0];
    if (first === undefined) return new Uint8Array(0);
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let filled = 0;
    let off = this.head;
    for (let k = 0; filled < n; k++) {
      const c = this.chunks[k];
      const m = Math.min(c.length - off, n - filled);
      out.set(c.subarray(off, off + m), filled);
      filled += m;
      off = 0;
    }
    return out;
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
