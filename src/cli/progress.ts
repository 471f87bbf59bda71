// Progress on stderr. On a terminal: one line redrawn in place (a bar when the total is known, with
// the caller's text such as epoch, loss and ETA). Otherwise: plain lines, at most one per `interval`
// (and always for "step" updates such as epochs), so logs stay readable. Silent with --quiet.
import type { Writable } from 'node:stream';

export interface ProgressOptions {
  tty: boolean;
  enabled: boolean;
  /** Terminal width (default 80). */
  columns?: number;
  /** Minimum milliseconds between plain (non-terminal) lines for non-step updates. Default 2000. */
  interval?: number;
  now?: () => number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export class Progress {
  private readonly tty: boolean;
  private readonly enabled: boolean;
  private readonly columns: number;
  private readonly interval: number;
  private readonly now: () => number;
  private drawn = false;
  private lastPlain = -Infinity;
  private lastDraw = -Infinity;
  private startTime = 0;
  private total: number | undefined;
  private label = '';

  constructor(
    private readonly out: Writable,
    opts: ProgressOptions,
  ) {
    this.tty = opts.tty;
    this.enabled = opts.enabled;
    this.columns = Math.max(40, opts.columns ?? 80);
    this.interval = opts.interval ?? 2000;
    this.now = opts.now ?? (() => Date.now());
  }

  /** Begin a task; `total` (steps, rows, bytes) enables the bar and the ETA. */
  start(label: string, total?: number): void {
    this.label = label;
    this.total = total !== undefined && total > 0 ? total : undefined;
    this.startTime = this.now();
    this.lastPlain = this.startTime; // plain lines only once a task runs longer than `interval`
    this.lastDraw = -Infinity;
  }

  /** Seconds since start(). */
  elapsed(): number {
    return (this.now() - this.startTime) / 1000;
  }

  /** Estimated seconds left, from the rate so far. */
  eta(done: number): number {
    if (this.total === undefined || done <= 0) return NaN;
    return (this.elapsed() * (this.total - done)) / done;
  }

  /**
   * Report progress. `step` marks a discrete milestone (an epoch): always printed as a plain line
   * when not on a terminal. Other updates are throttled.
   */
  update(done: number, text: string, opts: { step?: boolean } = {}): void {
    if (!this.enabled) return;
    const t = this.now();
    const etaText = this.total !== undefined ? ` ETA ${formatDuration(this.eta(done))}` : '';
    if (this.tty) {
      if (!opts.step && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      let bar = '';
      if (this.total !== undefined) {
        const frac = Math.min(1, Math.max(0, done / this.total));
        const w = 20;
        const full = Math.round(frac * w);
        bar = `[${'#'.repeat(full)}${'.'.repeat(w - full)}] ${String(Math.round(frac * 100)).padStart(3)}% `;
      }
      let line = `${this.label} ${bar}${text}${etaText}`;
      if (line.length > this.columns - 1) line = line.slice(0, this.columns - 1);
      this.out.write(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else {
      if (!opts.step && t - this.lastPlain < this.interval) return;
      this.lastPlain = t;
      this.out.write(`${this.label}: ${text}${etaText}\n`);
    }
  }

  /** Print a line (clearing the bar first on a terminal). */
  log(line: string): void {
    if (!this.enabled) return;
    this.clear();
    this.out.write(line + '\n');
  }

  /** Remove the bar from the terminal. */
  clear(): void {
    if (this.drawn) {
      this.out.write('\r\x1b[2K');
      this.drawn = false;
    }
  }

  /** End the task, optionally with a final line. */
  finish(line?: string): void {
    this.clear();
    if (line !== undefined && this.enabled) this.out.write(line + '\n');
  }
}
