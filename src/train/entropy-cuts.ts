// Initial thresholds that waste no code: where quantile thresholds of a feature with heavy repeated
// values (a pixel that is 0 in 70% of rows, a light sensor at 0 all night) fall between the same two
// data values, several thresholds code the same rows and the feature gets fewer distinct codes than
// its width allows. Such a feature instead starts at the cuts between distinct values that make its
// codes as equally likely as possible (maximum entropy of the code): the aim of quantiles, with
// every threshold between its own pair of neighbouring values.

/** Distinct values of a sorted column and how many times each occurs. */
function runs(s: Float64Array): { values: Float64Array; counts: Float64Array } {
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s[i] === s[i - 1]) counts[counts.length - 1]!++;
    else { values.push(s[i]!); counts.push(1); }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
}

/** Widest feature the cuts are computed for: the DP keeps 2^bits x blocks indices. */
const MAX_BITS = 8;

/**
 * Candidate cells for the DP: every distinct value alone when there are at most 32 x 2^bits of them,
 * else runs of consecutive values of about n / (16 x 2^bits) rows, a value holding that many rows or
 * more alone (cuts then fall only between blocks: at most 1/16 of a code's share of the rows off the
 * exact optimum, at most 32 x 2^bits + distinct heavy values blocks). lo / hi: each block's
 * smallest and largest value.
 */
function blocks(values: Float64Array, counts: Float64Array, n: number, L: number): { lo: Float64Array; hi: Float64Array; counts: Float64Array } {
  if (values.length <= 32 * L) return { lo: values, hi: values, counts };
  const size = n / (16 * L);
  const lo: number[] = [], hi: number[] = [], cnt: number[] = [];
  let open = false;
  for (let i = 0; i < values.length; i++) {
    const heavy = counts[i]! >= size;
    if (heavy || !open) { lo.push(values[i]!); hi.push(values[i]!); cnt.push(counts[i]!); open = !heavy; }
    else { hi[hi.length - 1] = values[i]!; cnt[cnt.length - 1]! += counts[i]!; }
    if (open && cnt[cnt.length - 1]! >= size) open = false;
  }
  return { lo: Float64Array.from(lo), hi: Float64Array.from(hi), counts: Float64Array.from(cnt) };
}

/** Index of the first value > v in a sorted array. */
function upper(s: Float64Array, v: number): number {
  let lo = 0, hi = s.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid]! > v) hi = mid; else lo = mid + 1; }
  return lo;
}

/**
 * True when every threshold (sorted) separates rows no other threshold separates (sorted values, with
 * or without repeats): each one lies
 * between its own pair of neighbouring distinct values (a threshold on a value counts as just above
 * it, as `x > t` codes), none below the smallest value or at or above the largest.
 */
export function thresholdsDistinct(sortedValues: Float64Array, t: ArrayLike<number>): boolean {
  const values = sortedValues;
  let prev = -1;
  for (let k = 0; k < t.length; k++) {
    const gap = upper(values, t[k]!) - 1; // the threshold lies between values[gap] and values[gap + 1]
    if (gap < 0 || gap > values.length - 2 || gap <= prev) return false;
    prev = gap;
  }
  return true;
}

/**
 * The 2^bits - 1 cuts between distinct values of a sorted column (NaN-free) that maximise the entropy
 * of the code, as thresholds at the midpoints between the two values of each cut; undefined when the
 * column has fewer than 2^bits distinct values (every gap is then a cut: the lossless case) or for
 * more than 8 bits (the quantiles then stay).
 * Dynamic programming over cells of consecutive distinct values, minimising sum(n log n) of the cell
 * counts, with divide-and-conquer on the monotone best split (the cost is convex in the cell count):
 * O(2^bits * d log d) for d blocks.
 */
export function maxEntropyThresholds(s: Float64Array, bits: number): Float64Array | undefined {
  const L = 2 ** bits;
  if (bits > MAX_BITS) return undefined;
  const r = runs(s);
  if (r.values.length < L) return undefined;
  const { lo: values, hi: above, counts } = blocks(r.values, r.counts, s.length, L);
  const d = counts.length;
  const P = new Float64Array(d + 1);
  for (let i = 0; i < d; i++) P[i + 1] = P[i]! + counts[i]!;
  const cost = (i: number, j: number): number => { const m = P[j]! - P[i]!; return m * Math.log(m); };
  // best[j] = the least cost of the first j values in l cells; from[l][j] = where its last cell starts.
  let best = new Float64Array(d + 1).fill(Infinity);
  for (let j = 1; j <= d; j++) best[j] = cost(0, j);
  const from: Int32Array[] = [];
  for (let l = 2; l <= L; l++) {
    const next = new Float64Array(d + 1).fill(Infinity);
    const arg = new Int32Array(d + 1);
    // next[j] for j in [jlo, jhi], the best split i in [ilo, ihi] (i >= l - 1: l - 1 cells before it).
    const solve = (jlo: number, jhi: number, ilo: number, ihi: number): void => {
      if (jlo > jhi) return;
      const j = (jlo + jhi) >>> 1;
      let bi = -1, bv = Infinity;
      for (let i = Math.max(ilo, l - 1); i <= Math.min(ihi, j - 1); i++) {
        const v = best[i]! + cost(i, j);
        if (v < bv) { bv = v; bi = i; }
      }
      next[j] = bv;
      arg[j] = bi;
      solve(jlo, j - 1, ilo, bi < 0 ? ihi : bi);
      solve(j + 1, jhi, bi < 0 ? ilo : bi, ihi);
    };
    solve(l, d, l - 1, d - 1);
    from.push(arg);
    best = next;
  }
  const out = new Float64Array(L - 1);
  let j = d;
  for (let l = L; l >= 2; l--) {
    const i = from[l - 2]![j]!;
    out[l - 2] = above[i - 1]! + (values[i]! - above[i - 1]!) / 2;
    j = i;
  }
  return out;
}
