// BsqError: the one error type that bsq throws for bad input or bad arguments, with a stable code.
// Every layer (codec, format, stream, arrow, train, cli) reports failures through it; callers can
// switch on `err.code` (see spec/FORMAT.md section 7 for the list).

export type BsqErrorCode =
  | 'BAD_MAGIC'
  | 'UNSUPPORTED_VERSION'
  | 'TRUNCATED'
  | 'CHECKSUM_MISMATCH'
  | 'LIMIT_EXCEEDED'
  | 'INVALID_CODEC'
  | 'UNSUPPORTED_RECORD'
  | 'UNSUPPORTED_ENCODING'
  | 'CORRUPT_BLOCK'
  | 'CORRUPT_FILE'
  | 'TRAILING_DATA'
  | 'NAN_INPUT'
  | 'INVALID_ARGUMENT'
  | 'INVALID_DATA'
  | 'ABORTED'
  | 'MISSING_DEPENDENCY'
  | 'STATE_LOST'
  | 'UNKNOWN_CATEGORY';

/** A registry-wide brand, so that errors from another copy of the package are recognised too. */
const BRAND = Symbol.for('bsq.BsqError');

/** The error bsq throws for bad input or bad arguments, with a stable `code` (spec/FORMAT.md section 7) and optional `details`. */
export class BsqError extends Error {
  readonly code: BsqErrorCode;
  /** Optional structured context (feature name, row index, byte offset, ...). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: BsqErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BsqError';
    this.code = code;
    this.details = details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `instanceof` that also holds for a BsqError from another copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/**
 * True when `err` is a BsqError (optionally with the given code), also one thrown by another copy of
 * the package (two versions installed side by side, or a bundle and a Node import).
 */
export function isBsqError(err: unknown, code?: BsqErrorCode): err is BsqError {
  return err instanceof BsqError && (code === undefined || err.code === code);
}
