// Empirical entropies of row-major code arrays, the yardsticks of encoding 2: order 0 (each
// feature's code distribution) and order 1 (a code given the previous row's code of the same
// feature), in bits per value averaged over features. Used by the bench and the tests.

/** Mean over features of H(code_f), bits per value. */
export function orderZeroEntropy(codes: ArrayLike<number>, bits: ArrayLike<number>): number {
  const F = bits.length;
  const N = codes.length / F;
  if (N === 0) return 0;
  let total = 0;
  for (let f = 0; f < F; f++) {
    const counts = new Map<number, number>();
    for (let i = f; i < codes.length; i += F) counts.set(codes[i]!, (counts.get(codes[i]!) ?? 0) + 1);
    for (const c of counts.values()) total -= c * Math.log2(c / N);
  }
  return total / (N * F);
}

/** Mean over features of H(code_f[r] | code_f[r-1]) over rows 1..N-1, bits per value. */
export function orderOneEntropy(codes: ArrayLike<number>, bits: ArrayLike<number>): number {
  const F = bits.length;
  const N = codes.length / F;
  if (N < 2) return 0;
  let total = 0;
  for (let f = 0; f < F; f++) {
    const pair = new Map<number, number>();
    const ctx = new Map<number, number>();
    for (let i = f + F; i < codes.length; i += F) {
      const p = codes[i - F]!;
      const k = p * 65536 + codes[i]!;
      pair.set(k, (pair.get(k) ?? 0) + 1);
      ctx.set(p, (ctx.get(p) ?? 0) + 1);
    }
    for (const [k, c] of pair) total -= c * Math.log2(c / ctx.get(Math.floor(k / 65536))!);
  }
  return total / ((N - 1) * F);
}
