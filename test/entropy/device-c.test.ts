// The generated C entropy recoder (entropyCSource) against the TypeScript encoder, byte for byte:
// compiles it with exportC's files for several codecs and models (widths 1..16, bypass bits,
// uniform / order 0 / order 1 with full and reduced contexts, precisions 2^8..2^15) under strict
// warnings (and ASan/UBSan where available), recodes raw DATA records and compares the result
// with encodeDataRecord(..., 'entropy'); the records decode with the TypeScript reader.
// Skipped, with a message, when no C compiler is found.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Codec,
  decodeDataRecord,
  encodeDataRecord,
  entropyCSource,
  exportC,
  fitEntropyModelToCodes,
  quantizeFrequencies,
  type Codes,
  type EntropyModel,
  type EntropyMode,
} from '../../src/internals.js';
import { compile, compilerAccepts, EXTRA_FLAGS, findCompiler, STRICT_FLAGS } from '../device/harness.js';
import { xorshift32 as rng } from '../support/prng.js';
import { codecOf } from './helpers.js';

const cc = findCompiler();
if (!cc) console.warn('[test/entropy] no C compiler found: SKIPPING the generated C entropy recoder tests');


function walk(bits: number[], rows: number, pChange: number, seed: number): Codes {
  const r = rng(seed);
  const F = bits.length;
  const out = bits.some((b) => b > 8) ? new Uint16Array(rows * F) : new Uint8Array(rows * F);
  const cur = bits.map((b) => Math.floor(r() * 2 ** b));
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < F; f++) {
      if (r() < pChange) cur[f] = Math.max(0, Math.min(2 ** bits[f]! - 1, cur[f]! + Math.round((r() - 0.5) * 6)));
      out[i * F + f] = cur[f]!;
    }
  }
  return out;
}

function randomModel(bits: number[], S: number, seed: number): EntropyModel {
  const r = rng(seed);
  return {
    scaleBits: S,
    features: bits.map((b, i) => {
      const m = Math.min(b, 8);
      const mode = (i % 3) as EntropyMode;
      const cb = mode === 2 ? 1 + (i % m) : 0;
      const tables = mode === 0 ? 0 : mode === 1 ? 1 : 1 + 2 ** cb;
      const freqs = new Uint16Array(tables << m);
      for (let t = 0; t < tables; t++) quantizeFrequencies(Array.from({ length: 1 << m }, () => (r() < 0.3 ? 0 : r() ** 3)), S, freqs, t << m);
      return { bits: b, mode, contextBits: cb, freqs };
    }),
  };
}

interface Unit {
  prefix: string;
  codec: Codec;
  /** Blocks to recode: codes and row count. */
  blocks: { codes: Codes; rows: number }[];
}

function makeUnits(): Unit[] {
  const units: Unit[] = [];
  const blocksOf = (bits: number[], seed: number, p: number) =>
    [1, 2, 3, 17, 100, 257, 600].map((rows, k) => ({ codes: walk(bits, rows, p, seed + k), rows }));
  {
    const bits = [4, 4, 4, 4, 4];
    units.push({ prefix: 'occ', codec: codecOf(bits).fitEntropyModelFromCodes(walk(bits, 3000, 0.05, 1)), blocks: blocksOf(bits, 10, 0.05) });
  }
  {
    const bits = [1, 3, 8, 10, 16, 5];
    units.push({ prefix: 'mix', codec: codecOf(bits).withEntropyModel(randomModel(bits, 15, 2)), blocks: blocksOf(bits, 20, 0.3) });
  }
  {
    const bits = [6, 2, 9];
    const model = fitEntropyModelToCodes(walk(bits, 2000, 0.1, 3), bits, { scaleBits: 8, mode: 'order1', maxTableEntries: 5 * 64 });
    units.push({ prefix: 'ctx8', codec: codecOf(bits).withEntropyModel(model), blocks: blocksOf(bits, 30, 0.1) });
  }
  {
    const bits = [10, 16, 3];
    units.push({ prefix: 'wide', codec: codecOf(bits).fitEntropyModelFromCodes(walk(bits, 3000, 0.05, 5)), blocks: blocksOf(bits, 50, 0.05) });
  }
  {
    const bits = [4, 12];
    units.push({ prefix: 'uni', codec: codecOf(bits).fitEntropyModelFromCodes(walk(bits, 100, 1, 4), { mode: 'uniform' }), blocks: blocksOf(bits, 40, 0.5) });
  }
  return units;
}

function driver(units: Unit[]): string {
  return `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
${units.map((u) => `#include "${u.prefix}_entropy.h"`).join('\n')}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void put_u32(uint32_t v)
{
    uint8_t b[4];
    b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); b[2] = (uint8_t)(v >> 16); b[3] = (uint8_t)(v >> 24);
    fwrite(b, 1, 4, stdout);
}

