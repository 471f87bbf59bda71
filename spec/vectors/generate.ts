// Regenerates the golden vectors in spec/vectors/ (run: `npx tsx spec/vectors/generate.ts`).
//
// Every vector is defined here by its inputs: features (thresholds AND levels given explicitly),
// metadata, codes per row (a seeded PRNG, or written out), block sizes and encoding. The .bsq file is
// written by the library; the .json is written from the same inputs (codes as given, values as
// levels[code] by plain indexing), never by reading the .bsq back. Tests read the committed files and
// compare them with the committed JSON, so a reader or writer change that alters either is caught.
//
// spec/vectors/invalid/ holds files that a reader must refuse, each with {"error": CODE}.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codec, type Codes } from '../../src/codec/index.js';
import { mulberry32 as prng } from '../../test/support/prng.js';
import {
  crc32c,
  encodeCodecRecord,
  encodeDataRecord,
  encodeEndRecord,
  encodeHeader,
  encodeRecord,
  writeBsq,
  type BlockEncoding,
} from '../../src/format/index.js';
import { concatBytes as concat } from '../../src/format/index.js';

const DIR = dirname(fileURLToPath(import.meta.url));
const f32 = Math.fround;

interface FeatureDef {
  name: string;
  thresholds: number[];
  levels: number[];
  /** A categorical feature (FORMAT.md 1.5): its dictionary and unknown policy. */
  categories?: string[];
  unknown?: 'error' | 'code';
}

/** A categorical feature: bits from the dictionary, thresholds c - 0.5 and levels c (FORMAT.md 1.5). */
function categorical(name: string, categories: string[], unknown: 'error' | 'code'): FeatureDef {
  const codes = categories.length + (unknown === 'code' ? 1 : 0);
  let b = 1;
  while (2 ** b < codes) b++;
  const L = 2 ** b;
  return {
    name,
    thresholds: Array.from({ length: L - 1 }, (_, k) => k + 0.5),
    levels: Array.from({ length: L }, (_, c) => c),
    categories,
    unknown,
  };
}

interface VectorDef {
  name: string;
  description: string;
  features: FeatureDef[];
  metadata?: Record<string, unknown>;
  /** codes[row][feature] */
  codes: number[][];
  blockRows?: number;
  encoding?: BlockEncoding;
  /** Assemble the file by hand instead of writeBsq (for the newer-minor vector). */
  build?: (codec: Codec, packedBlocks: { packed: Uint8Array; rowCount: number }[]) => Uint8Array;
  minor?: number;
}


/** Evenly spaced thresholds lo + step*k (k = 1..K) and levels at the interval middles, in binary32. */
function grid(name: string, bits: number, lo: number, step: number): FeatureDef {
  const K = (1 << bits) - 1;
  const thresholds = Array.from({ length: K }, (_, k) => f32(lo + step * (k + 1)));
  const levels = Array.from({ length: K + 1 }, (_, c) => f32(lo + step * c + step / 2));
  return { name, thresholds, levels };
}

function randomCodes(features: FeatureDef[], rows: number, seed: number): number[][] {
  const rnd = prng(seed);
  return Array.from({ length: rows }, () => features.map((f) => Math.floor(rnd() * f.levels.length)));
}

function bitsOf(f: FeatureDef): number {
  return Math.log2(f.levels.length);
}

function codecOf(def: VectorDef): Codec {
  return Codec.fromFeatures(
    def.features.map((f) => ({
      name: f.name, bits: bitsOf(f), thresholds: Float32Array.from(f.thresholds), levels: Float32Array.from(f.levels),
      ...(f.categories ? { categories: f.categories, unknown: f.unknown } : {}),
    })),
    { metadata: def.metadata },
  );
}

function flatCodes(def: VectorDef): Codes {
  const wide = def.features.some((f) => bitsOf(f) > 8);
  const flat = def.codes.flat();
  return wide ? Uint16Array.from(flat) : Uint8Array.from(flat);
}

function blocksOf(def: VectorDef): { firstRow: number; rowCount: number; encoding: BlockEncoding }[] {
  const n = def.codes.length;
  const B = def.blockRows ?? 65536;
  const out = [];
  for (let s = 0; s < n; s += B) out.push({ firstRow: s, rowCount: Math.min(B, n - s), encoding: def.encoding ?? 'raw' });
  return out;
}

