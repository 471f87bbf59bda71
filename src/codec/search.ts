// Encode kernels: code(x) = #{k : x > t_k} by a fixed-depth binary search (a fixed number of
// comparisons per value, no data-dependent branch or loop exit). Each kernel walks one feature through a
// strided source (a column, or one feature of row-major rows) and writes codes into a strided
// destination, so neither rows nor columns are ever transposed into a copy.
//
// The search table P of a b-bit feature has 2^b entries: P[0] = -Infinity (never read) and
// P[k] = t_k, held as binary64 so that a binary64 input is compared exactly against the binary32
// threshold. The step is `i += +(x > P[i + h]) * h` for h = 2^(b-1) .. 1: the comparison result is
// used as a number, which V8 compiles to a flag-to-register move. (The ternary form
// `x > P[i + h] ? i + h : i` compiles to a real branch: ~5x slower on unpredictable data.)
//
// From 3 bits on, the top two bits come from three independent comparisons with t_q, t_2q, t_3q
// (q = 2^(b-2), kept in registers): code >= j*q iff x > t_jq, so their count is the code's top two
// bits, ties included. That removes two dependent table loads from each value's critical path.
//
// NaN: `x !== x` is tested first (never true on clean data, so the branch predicts perfectly). With
// nanCode < 0 the kernel stops and returns the index of the NaN; otherwise it writes nanCode.

export type CodeArray = Uint8Array | Uint16Array;
export type Source = ArrayLike<number>;

/** Build the padded search table of a feature from its thresholds. */
export function searchTable(thresholds: Float32Array): Float64Array {
  const P = new Float64Array(thresholds.length + 1);
  P[0] = -Infinity;
  for (let k = 0; k < thresholds.length; k++) P[k + 1] = thresholds[k];
  return P;
}

/** One value through the search (used by encodeValue and as the reference shape of the kernels). */
export function searchOne(P: Float64Array, bits: number, x: number): number {
  let i = 0;
  for (let h = 1 << (bits - 1); h > 0; h >>= 1) i += +(x > P[i + h]) * h;
  return i;
}

/**
 * Encode `n` values: src[si + j*ss] -> dst[di + j*ds]. Returns -1, or the index j of the first NaN
 * when nanCode < 0.
 */
export type Kernel = (
  P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number,
) => number;

function enc1(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const t1 = P[1];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    dst[di] = +(x > t1);
  }
  return -1;
}

function enc2(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const t2 = P[2];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    const i = +(x > t2) * 2;
    dst[di] = i + +(x > P[i + 1]);
  }
  return -1;
}

function enc3(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const ta = P[2], tb = P[4], tc = P[6];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 2;
    dst[di] = i + +(x > P[i + 1]);
  }
  return -1;
}

function enc4(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const ta = P[4], tb = P[8], tc = P[12];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 4;
    i += +(x > P[i + 2]) * 2;
    dst[di] = i + +(x > P[i + 1]);
  }
  return -1;
}

function enc5(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const ta = P[8], tb = P[16], tc = P[24];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 8;
    i += +(x > P[i + 4]) * 4;
    i += +(x > P[i + 2]) * 2;
    dst[di] = i + +(x > P[i + 1]);
  }
  return -1;
}

function enc6(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const ta = P[16], tb = P[32], tc = P[48];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 16;
    i += +(x > P[i + 8]) * 8;
    i += +(x > P[i + 4]) * 4;
    i += +(x > P[i + 2]) * 2;
    dst[di] = i + +(x > P[i + 1]);
  }
  return -1;
}

function enc7(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const ta = P[32], tb = P[64], tc = P[96];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 32;
    i += +(x > P[i + 16]) * 16;
    i += +(x > P[i + 8]) * 8;
    i += +(x > P[i + 4]) * 4;
    i += +(x > P[i + 2]) * 2;
    dst[di] = i + +(x > P[i + 1]);
  }
  return -1;
}

function enc8(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const ta = P[64], tb = P[128], tc = P[192];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 64;
    i += +(x > P[i + 32]) * 32;
    i += +(x > P[i + 16]) * 16;
    i += +(x > P[i + 8]) * 8;
    i += +(x > P[i + 4]) * 4;
    i += +(x > P[i + 2]) * 2;
    dst[di] = i + +(x > P[i + 1]);
  }
  return -1;
}

/** Any width 2..16: the same search with the depth as a loop (9..16 bits). */
function encN(P: Float64Array, src: Source, si: number, ss: number, dst: CodeArray, di: number, ds: number, n: number, nanCode: number): number {
  const q = P.length >>> 2;
  const ta = P[q], tb = P[2 * q], tc = P[3 * q];
  for (let j = 0; j < n; j++, si += ss, di += ds) {
    const x = src[si];
    if (x !== x) { if (nanCode < 0) return j; dst[di] = nanCode; continue; }
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * q;
    for (let h = q >>> 1; h > 0; h >>= 1) i += +(x > P[i + h]) * h;
    dst[di] = i;
  }
  return -1;
}

const KERNELS: readonly Kernel[] = [enc1, enc1, enc2, enc3, enc4, enc5, enc6, enc7, enc8];

/** The encode kernel for a bit width. */
export function kernelFor(bits: number): Kernel {
  return bits <= 8 ? KERNELS[bits] : encN;
}
