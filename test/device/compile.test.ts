// The generated C against the TypeScript encoder, byte for byte: compiles several generated codecs
// (mixed widths 1..16, ties, float and integer comparisons, both NaN policies, all CRC variants)
// with the system C compiler under -std=c99 -Wall -Wextra -Werror -pedantic (plus more warnings and,
// where available, ASan/UBSan), runs them on edge-heavy float32 rows and checks the packed bytes,
// DATA records, incremental blocks and whole files with the TS encoder, readers and stream decoder.
// Skipped, with a message, when no C compiler is found.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BsqError,
  BsqReader,
  Codec,
  createDecoderStream,
  crc32c,
  decodeDataRecord,
  encodeCodecRecord,
  encodeDataRecord,
  encodeEndRecord,
  encodeHeader,
  readBsq,
  type EncodeOptions,
} from '../../src/internals.js';
import { alternatingCodec, edgeRows, mixedCodec, nanRows, paperCodec, prng, randomCodecs, uniformCodec, withoutRows } from './data.js';
import {
  buildProgram,
  compilerAccepts,
  EXTRA_FLAGS,
  findCompiler,
  floatPayload,
  NO_NAN,
  OP,
  STRICT_FLAGS,
  type DeviceProgram,
  type DeviceUnit,
  type Request,
} from './harness.js';

const cc = findCompiler();
if (!cc) {
  console.warn('[test/device] no C compiler found (set $CC or install cc): SKIPPING the compile-and-compare tests of the generated C encoder');
}

const STATUS_FULL = 2n;

function buildUnits(): DeviceUnit[] {
  // One 16-bit feature (65 535 thresholds) is enough: the float unit gets a 10-bit one instead, to keep compiles short.
  const units: DeviceUnit[] = [
    { codec: mixedCodec(7, 10), opts: { prefix: 'mixf', compare: 'float' } },
    { codec: mixedCodec(7, 16), opts: { prefix: 'mixi', compare: 'integer', nan: { code: 1 }, crc: 'bitwise', fileHelpers: true } },
    { codec: paperCodec(), opts: { prefix: 'paper' } },
    { codec: uniformCodec(4, 8), opts: { prefix: 'u8', compare: 'integer', crc: 'table256', fileHelpers: true } },
    { codec: uniformCodec(5, 1), opts: { prefix: 'u1', compare: 'float', nan: { code: 0 }, crc: 'table256' } },
    { codec: alternatingCodec(), opts: { prefix: 'altf', compare: 'float' } },
    { codec: alternatingCodec(), opts: { prefix: 'alti', compare: 'integer', nan: { code: 1 }, fileHelpers: true } },
    { codec: alternatingCodec(18, 70), opts: { prefix: 'altt', compare: 'float' } }, // width-table loop
  ];
  randomCodecs(4, 20261127).forEach((codec, i) => {
    units.push({
      codec,
      opts: {
        prefix: `rnd${i}`,
        compare: i % 2 === 0 ? 'float' : 'integer',
        nan: i < 2 ? 'error' : { code: 0 },
        crc: (['bitwise', 'table16', 'table256', 'table16'] as const)[i],
        fileHelpers: i % 2 === 1,
      },
    });
  });
  return units;
}

const nanOf = (u: DeviceUnit): EncodeOptions => ({ nan: u.opts.nan ?? 'error' });
const nanIsError = (u: DeviceUnit) => (u.opts.nan ?? 'error') === 'error';

