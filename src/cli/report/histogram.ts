// Histogram of one feature's training values for the report: equal-width bins over the range that
// holds the data and every threshold (so the thresholds drawn over it are all visible).
export interface Histogram {
  /** bins + 1 edges, ascending. */
  edges: number[];
  counts: number[];
}

export function histogram(values: ArrayLike<number>, bins = 40, extra: ArrayLike<number> = []): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (let i = 0; i < extra.length; i++) {
    const v = extra[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return { edges: [0, 1], counts: [0] };
  if (hi === lo) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.01 : 0.5;
    lo -= pad;
    hi += pad;
  }
  const n = Math.max(1, Math.floor(bins));
  const width = (hi - lo) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo + i * width));
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let b = Math.floor((v - lo) / width);
    if (b >= n) b = n - 1;
    if (b < 0) b = 0;
    counts[b]++;
  }
  return { edges, counts };
}
