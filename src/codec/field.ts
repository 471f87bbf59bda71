// Field kernels for codecs whose features do not all share a width of 1, 2, 4 or 8 bits (mixed
// widths, or uniform 3, 5, 6, 7, 9..16). In the packed stream (spec/FORMAT.md section 2) feature f of
// row r always sits at bit p = r * bitsPerRow + offset_f, so each feature is handled on its own, as a
// column, with no serial bit cursor between neighbouring codes:
//
// - encode: search one feature's values (strided source) and OR each code into its field. The field
//   of a code of <= 16 bits starting at bit (p & 7) <= 7 of byte p >>> 3 lies inside the 4 bytes
//   from there, so one little-endian 32-bit read-modify-write through a DataView places it (explicit
//   byte order: the same bytes on any platform). Fields never overlap, so the OR order is free.
// - decode: the same 4-byte window, shifted and masked, into codes or straight into levels; up to
//   four neighbouring features whose fields span at most 25 bits share one window (a "group").
//
// The encoders take four rows per step: their searches are independent, so they overlap.
// The searches are those of search.ts (fixed depth, branchless, top two bits from three independent
// comparisons from 3 bits on). A DataView window needs 3 bytes after the field's first byte: the
// caller gives the encoders a scratch buffer with that slack and decodes the last rows of a block
// from a padded copy.

import type { CodeArray, Source } from './search.js';

/**
 * Search values src[si + j*ss] (j < m) of one feature with search table P (search.ts) and OR code j
 * into the field at bit p + j*bitsPerRow of `dv` (which must be zero there and have 3 bytes of slack
 * after the last field). Returns -1, or the index j of the first NaN when nanCode < 0 (fields of
 * earlier rows may then be written).
 */
export type FieldEncoder = (
  P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bitsPerRow: number, m: number, nanCode: number,
) => number;

function put(dv: DataView, p: number, c: number): void {
  const k = p >>> 3;
  dv.setUint32(k, dv.getUint32(k, true) | (c << (p & 7)), true);
}

function field1(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const t = P[1];
  for (let j = 0; j < m; j++, si += ss, p += bpr) {
    const x = src[si];
    let c = +(x > t);
    if (x !== x) { if (nanCode < 0) return j; c = nanCode; }
    put(dv, p, c);
  }
  return -1;
}

function field2(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const t = P[2];
  for (let j = 0; j < m; j++, si += ss, p += bpr) {
    const x = src[si];
    let c = +(x > t) * 2;
    c += +(x > P[c + 1]);
    if (x !== x) { if (nanCode < 0) return j; c = nanCode; }
    put(dv, p, c);
  }
  return -1;
}