describe.skipIf(!cc)('generated C encoder vs TypeScript (system C compiler)', () => {
  let units: DeviceUnit[];
  let prog: DeviceProgram;

  beforeAll(() => {
    units = buildUnits();
    const san = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
    const useSan = compilerAccepts(cc!, san);
    prog = buildProgram(cc!, units, [...STRICT_FLAGS, ...EXTRA_FLAGS, '-O2', ...(useSan ? san : [])]);
  });
  afterAll(() => prog?.dispose());

  const req = (i: number, op: number, rows: Float32Array, arg = 0): Request => ({
    codec: i,
    op,
    n: rows.length / units[i].codec.featureCount,
    arg,
    payload: floatPayload(rows),
  });

  it('compiles warning-free with exactly -std=c99 -Wall -Wextra -Werror -pedantic at -Os', () => {
    const sources = Object.keys(prog.files).filter((f) => f.endsWith('.c'));
    for (const opt of ['-Os']) {
      const r = spawnSync(cc!, [...STRICT_FLAGS, opt, '-c', ...sources], { cwd: prog.dir, encoding: 'utf8' });
      expect(r.stderr + r.stdout).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('uses no floating point at all with compare: integer (builds with -mgeneral-regs-only, links nothing)', () => {
    const probe = spawnSync(cc!, ['-mgeneral-regs-only', '-fsyntax-only', '-x', 'c', '-'], { input: 'int x;\n', encoding: 'utf8' });
    if (probe.status !== 0) return; // the flag exists for x86 / AArch64 gcc and clang only
    for (const u of units.filter((x) => x.opts.compare === 'integer')) {
      const src = `${u.opts.prefix}.c`;
      const obj = `${u.opts.prefix}.gpr.o`;
      const r = spawnSync(cc!, [...STRICT_FLAGS, '-O2', '-mgeneral-regs-only', '-c', src, '-o', obj], { cwd: prog.dir, encoding: 'utf8' });
      expect(r.stderr, src).toBe('');
      const nm = spawnSync('nm', ['-u', obj], { cwd: prog.dir, encoding: 'utf8' });
      if (nm.status === 0) expect(nm.stdout.trim(), `${src} needs no soft-float (or any) library routine`).toBe('');
    }
  });

  it('has headers that a C++ compiler accepts', () => {
    const cxx = spawnSync('c++', ['--version']);
    if (cxx.status !== 0) return; // optional
    const includes = Object.keys(prog.files).filter((f) => f.endsWith('.h')).map((h) => `#include "${h}"`).join('\n');
    writeFileSync(join(prog.dir, 'cxx.cpp'), `${includes}\nint main() { return 0; }\n`);
    const r = spawnSync('c++', ['-std=c++11', '-Wall', '-Wextra', '-Werror', '-pedantic', '-fsyntax-only', 'cxx.cpp'], { cwd: prog.dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('encodes rows byte for byte like Codec.encodeRows (edges, ties, infinities, on-threshold values)', () => {
    const cases: { i: number; rows: Float32Array }[] = [];
    units.forEach((u, i) => {
      for (const [n, seed] of [[257, 1], [1, 2], [3, 3], [64, 4]] as const) {
        cases.push({ i, rows: edgeRows(u.codec, n, 1000 * i + seed, !nanIsError(u)) });
      }
    });
    const res = prog.run(cases.map((c) => req(c.i, OP.encode, c.rows)));
    cases.forEach((c, k) => {
      const u = units[c.i];
      const expected = u.codec.encodeRows(c.rows, nanOf(u));
      expect(res[k].ret, `${u.opts.prefix} rows=${c.rows.length}`).toBe(expected.length);
      expect(Buffer.from(res[k].bytes).equals(Buffer.from(expected)), `${u.opts.prefix} bytes`).toBe(true);
    });
    // Every code of every feature appears somewhere, so the comparisons saw both sides of the thresholds.
    const u = units[0];
    const codes = u.codec.encodeRowsToCodes(cases[0].rows);
    expect(new Set(Array.from(codes)).size).toBeGreaterThan(10);
  });

  it('encodes zero rows to zero bytes', () => {
    const res = prog.run(units.map((_, i) => req(i, OP.encode, new Float32Array(0))));
    for (const r of res) expect(r).toMatchObject({ ret: 0, bytes: new Uint8Array(0) });
  });

  it('reports the first NaN (row, feature) like NAN_INPUT, or encodes it under the code policy', () => {
    const rand = prng(99);
    const cases: { i: number; rows: Float32Array; at: number }[] = [];
    units.forEach((u, i) => {
      const F = u.codec.featureCount;
      for (let t = 0; t < 3; t++) {
        const n = 40;
        const rows = edgeRows(u.codec, n, 5000 + 10 * i + t, false);
        const at = Math.floor(rand() * n * F);
        rows[at] = NaN;
        if (at + F + 1 < rows.length) rows[at + F + 1] = NaN; // a later one must not win
        cases.push({ i, rows, at });
      }
    });
    const checked = prog.run(cases.map((c) => req(c.i, OP.checked, c.rows)));
    const plain = prog.run(cases.map((c) => req(c.i, OP.encode, c.rows)));
    cases.forEach((c, k) => {
      const u = units[c.i];
      const F = u.codec.featureCount;
      if (nanIsError(u)) {
        expect(checked[k].ret).toBe(0);
        expect(plain[k].ret).toBe(0);
        expect(checked[k].aux).toBe(BigInt(c.at));
        let err: unknown;
        try {
          u.codec.encodeRows(c.rows);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(BsqError);
        expect((err as BsqError).code).toBe('NAN_INPUT');
        // The TS encoder names a NaN cell (it scans feature by feature, so not always the same one).
        const d = (err as BsqError).details as { row: number; featureIndex: number };
        expect(Number.isNaN(c.rows[d.row * F + d.featureIndex])).toBe(true);
      } else {
        expect(checked[k].aux).toBe(NO_NAN);
        expect(Buffer.from(checked[k].bytes).equals(Buffer.from(u.codec.encodeRows(c.rows, nanOf(u))))).toBe(true);
      }
    });
  });

  it('frames DATA records identical to encodeDataRecord, which decodeDataRecord accepts', () => {
    const cases = units.map((u, i) => ({ i, rows: edgeRows(u.codec, 100 + i, 7000 + i, !nanIsError(u)) }));
    const res = prog.run([...cases.map((c) => req(c.i, OP.record, c.rows)), ...units.map((_, i) => req(i, OP.record, new Float32Array(0)))]);
    cases.forEach((c, k) => {
      const u = units[c.i];
      const n = c.rows.length / u.codec.featureCount;
      const packed = u.codec.encodeRows(c.rows, nanOf(u));
      const expected = encodeDataRecord(u.codec, packed, n);
      expect(Buffer.from(res[k].bytes).equals(Buffer.from(expected)), u.opts.prefix).toBe(true);
      const block = decodeDataRecord(u.codec, res[k].bytes);
      expect(block.rowCount).toBe(n);
      expect(Array.from(u.codec.decodeCodes(block.packed, n))).toEqual(Array.from(u.codec.encodeRowsToCodes(c.rows, nanOf(u))));
    });
    for (let i = 0; i < units.length; i++) expect(res[cases.length + i].ret).toBe(0); // zero rows: no record
  });

  it('builds blocks row by row that the stream decoder and BsqReader decode (NaN rows refused, block unchanged)', async () => {
    const blockRows = 37;
    for (const [i, u] of units.entries()) {
      const F = u.codec.featureCount;
      const rows = edgeRows(u.codec, 200, 9000 + i, true); // NaNs everywhere: refused under 'error'
      const [res] = prog.run([req(i, OP.blocks, rows, blockRows)]);
      const dropped = nanIsError(u) ? nanRows(rows, F) : new Set<number>();
      const kept = withoutRows(rows, F, dropped);
      const n = kept.length / F;
      expect(res.ret, `${u.opts.prefix} records`).toBe(Math.ceil(n / blockRows));
      expect(Number(res.aux >> 32n)).toBe(dropped.size);
      const expectedCodes = Array.from(u.codec.encodeRowsToCodes(kept, nanOf(u)));

      // Headerless DATA records through the WHATWG stream decoder, in uneven chunks.
      const stream = createDecoderStream({ codec: u.codec, output: 'codes' });
      const writer = stream.writable.getWriter();
      const got: number[] = [];
      const reading = (async () => {
        for await (const b of stream.readable) got.push(...Array.from(b.codes!));
      })();
      const rand = prng(i);
      for (let p = 0; p < res.bytes.length;) {
        const m = 1 + Math.floor(rand() * 97);
        await writer.write(res.bytes.slice(p, p + m));
        p += m;
      }
      await writer.close();
      await reading;
      expect(got.length).toBe(expectedCodes.length);
      expect(got).toEqual(expectedCodes);

      // The same records after a file header and CODEC record, and with an END record: readBsq.
      const blocks = res.ret;
      const file = Buffer.concat([encodeHeader(), encodeCodecRecord(u.codec), res.bytes, encodeEndRecord(n, blocks)]);
      const reader = new BsqReader();
      const events = [...reader.push(file), ...reader.end()];
      expect(events.filter((e) => e.type === 'block').length).toBe(blocks);
      expect(Array.from(readBsq(file).codes())).toEqual(expectedCodes);
    }
  });

  it('stops a block exactly at its buffer size and refuses rows that do not fit', () => {
    const reqs: Request[] = [];
    const meta: { i: number; k: number; rows: Float32Array }[] = [];
    units.forEach((u, i) => {
      const rows = edgeRows(u.codec, 10, 11000 + i, false);
      const size = (k: number) => 15 + Math.ceil((k * u.codec.bitsPerRow) / 8); // <PREFIX>_BLOCK_BUFFER_SIZE(k)
      for (const want of [1, 5]) {
        // A buffer of size(want) bytes holds every row count whose record fits it (maybe more than want).
        let k = want;
        while (k < 10 && size(k + 1) <= size(want)) k++;
        reqs.push({ ...req(i, OP.fill, rows), arg: size(want) });
        meta.push({ i, k, rows });
      }
      reqs.push({ ...req(i, OP.fill, rows), arg: 15 + Math.ceil(u.codec.bitsPerRow / 8) - 1 });
      meta.push({ i, k: 0, rows });
    });
    const res = prog.run(reqs);
    meta.forEach((m, k) => {
      const u = units[m.i];
      expect(res[k].ret, `${u.opts.prefix} cap for ${m.k}`).toBe(m.k);
      expect(res[k].aux).toBe(STATUS_FULL);
      if (m.k === 0) {
        expect(res[k].bytes.length).toBe(0);
        return;
      }
      const F = u.codec.featureCount;
      const first = m.rows.subarray(0, m.k * F);
      expect(Buffer.from(res[k].bytes).equals(Buffer.from(encodeDataRecord(u.codec, u.codec.encodeRows(first), m.k)))).toBe(true);
    });
  });

  it('computes CRC-32C like the format layer (check value, chaining, every table size)', () => {
    const rand = prng(5);
    const data = Uint8Array.from({ length: 1000 }, () => Math.floor(rand() * 256));
    const check = new TextEncoder().encode('123456789');
    const reqs: Request[] = [];
    units.forEach((_, i) => {
      reqs.push({ codec: i, op: OP.crc, n: data.length, arg: 333, payload: data });
      reqs.push({ codec: i, op: OP.crc, n: check.length, arg: 4, payload: check });
    });
    const res = prog.run(reqs);
    for (let i = 0; i < units.length; i++) {
      expect(res[2 * i].ret).toBe(crc32c(data));
      expect(res[2 * i].aux).toBe(BigInt(crc32c(data)));
      expect(res[2 * i + 1].ret).toBe(0xe3069283);
      expect(res[2 * i + 1].aux).toBe(0xe3069283n);
    }
  });

  it('writes whole .bsq files with the file helpers that readBsq reads back', () => {
    const reqs: Request[] = [];
    const cases: { i: number; rows: Float32Array }[] = [];
    units.forEach((u, i) => {
      if (!u.opts.fileHelpers) return;
      const rows = edgeRows(u.codec, 150, 13000 + i, !nanIsError(u));
      reqs.push(req(i, OP.file, rows, 64));
      cases.push({ i, rows });
    });
    expect(cases.length).toBeGreaterThan(1);
    const res = prog.run(reqs);
    cases.forEach((c, k) => {
      const u = units[c.i];
      const file = readBsq(res[k].bytes);
      expect(res[k].ret).toBe(3);
      expect(file.rowCount).toBe(150);
      expect(file.blockCount).toBe(3);
      expect(file.codec.features.map((f) => f.name)).toEqual(u.codec.features.map((f) => f.name));
      expect(Array.from(file.codes())).toEqual(Array.from(u.codec.encodeRowsToCodes(c.rows, nanOf(u))));
    });
  });
});

/** Codecs whose generated sources the flags must accept on their own, compiled separately. */
describe.skipIf(!cc)('generated C compiles on its own', () => {
  it('with a 1-feature 1-bit codec and every option combination', () => {
    const tiny: Codec = Codec.fromThresholds([{ name: 'x', thresholds: [0] }]);
    const units: DeviceUnit[] = [];
    let k = 0;
    for (const compare of ['float', 'integer'] as const) {
      for (const nan of ['error', { code: 1 }] as const) {
        for (const crc of ['bitwise', 'table16', 'table256'] as const) {
          units.push({ codec: tiny, opts: { prefix: `t${k++}`, compare, nan, crc, fileHelpers: k % 2 === 0 } });
        }
      }
    }
    const prog = buildProgram(cc!, units, [...STRICT_FLAGS, ...EXTRA_FLAGS, '-O1']);
    try {
      const rows = Float32Array.of(-1, 0, -0, 1e-45, Infinity, -Infinity, NaN, 3);
      const res = prog.run(units.map((u, i) => ({ codec: i, op: OP.checked, n: rows.length, payload: floatPayload(rows) })));
      units.forEach((u, i) => {
        if (u.opts.nan === 'error') {
          expect(res[i]).toMatchObject({ ret: 0, aux: 6n });
        } else {
          // 0 0 0 1 1 0 NaN->1 1, LSB first: 0b11011000 = 0xD8
          expect(Array.from(res[i].bytes)).toEqual([0xd8]);
        }
      });
      // The plain issue flags on every generated file at once.
      const r = spawnSync(cc!, [...STRICT_FLAGS, '-fsyntax-only', ...Object.keys(prog.files).filter((f) => f.endsWith('.c'))], { cwd: prog.dir, encoding: 'utf8' });
      expect(r.stderr + r.stdout).toBe('');
      expect(r.status).toBe(0);
    } finally {
      prog.dispose();
    }
  });
});
