// Loads the optional Parquet libraries on first use: hyparquet (reading), hyparquet-writer (writing)
// and, when installed, hyparquet-compressors (gzip, brotli, lz4 and zstd pages). They are optional
// peer dependencies of bsq; a missing one is a BsqError MISSING_DEPENDENCY that says what to install.
import { BsqError } from '../codec/errors.js';

type Hyparquet = typeof import('hyparquet');
type HyparquetWriter = typeof import('hyparquet-writer');
export type Compressors = Record<string, (input: Uint8Array, outputLength: number) => Uint8Array>;

let reader: Promise<Hyparquet> | undefined;
let writer: Promise<HyparquetWriter> | undefined;
let decompressors: Promise<Compressors | undefined> | undefined;

function missing(pkg: string, err: unknown): BsqError {
  return new BsqError(
    'MISSING_DEPENDENCY',
    `Parquet support needs the '${pkg}' package (an optional peer dependency of bsq): npm install hyparquet hyparquet-writer`,
    { package: pkg },
    { cause: err },
  );
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** hyparquet, the Parquet reader. */
export function loadReader(): Promise<Hyparquet> {
  reader ??= import('hyparquet').catch((err: unknown) => {
    reader = undefined;
    throw isNotFound(err) ? missing('hyparquet', err) : err;
  });
  return reader;
}

/** hyparquet-writer, the Parquet writer. */
export function loadWriter(): Promise<HyparquetWriter> {
  writer ??= import('hyparquet-writer').catch((err: unknown) => {
    writer = undefined;
    throw isNotFound(err) ? missing('hyparquet-writer', err) : err;
  });
  return writer;
}

/** hyparquet-compressors' decompressors, or undefined when it is not installed (snappy still works). */
export function loadDecompressors(): Promise<Compressors | undefined> {
  decompressors ??= import('hyparquet-compressors').then(
    (m) => m.compressors as unknown as Compressors,
    (err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    },
  );
  return decompressors;
}
