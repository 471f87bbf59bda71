// Reader limits (spec/FORMAT.md section 6): checked before any allocation, so hostile length and
// count fields can never make a reader allocate more than one record or one decoded block.

import { BsqError } from '../codec/errors.js';
import { checkOptionKeys } from '../codec/checks.js';

export interface Limits {
  /** Most features a codec may have (u16 field; default 65 535). */
  maxFeatures: number;
  /** Most bits per feature (1..16; default 16). */
  maxBits: number;
  /** Largest record payload, and largest decoded block body, in bytes (default 256 MiB). */
  maxRecordBytes: number;
  /** Largest codec metadata JSON in bytes (default 1 MiB). */
  maxMetadataBytes: number;
  /** Most rows in one DATA block (default 16 777 216). */
  maxBlockRows: number;
  /** Most rows in a whole file or stream (default 2^53 - 1). */
  maxTotalRows: number;
}

/** The reader limits in force when a call sets none (spec/FORMAT.md section 6). */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFeatures: 65_535,
  maxBits: 16,
  maxRecordBytes: 256 * 1024 * 1024,
  maxMetadataBytes: 1024 * 1024,
  maxBlockRows: 16_777_216,
  maxTotalRows: Number.MAX_SAFE_INTEGER,
});

const KEYS = Object.keys(DEFAULT_LIMITS) as (keyof Limits)[];

/** Defaults overlaid with `partial`; every given value must be a non-negative safe integer. */
export function resolveLimits(partial?: Partial<Limits>): Readonly<Limits> {
  if (partial === undefined) return DEFAULT_LIMITS;
  if (partial === null || typeof partial !== 'object') {
    throw new BsqError('INVALID_ARGUMENT', 'limits must be an object');
  }
  checkOptionKeys(partial, KEYS, 'limits');
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const key of KEYS) {
    const v = partial[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new BsqError('INVALID_ARGUMENT', `limits.${key} must be a non-negative safe integer, got ${String(v)}`, { limit: key });
    }
    out[key] = v;
  }
  return Object.freeze(out);
}

/** Throws LIMIT_EXCEEDED when `value > limits[key]`. */
export function checkLimit(limits: Readonly<Limits>, key: keyof Limits, value: number, what: string): void {
  if (value > limits[key]) {
    throw new BsqError('LIMIT_EXCEEDED', `${what} is ${value}, over the limit ${key} = ${limits[key]}`, {
      limit: key,
      value,
      max: limits[key],
    });
  }
}