/** 3..16 bits (used for 9..16 and the last rows of the others): the top two bits from t_q, t_2q, t_3q (q = 2^(b-2)), then b - 2 halving steps. */
function fieldN(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const q = P.length >>> 2;
  const ta = P[q], tb = P[2 * q], tc = P[3 * q];
  const ss2 = 2 * ss, ss3 = 3 * ss, ss4 = 4 * ss;
  let j = 0;
  for (const m4 = m - (m % 4); j < m4; j += 4, si += ss4) {
    const x = src[si], y = src[si + ss], z = src[si + ss2], w = src[si + ss3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * q;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * q;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * q;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * q;
    for (let h = q >>> 1; h > 0; h >>>= 1) {
      a += +(x > P[a + h]) * h; b += +(y > P[b + h]) * h; c += +(z > P[c + h]) * h; d += +(w > P[d + h]) * h;
    }
    // one test catches NaN in any of the four (also +Inf + -Inf, which then passes the exact tests)
    const sum = x + y + z + w;
    if (sum !== sum) {
      if (x !== x) { if (nanCode < 0) return j; a = nanCode; }
      if (y !== y) { if (nanCode < 0) return j + 1; b = nanCode; }
      if (z !== z) { if (nanCode < 0) return j + 2; c = nanCode; }
      if (w !== w) { if (nanCode < 0) return j + 3; d = nanCode; }
    }
    put(dv, p, a); p += bpr;
    put(dv, p, b); p += bpr;
    put(dv, p, c); p += bpr;
    put(dv, p, d); p += bpr;
  }
  for (; j < m; j++, si += ss, p += bpr) {
    const x = src[si];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * q;
    for (let h = q >>> 1; h > 0; h >>>= 1) a += +(x > P[a + h]) * h;
    if (x !== x) { if (nanCode < 0) return j; a = nanCode; }
    put(dv, p, a);
  }
  return -1;
}

/** With a NaN among x, y, z, w: the index of the first one when nanCode < 0 (an error), else 4. */
function nan4(x: number, y: number, z: number, w: number, nanCode: number): number {
  if (nanCode >= 0) return 4;
  return x !== x ? 0 : y !== y ? 1 : z !== z ? 2 : w !== w ? 3 : 4;
}

// 3..8 bits: four rows per step, the search steps written out (1.1x to 1.3x the speed of the loop
// in fieldN, measured side by side).
function field3(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const ta = P[2], tb = P[4], tc = P[6];
  const ss2 = 2 * ss, ss3 = 3 * ss, ss4 = 4 * ss;
  let j = 0;
  for (const m4 = m - (m % 4); j < m4; j += 4, si += ss4) {
    const x = src[si], y = src[si + ss], z = src[si + ss2], w = src[si + ss3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 2;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 2;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 2;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 2;
    a += +(x > P[a + 1]); b += +(y > P[b + 1]); c += +(z > P[c + 1]); d += +(w > P[d + 1]);
    const sum = x + y + z + w; // NaN if any is (or +Inf + -Inf: then nan4 finds none)
    if (sum !== sum) {
      const bad = nan4(x, y, z, w, nanCode);
      if (bad < 4) return j + bad;
      if (x !== x) a = nanCode;
      if (y !== y) b = nanCode;
      if (z !== z) c = nanCode;
      if (w !== w) d = nanCode;
    }
    put(dv, p, a); p += bpr;
    put(dv, p, b); p += bpr;
    put(dv, p, c); p += bpr;
    put(dv, p, d); p += bpr;
  }
  const bad = fieldN(P, src, si, ss, dv, p, bpr, m - j, nanCode);
  return bad < 0 ? -1 : j + bad;
}

function field4(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const ta = P[4], tb = P[8], tc = P[12];
  const ss2 = 2 * ss, ss3 = 3 * ss, ss4 = 4 * ss;
  let j = 0;
  for (const m4 = m - (m % 4); j < m4; j += 4, si += ss4) {
    const x = src[si], y = src[si + ss], z = src[si + ss2], w = src[si + ss3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 4;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 4;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 4;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 4;
    a += +(x > P[a + 2]) * 2; b += +(y > P[b + 2]) * 2; c += +(z > P[c + 2]) * 2; d += +(w > P[d + 2]) * 2;
    a += +(x > P[a + 1]); b += +(y > P[b + 1]); c += +(z > P[c + 1]); d += +(w > P[d + 1]);
    const sum = x + y + z + w; // NaN if any is (or +Inf + -Inf: then nan4 finds none)
    if (sum !== sum) {
      const bad = nan4(x, y, z, w, nanCode);
      if (bad < 4) return j + bad;
      if (x !== x) a = nanCode;
      if (y !== y) b = nanCode;
      if (z !== z) c = nanCode;
      if (w !== w) d = nanCode;
    }
    put(dv, p, a); p += bpr;
    put(dv, p, b); p += bpr;
    put(dv, p, c); p += bpr;
    put(dv, p, d); p += bpr;
  }
  const bad = fieldN(P, src, si, ss, dv, p, bpr, m - j, nanCode);
  return bad < 0 ? -1 : j + bad;
}

function field5(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const ta = P[8], tb = P[16], tc = P[24];
  const ss2 = 2 * ss, ss3 = 3 * ss, ss4 = 4 * ss;
  let j = 0;
  for (const m4 = m - (m % 4); j < m4; j += 4, si += ss4) {
    const x = src[si], y = src[si + ss], z = src[si + ss2], w = src[si + ss3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 8;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 8;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 8;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 8;
    a += +(x > P[a + 4]) * 4; b += +(y > P[b + 4]) * 4; c += +(z > P[c + 4]) * 4; d += +(w > P[d + 4]) * 4;
    a += +(x > P[a + 2]) * 2; b += +(y > P[b + 2]) * 2; c += +(z > P[c + 2]) * 2; d += +(w > P[d + 2]) * 2;
    a += +(x > P[a + 1]); b += +(y > P[b + 1]); c += +(z > P[c + 1]); d += +(w > P[d + 1]);
    const sum = x + y + z + w; // NaN if any is (or +Inf + -Inf: then nan4 finds none)
    if (sum !== sum) {
      const bad = nan4(x, y, z, w, nanCode);
      if (bad < 4) return j + bad;
      if (x !== x) a = nanCode;
      if (y !== y) b = nanCode;
      if (z !== z) c = nanCode;
      if (w !== w) d = nanCode;
    }
    put(dv, p, a); p += bpr;
    put(dv, p, b); p += bpr;
    put(dv, p, c); p += bpr;
    put(dv, p, d); p += bpr;
  }
  const bad = fieldN(P, src, si, ss, dv, p, bpr, m - j, nanCode);
  return bad < 0 ? -1 : j + bad;
}

function field6(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const ta = P[16], tb = P[32], tc = P[48];
  const ss2 = 2 * ss, ss3 = 3 * ss, ss4 = 4 * ss;
  let j = 0;
  for (const m4 = m - (m % 4); j < m4; j += 4, si += ss4) {
    const x = src[si], y = src[si + ss], z = src[si + ss2], w = src[si + ss3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 16;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 16;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 16;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 16;
    a += +(x > P[a + 8]) * 8; b += +(y > P[b + 8]) * 8; c += +(z > P[c + 8]) * 8; d += +(w > P[d + 8]) * 8;
    a += +(x > P[a + 4]) * 4; b += +(y > P[b + 4]) * 4; c += +(z > P[c + 4]) * 4; d += +(w > P[d + 4]) * 4;
    a += +(x > P[a + 2]) * 2; b += +(y > P[b + 2]) * 2; c += +(z > P[c + 2]) * 2; d += +(w > P[d + 2]) * 2;
    a += +(x > P[a + 1]); b += +(y > P[b + 1]); c += +(z > P[c + 1]); d += +(w > P[d + 1]);
    const sum = x + y + z + w; // NaN if any is (or +Inf + -Inf: then nan4 finds none)
    if (sum !== sum) {
      const bad = nan4(x, y, z, w, nanCode);
      if (bad < 4) return j + bad;
      if (x !== x) a = nanCode;
      if (y !== y) b = nanCode;
      if (z !== z) c = nanCode;
      if (w !== w) d = nanCode;
    }
    put(dv, p, a); p += bpr;
    put(dv, p, b); p += bpr;
    put(dv, p, c); p += bpr;
    put(dv, p, d); p += bpr;
  }
  const bad = fieldN(P, src, si, ss, dv, p, bpr, m - j, nanCode);
  return bad < 0 ? -1 : j + bad;
}

function field7(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const ta = P[32], tb = P[64], tc = P[96];
  const ss2 = 2 * ss, ss3 = 3 * ss, ss4 = 4 * ss;
  let j = 0;
  for (const m4 = m - (m % 4); j < m4; j += 4, si += ss4) {
    const x = src[si], y = src[si + ss], z = src[si + ss2], w = src[si + ss3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 32;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 32;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 32;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 32;
    a += +(x > P[a + 16]) * 16; b += +(y > P[b + 16]) * 16; c += +(z > P[c + 16]) * 16; d += +(w > P[d + 16]) * 16;
    a += +(x > P[a + 8]) * 8; b += +(y > P[b + 8]) * 8; c += +(z > P[c + 8]) * 8; d += +(w > P[d + 8]) * 8;
    a += +(x > P[a + 4]) * 4; b += +(y > P[b + 4]) * 4; c += +(z > P[c + 4]) * 4; d += +(w > P[d + 4]) * 4;
    a += +(x > P[a + 2]) * 2; b += +(y > P[b + 2]) * 2; c += +(z > P[c + 2]) * 2; d += +(w > P[d + 2]) * 2;
    a += +(x > P[a + 1]); b += +(y > P[b + 1]); c += +(z > P[c + 1]); d += +(w > P[d + 1]);
    const sum = x + y + z + w; // NaN if any is (or +Inf + -Inf: then nan4 finds none)
    if (sum !== sum) {
      const bad = nan4(x, y, z, w, nanCode);
      if (bad < 4) return j + bad;
      if (x !== x) a = nanCode;
      if (y !== y) b = nanCode;
      if (z !== z) c = nanCode;
      if (w !== w) d = nanCode;
    }
    put(dv, p, a); p += bpr;
    put(dv, p, b); p += bpr;
    put(dv, p, c); p += bpr;
    put(dv, p, d); p += bpr;
  }
  const bad = fieldN(P, src, si, ss, dv, p, bpr, m - j, nanCode);
  return bad < 0 ? -1 : j + bad;
}

function field8(P: Float64Array, src: Source, si: number, ss: number, dv: DataView, p: number, bpr: number, m: number, nanCode: number): number {
  const ta = P[64], tb = P[128], tc = P[192];
  const ss2 = 2 * ss, ss3 = 3 * ss, ss4 = 4 * ss;
  let j = 0;
  for (const m4 = m - (m % 4); j < m4; j += 4, si += ss4) {
    const x = src[si], y = src[si + ss], z = src[si + ss2], w = src[si + ss3];
    let a = (+(x > ta) + +(x > tb) + +(x > tc)) * 64;
    let b = (+(y > ta) + +(y > tb) + +(y > tc)) * 64;
    let c = (+(z > ta) + +(z > tb) + +(z > tc)) * 64;
    let d = (+(w > ta) + +(w > tb) + +(w > tc)) * 64;
    a += +(x > P[a + 32]) * 32; b += +(y > P[b + 32]) * 32; c += +(z > P[c + 32]) * 32; d += +(w > P[d + 32]) * 32;
    a += +(x > P[a + 16]) * 16; b += +(y > P[b + 16]) * 16; c += +(z > P[c + 16]) * 16; d += +(w > P[d + 16]) * 16;
    a += +(x > P[a + 8]) * 8; b += +(y > P[b + 8]) * 8; c += +(z > P[c + 8]) * 8; d += +(w > P[d + 8]) * 8;
    a += +(x > P[a + 4]) * 4; b += +(y > P[b + 4]) * 4; c += +(z > P[c + 4]) * 4; d += +(w > P[d + 4]) * 4;
    a += +(x > P[a + 2]) * 2; b += +(y > P[b + 2]) * 2; c += +(z > P[c + 2]) * 2; d += +(w > P[d + 2]) * 2;
    a += +(x > P[a + 1]); b += +(y > P[b + 1]); c += +(z > P[c + 1]); d += +(w > P[d + 1]);
    const sum = x + y + z + w; // NaN if any is (or +Inf + -Inf: then nan4 finds none)
    if (sum !== sum) {
      const bad = nan4(x, y, z, w, nanCode);
      if (bad < 4) return j + bad;
      if (x !== x) a = nanCode;
      if (y !== y) b = nanCode;
      if (z !== z) c = nanCode;
      if (w !== w) d = nanCode;
    }
    put(dv, p, a); p += bpr;
    put(dv, p, b); p += bpr;
    put(dv, p, c); p += bpr;
    put(dv, p, d); p += bpr;
  }
  const bad = fieldN(P, src, si, ss, dv, p, bpr, m - j, nanCode);
  return bad < 0 ? -1 : j + bad;
}

const FIELD: readonly FieldEncoder[] = [field1, field1, field2, field3, field4, field5, field6, field7, field8];

/** The field encoder for a width (1..16). */
export function fieldEncoderFor(bits: number): FieldEncoder {
  return bits <= 8 ? FIELD[bits] : fieldN;
}

/**
 * Neighbouring features read with one 4-byte window: at most 4 features spanning at most 25 bits
 * (a window starts up to 7 bits before the first field). Feature f0 + i is at bit shift[i] of the
 * window (shift[0] = 0) and has mask[i] = 2^bits - 1.
 */
export interface FieldGroup { readonly f0: number; readonly shift: Int32Array; readonly mask: Int32Array }

/** Greedy grouping of the features in codec order (widths 1..16, offsets = bit offset in the row). */
export function fieldGroups(widths: Uint8Array, offsets: Int32Array): FieldGroup[] {
  const groups: FieldGroup[] = [];
  for (let f = 0; f < widths.length;) {
    const f0 = f;
    let span = widths[f++];
    while (f < widths.length && f - f0 < 4 && span + widths[f] <= 25) span += widths[f++];
    const shift = new Int32Array(f - f0);
    const mask = new Int32Array(f - f0);
    for (let g = f0; g < f; g++) { shift[g - f0] = offsets[g] - offsets[f0]; mask[g - f0] = (1 << widths[g]) - 1; }
    groups.push({ f0, shift, mask });
  }
  return groups;
}

/**
 * Codes of one group of m rows into out: the window of row j starts at bit p + j*bitsPerRow of `dv`,
 * feature f0 + i of that row goes to out[os + j*F + i]. Into a Uint8Array the codes of a row's group
 * are written with one 16- or 32-bit store (through a DataView: any alignment, explicit byte order).
 * Groups must be unpacked in codec order (a store may cover bytes of the next groups).
 */
export function unpackGroup(dv: DataView, p: number, bpr: number, g: FieldGroup, m: number, out: CodeArray, os: number, F: number): void {
  const s = g.shift, k = g.mask;
  if (s.length > 1 && out instanceof Uint8Array) {
    const o = new DataView(out.buffer, out.byteOffset, out.byteLength);
    // a 32-bit store also for 2 or 3 codes when the row has 4 features from f0: the extra bytes are
    // those of later groups, written after this one
    if (g.f0 + 4 <= F) bytes4(dv, p, bpr, k[0], s[1], k[1], s.length > 2 ? s[2] : 0, s.length > 2 ? k[2] : 0, s.length > 3 ? s[3] : 0, s.length > 3 ? k[3] : 0, m, o, os, F);
    else if (s.length === 2) bytes2(dv, p, bpr, k[0], s[1], k[1], m, o, os, F);
    else if (s.length === 3) bytes3(dv, p, bpr, k[0], s[1], k[1], s[2], k[2], m, o, os, F);
    else bytes4(dv, p, bpr, k[0], s[1], k[1], s[2], k[2], s[3], k[3], m, o, os, F);
    return;
  }
  switch (s.length) {
    case 1: unpack1(dv, p, bpr, k[0], m, out, os, F); break;
    case 2: unpack2(dv, p, bpr, k[0], s[1], k[1], m, out, os, F); break;
    case 3: unpack3(dv, p, bpr, k[0], s[1], k[1], s[2], k[2], m, out, os, F); break;
    default: unpack4(dv, p, bpr, k[0], s[1], k[1], s[2], k[2], s[3], k[3], m, out, os, F);
  }
}

function bytes2(dv: DataView, p: number, bpr: number, k0: number, s1: number, k1: number, m: number, o: DataView, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    o.setUint16(os, (w & k0) | (((w >>> s1) & k1) << 8), true);
  }
}

function bytes3(dv: DataView, p: number, bpr: number, k0: number, s1: number, k1: number, s2: number, k2: number, m: number, o: DataView, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    o.setUint16(os, (w & k0) | (((w >>> s1) & k1) << 8), true);
    o.setUint8(os + 2, (w >>> s2) & k2);
  }
}

function bytes4(dv: DataView, p: number, bpr: number, k0: number, s1: number, k1: number, s2: number, k2: number, s3: number, k3: number, m: number, o: DataView, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    o.setUint32(os, (w & k0) | (((w >>> s1) & k1) << 8) | (((w >>> s2) & k2) << 16) | (((w >>> s3) & k3) << 24), true);
  }
}

function unpack1(dv: DataView, p: number, bpr: number, k0: number, m: number, out: CodeArray, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) out[os] = (dv.getUint32(p >>> 3, true) >>> (p & 7)) & k0;
}

function unpack2(dv: DataView, p: number, bpr: number, k0: number, s1: number, k1: number, m: number, out: CodeArray, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    out[os] = w & k0; out[os + 1] = (w >>> s1) & k1;
  }
}

function unpack3(dv: DataView, p: number, bpr: number, k0: number, s1: number, k1: number, s2: number, k2: number, m: number, out: CodeArray, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    out[os] = w & k0; out[os + 1] = (w >>> s1) & k1; out[os + 2] = (w >>> s2) & k2;
  }
}

