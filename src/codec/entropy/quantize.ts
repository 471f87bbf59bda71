// Frequency quantization: turns non-negative symbol weights (counts, possibly smoothed) into
// integer frequencies that sum exactly to 2^scaleBits with every symbol at least 1, so that no
// code (seen in training or not) ever becomes unencodable. Proportional start, then a greedy
// pass that moves single units where that lowers the coded size of the weights.

/**
 * Quantizes `weights` (length n, a power of two <= 2^scaleBits) into `out` (same length).
 * Deterministic for equal inputs. Zero total weight gives the uniform table.
 */
export function quantizeFrequencies(weights: ArrayLike<number>, scaleBits: number, out: Uint16Array, outOffset = 0): void {
  const n = weights.length;
  const M = 2 ** scaleBits;
  if (n > M) throw new RangeError(`quantizeFrequencies: ${n} symbols do not fit in 2^${scaleBits}`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`quantizeFrequencies: weight ${i} is ${w}`);
    total += w;
  }
  if (total === 0) {
    // n and M are powers of two here (alphabet sizes), but stay exact for any n.
    const base = Math.floor(M / n);
    let rem = M - base * n;
    for (let i = 0; i < n; i++) out[outOffset + i] = base + (rem-- > 0 ? 1 : 0);
    return;
  }
  const spare = M - n; // units handed out in proportion to the weights, on top of 1 each
  const f = new Float64Array(n);
  const frac = new Float64Array(n);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const exact = (weights[i]! / total) * spare;
    const fl = Math.floor(exact);
    f[i] = 1 + fl;
    frac[i] = exact - fl;
    used += 1 + fl;
  }
  // Largest remainders first (ties: lower symbol first).
  let rem = M - used;
  while (rem > 0) {
    let best = -1;
    for (let i = 0; i < n; i++) if (best < 0 || frac[i]! > frac[best]!) best = i;
    f[best]! += 1;
    frac[best] = -1;
    rem--;
  }
  // Greedy refinement: move one unit from the symbol that loses least to the one that gains most,
  // while that strictly lowers sum_i w_i * -log2(f_i / M).
  for (let iter = 0; iter < 4 * n; iter++) {
    let gi = -1;
    let gain = 0;
    let li = -1;
    let loss = Infinity;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w === 0) {
        if (f[i]! > 1 && loss > 0) {
          loss = 0;
          li = i;
        }
        continue;
      }
      const g = w * Math.log2((f[i]! + 1) / f[i]!);
      if (g > gain) {
        gain = g;
        gi = i;
      }
      if (f[i]! > 1) {
        const l = w * Math.log2(f[i]! / (f[i]! - 1));
        if (l < loss) {
          loss = l;
          li = i;
        }
      }
    }
    if (gi < 0 || li < 0 || gi === li || gain <= loss + 1e-12) break;
    f[gi]! += 1;
    f[li]! -= 1;
  }
  for (let i = 0; i < n; i++) out[outOffset + i] = f[i]!;
}

/** Ideal cost in bits of coding symbols with the given counts under quantized frequencies. */
export function codedBits(counts: ArrayLike<number>, freqs: ArrayLike<number>, scaleBits: number, offset = 0): number {
  let bits = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) bits += c * (scaleBits - Math.log2(freqs[offset + i]!));
  }
  return bits;
}
