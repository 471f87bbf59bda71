// Exact C spellings of binary32 thresholds: C99 hexadecimal float literals (no decimal rounding
// can creep in), the order-preserving unsigned integer keys used by the FPU-free comparison, CRC
// tables, and C-comment-safe feature names.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The IEEE 754 bit pattern of a binary32 value. */
export function f32Bits(x: number): number {
  f32[0] = x;
  return u32[0];
}

/**
 * An exact C99 hexadecimal `float` literal for the binary32 value `x` (finite). -0 is written as 0:
 * for `x > t` the two are the same threshold, and the integer key path relies on it.
 */
export function cFloatLiteral(x: number): string {
  const u = f32Bits(x);
  const sign = u >>> 31 ? '-' : '';
  const exp = (u >>> 23) & 0xff;
  const man = u & 0x7fffff;
  if (exp === 0xff) throw new RangeError(`cFloatLiteral: ${x} is not finite`);
  if (exp === 0 && man === 0) return '0x0p+0f';
  // 23 mantissa bits shifted left by one give 24 bits = 6 hex digits; trailing zeros dropped.
  const digits = (man * 2).toString(16).padStart(6, '0').replace(/0+$/, '');
  const frac = digits.length > 0 ? `.${digits}` : '';
  if (exp === 0) return `${sign}0x0${frac}p-126f`;
  const e = exp - 127;
  return `${sign}0x1${frac}p${e >= 0 ? '+' : ''}${e}f`;
}

/**
 * The unsigned key of a binary32 bit pattern `u`: key(a) > key(b) iff a > b for non-NaN a, b,
 * except that key(-0) + 1 == key(+0) (so thresholds are stored with -0 turned into +0, which keeps
 * `x > t` exact for x = -0 too). Positive values get the sign bit set, negative values are inverted.
 * The generated C computes the same key: u ^ ((0 - (u >> 31)) | 0x80000000).
 */
export function orderKey(u: number): number {
  const mask = (u >>> 31) ? 0xffffffff : 0x80000000;
  return (u ^ mask) >>> 0;
}

/** The key of a (finite) threshold, with -0 canonicalised to +0. */
export function thresholdKey(t: number): number {
  return orderKey(t === 0 ? 0 : f32Bits(t));
}

export function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}u`;
}

export const CRC32C_POLY_REFLECTED = 0x82f63b78;

/** Table of `steps` reflected CRC-32C shift steps for each index < 2^steps (16-entry: steps=4, 256-entry: steps=8). */
export function crc32cTable(steps: 4 | 8): number[] {
  const n = 1 << steps;
  const table: number[] = [];
  for (let i = 0; i < n; i++) {
    let c = i;
    for (let k = 0; k < steps; k++) c = c & 1 ? (c >>> 1) ^ CRC32C_POLY_REFLECTED : c >>> 1;
    table.push(c >>> 0);
  }
  return table;
}

/**
 * A string quoted and made safe to put inside a C block comment: printable ASCII only (others as
 * \uXXXX escapes), no comment delimiters, no trigraphs.
 */
export function commentSafe(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  // "*/" would close the comment, "/*" trips -Wcomment, "??x" may be a trigraph in C99.
  out = out.replace(/\*\//g, '*\\/').replace(/\/\*/g, '/\\*').replace(/\?(?=\?)/g, '?\\');
  return `"${out}"`;
}

/** Lay out a list of C initializer items `perLine` to a line, indented. */
export function initializerLines(items: readonly string[], perLine: number, indent = '    '): string {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(indent + items.slice(i, i + perLine).join(', ') + ',');
  if (lines.length > 0) lines[lines.length - 1] = lines[lines.length - 1].replace(/,$/, '');
  return lines.join('\n');
}

/** Items of a C array initializer, `perLine` to a line, indented, comma-separated. */
export function cArrayLines(items: readonly (string | number)[], perLine: number): string {
  const out: string[] = [];
  for (let i = 0; i < items.length; i += perLine) out.push(`    ${items.slice(i, i + perLine).join(', ')}${i + perLine < items.length ? ',' : ''}`);
  return out.join('\n');
}

/**
 * A static C function `name(packed, q, b)` that reads the b-bit code at bit position q of a
 * bit-packed buffer (LSB first, spec/FORMAT.md section 2); the coders' recoders share it.
 */
export function cCodeReader(name: string): string {
  return `/* The b-bit code at bit position q of a bit-packed buffer (LSB first, spec/FORMAT.md 2). */
static uint32_t ${name}(const uint8_t *packed, uint32_t q, unsigned b)
{
    const uint8_t *s = packed + (q >> 3);
    const unsigned sh = (unsigned)(q & 7u);
    const unsigned nb = (sh + b + 7u) >> 3;
    uint32_t v = 0u;
    unsigned k;
    for (k = 0u; k < nb; ++k) {
        v |= (uint32_t)s[k] << (8u * k);
    }
    return (v >> sh) & (((uint32_t)1u << b) - 1u);
}`;
}
