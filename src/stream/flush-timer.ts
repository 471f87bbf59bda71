// FlushTimer: bounded latency for live encoders. Once rows are buffered, a timer of `ms` starts; if
// the block has not filled by then, the buffered rows are emitted as a short block. Used by the
// WHATWG and Node encoder streams (option flushAfterMs). Browser-safe (setTimeout only).
import { BsqError } from '../codec/errors.js';
import type { StreamEncoder } from './stream-encoder.js';

export class FlushTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  /**
   * @param ms delay after the first buffered row; undefined disables the timer
   * @param emit receives the short block's bytes (or the error if flushing failed)
   */
  constructor(
    private readonly enc: StreamEncoder,
    private readonly ms: number | undefined,
    private readonly emit: (bytes: Uint8Array[] | Error) => void,
  ) {
    if (ms !== undefined && (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms))) {
      throw new BsqError('INVALID_ARGUMENT', `flushAfterMs must be a finite number >= 0, got ${String(ms)}`);
    }
  }

  /** Call after every push: arms the timer while rows are buffered, disarms it when none are. */
  update(): void {
    if (this.ms === undefined || this.stopped) return;
    if (this.enc.bufferedRows === 0) {
      this.clear();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      let out: Uint8Array[];
      try {
        out = this.enc.flush();
      } catch (err) {
        this.stopped = true;
        this.emit(err as Error);
        return;
      }
      this.emit(out);
    }, this.ms);
    // The timer keeps a Node process alive while rows wait for it (they would be lost otherwise):
    // a script that writes one row and awaits its block gets it, then exits.
  }

  /** Stop for good (on close or error). */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