// ---------------------------------------------------------------- the valid vectors

const temp: FeatureDef = { name: 'temp', thresholds: [10, 20, 30], levels: [5, 15, 25, 35] };
const door: FeatureDef = { name: 'door', thresholds: [0.5], levels: [0, 1] };

const mixedFeatures: FeatureDef[] = [
  grid('flag', 1, -1, 1),
  grid('speed', 3, 0, 2.5),
  grid('accel_x', 5, -4, 0.25),
  grid('pressure', 9, 900, 0.4),
  { name: 'température', thresholds: [f32(-0.1), f32(0.1), f32(0.3)], levels: [f32(-0.5), f32(0), f32(0.2), f32(0.7)] },
];

const deflateFeatures: FeatureDef[] = [grid('a', 4, 0, 1), grid('b', 4, -8, 1), grid('c', 2, 0, 0.5), grid('d', 6, 0, 1)];
const deflateCodes: number[][] = (() => {
  const rnd = prng(7);
  // A slow ramp with rare noise: compressible, as sensor codes often are.
  return Array.from({ length: 300 }, (_, r) => [
    Math.floor(r / 20) % 16,
    15 - (Math.floor(r / 30) % 16),
    rnd() < 0.1 ? Math.floor(rnd() * 4) : 1,
    Math.floor(r / 5) % 64,
  ]);
})();

