// Format constants of .bsq v1 (spec/FORMAT.md sections 3-4): signature, versions, record types,
// flags and fixed sizes. Everything that names a byte value of the format lives here.

/** Major version this library reads and writes. */
export const FORMAT_MAJOR = 1;
/** Minor version this library writes for a codec without categorical features (FORMAT_MINOR_CATEGORICAL otherwise). Higher minor versions are read (unknown records skipped). */
export const FORMAT_MINOR = 0;

/** Minor version of a file whose codec has a categorical feature (its CODEC record carries dictionaries, spec 4.1). */
export const FORMAT_MINOR_CATEGORICAL = 1;

/** `\x89 B S Q \r \n \x1A \n` */
export const SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x42, 0x53, 0x51, 0x0d, 0x0a, 0x1a, 0x0a);

/** Header: signature(8) major(1) minor(1) reserved(2) header_crc(4). */
export const HEADER_BYTES = 16;
/** Record header: type(1) flags(1) length(4). */
export const RECORD_HEAD_BYTES = 6;
/** Bytes a record takes besides its payload: the 6-byte head and the 4-byte CRC. */
export const RECORD_OVERHEAD = 10;

export const RECORD_CODEC = 0x01;
export const RECORD_DATA = 0x02;
export const RECORD_ENTROPY_MODEL = 0x03;
export const RECORD_END = 0x7f;

/** Flags bit 0: the reader must understand this record or refuse the file. */
export const FLAG_CRITICAL = 0x01;

/** DATA payload: rowCount(u32) encoding(u8), then the body. */
export const DATA_PREFIX_BYTES = 5;
/** END payload: totalRows(u64) blockCount(u32). */
export const END_PAYLOAD_BYTES = 12;

/** Largest u32. */
export const U32_MAX = 0xffffffff;

/** Human name of a record type, for messages. */
export function recordTypeName(type: number): string {
  switch (type) {
    case RECORD_CODEC: return 'CODEC';
    case RECORD_DATA: return 'DATA';
    case RECORD_ENTROPY_MODEL: return 'ENTROPY_MODEL';
    case RECORD_END: return 'END';
    default: return `0x${type.toString(16).padStart(2, '0')}`;
  }
}
