// Fused kernels for row-major value streams whose features all have the same width b in
// {1, 2, 4, 8}: search and pack (encode) or unpack and look up levels (decode) in one pass, with no
// intermediate code array. The features' tables are concatenated with feature f at offset f << b,
// so a search that starts at i = f << b ends at i = (f << b) + code and the code is i & (2^b - 1);
// as in search.ts, the top two bits of 4- and 8-bit codes come from three independent comparisons;
// the feature of the next value is `base += 2^b`, wrapping at F << b.
//
// Encode tables (from `concatTables`) hold t_k at base + k (base + 0 is padding, never read);
// decode tables (from `concatLevels`) hold v_c at base + c.

/** Concatenated binary64 search tables, feature f's thresholds at (f << b) + 1 .. (f << b) + K. */
export function concatTables(thresholds: readonly Float32Array[], bits: number): Float64Array {
  const L = 1 << bits;
  const T = new Float64Array(thresholds.length * L);
  for (let f = 0; f < thresholds.length; f++) {
    T[f * L] = -Infinity;
    T.set(thresholds[f], f * L + 1);
  }
  return T;
}

/** Concatenated levels, feature f's level of code c at (f << b) + c. */
export function concatLevels(levels: readonly Float32Array[], bits: number): Float32Array {
  const L = 1 << bits;
  const V = new Float32Array(levels.length * L);
  for (let f = 0; f < levels.length; f++) V.set(levels[f], f * L);
  return V;
}

export type Values = Float32Array | Float64Array;

/**
 * Encode and pack values src[0..n) (n a multiple of F) of F features of `bits` bits each into
 * out[0..ceil(n*bits/8)). Returns -1, or the index of the first NaN when nanCode < 0.
 */
export function encodeUniform(bits: number, T: Float64Array, F: number, src: Values, n: number, out: Uint8Array, nanCode: number): number {
  switch (bits) {
    case 1: return enc1(T, F, src, n, out, nanCode);
    case 2: return enc2(T, F, src, n, out, nanCode);
    case 4: return enc4(T, F, src, n, out, nanCode);
    default: return enc8(T, F, src, n, out, nanCode);
  }
}

function enc8(T: Float64Array, F: number, src: Values, n: number, out: Uint8Array, nanCode: number): number {
  if (F === 1) {
    const ta = T[64], tb = T[128], tc = T[192];
    let j = 0;
    // four values per step, their searches interleaved; NaN caught through the sum as in enc4One
    for (const n4 = n - (n % 4); j < n4; j += 4) {
      const x = src[j], y = src[j + 1], z = src[j + 2], w = src[j + 3];
      let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 64;
      let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 64;
      let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 64;
      let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 64;
      a += +(x > T[a + 32]) * 32; b += +(y > T[b + 32]) * 32; c += +(z > T[c + 32]) * 32; d += +(w > T[d + 32]) * 32;
      a += +(x > T[a + 16]) * 16; b += +(y > T[b + 16]) * 16; c += +(z > T[c + 16]) * 16; d += +(w > T[d + 16]) * 16;
      a += +(x > T[a + 8]) * 8; b += +(y > T[b + 8]) * 8; c += +(z > T[c + 8]) * 8; d += +(w > T[d + 8]) * 8;
      a += +(x > T[a + 4]) * 4; b += +(y > T[b + 4]) * 4; c += +(z > T[c + 4]) * 4; d += +(w > T[d + 4]) * 4;
      a += +(x > T[a + 2]) * 2; b += +(y > T[b + 2]) * 2; c += +(z > T[c + 2]) * 2; d += +(w > T[d + 2]) * 2;
      a += +(x > T[a + 1]); b += +(y > T[b + 1]); c += +(z > T[c + 1]); d += +(w > T[d + 1]);
      const sum = x + y + z + w;
      if (sum !== sum) {
        if (x !== x) { if (nanCode < 0) return j; a = nanCode; }
        if (y !== y) { if (nanCode < 0) return j + 1; b = nanCode; }
        if (z !== z) { if (nanCode < 0) return j + 2; c = nanCode; }
        if (w !== w) { if (nanCode < 0) return j + 3; d = nanCode; }
      }
      out[j] = a; out[j + 1] = b; out[j + 2] = c; out[j + 3] = d;
    }
    for (; j < n; j++) {
      const x = src[j];
      if (x !== x) { if (nanCode < 0) return j; out[j] = nanCode; continue; }
      let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 64;
      i += +(x > T[i + 32]) * 32;
      i += +(x > T[i + 16]) * 16;
      i += +(x > T[i + 8]) * 8;
      i += +(x > T[i + 4]) * 4;
      i += +(x > T[i + 2]) * 2;
      out[j] = i + +(x > T[i + 1]);
    }
    return -1;
  }
  const end = F << 8;
  let base = 0;
  for (let j = 0; j < n; j++) {
    const x = src[j];
    let i = base + (+(x > T[base + 64]) + +(x > T[base + 128]) + +(x > T[base + 192])) * 64;
    i += +(x > T[i + 32]) * 32;
    i += +(x > T[i + 16]) * 16;
    i += +(x > T[i + 8]) * 8;
    i += +(x > T[i + 4]) * 4;
    i += +(x > T[i + 2]) * 2;
    i += +(x > T[i + 1]);
    if (x !== x) { if (nanCode < 0) return j; i = nanCode | 0; }
    out[j] = i & 255;
    base += 256;
    if (base === end) base = 0;
  }
  return -1;
}

