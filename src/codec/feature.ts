// Feature model and validation: the per-feature quantizer (name, bits, thresholds, levels) of
// spec/FORMAT.md section 1, the default levels of section 1.3 and the level rule of section 1.2.
// Every rule violation is a BsqError('INVALID_CODEC') whose message names the feature.

import { BsqError } from './errors.js';

/** What a user gives to build a feature: thresholds (2^bits - 1 of them) and optional levels. */
export interface FeatureSpec {
  name: string;
  thresholds: ArrayLike<number>;
  levels?: ArrayLike<number>;
}

/** What a categorical feature does with a value outside its dictionary (FORMAT.md 1.5). */
export type UnknownPolicy = 'error' | 'code';

/** A categorical feature to build: its dictionary (code = index) and the unknown-value policy (default 'error'). */
export interface CategoricalFeatureSpec {
  name: string;
  categories: readonly string[];
  unknown?: UnknownPolicy;
}

/** A validated feature of a codec. */
export interface Feature {
  readonly name: string;
  /**
   * Present only on a categorical feature (spec/FORMAT.md 1.5): its dictionary, the category of
   * code c is categories[c]. A numeric feature has no such field.
   */
  readonly categories?: readonly string[];
  /**
   * Categorical only: a value outside the dictionary is an error ('error', UNKNOWN_CATEGORY) or gets
   * the reserved code categories.length ('code').
   */
  readonly unknown?: UnknownPolicy;
  /** Bits per code, 1..16. */
  readonly bits: number;
  /** 2^bits - 1 finite binary32 thresholds, non-decreasing. */
  readonly thresholds: Float32Array;
  /** 2^bits binary32 decode levels (level rule of FORMAT.md 1.2 holds). */
  readonly levels: Float32Array;
}

export const MAX_BITS = 16;
export const MAX_FEATURES = 65535;
export const MAX_NAME_BYTES = 255;

/** Throw INVALID_CODEC naming the feature (by name, else by index). */
export function fail(index: number, name: unknown, message: string, extra?: Record<string, unknown>): never {
  const label = typeof name === 'string' && name.length > 0 ? `"${name}"` : `#${index}`;
  throw new BsqError('INVALID_CODEC', `feature ${label} (index ${index}): ${message}`, {
    feature: typeof name === 'string' ? name : undefined,
    featureIndex: index,
    ...extra,
  });
}

/** UTF-8 byte length of a string, or -1 if it has a lone surrogate (not encodable as UTF-8). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) return -1;
      n += 4;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return -1;
    else n += 3;
  }
  return n;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The smallest binary32 value above the finite binary32 value `t` (may be +Infinity). */
export function nextUpF32(t: number): number {
  if (t === 0) return 1.401298464324817e-45; // smallest positive subnormal
  f32[0] = t;
  if (t > 0) u32[0] = u32[0] + 1;
  else u32[0] = u32[0] - 1;
  return f32[0];
}

/**
 * Width 0 means "not sent" (e.g. a feature a bit budget gives no bits): such a feature is not part of
 * the codec at all, so a codec never has a 0-bit feature (docs/codec.md, spec/FORMAT.md section 1).
 */
export const NOT_SENT = 'width 0 (no thresholds) means the feature is not sent: leave it out of the codec (a codec has only features of 1..16 bits)';

/** Bits from a threshold count 2^bits - 1, or 0 when the count is not of that form (or too large). */
export function bitsForThresholdCount(k: number): number {
  for (let b = 1; b <= MAX_BITS; b++) if ((1 << b) - 1 === k) return b;
  return 0;
}

/**
 * Default levels (FORMAT.md 1.3): interval middles computed in binary64 and rounded to binary32,
 * half a gap outside the outer thresholds, fixed up so every producible code's level lies in its own
 * interval; non-producible (tied) codes get t_c.
 */
