// Small text helpers for human-readable CLI output: thousands separators, byte sizes, ratios, number
// formatting for thresholds/metrics, and aligned tables.
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function ratio(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}x`;
}

/**
 * "8.00x smaller" for a size factor (original / new) of 8, "2.08x larger" for 0.48: a tiny file whose
 * codec or model record outweighs its data is reported as larger, never as "0.48x smaller".
 */
export function sizeChange(factor: number): string {
  if (!Number.isFinite(factor) || factor <= 0) return '–';
  return factor >= 1 ? `${ratio(factor)} smaller` : `${ratio(1 / factor)} larger`;
}

/** A number with up to `digits` significant digits, no trailing zeros. */
export function num(v: number | undefined | null, digits = 4): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** The shortest decimal text that reads back as the same binary32 value. */
export function float32Text(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  for (let p = 1; p <= 9; p++) {
    const s = String(Number(v.toPrecision(p)));
    if (Math.fround(Number(s)) === v) return s;
  }
  return String(v);
}

/** Left-aligned text columns, right-aligned numeric ones (cells that look like numbers). */
export function table(rows: string[][], opts: { indent?: number } = {}): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const isNum = (s: string) => /^[-+]?[\d.,]+(e[-+]?\d+)?[x%]?$/i.test(s) || s === '–' || s === 'inf' || s === '-inf';
  // A column whose body cells are all numbers is right-aligned, header included.
  const numeric = widths.map((_, i) => rows.length > 1 && rows.slice(1).every((r) => r[i] === undefined || isNum(r[i])));
  const pad = ' '.repeat(opts.indent ?? 2);
  return rows
    .map((r) =>
      pad +
      r
        .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
