// exportC without a C compiler: the generated text (files, macros, exact threshold literals, the
// allowed includes, comment-safe names), option validation, and the literal/key helpers it relies on.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BsqError, Codec, crc32c, deviceCodecId, deviceFlashBytes, encodeCodecRecord, exportC } from '../../src/internals.js';
import { cFloatLiteral, f32Bits, orderKey, thresholdKey } from '../../src/device/literals.js';

/** Parse a C99 hexadecimal float literal as written by cFloatLiteral ([-]0x1.HHHp+E f). */
function parseHexFloat(lit: string): number {
  const m = /^(-?)0x([01])(?:\.([0-9A-Fa-f]+))?p([+-]\d+)f$/.exec(lit);
  if (!m) throw new Error(`not a hex float literal: ${lit}`);
  const frac = m[3] ?? '';
  const mant = Number.parseInt(m[2] + frac, 16) / 16 ** frac.length;
  const v = mant * 2 ** Number(m[4]);
  return m[1] === '-' ? -v : v;
}

function thresholdItems(source: string, prefix: string): string[] {
  const m = new RegExp(`static const (?:float|uint32_t) ${prefix}_thresholds\\[(\\d+)\\] = \\{([^}]*)\\}`).exec(source);
  if (!m) throw new Error('threshold table not found');
  const items = m[2].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  expect(items.length).toBe(Number(m[1]));
  return items;
}

const f32 = (x: number) => Math.fround(x);

const mixed = Codec.fromThresholds([
  { name: 'temp', thresholds: [-1.5, 0, 0] },
  { name: 'hum', thresholds: [0.1] },
  { name: 'pressure', thresholds: [1e-40, 1e-30, 3.5, 3.5, 3.5, 1e30, 3.4e38] },
]);