const dayFeature = categorical('day', ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'], 'code');
const statusFeature = categorical('status', ['Weekday', 'Wochenende'], 'error');
const categoricalFeatures: FeatureDef[] = [dayFeature, temp, statusFeature];

const VECTORS: VectorDef[] = [
  {
    name: 'worked-example',
    description: 'The worked example of spec/vectors/worked-example.md: 2 features (2 and 1 bits), 3 rows, one raw block.',
    features: [temp, door],
    metadata: { v: 1 },
    codes: [
      [3, 1],
      [0, 0],
      [2, 1],
    ],
  },
  {
    name: 'codec-only',
    description: 'A codec-only file (how a trained codec ships to a device): 3 features, metadata, no DATA record.',
    features: [temp, door, grid('humidity', 4, 0, 6.25)],
    metadata: { task: 'regression', target: 'comfort', bsq: '0.1.0', metrics: { mse: 0.21 } },
    codes: [],
  },
  {
    name: 'mixed-bits',
    description: 'Features of 1, 3, 5, 9 and 2 bits (20 bits per row, 16-bit codes), a non-ASCII name, 21 rows in one raw block.',
    features: mixedFeatures,
    metadata: { note: 'mixed widths' },
    codes: randomCodes(mixedFeatures, 21, 1),
  },
  {
    name: 'multi-block',
    description: '2 features (3 + 2 = 5 bits per row), 11 rows in raw blocks of 4, 4 and 3 rows (blocks end mid-byte).',
    features: [grid('x', 3, 0, 1), grid('y', 2, 10, 10)],
    codes: randomCodes([grid('x', 3, 0, 1), grid('y', 2, 10, 10)], 11, 2),
    blockRows: 4,
  },
  {
    name: 'deflate',
    description: '4 features (4, 4, 2, 6 bits), 300 rows of slowly varying codes in deflate blocks of 128, 128 and 44 rows.',
    features: deflateFeatures,
    codes: deflateCodes,
    blockRows: 128,
    encoding: 'deflate',
  },
  {
    name: 'categorical',
    description:
      'Version 1.1: categorical features (FORMAT.md 1.5) next to a numeric one: "day" (7 categories, unknown code 7, 3 bits), "temp" (2 bits) and "status" (2 categories, no unknown code, 1 bit); 6 rows in one raw block, row 4 holds the unknown code of "day".',
    features: categoricalFeatures,
    metadata: { note: 'categorical' },
    codes: [
      [0, 1, 0],
      [5, 2, 1],
      [6, 3, 1],
      [2, 0, 0],
      [7, 1, 0],
      [4, 2, 0],
    ],
    minor: 1,
  },
  {
    name: 'newer-minor',
    description:
      'Version 1.1 (a newer minor) with an unknown non-critical record type 0x04 before the data and a private non-critical record 0x80 after it: readers must accept the version and skip both records.',
    features: [temp, door],
    codes: [
      [1, 0],
      [2, 1],
      [3, 1],
      [0, 1],
    ],
    minor: 1,
    build: (codec, blocks) => {
      const enc = new TextEncoder();
      return concat([
        encodeHeader(1),
        encodeCodecRecord(codec),
        encodeRecord(0x04, 0x00, enc.encode('a record from minor version 1')),
        ...blocks.map((b) => encodeDataRecord(codec, b.packed, b.rowCount, 'raw')),
        encodeRecord(0x80, 0x00, Uint8Array.of(1, 2, 3, 4, 5)),
        encodeEndRecord(4, blocks.length),
      ]);
    },
  },
];

/** JSON with 2-space indentation but arrays of numbers on one line. */
function formatJson(value: unknown, indent = ''): string {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function writeVector(def: VectorDef): void {
  const codec = codecOf(def);
  const codes = flatCodes(def);
  const blocks = blocksOf(def);
  const F = def.features.length;
  let bytes: Uint8Array;
  if (def.build) {
    const packed = blocks.map((b) => ({
      packed: codec.packCodes(codes.subarray(b.firstRow * F, (b.firstRow + b.rowCount) * F), b.rowCount),
      rowCount: b.rowCount,
    }));
    bytes = def.build(codec, packed);
  } else {
    bytes = writeBsq(codec, def.codes.length > 0 ? { codes, blockRows: def.blockRows, encoding: def.encoding } : {});
  }
  const expected = {
    description: def.description,
    version: { major: 1, minor: def.minor ?? 0 },
    codec: {
      features: def.features.map((f) => ({
        name: f.name, bits: bitsOf(f), thresholds: f.thresholds.map(f32), levels: f.levels.map(f32),
        ...(f.categories ? { categories: f.categories, unknown: f.unknown } : {}),
      })),
      metadata: def.metadata ?? null,
    },
    rowCount: def.codes.length,
    blockCount: blocks.length,
    blocks,
    codes: def.codes,
    values: def.codes.map((row) => row.map((c, f) => f32(def.features[f].levels[c]))),
    // The category of each code of a categorical feature (null: the unknown code), null for numeric features.
    ...(def.features.some((f) => f.categories) ? { categoryValues: def.codes.map((row) => row.map((c, f) => def.features[f].categories?.[c] ?? null)) } : {}),
  };
  writeFileSync(join(DIR, `${def.name}.bsq`), bytes);
  writeFileSync(join(DIR, `${def.name}.json`), formatJson(expected) + '\n');
  console.log(`${def.name}.bsq: ${bytes.length} bytes`);
}

// ---------------------------------------------------------------- the invalid vectors

interface InvalidDef {
  name: string;
  error: string;
  description: string;
  bytes: Uint8Array;
}

function u32le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

/** A header with any major/minor and a correct CRC. */
function headerWith(major: number, minor: number): Uint8Array {
  const h = encodeHeader(0);
  h[8] = major;
  h[9] = minor;
  h.set(u32le(crc32c(h.subarray(0, 12))), 12);
  return h;
}

/** A DATA record with any payload (the CRC is correct). */
function dataPayloadRecord(rowCount: number, encoding: number, body: Uint8Array): Uint8Array {
  return encodeRecord(0x02, 0x01, concat([u32le(rowCount), Uint8Array.of(encoding), body]));
}

function invalidVectors(): InvalidDef[] {
  const codec = codecOf(VECTORS[0]);
  const header = encodeHeader();
  const codecRec = encodeCodecRecord(codec);
  // worked-example rows: 3 rows x 3 bits = 9 bits -> 2 bytes
  const packed = codec.packCodes(Uint8Array.of(3, 1, 0, 0, 2, 1), 3);
  const data = encodeDataRecord(codec, packed, 3, 'raw');
  const end = encodeEndRecord(3, 1);
  const good = concat([header, codecRec, data, end]);
  const flip = (b: Uint8Array, at: number, mask: number) => {
    const c = b.slice();
    c[at] ^= mask;
    return c;
  };
  const badLevels = Codec.fromFeatures([{ name: 'temp', bits: 2, thresholds: Float32Array.of(10, 20, 30), levels: Float32Array.of(5, 15, 25, 35) }]);
  const badCodecRec = encodeCodecRecord(badLevels).slice();
  // Overwrite level 1 (15, inside (10, 20]) with 25, outside its interval, and fix the CRC.
  const badPayload = badCodecRec.subarray(6, badCodecRec.length - 4).slice();
  // payload: featureCount(2) metaLen(4) nameLen(1) "temp"(4) bits(1) thresholds(12) levels: level 1 at 2+4+1+4+1+12+4
  new DataView(badPayload.buffer).setFloat32(2 + 4 + 1 + 4 + 1 + 12 + 4, 25, true);
  // Categorical codecs (FORMAT.md 4.1, format 1.1) whose dictionaries break the rules of section 1.5.
  const catCodec = codecOf({ name: '', description: '', features: [categorical('mode', ['idle', 'run'], 'error')], codes: [] });
  const catRec = encodeCodecRecord(catCodec);
  const catPayload = catRec.subarray(6, catRec.length - 4);
  // payload: featureCount(2) metaLen(4) nameLen(1) "mode"(4) bits(1) t(4) v(8), then the dictionaries:
  // categoricalCount(2) featureIndex(2) unknown(1) categoryCount(4) len(2) "idle" len(2) "run"
  const dictAt = 2 + 4 + 1 + 4 + 1 + 4 + 8;
  const withDict = (dict: Uint8Array, minor = 1) => concat([encodeHeader(minor), encodeRecord(0x01, 0x01, concat([catPayload.subarray(0, dictAt), dict])), encodeEndRecord(0, 0)]);
  const u16le = (v: number) => Uint8Array.of(v & 0xff, v >>> 8);
  const str = (t: string) => { const b = new TextEncoder().encode(t); return concat([u16le(b.length), b]); };
  const dict = (index: number, unknown: number, cats: string[]) => concat([u16le(1), u16le(index), Uint8Array.of(unknown), u32le(cats.length), ...cats.map(str)]);
  return [
    {
      name: 'categorical-duplicate',
      error: 'INVALID_CODEC',
      description: 'Categorical feature "mode" lists the category "idle" twice.',
      bytes: withDict(dict(0, 0, ['idle', 'idle'])),
    },
    {
      name: 'categorical-bits',
      error: 'INVALID_CODEC',
      description: 'Categorical feature "mode" is stored with 1 bit, but 2 categories plus the unknown code (unknown policy 1) need 2 bits.',
      bytes: withDict(dict(0, 1, ['idle', 'run'])),
    },
    {
      name: 'categorical-feature-index',
      error: 'INVALID_CODEC',
      description: 'The dictionary names feature index 1 in a codec of 1 feature.',
      bytes: withDict(dict(1, 0, ['idle', 'run'])),
    },
    {
      name: 'categorical-empty-category',
      error: 'INVALID_CODEC',
      description: 'Categorical feature "mode" has an empty category (length 0).',
      bytes: withDict(dict(0, 0, ['idle', ''])),
    },
    { name: 'bad-magic', error: 'BAD_MAGIC', description: 'The first byte is 0x88 instead of 0x89.', bytes: flip(good, 0, 0x01) },
    { name: 'bad-header-crc', error: 'CHECKSUM_MISMATCH', description: 'The minor version byte was changed without updating header_crc.', bytes: flip(good, 9, 0x01) },
    { name: 'major-2', error: 'UNSUPPORTED_VERSION', description: 'Major version 2 with a correct header CRC.', bytes: concat([headerWith(2, 0), codecRec, data, end]) },
    { name: 'truncated-before-end', error: 'TRUNCATED', description: 'The END record is missing.', bytes: concat([header, codecRec, data]) },
    { name: 'truncated-in-record', error: 'TRUNCATED', description: 'The input ends inside the DATA record.', bytes: concat([header, codecRec, data.subarray(0, 9)]) },
    { name: 'bad-record-crc', error: 'CHECKSUM_MISMATCH', description: 'One bit of the DATA payload flipped.', bytes: flip(good, header.length + codecRec.length + 11, 0x04) },
    {
      name: 'unknown-critical',
      error: 'UNSUPPORTED_RECORD',
      description: 'An unknown record type 0x05 with the critical bit set.',
      bytes: concat([header, codecRec, encodeRecord(0x05, 0x01, Uint8Array.of(0)), data, end]),
    },
    { name: 'trailing-data', error: 'TRAILING_DATA', description: 'One zero byte after the END record.', bytes: concat([good, Uint8Array.of(0)]) },
    { name: 'end-mismatch', error: 'CORRUPT_FILE', description: 'END says 4 rows but the DATA record holds 3.', bytes: concat([header, codecRec, data, encodeEndRecord(4, 1)]) },
    { name: 'data-before-codec', error: 'CORRUPT_FILE', description: 'The first record is DATA, not CODEC.', bytes: concat([header, data, codecRec, end]) },
    { name: 'two-codecs', error: 'CORRUPT_FILE', description: 'A second CODEC record.', bytes: concat([header, codecRec, codecRec, data, end]) },
    {
      name: 'nonzero-padding',
      error: 'CORRUPT_BLOCK',
      description: 'A raw block whose unused high bits of the last byte are not zero.',
      bytes: concat([header, codecRec, dataPayloadRecord(3, 0, Uint8Array.of(packed[0], packed[1] | 0x80)), end]),
    },
    {
      name: 'short-raw-block',
      error: 'CORRUPT_BLOCK',
      description: 'A raw block of 3 rows (2 bytes needed) with 1 byte.',
      bytes: concat([header, codecRec, dataPayloadRecord(3, 0, packed.subarray(0, 1)), end]),
    },
    {
      name: 'unknown-encoding',
      error: 'UNSUPPORTED_ENCODING',
      description: 'A DATA block with encoding 9.',
      bytes: concat([header, codecRec, dataPayloadRecord(3, 9, packed), end]),
    },
    {
      name: 'huge-record-length',
      error: 'LIMIT_EXCEEDED',
      description: 'A record whose length field is 0xFFFFFFFF (over maxRecordBytes); must fail before allocating.',
      bytes: concat([header, codecRec, Uint8Array.of(0x02, 0x01, 0xff, 0xff, 0xff, 0xff), new Uint8Array(16)]),
    },
    {
      name: 'huge-block-rows',
      error: 'LIMIT_EXCEEDED',
      description: 'A deflate DATA block claiming 0xFFFFFFFF rows (over maxBlockRows); must fail before inflating.',
      bytes: concat([header, codecRec, dataPayloadRecord(0xffffffff, 1, Uint8Array.of(0x03, 0x00)), end]),
    },
    {
      name: 'invalid-codec-level',
      error: 'INVALID_CODEC',
      description: 'Feature "temp": level 1 is 25, outside its interval (10, 20].',
      bytes: concat([header, encodeRecord(0x01, 0x01, badPayload), encodeEndRecord(0, 0)]),
    },
    {
      name: 'deflate-overlong',
      error: 'CORRUPT_BLOCK',
      description: 'A deflate block of 3 rows (2 bytes) whose stream inflates to 3 bytes.',
      bytes: concat([header, codecRec, dataPayloadRecord(3, 1, deflateRaw(Uint8Array.of(packed[0], packed[1], 0))), end]),
    },
  ];
}

/** A stored (uncompressed) raw DEFLATE block: BFINAL=1 BTYPE=00, LEN, NLEN, bytes. */
function deflateRaw(b: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(0x01, b.length & 0xff, b.length >>> 8, ~b.length & 0xff, (~b.length >>> 8) & 0xff), b]);
}

for (const def of VECTORS) writeVector(def);
mkdirSync(join(DIR, 'invalid'), { recursive: true });
for (const inv of invalidVectors()) {
  writeFileSync(join(DIR, 'invalid', `${inv.name}.bsq`), inv.bytes);
  writeFileSync(join(DIR, 'invalid', `${inv.name}.json`), formatJson({ description: inv.description, error: inv.error }) + '\n');
}
console.log(`invalid/: ${invalidVectors().length} files`);