function unpack4(dv: DataView, p: number, bpr: number, k0: number, s1: number, k1: number, s2: number, k2: number, s3: number, k3: number, m: number, out: CodeArray, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    out[os] = w & k0; out[os + 1] = (w >>> s1) & k1; out[os + 2] = (w >>> s2) & k2; out[os + 3] = (w >>> s3) & k3;
  }
}

/** `unpackGroup` fused with the level lookup: out[os + j*F + i] = levels[f0 + i][code]. */
export function unpackGroupLevels(dv: DataView, p: number, bpr: number, g: FieldGroup, levels: readonly Float32Array[], m: number, out: Float32Array, os: number, F: number): void {
  const s = g.shift, k = g.mask, f0 = g.f0;
  switch (s.length) {
    case 1: levels1(dv, p, bpr, k[0], levels[f0], m, out, os, F); break;
    case 2: levels2(dv, p, bpr, k[0], levels[f0], s[1], k[1], levels[f0 + 1], m, out, os, F); break;
    case 3: levels3(dv, p, bpr, k[0], levels[f0], s[1], k[1], levels[f0 + 1], s[2], k[2], levels[f0 + 2], m, out, os, F); break;
    default: levels4(dv, p, bpr, k[0], levels[f0], s[1], k[1], levels[f0 + 1], s[2], k[2], levels[f0 + 2], s[3], k[3], levels[f0 + 3], m, out, os, F);
  }
}

