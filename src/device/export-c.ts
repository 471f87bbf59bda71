// exportC: turn a trained codec into a portable C99 encoder for microcontrollers, byte-exact with
// the TypeScript encoder and the .bsq format (raw DATA block bodies, self-delimiting DATA records).
// Returns the generated files as text; writing them to disk is the caller's business (the CLI's
// `bsq export-c`).

import type { Codec } from '../codec/index.js';
import { entropyCSource } from './entropy-c.js';
import { BsqError } from '../codec/errors.js';
import { crc32c, encodeCodecRecord, encodeHeader, formatMinorFor } from '../format/index.js';
import { generateHeader } from './c-header.js';
import { generateSource } from './c-source.js';
import { adaptiveCSource } from './adaptive-c.js';
import { deviceLayout, type DeviceLayout } from './layout.js';
import { resolveExportCOptions, type ExportCOptions } from './options.js';

/** Generated files by name: `<prefix>.h` and `<prefix>.c` (and `<prefix>_entropy.h/.c` with `entropy`). */
export type ExportCFiles = Record<string, string>;

const CRC_TABLE_BYTES = { bitwise: 0, table16: 64, table256: 1024 } as const;

/**
 * Generate the device encoder of `codec` as C99 source files `{ '<prefix>.h': ..., '<prefix>.c': ... }`,
 * plus `<prefix>_entropy.h/.c` (the encoding-2 recoder, see entropyCSource) when `opts.entropy` is set,
 * and `<prefix>_adaptive.h/.c` (the encoding-3 coder, see adaptiveCSource) when `opts.adaptive` is set.
 * See docs/device.md for the API and its costs.
 */
export function exportC(codec: Codec, opts?: ExportCOptions): ExportCFiles {
  if (codec === null || typeof codec !== 'object' || !Array.isArray(codec.features) || codec.features.length === 0) {
    throw new BsqError('INVALID_ARGUMENT', 'exportC: expected a Codec');
  }
  const bits = codec.features.map((f) => f.bits);
  const o = resolveExportCOptions(opts, bits);
  if (o.entropy && codec.entropyModel === undefined) {
    throw new BsqError(
      'INVALID_ARGUMENT',
      'exportC: entropy needs a codec with an entropy model (fit one with codec.fitEntropyModel(rows) or codec.fitEntropyModelFromCodes(codes), or use the codec.bsq written by `bsq train`, which fits one unless --no-entropy-model is given, or load any .bsq file that holds an ENTROPY_MODEL record)',
    );
  }
  const layout = deviceLayout(codec, CRC_TABLE_BYTES[o.crc]);
  const codecRecord = encodeCodecRecord(codec);
  const codecId = recordId(codecRecord);
  const header = generateHeader({
    names: codec.features.map((f) => f.name),
    layout,
    opts: o,
    codecId,
    codecRecordBytes: codecRecord.length,
    features: codec.features,
  });
  const source = generateSource({
    thresholds: codec.features.map((f) => f.thresholds),
    layout,
    opts: o,
    fileHeader: encodeHeader(formatMinorFor(codec)),
    codecRecord,
  });
  const files: ExportCFiles = { [`${o.prefix}.h`]: header, [`${o.prefix}.c`]: source };
  const withEntropy = o.entropy ? { ...files, ...entropyCSource(codec, { prefix: o.prefix }) } : files;
  return o.adaptive ? { ...withEntropy, ...adaptiveCSource(codec, { prefix: o.prefix }) } : withEntropy;
}

/** Flash bytes of the constant tables the generated encoder of `codec` holds (see docs/device.md). */
export function deviceFlashBytes(codec: Codec, opts?: Pick<ExportCOptions, 'crc'>): DeviceLayout['flash'] & { total: number } {
  if (codec === null || typeof codec !== 'object' || typeof codec.encodeRows !== 'function') throw new BsqError('INVALID_ARGUMENT', 'deviceFlashBytes expects a Codec');
  const o = resolveExportCOptions({ crc: opts?.crc }, codec.features.map((f) => f.bits));
  const { flash } = deviceLayout(codec, CRC_TABLE_BYTES[o.crc]);
  return { ...flash, total: flash.thresholds + flash.bitsTable + flash.crcTable };
}

/**
 * The codec id a generated encoder carries as <PREFIX>_CODEC_ID: the CRC-32C of the codec's CODEC
 * record (header and payload, i.e. the CRC stored at the record's end), so any change of a name,
 * width, threshold, level or metadata changes it.
 */
export function deviceCodecId(codec: Codec): number {
  return recordId(encodeCodecRecord(codec));
}

function recordId(record: Uint8Array): number {
  return crc32c(record.subarray(0, record.length - 4));
}
