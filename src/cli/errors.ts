// CLI error conventions: exit codes (0 ok, 1 runtime/data error, 2 usage error), the UsageError and
// CliError types, and turning any thrown value into the one-line message printed on stderr.
import { BsqError } from '../codec/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad command line: unknown option, missing argument, malformed value. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A runtime failure outside the library (a file that cannot be opened, ...). Exit code 1. */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}

/**
 * The library numbers rows from 0 (an index, details.row); the command line numbers data rows from
 * 1, as its own messages do. A library BsqError whose message names `row <details.row>` is rethrown
 * with that row counted from 1 (details unchanged), and `prefix` (e.g. the file name) in front.
 */
export function withRowFromOne(err: unknown, prefix = ''): unknown {
  if (!(err instanceof BsqError)) return err;
  const row = err.details?.row;
  const message = typeof row === 'number' ? err.message.replace(new RegExp(`\\brow ${row}\\b`), `row ${row + 1}`) : err.message;
  if (message === err.message && prefix === '') return err;
  return new BsqError(err.code, `${prefix}${message}`, err.details, { cause: err });
}

const SYSTEM_MESSAGES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ENOSPC: 'no space left on device',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  EROFS: 'read-only file system',
};

/**
 * A Node system error (ENOENT, EACCES, ...) about `path`, as a CliError with a readable message that
 * ends with the system code in brackets (like a BsqError's code), e.g. `cannot read 'x.csv': no such
 * file or directory [ENOENT]`, so every error line can be matched by its code.
 */
export function fileError(err: unknown, what: string, path: string): Error {
  if (err instanceof BsqError || err instanceof CliError || err instanceof UsageError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const tag = typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code) ? ` [${code}]` : '';
  if (typeof code === 'string' && code in SYSTEM_MESSAGES) {
    return new CliError(`cannot ${what} '${path}': ${SYSTEM_MESSAGES[code]}${tag}`, { cause: err });
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new CliError(`cannot ${what} '${path}': ${msg}${msg.endsWith(`[${code}]`) ? '' : tag}`, { cause: err });
}

/** Collapse a message to one line (messages from libraries may contain newlines). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The exit code for a thrown value. */
export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}

/** The one-line description of a thrown value (without the "bsq <cmd>:" prefix). */
export function describeError(err: unknown): string {
  if (err instanceof BsqError) return `${oneLine(err.message)} [${err.code}]`;
  if (err instanceof UsageError || err instanceof CliError) return oneLine(err.message);
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return oneLine(typeof code === 'string' ? `${err.message} [${code}]` : err.message);
  }
  return oneLine(String(err));
}
