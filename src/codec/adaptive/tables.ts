// Integer lookup tables of the adaptive context model (spec/FORMAT.md 4.5): squash (logistic
// function, stretch domain -2047..2047 -> 12-bit probability) and its inverse stretch, built from
// integers only (lpaq's 33-point interpolation) so TypeScript, the generated C and any other
// decoder agree exactly; and the counter rates.

/** The 33 knots of squash at d = -2048, -1920, ..., 2048 (12-bit probabilities). */
export const SQUASH_KNOTS: readonly number[] = [
  1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994, 3348, 3607, 3785,
  3901, 3975, 4022, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
];

/** squash(d) for integer d: 1 / (1 + e^(-d/256)) scaled to 12 bits, integer interpolation. */
export function squashInt(d: number): number {
  if (d > 2047) return 4095;
  if (d < -2047) return 1;
  const w = d & 127;
  const i = (d >> 7) + 16;
  return (SQUASH_KNOTS[i]! * (128 - w) + SQUASH_KNOTS[i + 1]! * w + 64) >> 7;
}

/** SQUASH[d + 2048] = squashInt(d) for d in -2048..2047. */
export const SQUASH: Int32Array = (() => {
  const t = new Int32Array(4096);
  for (let d = -2048; d < 2048; d++) t[d + 2048] = squashInt(d);
  return t;
})();

/** STRETCH[p] for a 12-bit probability p: the smallest d in -2047..2047 with squash(d) >= p. */
export const STRETCH: Int32Array = (() => {
  const t = new Int32Array(4096);
  let pi = 0;
  for (let d = -2047; d <= 2047; d++) {
    const v = squashInt(d);
    for (let j = pi; j <= v; j++) t[j] = d;
    pi = v + 1;
  }
  for (let j = pi; j < 4096; j++) t[j] = 2047;
  return t;
})();

/** Counter rates by count n (16-bit fixed point): 1/1.5, 1/2.5, 1/3.5, 1/5, 1/8, 1/12, 1/20, 1/32. */
export const RATES: Int32Array = Int32Array.from([43691, 26214, 18725, 13107, 8192, 5461, 3277, 2048]);
