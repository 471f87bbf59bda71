// Golden vectors: every committed spec/vectors/*.bsq reads to its committed JSON, the worked example
// equals bytes written out by hand, the writer reproduces the raw vectors byte for byte, and every
// spec/vectors/invalid/*.bsq is refused with the code its JSON names.
import { describe, expect, it } from 'vitest';
import { BsqError, BsqReader, Codec, readBsq, writeBsq, type Codes } from '../../src/index.js';
import { INVALID, VECTORS, type Expected } from './vectors.js';

function rowsOf(flat: ArrayLike<number>, F: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += F) out.push(Array.from({ length: F }, (_, f) => flat[i + f]));
  return out;
}

function checkAgainst(bytes: Uint8Array, e: Expected): void {
  const file = readBsq(bytes);
  expect(file.version).toEqual(e.version);
  expect(file.codec.featureCount).toBe(e.codec.features.length);
  file.codec.features.forEach((f, i) => {
    const x = e.codec.features[i];
    expect(f.name).toBe(x.name);
    expect(f.bits).toBe(x.bits);
    expect(Array.from(f.thresholds)).toEqual(x.thresholds);
    expect(Array.from(f.levels)).toEqual(x.levels);
    expect(f.categories).toEqual(x.categories);
    expect(f.unknown).toEqual(x.unknown);
  });
  expect(file.codec.metadata).toEqual(e.codec.metadata ?? undefined);
  expect(file.rowCount).toBe(e.rowCount);
  expect(file.blockCount).toBe(e.blockCount);
  expect(file.blocks.map((b) => ({ firstRow: b.firstRow, rowCount: b.rowCount, encoding: b.encoding }))).toEqual(e.blocks);
  const F = e.codec.features.length;
  const codes = file.codes();
  expect(codes instanceof (e.codec.features.some((f) => f.bits > 8) ? Uint16Array : Uint8Array)).toBe(true);
  expect(rowsOf(codes, F)).toEqual(e.codes);
  expect(rowsOf(file.values(), F)).toEqual(e.values);
  if (e.categoryValues) {
    const names = file.codec.features.map((f, i) => (f.categories ? file.codec.categoryNames(i, codes, { stride: F, offset: i }) : undefined));
    expect(e.codes.map((_, r) => names.map((col) => (col ? col[r] : null)))).toEqual(e.categoryValues);
  }
  // thermometer: first `code` of each feature's K entries are 1
  const th = file.thermometer();
  const W = file.codec.thermometerWidth;
  expect(th.length).toBe(e.rowCount * W);
  const want = new Float32Array(e.rowCount * W);
  e.codes.forEach((row, r) => {
    let o = r * W;
    row.forEach((c, f) => {
      want.fill(1, o, o + c);
      o += 2 ** e.codec.features[f].bits - 1;
    });
  });
  expect(Buffer.from(th.buffer, th.byteOffset, th.byteLength).equals(Buffer.from(want.buffer))).toBe(true);
}

describe('golden vectors', () => {
  it('the expected set is present', () => {
    expect(VECTORS.map((v) => v.name).sort()).toEqual(['adaptive-example', 'adaptive-sensor', 'categorical', 'codec-only', 'deflate', 'entropy-codec-only', 'entropy-example', 'entropy-sensor', 'mixed-bits', 'multi-block', 'newer-minor', 'worked-example']);
  });

  for (const v of VECTORS) {
    it(`${v.name}.bsq reads to ${v.name}.json (whole buffer)`, () => checkAgainst(v.bytes, v.expected));

    it(`${v.name}.bsq gives the same events byte by byte through BsqReader`, () => {
      const whole = new BsqReader().push(v.bytes);
      const r = new BsqReader();
      const events = [];
      for (let i = 0; i < v.bytes.length; i++) events.push(...r.push(v.bytes.subarray(i, i + 1)));
      r.end();
      expect(events.map((e) => e.type)).toEqual(whole.map((e) => e.type));
      expect(events.filter((e) => e.type === 'block').map((e) => e.type === 'block' && Array.from(e.packed))).toEqual(
        whole.filter((e) => e.type === 'block').map((e) => e.type === 'block' && Array.from(e.packed)),
      );
    });
  }

  it('the writer reproduces the raw vectors byte for byte from their JSON', () => {
    for (const v of VECTORS) {
      const e = v.expected;
      // (entropy vectors carry a model: test/entropy/vectors.test.ts rebuilds those)
      if ((e.version.minor !== 0 && v.name !== 'categorical') || e.blocks.some((b) => b.encoding !== 'raw') || 'entropyModel' in e) continue;
      const codec = Codec.fromFeatures(
        e.codec.features.map((f) => ({
          name: f.name, bits: f.bits, thresholds: Float32Array.from(f.thresholds), levels: Float32Array.from(f.levels),
          ...(f.categories ? { categories: f.categories, unknown: f.unknown } : {}),
        })),
        { metadata: e.codec.metadata ?? undefined },
      );
      const wide = e.codec.features.some((f) => f.bits > 8);
      const flat = e.codes.flat();
      const codes: Codes = wide ? Uint16Array.from(flat) : Uint8Array.from(flat);
      const bytes = writeBsq(codec, e.rowCount > 0 ? { codes, blockRows: e.blocks[0].rowCount } : {});
      expect(Buffer.from(bytes).toString('hex'), v.name).toBe(Buffer.from(v.bytes).toString('hex'));
    }
  });
});

