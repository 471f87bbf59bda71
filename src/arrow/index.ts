// `bsq/arrow`: Apache Arrow converters (api.ts). apache-arrow is an optional peer dependency: this
// entry loads the converters behind a check, so that a project without apache-arrow gets a BsqError
// (MISSING_DEPENDENCY) that says what to install, instead of Node's bare ERR_MODULE_NOT_FOUND.
import { BsqError } from '../codec/errors.js';
import type * as Api from './api.js';

function missingArrow(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && /apache-arrow/.test(String(e?.message));
}

let api: typeof Api;
try {
  api = await import('./api.js');
} catch (err) {
  if (missingArrow(err)) {
    throw new BsqError('MISSING_DEPENDENCY', "bsq/arrow needs the 'apache-arrow' package, an optional peer dependency of bsq: npm install apache-arrow", undefined, { cause: err });
  }
  throw err;
}

export const {
  tableToBsq,
  recordBatchesToBsq,
  tableFromBsq,
  recordBatchesFromBsq,
  BatchBuilder,
  matchColumns,
  numericColumn,
  isNumericType,
  codecFromMetadata,
  METADATA_KEYS,
  FIELD_BITS_KEY,
} = api;
export type BatchBuilder = Api.BatchBuilder;
export type { ArrowEncodeOptions, ArrowDecodeOptions, TableOutput, ColumnMatchOptions } from './api.js';