function enc4(T: Float64Array, F: number, src: Values, n: number, out: Uint8Array, nanCode: number): number {
  const end = F << 4;
  let base = 0;
  let o = 0;
  let j = 0;
  const n2 = n - (n % 2);
  if (F === 1) {
    j = enc4One(T, src, n2, out, nanCode);
    if (j < n2) return j;
    o = n2 / 2;
  } else {
    // four values (two bytes) per step, their searches interleaved; NaN caught through the sum as
    // in enc4One
    for (const n4 = n - (n % 4); j < n4; j += 4) {
      const p = base;
      let q = p + 16; if (q === end) q = 0;
      let r = q + 16; if (r === end) r = 0;
      let t = r + 16; if (t === end) t = 0;
      base = t + 16; if (base === end) base = 0;
      const x = src[j], y = src[j + 1], z = src[j + 2], w = src[j + 3];
      let a = p + (+(x > T[p + 4]) + +(x > T[p + 8]) + +(x > T[p + 12])) * 4;
      let b = q + (+(y > T[q + 4]) + +(y > T[q + 8]) + +(y > T[q + 12])) * 4;
      let c = r + (+(z > T[r + 4]) + +(z > T[r + 8]) + +(z > T[r + 12])) * 4;
      let d = t + (+(w > T[t + 4]) + +(w > T[t + 8]) + +(w > T[t + 12])) * 4;
      a += +(x > T[a + 2]) * 2; b += +(y > T[b + 2]) * 2; c += +(z > T[c + 2]) * 2; d += +(w > T[d + 2]) * 2;
      a += +(x > T[a + 1]); b += +(y > T[b + 1]); c += +(z > T[c + 1]); d += +(w > T[d + 1]);
      const sum = x + y + z + w;
      if (sum !== sum) {
        if (x !== x) { if (nanCode < 0) return j; a = nanCode | 0; }
        if (y !== y) { if (nanCode < 0) return j + 1; b = nanCode | 0; }
        if (z !== z) { if (nanCode < 0) return j + 2; c = nanCode | 0; }
        if (w !== w) { if (nanCode < 0) return j + 3; d = nanCode | 0; }
      }
      out[o++] = (a & 15) | ((b & 15) << 4);
      out[o++] = (c & 15) | ((d & 15) << 4);
    }
    for (; j < n2; j += 2) {
      const x = src[j];
      let i = base + (+(x > T[base + 4]) + +(x > T[base + 8]) + +(x > T[base + 12])) * 4;
      i += +(x > T[i + 2]) * 2;
      i += +(x > T[i + 1]);
      if (x !== x) { if (nanCode < 0) return j; i = nanCode | 0; }
      base += 16;
      if (base === end) base = 0;
      const y = src[j + 1];
      let k = base + (+(y > T[base + 4]) + +(y > T[base + 8]) + +(y > T[base + 12])) * 4;
      k += +(y > T[k + 2]) * 2;
      k += +(y > T[k + 1]);
      if (y !== y) { if (nanCode < 0) return j + 1; k = nanCode | 0; }
      base += 16;
      if (base === end) base = 0;
      out[o++] = (i & 15) | ((k & 15) << 4);
    }
  }
  if (j < n) {
    const x = src[j];
    let i = base + (+(x > T[base + 4]) + +(x > T[base + 8]) + +(x > T[base + 12])) * 4;
    i += +(x > T[i + 2]) * 2;
    i += +(x > T[i + 1]);
    if (x !== x) { if (nanCode < 0) return j; i = nanCode | 0; }
    out[o] = i & 15;
  }
  return -1;
}

