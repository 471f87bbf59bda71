// Options of exportC (the C encoder generator) and their validation: the C identifier prefix, the
// NaN policy baked into the generated code, the comparison arithmetic (float or integer) and the
// CRC-32C implementation size. Bad options are BsqError('INVALID_ARGUMENT').

import { BsqError } from '../codec/errors.js';
import { checkOptionKeys, type OptionKeys } from '../codec/checks.js';

/**
 * What the generated encoder does with a NaN input. There is no NaN policy stored in a codec, so the
 * device's policy is chosen at generation time:
 * - `'error'` (default): the encode functions refuse the rows (return 0) and report the first NaN;
 * - `{ code }`: a NaN is sent as this code (it must fit every feature: 0 <= code <= 2^bits - 1).
 */
export type DeviceNanPolicy = 'error' | { code: number };

/**
 * How the generated code compares a value with a threshold:
 * - `'float'` (default): `x > t` on `float` values. Fastest on MCUs with a single-precision FPU
 *   (ESP32, ESP32-S3, Cortex-M4F/M7). Do not build it with -ffast-math / -ffinite-math-only
 *   (they break the `x != x` NaN test).
 * - `'integer'`: the IEEE 754 bit pattern of `x` is mapped to an order-preserving unsigned key and
 *   compared with precomputed threshold keys: no floating point instruction at all, so it is the
 *   choice for cores without an FPU (ESP32-C3/C6, Cortex-M0/M3) where every float comparison would
 *   be a soft-float library call. Same codes, byte for byte.
 */
export type DeviceCompare = 'float' | 'integer';

/**
 * The CRC-32C used by the DATA record framing:
 * - `'bitwise'`: no table (0 bytes of flash), 8 shift/xor steps per byte (slowest);
 * - `'table16'` (default): a 16-entry table (64 bytes of flash), 2 lookups per byte;
 * - `'table256'`: a 256-entry table (1 KiB of flash), 1 lookup per byte (fastest).
 */
export type DeviceCrc = 'bitwise' | 'table16' | 'table256';

export interface ExportCOptions {
  /** C identifier prefixed to every generated symbol (functions and types as given, macros upper-cased); also the file names. Default 'bsq_codec'. */
  prefix?: string;
  /** NaN policy of the generated encoder (default 'error'). */
  nan?: DeviceNanPolicy;
  /** Comparison arithmetic (default 'float'). */
  compare?: DeviceCompare;
  /** CRC-32C implementation (default 'table16'). */
  crc?: DeviceCrc;
  /**
   * Also emit helpers to write a complete .bsq file on the device (16-byte header, the CODEC record
   * as a const byte array, and the END record), e.g. for logging to an SD card. Default false: the
   * CODEC record costs flash (all thresholds and levels again, names and metadata).
   */
  fileHelpers?: boolean;
  /**
   * Also emit `<prefix>_entropy.h/.c`: the codec's entropy model as const tables and
   * `<prefix>_entropy_recode`, which turns a raw DATA record into a smaller encoding-2 record in place
   * (entropyCSource). Needs a codec with an entropy model (codec.fitEntropyModel, or a .bsq file
   * holding an ENTROPY_MODEL record) and a prefix of at most 40 characters. Default false.
   */
  entropy?: boolean;
  /**
   * Also emit `<prefix>_adaptive.h/.c`: the encoding-3 (adaptive context model) coder with its
   * state struct and `<prefix>_adaptive_recode`, which turns a raw DATA record into an encoding-3
   * record, on its own or as the next record of a chain (adaptiveCSource). Needs no model. Default false.
   */
  adaptive?: boolean;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedExportCOptions {
  prefix: string;
  /** Upper-case prefix for macros. */
  macro: string;
  /** -1 for 'error', else the NaN code. */
  nanCode: number;
  compare: DeviceCompare;
  crc: DeviceCrc;
  fileHelpers: boolean;
  entropy: boolean;
  adaptive: boolean;
}

export const DEFAULT_PREFIX = 'bsq_codec';
const EXPORT_C_OPTION_KEYS: OptionKeys<ExportCOptions> = { prefix: true, nan: true, compare: true, crc: true, fileHelpers: true, entropy: true, adaptive: true };

/** Longest prefix of the exportC files (the base encoder). */
const MAX_PREFIX = 48;
/** Longest prefix when the entropy or adaptive coder files come along (they add longer names). */
const MAX_CODER_PREFIX = 40;

/** C99 keywords a prefix must not equal. */
const C_KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float',
  'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof',
  'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while',
]);