int main(void)
{
    static uint8_t in[1 << 22];
    size_t len = fread(in, 1, sizeof in, stdin), pos = 0;
    while (pos + 9 <= len) {
        unsigned unit = in[pos];
        uint32_t rec_len = get_u32(in + pos + 1), cap = get_u32(in + pos + 5);
        uint8_t *rec = (uint8_t *)malloc(rec_len);
        uint8_t *scratch = (uint8_t *)malloc(cap == 0u ? 1u : cap);
        size_t n = 0;
        if (rec == NULL || scratch == NULL) return 2;
        memcpy(rec, in + pos + 9, rec_len);
        pos += 9u + rec_len;
        switch (unit) {
${units.map((u, i) => `        case ${i}: n = ${u.prefix}_entropy_recode(rec, rec_len, scratch, cap); break;`).join('\n')}
        default: return 3;
        }
        put_u32((uint32_t)n);
        fwrite(rec, 1, n, stdout);
        free(rec);
        free(scratch);
    }
    return 0;
}
`;
}

describe.skipIf(!cc)('generated C entropy recoder vs TypeScript (system C compiler)', () => {
  let dir: string;
  let exe: string;
  let units: Unit[];

  beforeAll(() => {
    units = makeUnits();
    dir = mkdtempSync(join(tmpdir(), 'bsq-entropy-c-'));
    const sources: string[] = [];
    for (const u of units) {
      const files = { ...exportC(u.codec, { prefix: u.prefix }), ...entropyCSource(u.codec, { prefix: u.prefix }) };
      for (const [name, text] of Object.entries(files)) {
        writeFileSync(join(dir, name), text);
        if (name.endsWith('.c')) sources.push(name);
      }
    }
    writeFileSync(join(dir, 'main.c'), driver(units));
    const san = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-g'];
    const flags = [...STRICT_FLAGS, ...EXTRA_FLAGS, '-O1', ...(compilerAccepts(cc!, san) ? san : [])];
    // The strict flags apply to the generated files; the driver is compiled with them too.
    compile(cc!, dir, [...sources, 'main.c'], 'recode', flags);
    exe = join(dir, 'recode');
  }, 240_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function run(requests: { unit: number; rec: Uint8Array; cap: number }[]): Uint8Array[] {
    const parts: Uint8Array[] = [];
    for (const q of requests) {
      const head = new Uint8Array(9);
      head[0] = q.unit;
      new DataView(head.buffer).setUint32(1, q.rec.length, true);
      new DataView(head.buffer).setUint32(5, q.cap, true);
      parts.push(head, q.rec);
    }
    const input = Buffer.concat(parts);
    const r = spawnSync(exe, [], { input, maxBuffer: 1 << 26, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`driver failed (${r.status}): ${r.stderr.toString()}`);
    const out: Uint8Array[] = [];
    const buf = new Uint8Array(r.stdout);
    for (let p = 0; p < buf.length; ) {
      const n = new DataView(buf.buffer, buf.byteOffset + p).getUint32(0, true);
      out.push(buf.slice(p + 4, p + 4 + n));
      p += 4 + n;
    }
    expect(out.length).toBe(requests.length);
    return out;
  }

  it('recodes raw DATA records exactly like encodeDataRecord(..., "entropy"), raw fallback included', () => {
    const requests: { unit: number; rec: Uint8Array; cap: number }[] = [];
    const expected: Uint8Array[] = [];
    const coded = new Map<string, number>();
    units.forEach((u, i) => {
      for (const b of u.blocks) {
        const packed = u.codec.packCodes(b.codes, b.rows);
        const raw = encodeDataRecord(u.codec, packed, b.rows, 'raw');
        const want = encodeDataRecord(u.codec, packed, b.rows, 'entropy');
        if (want[10] === 2) coded.set(u.prefix, (coded.get(u.prefix) ?? 0) + 1);
        requests.push({ unit: i, rec: raw, cap: packed.length });
        expected.push(want);
      }
    });
    const got = run(requests);
    got.forEach((g, k) => {
      expect(Buffer.from(g).toString('hex'), `request ${k}`).toBe(Buffer.from(expected[k]!).toString('hex'));
      const u = units[requests[k]!.unit]!;
      const block = decodeDataRecord(u.codec, g);
      expect(Array.from(u.codec.decodeCodes(block.packed, block.rowCount))).toEqual(Array.from(u.blocks[k % u.blocks.length]!.codes));
    });
    // Encoding 2 was really exercised (with bypass bits, reduced contexts and precision 2^8).
    for (const prefix of ['occ', 'ctx8', 'wide']) expect(coded.get(prefix) ?? 0, prefix).toBeGreaterThanOrEqual(3);
  });

  it('leaves the record raw when scratch is too small or the input is not a raw DATA record of the codec', () => {
    const u = units[0]!;
    const b = u.blocks[6]!;
    const packed = u.codec.packCodes(b.codes, b.rows);
    const raw = encodeDataRecord(u.codec, packed, b.rows, 'raw');
    const coded = encodeDataRecord(u.codec, packed, b.rows, 'entropy');
    expect(coded[10]).toBe(2);
    const wrongRows = raw.slice();
    wrongRows[6]! += 1;
    const got = run([
      { unit: 0, rec: raw, cap: 0 },
      { unit: 0, rec: raw, cap: coded.length - 16 }, // one byte short of the coded body
      { unit: 0, rec: raw, cap: coded.length - 15 }, // exactly enough
      { unit: 0, rec: coded, cap: 4096 }, // already encoding 2
      { unit: 0, rec: wrongRows, cap: 4096 }, // rowCount does not match the body length
    ]);
    expect(got[0]).toEqual(raw);
    expect(got[1]).toEqual(raw);
    expect(got[2]).toEqual(coded);
    expect(got[3]).toEqual(coded);
    expect(got[4]).toEqual(wrongRows);
  });
});

describe('entropyCSource arguments', () => {
  it('needs a codec with a model and a C identifier prefix', () => {
    const codec = codecOf([4]);
    expect(() => entropyCSource(codec)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const modelled = codec.fitEntropyModelFromCodes(new Uint8Array(50).fill(3));
    expect(() => entropyCSource(modelled, { prefix: '9x' })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const files = entropyCSource(modelled, { prefix: 'dev' });
    expect(Object.keys(files).sort()).toEqual(['dev_entropy.c', 'dev_entropy.h']);
    expect(files['dev_entropy.c']).toContain('dev_entropy_recode');
    expect(files['dev_entropy.c']).not.toMatch(/malloc|float|double/);
  });
});
