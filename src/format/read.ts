// readBsq: reads a whole .bsq buffer (through the same state machine as BsqReader) into a BsqFile:
// the codec, the version, the blocks, and whole-file codes / values / thermometer on demand.

import { BsqError } from '../codec/errors.js';
import { checkOptionKeys, type OptionKeys } from '../codec/checks.js';
import type { Codec, Codes } from '../codec/index.js';
import type { DecodedBlock } from './data-record.js';
import type { FormatVersion } from './header.js';
import type { Limits } from './limits.js';
import { BsqReader } from './reader.js';

export interface BsqFile {
  codec: Codec;
  version: FormatVersion;
  rowCount: number;
  blockCount: number;
  /** The blocks in file order; raw blocks' `packed` are views of the input buffer. */
  blocks: DecodedBlock[];
  /** All codes, row-major (rowCount x featureCount). A new array on every call. */
  codes(): Codes;
  /** All decoded values levels[code], row-major (rowCount x featureCount). */
  values(): Float32Array;
  /** All thermometer vectors, row-major (rowCount x codec.thermometerWidth). */
  thermometer(): Float32Array;
}

function alloc<T>(make: () => T, what: string, n: number): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof RangeError) {
      throw new BsqError('LIMIT_EXCEEDED', `cannot allocate ${what} of ${n} elements`, { elements: n }, { cause: err });
    }
    throw err;
  }
}

class File implements BsqFile {
  constructor(
    readonly codec: Codec,
    readonly version: FormatVersion,
    readonly rowCount: number,
    readonly blocks: DecodedBlock[],
  ) {}
  get blockCount(): number {
    return this.blocks.length;
  }
  // Each block decodes straight into its rows of the one result array (no per-block arrays).
  codes(): Codes {
    const F = this.codec.featureCount;
    const n = this.rowCount * F;
    const wide = this.codec.features.some((f) => f.bits > 8);
    const out = alloc(() => (wide ? new Uint16Array(n) : new Uint8Array(n)), 'codes', n);
    for (const b of this.blocks) this.codec.decodeCodes(b.packed, b.rowCount, out.subarray(b.firstRow * F, (b.firstRow + b.rowCount) * F));
    return out;
  }
  values(): Float32Array {
    const F = this.codec.featureCount;
    const n = this.rowCount * F;
    const out = alloc(() => new Float32Array(n), 'values', n);
    for (const b of this.blocks) this.codec.decodeValues(b.packed, b.rowCount, out.subarray(b.firstRow * F, (b.firstRow + b.rowCount) * F));
    return out;
  }
  thermometer(): Float32Array {
    // Through the whole file's codes (1/4 of a byte per thermometer bit or less): the codec then
    // fills one fresh (zeroed) array and writes only the ones.
    const n = this.rowCount * this.codec.thermometerWidth;
    const codes = this.codes();
    return alloc(() => this.codec.codesToThermometer(codes), 'thermometer', n);
  }
}

/** Reads a complete .bsq file. Throws BsqError (spec/FORMAT.md section 7) on any defect. */
export function readBsq(bytes: Uint8Array, opts?: { limits?: Partial<Limits> }): BsqFile {
  if (!(bytes instanceof Uint8Array)) throw new BsqError('INVALID_ARGUMENT', 'readBsq expects a Uint8Array');
  if (opts !== undefined) {
    if (opts === null || typeof opts !== 'object') throw new BsqError('INVALID_ARGUMENT', 'readBsq options must be an object');
    checkOptionKeys(opts, { limits: true } satisfies OptionKeys<NonNullable<Parameters<typeof readBsq>[1]>>, 'readBsq');
  }
  const reader = new BsqReader({ limits: opts?.limits, zeroCopy: true });
  const events = reader.push(bytes);
  reader.end();
  let codec: Codec | undefined;
  let version: FormatVersion | undefined;
  let rowCount = 0;
  const blocks: DecodedBlock[] = [];
  for (const e of events) {
    if (e.type === 'codec') {
      codec = e.codec;
      version = e.version;
    } else if (e.type === 'block') {
      blocks.push({ firstRow: e.firstRow, rowCount: e.rowCount, encoding: e.encoding, packed: e.packed });
    } else {
      rowCount = e.totalRows;
    }
  }
  // end() succeeded, so CODEC and END were read.
  // The reader's codec also carries any model read from a model record (ENTROPY_MODEL).
  return new File(reader.codec ?? codec!, version!, rowCount, blocks);
}
