// Public API of the format layer: the .bsq v1 container (spec/FORMAT.md sections 3-8): CRC-32C,
// limits, record encoders/decoders, the whole-file writer and readers, and the incremental reader.

export { FORMAT_MAJOR, FORMAT_MINOR, SIGNATURE, HEADER_BYTES, RECORD_CODEC, RECORD_DATA, RECORD_ENTROPY_MODEL, RECORD_END, FLAG_CRITICAL, FORMAT_MINOR_CATEGORICAL } from './constants.js';
export { crc32c } from './crc32c.js';
export { concatBytes } from './bytes.js';
export { DEFAULT_LIMITS, resolveLimits, type Limits } from './limits.js';
export type { BlockEncoding, BlockEncoder, BlockContext } from './block-encoding.js';
export { BLOCK_ENCODERS } from './encodings.js';
export { DEFLATE_LEVEL } from './encoding-deflate.js';
export { encodeEntropyModelRecord } from './encoding-entropy.js';
export { encodeHeader, decodeHeader, type FormatVersion } from './header.js';
export { encodeRecord, peekRecord, type RecordHead } from './record.js';
export { encodeCodecRecord, decodeCodecPayload, formatMinorFor, sameCodecRecord } from './codec-record.js';
export { encodeDataRecord, decodeDataRecord, type DecodedBlock, type EncodingModels } from './data-record.js';
export { ADAPTIVE_MAX_SEQ, encodeAdaptiveBody, decodeAdaptiveBody, adaptiveBodySeq } from './encoding-adaptive.js';
export { AdaptiveChainEncoder, AdaptiveChainDecoder, type AdaptiveChainOptions } from './adaptive-chain.js';
export { encodeDataRecordBest, encodingNameOf } from './best-encoding.js';
export { encodeEndRecord } from './end-record.js';
export { BsqReader, type BsqEvent, type BsqReaderOptions } from './reader.js';
export { readBsq, type BsqFile } from './read.js';
export { writeBsq, DEFAULT_BLOCK_ROWS, type WriteBsqOptions } from './write.js';