/**
 * enc4 for a single feature (n even): thresholds t4, t8, t12 in registers, four values (two bytes)
 * per step with their searches interleaved. One test per step catches NaN: the sum of the four is
 * NaN if any is (or for infinities of both signs, which then only take the exact per-value test).
 * Returns n, or the NaN index.
 */
function enc4One(T: Float64Array, src: Values, n: number, out: Uint8Array, nanCode: number): number {
  const ta = T[4], tb = T[8], tc = T[12];
  let o = 0;
  let j = 0;
  for (const n4 = n - (n % 4); j < n4; j += 4) {
    const x = src[j], y = src[j + 1], z = src[j + 2], w = src[j + 3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 4;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 4;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 4;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 4;
    a += +(x > T[a + 2]) * 2; b += +(y > T[b + 2]) * 2; c += +(z > T[c + 2]) * 2; d += +(w > T[d + 2]) * 2;
    a += +(x > T[a + 1]); b += +(y > T[b + 1]); c += +(z > T[c + 1]); d += +(w > T[d + 1]);
    const sum = x + y + z + w;
    if (sum !== sum) {
      if (x !== x) { if (nanCode < 0) return j; a = nanCode | 0; }
      if (y !== y) { if (nanCode < 0) return j + 1; b = nanCode | 0; }
      if (z !== z) { if (nanCode < 0) return j + 2; c = nanCode | 0; }
      if (w !== w) { if (nanCode < 0) return j + 3; d = nanCode | 0; }
    }
    out[o++] = a | (b << 4);
    out[o++] = c | (d << 4);
  }
  for (; j < n; j += 2) {
    const x = src[j];
    let i = (+(x > ta) + +(x > tb) + +(x > tc)) * 4;
    i += +(x > T[i + 2]) * 2;
    i += +(x > T[i + 1]);
    if (x !== x) { if (nanCode < 0) return j; i = nanCode | 0; }
    const y = src[j + 1];
    let k = (+(y > ta) + +(y > tb) + +(y > tc)) * 4;
    k += +(y > T[k + 2]) * 2;
    k += +(y > T[k + 1]);
    if (y !== y) { if (nanCode < 0) return j + 1; k = nanCode | 0; }
    out[o++] = i | (k << 4);
  }
  return n;
}

function enc2(T: Float64Array, F: number, src: Values, n: number, out: Uint8Array, nanCode: number): number {
  let j = 0;
  let o = 0;
  if (F === 1) {
    // one feature: thresholds in registers, four codes per byte
    const t2 = T[2];
    const n4 = n - (n % 4);
    for (; j < n4; j += 4, o++) {
      const a = src[j], b = src[j + 1], c = src[j + 2], d = src[j + 3];
      let ca = x2(a, T, t2), cb = x2(b, T, t2), cc = x2(c, T, t2), cd = x2(d, T, t2);
      if (a !== a || b !== b || c !== c || d !== d) {
        if (a !== a) { if (nanCode < 0) return j; ca = nanCode | 0; }
        if (b !== b) { if (nanCode < 0) return j + 1; cb = nanCode | 0; }
        if (c !== c) { if (nanCode < 0) return j + 2; cc = nanCode | 0; }
        if (d !== d) { if (nanCode < 0) return j + 3; cd = nanCode | 0; }
      }
      out[o] = ca | (cb << 2) | (cc << 4) | (cd << 6);
    }
  }
  // general: any F (and the tail of F = 1)
  const end = F << 2;
  let base = ((j % F) << 2);
  let acc = 0;
  let s = 0;
  for (; j < n; j++) {
    const x = src[j];
    let i = base;
    i += +(x > T[i + 2]) * 2;
    i += +(x > T[i + 1]);
    if (x !== x) { if (nanCode < 0) return j; i = nanCode | 0; }
    acc |= (i & 3) << s;
    base += 4;
    if (base === end) base = 0;
    s += 2;
    if (s === 8) { out[o++] = acc; acc = 0; s = 0; }
  }
  if (s !== 0) out[o] = acc;
  return -1;
}

/** 2-bit code: two dependent comparisons, the second threshold picked by index (no branch). */
function x2(x: number, T: Float64Array, t2: number): number {
  const i = +(x > t2) * 2;
  return i + +(x > T[i + 1]);
}

function enc1(T: Float64Array, F: number, src: Values, n: number, out: Uint8Array, nanCode: number): number {
  let j = 0;
  let o = 0;
  if (F === 1) {
    const t = T[1];
    const n8 = n - (n % 8);
    for (; j < n8; j += 8, o++) {
      const a = src[j], b = src[j + 1], c = src[j + 2], d = src[j + 3];
      const e = src[j + 4], f = src[j + 5], g = src[j + 6], h = src[j + 7];
      if (a !== a || b !== b || c !== c || d !== d || e !== e || f !== f || g !== g || h !== h) {
        // rare: redo this byte value by value
        let acc = 0;
        for (let q = 0; q < 8; q++) {
          const x = src[j + q];
          let bit = +(x > t);
          if (x !== x) { if (nanCode < 0) return j + q; bit = nanCode | 0; }
          acc |= bit << q;
        }
        out[o] = acc;
        continue;
      }
      out[o] = +(a > t) | (+(b > t) << 1) | (+(c > t) << 2) | (+(d > t) << 3) |
        (+(e > t) << 4) | (+(f > t) << 5) | (+(g > t) << 6) | (+(h > t) << 7);
    }
  }
  const end = F << 1;
  let base = ((j % F) << 1) + 1;
  let acc = 0;
  let s = 0;
  for (; j < n; j++) {
    const x = src[j];
    let c = +(x > T[base]);
    if (x !== x) { if (nanCode < 0) return j; c = nanCode | 0; }
    acc |= c << s;
    base += 2;
    if (base > end) base = 1;
    if (++s === 8) { out[o++] = acc; acc = 0; s = 0; }
  }
  if (s !== 0) out[o] = acc;
  return -1;
}

/**
 * Unpack n codes (n a multiple of F) of F features of `bits` bits from packed[0..) and write
 * V[(f << bits) + code] to out[0..n).
 */
export function decodeUniform(bits: number, V: Float32Array, F: number, packed: Uint8Array, n: number, out: Float32Array): void {
  if (bits === 8) {
    const end = F << 8;
    let base = 0;
    for (let j = 0; j < n; j++) {
      out[j] = V[base + packed[j]];
      base += 256;
      if (base === end) base = 0;
    }
    return;
  }
  if (bits === 4) {
    const end = F << 4;
    let base = 0;
    let o = 0;
    let j = 0;
    const n2 = n - (n % 2);
    for (; j < n2; j += 2) {
      const v = packed[o++];
      out[j] = V[base + (v & 15)];
      base += 16;
      if (base === end) base = 0;
      out[j + 1] = V[base + (v >>> 4)];
      base += 16;
      if (base === end) base = 0;
    }
    if (j < n) out[j] = V[base + (packed[o] & 15)];
    return;
  }
  if (F === 1 && bits === 2) {
    let j = 0;
    let o = 0;
    for (const n4 = n - (n % 4); j < n4; j += 4) {
      const v = packed[o++];
      out[j] = V[v & 3]; out[j + 1] = V[(v >>> 2) & 3]; out[j + 2] = V[(v >>> 4) & 3]; out[j + 3] = V[v >>> 6];
    }
    for (let s = 0; j < n; j++, s += 2) out[j] = V[(packed[o] >>> s) & 3];
    return;
  }
  if (F === 1 && bits === 1) {
    let j = 0;
    let o = 0;
    for (const n8 = n - (n % 8); j < n8; j += 8) {
      const v = packed[o++];
      out[j] = V[v & 1]; out[j + 1] = V[(v >>> 1) & 1]; out[j + 2] = V[(v >>> 2) & 1]; out[j + 3] = V[(v >>> 3) & 1];
      out[j + 4] = V[(v >>> 4) & 1]; out[j + 5] = V[(v >>> 5) & 1]; out[j + 6] = V[(v >>> 6) & 1]; out[j + 7] = V[v >>> 7];
    }
    for (let s = 0; j < n; j++, s++) out[j] = V[(packed[o] >>> s) & 1];
    return;
  }
  const K = (1 << bits) - 1;
  const step = 1 << bits;
  const end = F << bits;
  let base = 0;
  let o = 0;
  let v = 0;
  let s = 8;
  for (let j = 0; j < n; j++) {
    if (s === 8) { v = packed[o++]; s = 0; }
    out[j] = V[base + ((v >>> s) & K)];
    s += bits;
    base += step;
    if (base === end) base = 0;
  }
}