describe('exportC files', () => {
  it('returns <prefix>.h and <prefix>.c with the sizes as macros', () => {
    const files = exportC(mixed, { prefix: 'dev' });
    expect(Object.keys(files).sort()).toEqual(['dev.c', 'dev.h']);
    const h = files['dev.h'];
    expect(h).toMatch(/#define DEV_FEATURES 3u\b/);
    expect(h).toMatch(/#define DEV_BITS_PER_ROW 6u\b/);
    expect(h).toMatch(/#define DEV_ENCODED_SIZE\(n_rows\)/);
    expect(h).toMatch(/#define DEV_RECORD_SIZE\(n_rows\)/);
    const rec = encodeCodecRecord(mixed);
    const storedCrc = new DataView(rec.buffer, rec.byteOffset + rec.length - 4).getUint32(0, true);
    expect(h).toContain(`#define DEV_CODEC_ID 0x${storedCrc.toString(16).toUpperCase().padStart(8, '0')}u`);
    expect(h).toContain('size_t dev_encode_rows(const float *rows, size_t n_rows, uint8_t *out);');
    expect(h).toContain('size_t dev_write_data_record(');
    expect(h).toMatch(/#define DEV_NAN_IS_ERROR 1\b/);
    expect(h).not.toContain('#define DEV_NAN_CODE');
    expect(deviceCodecId(mixed)).toBe(crc32c(rec.subarray(0, rec.length - 4)));
    expect(deviceCodecId(mixed)).toBe(storedCrc);
    // Any change of the codec changes the id.
    const other = Codec.fromThresholds(mixed.features.map((f, i) => ({ name: f.name, thresholds: i === 1 ? [0.2] : f.thresholds })));
    expect(deviceCodecId(other)).not.toBe(deviceCodecId(mixed));
    expect(deviceCodecId(mixed.withMetadata({ task: 'x' }))).not.toBe(deviceCodecId(mixed));
  });

  it('uses the default prefix bsq_codec', () => {
    expect(Object.keys(exportC(mixed)).sort()).toEqual(['bsq_codec.c', 'bsq_codec.h']);
  });

  it('writes every threshold as an exact hex float literal, in codec order', () => {
    const src = exportC(mixed, { prefix: 'dev' })['dev.c'];
    const values = thresholdItems(src, 'dev').map(parseHexFloat);
    const expected = mixed.features.flatMap((f) => Array.from(f.thresholds));
    expect(values).toEqual(expected.map((x) => (x === 0 ? 0 : x)));
  });

  it('writes integer keys of the thresholds with compare: integer', () => {
    const src = exportC(mixed, { prefix: 'dev', compare: 'integer' })['dev.c'];
    const keys = thresholdItems(src, 'dev').map((s) => Number.parseInt(s.replace(/u$/, ''), 16));
    expect(keys).toEqual(mixed.features.flatMap((f) => Array.from(f.thresholds, thresholdKey)));
    // No floating-point operation at all: floats are only read as bit patterns.
    expect(src).not.toMatch(/\bfloat\s+v\b/);
    expect(src).not.toMatch(/x\[f\]\s*[!=<>]/);
    expect(src).not.toMatch(/\bv > t\[|v != v/);
    expect(src).toMatch(/\bk > t\[/);
  });

  it('includes nothing beyond stdint.h, stddef.h and its own header, and calls no library function', () => {
    for (const opts of [{}, { compare: 'integer' as const, fileHelpers: true, crc: 'table256' as const, nan: { code: 0 } }]) {
      const files = exportC(mixed, { prefix: 'dev', ...opts });
      const includes = Object.values(files).flatMap((t) => [...t.matchAll(/#include\s+(\S+)/g)].map((m) => m[1]));
      for (const inc of includes) expect(['<stdint.h>', '<stddef.h>', '"dev.h"']).toContain(inc);
      const code = Object.values(files).join('\n');
      expect(code).not.toMatch(/\b(malloc|calloc|free|double|printf|memcpy|memset|memmove)\b/);
    }
  });

  it('emits the NaN code policy and the file helpers when asked', () => {
    const files = exportC(mixed, { prefix: 'dev', nan: { code: 1 }, fileHelpers: true });
    expect(files['dev.h']).toMatch(/#define DEV_NAN_IS_ERROR 0\b/);
    expect(files['dev.h']).toMatch(/#define DEV_NAN_CODE 1u\b/);
    expect(files['dev.h']).toContain(`#define DEV_CODEC_RECORD_SIZE ${encodeCodecRecord(mixed).length}u`);
    expect(files['dev.c']).toContain('const uint8_t dev_codec_record[DEV_CODEC_RECORD_SIZE]');
    expect(files['dev.h']).toContain('size_t dev_write_end_record(uint8_t *out, uint64_t total_rows, uint32_t block_count);');
  });

  it('keeps hostile feature names inside the header comment', () => {
    const codec = Codec.fromThresholds([
      { name: 'a */ #error boom /* ??/', thresholds: [0] },
      { name: 'line\nbreak \u00e9\u{1F600}"\\', thresholds: [1] },
    ]);
    const h = exportC(codec, { prefix: 'x' })['x.h'];
    const comment = h.slice(0, h.indexOf('*/') + 2);
    expect(h.indexOf('#ifndef X_H_INCLUDED')).toBeGreaterThan(comment.length - 1);
    expect(comment).toContain('#error boom'); // still inside the comment
    expect(comment).toContain('\\u00e9');
    expect(comment).not.toContain('\n break');
    expect(comment).not.toMatch(/\?\?/);
  });

  it('reports flash bytes of the constant tables', () => {
    expect(deviceFlashBytes(mixed)).toEqual({ thresholds: 4 * 11, bitsTable: 0, crcTable: 64, total: 44 + 64 });
    // Mixed widths up to 64 features: straight-line code for the layout, no width table.
    const alternating = (n: number) => Codec.fromThresholds(Array.from({ length: n }, (_, i) => ({ name: `a${i}`, thresholds: i % 2 ? [0, 1, 2] : [0] })));
    expect(deviceFlashBytes(alternating(64))).toEqual({ thresholds: 4 * 2 * 64, bitsTable: 0, crcTable: 64, total: 512 + 64 });
    const straight = exportC(alternating(64))['bsq_codec.c'];
    expect(straight).not.toContain('bsq_codec_bits');
    const packRow = straight.slice(straight.indexOf('bsq_codec_pack_row(const'), straight.indexOf('bsq_codec_first_nan(const'));
    expect(packRow).toContain('uint32_t c63;');
    expect(packRow).not.toContain('for ('); // no loop over features
    expect(straight).toContain('t[125u + c63]'); // feature 63's table offset as a constant
    // More features and more than 16 runs of equal widths: one loop over a table of widths (1 byte per feature).
    expect(deviceFlashBytes(alternating(66))).toEqual({ thresholds: 4 * 2 * 66, bitsTable: 66, crcTable: 64, total: 528 + 66 + 64 });
    expect(exportC(alternating(66))['bsq_codec.c']).toContain('static const uint8_t bsq_codec_bits[BSQ_CODEC_FEATURES]');
    expect(exportC(mixed)['bsq_codec.c']).not.toContain('bsq_codec_bits');
    const paper = Codec.fromThresholds(Array.from({ length: 81 }, (_, i) => ({ name: `f${i}`, thresholds: [0, 1, 2] })));
    expect(deviceFlashBytes(paper, { crc: 'bitwise' })).toEqual({ thresholds: 81 * 3 * 4, bitsTable: 0, crcTable: 0, total: 972 });
  });
});

describe('exportC options', () => {
  const bad = (opts: unknown) => {
    try {
      exportC(mixed, opts as never);
    } catch (e) {
      expect(e).toBeInstanceOf(BsqError);
      expect((e as BsqError).code).toBe('INVALID_ARGUMENT');
      return (e as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(opts)}`);
  };
  it('refuses prefixes that are not C identifiers or are keywords', () => {
    for (const prefix of ['', '9a', 'a-b', 'a b', '_x', 'x'.repeat(49), 'int', 'static', 'main']) bad({ prefix });
  });
  it('refuses a NaN code that does not fit the narrowest feature', () => {
    expect(bad({ nan: { code: 2 } })).toMatch(/0\.\.1/); // 'hum' has 1 bit
    bad({ nan: { code: -1 } });
    bad({ nan: { code: 0.5 } });
    bad({ nan: 'zero' });
  });
  it('refuses unknown compare and crc choices', () => {
    bad({ compare: 'double' });
    bad({ crc: 'table8' });
    bad({ fileHelpers: 'yes' });
  });
  it('refuses a non-codec', () => {
    expect(() => exportC({} as never)).toThrow(BsqError);
  });
});

describe('literal and key helpers', () => {
  const finite32 = fc.float({ noNaN: true, noDefaultInfinity: true });
  it('cFloatLiteral round-trips every finite binary32 value exactly', () => {
    fc.assert(fc.property(finite32, (x) => {
      const back = parseHexFloat(cFloatLiteral(x));
      expect(back).toBe(x === 0 ? 0 : x);
    }), { numRuns: 2000 });
    expect(cFloatLiteral(1)).toBe('0x1p+0f');
    expect(cFloatLiteral(-0.75)).toBe('-0x1.8p-1f');
    expect(cFloatLiteral(f32(3.4028234663852886e38))).toBe('0x1.fffffep+127f');
    expect(cFloatLiteral(1.401298464324817e-45)).toBe('0x0.000002p-126f');
  });
  it('orderKey preserves x > t for every non-NaN x and finite t (t = -0 stored as +0)', () => {
    const any32 = fc.float({ noNaN: true });
    fc.assert(fc.property(any32, finite32, (x, t) => {
      expect(orderKey(f32Bits(x)) > thresholdKey(t)).toBe(x > t);
    }), { numRuns: 5000 });
    for (const [x, t] of [[-0, 0], [0, -0], [-0, -0], [0, 0], [-Infinity, -3.4e38], [Infinity, 3.4e38]]) {
      expect(orderKey(f32Bits(x)) > thresholdKey(t)).toBe(x > t);
    }
  });
});