function levels1(dv: DataView, p: number, bpr: number, k0: number, L0: Float32Array, m: number, out: Float32Array, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) out[os] = L0[(dv.getUint32(p >>> 3, true) >>> (p & 7)) & k0];
}

function levels2(dv: DataView, p: number, bpr: number, k0: number, L0: Float32Array, s1: number, k1: number, L1: Float32Array, m: number, out: Float32Array, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    out[os] = L0[w & k0]; out[os + 1] = L1[(w >>> s1) & k1];
  }
}

function levels3(dv: DataView, p: number, bpr: number, k0: number, L0: Float32Array, s1: number, k1: number, L1: Float32Array, s2: number, k2: number, L2: Float32Array, m: number, out: Float32Array, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    out[os] = L0[w & k0]; out[os + 1] = L1[(w >>> s1) & k1]; out[os + 2] = L2[(w >>> s2) & k2];
  }
}

function levels4(dv: DataView, p: number, bpr: number, k0: number, L0: Float32Array, s1: number, k1: number, L1: Float32Array, s2: number, k2: number, L2: Float32Array, s3: number, k3: number, L3: Float32Array, m: number, out: Float32Array, os: number, F: number): void {
  for (let j = 0; j < m; j++, os += F, p += bpr) {
    const w = dv.getUint32(p >>> 3, true) >>> (p & 7);
    out[os] = L0[w & k0]; out[os + 1] = L1[(w >>> s1) & k1]; out[os + 2] = L2[(w >>> s2) & k2]; out[os + 3] = L3[(w >>> s3) & k3];
  }
}