/**
 * C99 standard headers: a prefix equal to one would write e.g. stdint.h, which hides the system's
 * <stdint.h> from every file compiled with that directory on the include path.
 */
const C_HEADERS = new Set([
  'assert', 'complex', 'ctype', 'errno', 'fenv', 'float', 'inttypes', 'iso646', 'limits', 'locale', 'math', 'setjmp',
  'signal', 'stdalign', 'stdarg', 'stdatomic', 'stdbool', 'stddef', 'stdint', 'stdio', 'stdlib', 'stdnoreturn', 'string',
  'tgmath', 'threads', 'time', 'uchar', 'wchar', 'wctype',
]);

function bad(message: string, details?: Record<string, unknown>, who = 'exportC'): never {
  throw new BsqError('INVALID_ARGUMENT', `${who}: ${message}`, details);
}

/**
 * The one prefix rule of every C generator (exportC, entropyCSource, adaptiveCSource): a C identifier
 * starting with a letter, not a C keyword, at most `max` characters (48 for exportC alone, 40 with a
 * coder's files, whose names are longer). Returns the prefix (default 'bsq_codec').
 */
export function checkGeneratorPrefix(who: string, value: unknown, max = MAX_CODER_PREFIX): string {
  const prefix = value ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix) || prefix.length > max) {
    bad(`prefix must be a C identifier of 1..${max} characters starting with a letter ([A-Za-z][A-Za-z0-9_]*), got ${JSON.stringify(prefix)}`, { prefix }, who);
  }
  if (C_KEYWORDS.has(prefix)) bad(`prefix ${JSON.stringify(prefix)} is a C keyword`, { prefix }, who);
  if (prefix === 'main') bad('prefix "main" would clash with the program\'s main()', { prefix }, who);
  if (C_HEADERS.has(prefix)) bad(`prefix ${JSON.stringify(prefix)} would write ${prefix}.h, which hides the C standard header <${prefix}.h>`, { prefix }, who);
  return prefix;
}

/** Validate the options against the codec's bit widths. */
export function resolveExportCOptions(opts: ExportCOptions | undefined, featureBits: readonly number[]): ResolvedExportCOptions {
  const o = opts ?? {};
  if (typeof o !== 'object') bad('options must be an object');
  checkOptionKeys(o, EXPORT_C_OPTION_KEYS, 'exportC');
  // With a coder's files the names are longer, so the same rule applies with a lower length limit.
  const prefix = checkGeneratorPrefix('exportC', o.prefix, o.entropy === true || o.adaptive === true ? MAX_CODER_PREFIX : MAX_PREFIX);

  let nanCode = -1;
  const nan = o.nan ?? 'error';
  if (nan !== 'error') {
    if (typeof nan !== 'object' || nan === null || typeof nan.code !== 'number') {
      bad(`nan must be 'error' or { code: number }, got ${JSON.stringify(nan)}`);
    }
    const minBits = Math.min(...featureBits);
    const maxCode = 2 ** minBits - 1;
    if (!Number.isInteger(nan.code) || nan.code < 0 || nan.code > maxCode) {
      bad(`nan.code must be an integer in 0..${maxCode} (it must fit the narrowest feature, ${minBits} bits), got ${nan.code}`, { code: nan.code });
    }
    nanCode = nan.code;
  }

  const compare = o.compare ?? 'float';
  if (compare !== 'float' && compare !== 'integer') bad(`compare must be 'float' or 'integer', got ${JSON.stringify(compare)}`);
  const crc = o.crc ?? 'table16';
  if (crc !== 'bitwise' && crc !== 'table16' && crc !== 'table256') {
    bad(`crc must be 'bitwise', 'table16' or 'table256', got ${JSON.stringify(crc)}`);
  }
  const fileHelpers = o.fileHelpers ?? false;
  if (typeof fileHelpers !== 'boolean') bad('fileHelpers must be a boolean');
  const entropy = o.entropy ?? false;
  if (typeof entropy !== 'boolean') bad('entropy must be a boolean');
  const adaptive = o.adaptive ?? false;
  if (typeof adaptive !== 'boolean') bad('adaptive must be a boolean');
  return { prefix, macro: prefix.toUpperCase(), nanCode, compare, crc, fileHelpers, entropy, adaptive };
}
