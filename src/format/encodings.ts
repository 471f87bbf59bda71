// The table of DATA block encodings this library implements, by id and by name. Encoding 2
// (entropy) and 3 (adaptive) plug in here with their BlockEncoders (encoding-entropy.ts, encoding-adaptive.ts).

import { BsqError } from '../codec/errors.js';
import type { BlockEncoder, BlockEncoding } from './block-encoding.js';
import { rawEncoding } from './encoding-raw.js';
import { deflateEncoding } from './encoding-deflate.js';
import { entropyEncoding } from './encoding-entropy.js';
import { adaptiveEncoding } from './encoding-adaptive.js';

export const BLOCK_ENCODERS: readonly BlockEncoder[] = [rawEncoding, deflateEncoding, entropyEncoding, adaptiveEncoding];

const KNOWN_NAMES: readonly string[] = ['raw', 'deflate', 'entropy', 'adaptive'];
const ENCODING_IDS: Readonly<Record<string, number>> = { raw: 0, deflate: 1, entropy: 2, adaptive: 3 };

/** The encoder for a DATA `encoding` byte; unknown or unimplemented -> UNSUPPORTED_ENCODING. */
export function encoderById(id: number): BlockEncoder {
  for (const e of BLOCK_ENCODERS) if (e.id === id) return e;
  throw new BsqError(
    'UNSUPPORTED_ENCODING',
    id === ENCODING_IDS.entropy
      ? 'DATA block uses encoding 2 (entropy), which this reader does not implement'
      : `DATA block uses unknown encoding ${id}`,
    { encoding: id },
  );
}

/** The encoder for a writer option; a bad name -> INVALID_ARGUMENT, unimplemented -> UNSUPPORTED_ENCODING. */
export function encoderByName(name: unknown): BlockEncoder {
  if (typeof name !== 'string' || !KNOWN_NAMES.includes(name)) {
    throw new BsqError('INVALID_ARGUMENT', `encoding must be one of ${KNOWN_NAMES.map((n) => `'${n}'`).join(', ')}, got ${String(name)}`);
  }
  for (const e of BLOCK_ENCODERS) if (e.name === name) return e;
  throw new BsqError('UNSUPPORTED_ENCODING', `encoding '${name}' is not implemented by this writer`, { encoding: name });
}

/** The encoder whose model travels in records of `type`, if any. */
export function encoderByModelRecord(type: number): BlockEncoder | undefined {
  for (const e of BLOCK_ENCODERS) if (e.modelRecordType === type) return e;
  return undefined;
}
