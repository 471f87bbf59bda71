// Per-block choice of the DATA encoding: code one block with each candidate encoding and keep the
// smallest complete record (every candidate already falls back to raw when it would not pay).
// Used by `bsq encode --entropy` (auto) to pick between encoding 2 and encoding 3 block by block.

import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import type { BlockEncoding } from './block-encoding.js';
import { encodeDataRecord } from './data-record.js';

/**
 * The smallest DATA record for the block among `encodings` (ties: the earlier one). `model` is the
 * model of encodings that need one (entropy). The chosen encoding is `record[10]` (0 raw, 1
 * deflate, 2 entropy, 3 adaptive).
 */
export function encodeDataRecordBest(
  codec: Codec,
  packed: Uint8Array,
  rowCount: number,
  encodings: readonly BlockEncoding[],
  model?: unknown,
): Uint8Array<ArrayBuffer> {
  if (!Array.isArray(encodings) || encodings.length === 0) throw new BsqError('INVALID_ARGUMENT', 'encodings must list at least one encoding');
  let best: Uint8Array<ArrayBuffer> | undefined;
  for (const e of encodings) {
    const rec = encodeDataRecord(codec, packed, rowCount, e, model);
    if (best === undefined || rec.length < best.length) best = rec;
  }
  return best!;
}

/** The encoding name of a DATA record's encoding byte (for reporting which one a block got). */
export function encodingNameOf(id: number): BlockEncoding | `encoding ${number}` {
  const names: BlockEncoding[] = ['raw', 'deflate', 'entropy', 'adaptive'];
  return names[id] ?? `encoding ${id}`;
}