describe('worked example, by hand (spec/vectors/worked-example.md)', () => {
  // prettier-ignore
  const expected = Uint8Array.of(
    // ---- header
    0x89, 0x42, 0x53, 0x51, 0x0d, 0x0a, 0x1a, 0x0a, // signature \x89 B S Q \r \n \x1A \n
    0x01,                   // major 1
    0x00,                   // minor 0
    0x00, 0x00,             // reserved
    0xe8, 0x20, 0x70, 0x1a, // header_crc 0x1A7020E8
    // ---- CODEC record
    0x01,                   // type CODEC
    0x01,                   // flags: critical
    0x41, 0x00, 0x00, 0x00, // length 65
    0x02, 0x00,             // featureCount 2
    0x07, 0x00, 0x00, 0x00, // metadataLength 7
    0x7b, 0x22, 0x76, 0x22, 0x3a, 0x31, 0x7d, // {"v":1}
    0x04,                   // nameLength 4
    0x74, 0x65, 0x6d, 0x70, // "temp"
    0x02,                   // bits 2
    0x00, 0x00, 0x20, 0x41, // t1 = 10
    0x00, 0x00, 0xa0, 0x41, // t2 = 20
    0x00, 0x00, 0xf0, 0x41, // t3 = 30
    0x00, 0x00, 0xa0, 0x40, // v0 = 5
    0x00, 0x00, 0x70, 0x41, // v1 = 15
    0x00, 0x00, 0xc8, 0x41, // v2 = 25
    0x00, 0x00, 0x0c, 0x42, // v3 = 35
    0x04,                   // nameLength 4
    0x64, 0x6f, 0x6f, 0x72, // "door"
    0x01,                   // bits 1
    0x00, 0x00, 0x00, 0x3f, // t1 = 0.5
    0x00, 0x00, 0x00, 0x00, // v0 = 0
    0x00, 0x00, 0x80, 0x3f, // v1 = 1
    0xa4, 0x7e, 0xb6, 0xb2, // crc 0xB2B67EA4
    // ---- DATA record
    0x02,                   // type DATA
    0x01,                   // flags: critical
    0x07, 0x00, 0x00, 0x00, // length 7
    0x03, 0x00, 0x00, 0x00, // rowCount 3
    0x00,                   // encoding raw
    0x87,                   // rows 0-2, stream bits 0-7: temp=3 (11) door=1 (1) temp=0 (00) door=0 (0) temp=2 (0 1...)
    0x01,                   // stream bit 8: ...temp=2 high bit was bit 7; door=1 (1); 7 zero padding bits
    0xad, 0x98, 0x2f, 0xcd, // crc 0xCD2F98AD
    // ---- END record
    0x7f,                   // type END
    0x01,                   // flags: critical
    0x0c, 0x00, 0x00, 0x00, // length 12
    0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // totalRows 3 (u64)
    0x01, 0x00, 0x00, 0x00, // blockCount 1
    0x24, 0x5b, 0x88, 0xca, // crc 0xCA885B24
  );
  const codec = Codec.fromThresholds(
    [
      { name: 'temp', thresholds: [10, 20, 30], levels: [5, 15, 25, 35] },
      { name: 'door', thresholds: [0.5], levels: [0, 1] },
    ],
    { metadata: { v: 1 } },
  );

  it('the committed file equals the hand-written bytes', () => {
    const v = VECTORS.find((x) => x.name === 'worked-example')!;
    expect(Array.from(v.bytes)).toEqual(Array.from(expected));
  });

  it('writeBsq from values produces exactly these bytes', () => {
    // temp 31 -> 3, door 0.7 -> 1; temp 10 -> 0 (equal does not exceed), door 0.5 -> 0; temp 25 -> 2, door 1 -> 1
    const bytes = writeBsq(codec, { rows: Float64Array.of(31, 0.7, 10, 0.5, 25, 1) });
    expect(Array.from(bytes)).toEqual(Array.from(expected));
    const byColumns = writeBsq(codec, { columns: [[31, 10, 25], Float32Array.of(0.7, 0.5, 1)] });
    expect(Array.from(byColumns)).toEqual(Array.from(expected));
  });

  it('reads back the codes and values', () => {
    const f = readBsq(expected);
    expect(Array.from(f.codes())).toEqual([3, 1, 0, 0, 2, 1]);
    expect(Array.from(f.values())).toEqual([35, 1, 5, 0, 25, 1]);
    expect(f.codec.metadata).toEqual({ v: 1 });
  });
});

describe('invalid vectors', () => {
  it('there are invalid vectors', () => expect(INVALID.length).toBeGreaterThan(10));
  for (const v of INVALID) {
    it(`${v.name}.bsq is refused with ${v.error}`, () => {
      let err: unknown;
      try {
        readBsq(v.bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BsqError);
      expect((err as BsqError).code).toBe(v.error);
      // byte by byte through the incremental reader: the same code
      let err2: unknown;
      try {
        const r = new BsqReader();
        for (let i = 0; i < v.bytes.length; i++) r.push(v.bytes.subarray(i, i + 1));
        r.end();
      } catch (e) {
        err2 = e;
      }
      expect(err2).toBeInstanceOf(BsqError);
      expect((err2 as BsqError).code).toBe(v.error);
    });
  }
});