export function defaultLevels(t: Float32Array): Float32Array {
  const K = t.length;
  const v = new Float32Array(K + 1);
  let gLo = 0;
  for (let k = 0; k + 1 < K; k++) {
    const d = t[k + 1] - t[k];
    if (d > 0) { gLo = d; break; }
  }
  let gHi = 0;
  for (let k = K - 1; k >= 1; k--) {
    const d = t[k] - t[k - 1];
    if (d > 0) { gHi = d; break; }
  }
  if (gLo === 0) {
    gLo = gHi = Math.max(1, Math.abs(t[0]));
  }
  // code 0: interval (-Inf, t_1]
  let lo = Math.fround(t[0] - gLo / 2);
  if (!(lo > -Infinity && lo <= t[0])) lo = t[0];
  v[0] = lo;
  for (let c = 1; c < K; c++) {
    const a = t[c - 1];
    const b = t[c];
    if (a === b) { v[c] = a; continue; }
    let m = Math.fround((a + b) / 2);
    if (!(m > a && m <= b)) m = b;
    v[c] = m;
  }
  // code K: interval (t_K, +Inf]
  let hi = Math.fround(t[K - 1] + gHi / 2);
  if (!(hi > t[K - 1])) hi = nextUpF32(t[K - 1]);
  v[K] = hi;
  return v;
}

function toF32(index: number, name: string, what: string, src: unknown): Float32Array {
  if (src === null || typeof src !== 'object' || typeof (src as ArrayLike<number>).length !== 'number') {
    fail(index, name, `${what} must be an array of numbers`);
  }
  const a = src as ArrayLike<number>;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number') fail(index, name, `${what}[${i}] is not a number`);
    out[i] = x;
  }
  return out;
}

/**
 * Validate one feature and return a frozen, self-owned copy. `bits` (if given) must match the
 * threshold count; `levels` undefined means default levels.
 */
export function makeFeature(
  index: number,
  name: unknown,
  bits: number | undefined,
  thresholdsIn: unknown,
  levelsIn: unknown,
): Feature {
  if (typeof name !== 'string' || name.length === 0) fail(index, name, 'name must be a non-empty string');
  const nameBytes = utf8Length(name);
  if (nameBytes < 0) fail(index, name, 'name is not valid Unicode (lone surrogate)');
  if (nameBytes > MAX_NAME_BYTES) fail(index, name, `name is ${nameBytes} UTF-8 bytes, at most ${MAX_NAME_BYTES} allowed`);
  const t = toF32(index, name, 'thresholds', thresholdsIn);
  const inferred = bitsForThresholdCount(t.length);
  if (bits === 0 || (bits === undefined && t.length === 0)) fail(index, name, NOT_SENT);
  if (bits !== undefined) {
    if (!Number.isInteger(bits) || bits < 1 || bits > MAX_BITS) fail(index, name, `bits must be an integer in 1..${MAX_BITS}, got ${String(bits)}`);
    if (inferred !== bits) fail(index, name, `${bits} bits need ${(1 << bits) - 1} thresholds, got ${t.length}`);
  } else if (inferred === 0) {
    fail(index, name, `threshold count must be 2^bits - 1 with bits in 1..${MAX_BITS} (1, 3, 7, 15, ...), got ${t.length}`);
  }
  const b = inferred;
  const K = t.length;
  for (let k = 0; k < K; k++) {
    if (!Number.isFinite(t[k])) fail(index, name, `threshold ${k + 1} is not finite as binary32 (${t[k]})`, { threshold: k + 1 });
    if (k > 0 && t[k] < t[k - 1]) fail(index, name, `thresholds must be non-decreasing: t_${k} = ${t[k - 1]} > t_${k + 1} = ${t[k]}`, { threshold: k + 1 });
  }
  let v: Float32Array;
  if (levelsIn === undefined || levelsIn === null) {
    v = defaultLevels(t);
  } else {
    v = toF32(index, name, 'levels', levelsIn);
    if (v.length !== K + 1) fail(index, name, `${b} bits need ${K + 1} levels, got ${v.length}`);
  }
  checkLevels(index, name, t, v);
  return Object.freeze({ name, bits: b, thresholds: t, levels: v });
}

/** The level rule (FORMAT.md 1.2): no NaN level; each producible code's level is in its interval. */
function checkLevels(index: number, name: string, t: Float32Array, v: Float32Array): void {
  const K = t.length;
  for (let c = 0; c <= K; c++) {
    const x = v[c];
    if (x !== x) fail(index, name, `level ${c} is NaN`, { code: c });
    const lo = c === 0 ? -Infinity : t[c - 1];
    const hi = c === K ? Infinity : t[c];
    if (lo < hi && !(x > lo && x <= hi)) {
      fail(index, name, `level ${c} = ${x} is outside its interval (${lo}, ${hi}], so it would not encode back to code ${c}`, { code: c });
    }
  }
}
