// The generated C encoding-3 coder (adaptiveCSource, exportC { adaptive: true }) against the
// TypeScript encoder, byte for byte: records on their own (seq 0, raw fallback) and record chains,
// for widths 1..16. Built three ways: the host compiler with strict warnings and ASan/UBSan, and
// static builds for 32-bit ARM (arm-linux-gnueabihf-gcc) and big-endian PowerPC
// (powerpc-linux-gnu-gcc) run under QEMU user mode. A target whose toolchain is missing is skipped
// with a message (.ci/run installs them).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdaptiveChainDecoder,
  AdaptiveChainEncoder,
  adaptiveCSource,
  adaptiveCStateBytes,
  decodeDataRecord,
  encodeDataRecord,
  exportC,
  type Codec,
  type Codes,
} from '../../src/internals.js';
import { compile, compilerAccepts, EXTRA_FLAGS, findCompiler, STRICT_FLAGS } from '../device/harness.js';
import { codecOf, walk } from './helpers.js';

interface Unit {
  prefix: string;
  codec: Codec;
  bits: number[];
}

const UNITS: Unit[] = [
  { prefix: 'occ', bits: [4, 4, 4, 4, 4] },
  { prefix: 'mix', bits: [1, 3, 8, 10, 16, 5, 2] },
  { prefix: 'six', bits: new Array(16).fill(4) },
].map((u) => ({ ...u, codec: codecOf(u.bits) }));

function driver(units: Unit[]): string {
  return `#include <stdio.h>
#include <stdint.h>
${units.map((u) => `#include "${u.prefix}_adaptive.h"`).join('\n')}

${units.map((u) => `static ${u.prefix}_adaptive_state st_${u.prefix};`).join('\n')}
static uint8_t in[1 << 21];
static uint8_t rec[1 << 17];
static uint8_t scratch[1 << 17];

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void put_u32(uint32_t v)
{
    uint8_t b[4];
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
    fwrite(b, 1, 4, stdout);
}

/* Requests: op u8 ('I' init, 'Z' reset, 'R' recode), unit u8, then for I: reset_every u32; for R:
 * rec_cap u32, scratch_cap u32, length u32, the raw record. R answers length u32 + the record. */
int main(void)
{
    size_t len = fread(in, 1, sizeof in, stdin);
    size_t pos = 0;
    while (pos + 2 <= len) {
        const uint8_t op = in[pos];
        const unsigned unit = in[pos + 1];
        pos += 2;
        if (op == 'I') {
            const uint32_t every = get_u32(in + pos);
            pos += 4;
            switch (unit) {
${units.map((u, i) => `            case ${i}: ${u.prefix}_adaptive_init(&st_${u.prefix}, every); break;`).join('\n')}
            default: return 3;
            }
        } else if (op == 'Z') {
            switch (unit) {
${units.map((u, i) => `            case ${i}: ${u.prefix}_adaptive_reset(&st_${u.prefix}); break;`).join('\n')}
            default: return 3;
            }
        } else if (op == 'R') {
            const uint32_t rec_cap = get_u32(in + pos);
            const uint32_t scratch_cap = get_u32(in + pos + 4);
            const uint32_t n = get_u32(in + pos + 8);
            size_t out = 0;
            uint32_t i;
            pos += 12;
            if (rec_cap > sizeof rec || scratch_cap > sizeof scratch || n > rec_cap) {
                return 4;
            }
            for (i = 0; i < n; ++i) {
                rec[i] = in[pos + i];
            }
            pos += n;
            switch (unit) {
${units.map((u, i) => `            case ${i}: out = ${u.prefix}_adaptive_recode(&st_${u.prefix}, rec, n, rec_cap, scratch, scratch_cap); break;`).join('\n')}
            default: return 3;
            }
            put_u32((uint32_t)out);
            fwrite(rec, 1, out, stdout);
        } else {
            return 5;
        }
    }
    return 0;
}
`;
}

type Req = { op: 'I'; unit: number; every: number } | { op: 'Z'; unit: number } | { op: 'R'; unit: number; rec: Uint8Array; recCap?: number; scratchCap?: number };

function requestBytes(reqs: Req[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const q of reqs) {
    const head = new Uint8Array(q.op === 'I' ? 6 : q.op === 'Z' ? 2 : 14);
    head[0] = q.op.charCodeAt(0);
    head[1] = q.unit;
    const dv = new DataView(head.buffer);
    if (q.op === 'I') dv.setUint32(2, q.every, true);
    if (q.op === 'R') {
      dv.setUint32(2, q.recCap ?? 1 << 17, true);
      dv.setUint32(6, q.scratchCap ?? 1 << 17, true);
      dv.setUint32(10, q.rec.length, true);
    }
    parts.push(head);
    if (q.op === 'R') parts.push(q.rec);
  }
  return Buffer.concat(parts);
}

function parse(stdout: Buffer): Uint8Array[] {
  const buf = new Uint8Array(stdout);
  const out: Uint8Array[] = [];
  for (let p = 0; p < buf.length; ) {
    const n = new DataView(buf.buffer, buf.byteOffset + p).getUint32(0, true);
    out.push(buf.slice(p + 4, p + 4 + n));
    p += 4 + n;
  }
  return out;
}

/** The requests and the records the TypeScript encoder writes for them. */
function scenario(): { reqs: Req[]; want: Uint8Array[]; decode: ((g: Uint8Array) => Codes)[]; codes: Codes[] } {
  const reqs: Req[] = [];
  const want: Uint8Array[] = [];
  const decode: ((g: Uint8Array) => Codes)[] = [];
  const codes: Codes[] = [];
  UNITS.forEach((u, i) => {
    const F = u.bits.length;
    // Records on their own (as in a file): seq 0, raw kept when coding does not pay.
    reqs.push({ op: 'I', unit: i, every: 1 });
    [1, 2, 17, 100, 600].forEach((rows, k) => {
      for (const p of [0.05, 1]) {
        const c = walk(u.bits, rows, p, 100 * i + k);
        const packed = u.codec.packCodes(c, rows);
        reqs.push({ op: 'R', unit: i, rec: encodeDataRecord(u.codec, packed, rows, 'raw') });
        want.push(encodeDataRecord(u.codec, packed, rows, 'adaptive'));
        decode.push((g) => u.codec.decodeCodes(decodeDataRecord(u.codec, g).packed, rows));
        codes.push(c);
      }
    });
    // A chain resetting every 5 records, with an explicit reset in the middle.
    reqs.push({ op: 'I', unit: i, every: 5 });
    const chain = new AdaptiveChainEncoder(u.codec, { resetEvery: 5 });
    const dec = new AdaptiveChainDecoder(u.codec);
    const all = walk(u.bits, 13 * 4, 0.1, 7 + i);
    for (let k = 0; k < 13; k++) {
      if (k === 8) {
        reqs.push({ op: 'Z', unit: i });
        chain.reset();
      }
      const c = all.subarray(k * 4 * F, (k + 1) * 4 * F);
      const packed = u.codec.packCodes(c, 4);
      reqs.push({ op: 'R', unit: i, rec: encodeDataRecord(u.codec, packed, 4, 'raw') });
      want.push(chain.encodePacked(packed, 4));
      decode.push((g) => u.codec.decodeCodes(dec.decode(g).packed, 4));
      codes.push(c);
    }
  });
  return { reqs, want, decode, codes };
}

function checkTarget(run: (input: Buffer) => Buffer): void {
  const { reqs, want, decode, codes } = scenario();
  const got = parse(run(requestBytes(reqs)));
  expect(got.length).toBe(want.length);
  let coded = 0;
  got.forEach((g, k) => {
    expect(Buffer.from(g).toString('hex'), `record ${k}`).toBe(Buffer.from(want[k]!).toString('hex'));
    if (g[10] === 3) coded++;
    expect(Array.from(decode[k]!(g))).toEqual(Array.from(codes[k]!));
  });
  expect(coded).toBeGreaterThan(want.length / 2);
}

const cc = findCompiler();
if (!cc) console.warn('[test/adaptive] no C compiler found: SKIPPING the generated C adaptive coder tests on the host');

function has(cmd: string): boolean {
  try {
    return spawnSync(cmd, ['--version'], { timeout: 20_000 }).status === 0;
  } catch {
    return false;
  }
}

const CROSS = [
  { name: '32-bit ARM (little-endian)', gcc: 'arm-linux-gnueabihf-gcc', qemu: 'qemu-arm' },
  { name: 'PowerPC (32-bit, big-endian)', gcc: 'powerpc-linux-gnu-gcc', qemu: 'qemu-ppc' },
];

let dir = '';
function sources(): string[] {
  if (dir) return [...UNITS.flatMap((u) => [`${u.prefix}.c`, `${u.prefix}_adaptive.c`]), 'main.c'];
  dir = mkdtempSync(join(tmpdir(), 'bsq-adaptive-c-'));
  for (const u of UNITS) {
    for (const [name, text] of Object.entries(exportC(u.codec, { prefix: u.prefix, adaptive: true }))) writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'main.c'), driver(UNITS));
  return sources();
}

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!cc)('generated C adaptive coder vs TypeScript: host, strict warnings, ASan/UBSan', () => {
  let exe = '';
  beforeAll(() => {
    const src = sources();
    const san = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-g'];
    const flags = [...STRICT_FLAGS, ...EXTRA_FLAGS, '-O1', ...(compilerAccepts(cc!, san) ? san : [])];
    compile(cc!, dir, src, 'host', flags);
    exe = join(dir, 'host');
  }, 240_000);

  it('records on their own and record chains are byte-exact with the TypeScript encoder', () => {
    checkTarget((input) => {
      const r = spawnSync(exe, [], { input, maxBuffer: 1 << 26, timeout: 120_000 });
      if (r.status !== 0) throw new Error(`driver failed (${r.status}): ${r.stderr.toString()}`);
      return r.stdout;
    });
  });

  it('too little room: kept raw on its own; 0 in a chain, whose next record then resets', () => {
    const u = UNITS[0]!;
    const c = walk(u.bits, 300, 0.05, 3);
    const packed = u.codec.packCodes(c, 300);
    const raw = encodeDataRecord(u.codec, packed, 300, 'raw');
    const small = encodeDataRecord(u.codec, packed, 300, 'adaptive');
    const r = spawnSync(exe, [], {
      input: requestBytes([
        { op: 'I', unit: 0, every: 1 },
        { op: 'R', unit: 0, rec: raw, scratchCap: small.length - 18 },
        { op: 'R', unit: 0, rec: raw, scratchCap: small.length - 17 },
        { op: 'I', unit: 0, every: 4 },
        { op: 'R', unit: 0, rec: raw, scratchCap: small.length - 18 },
        { op: 'R', unit: 0, rec: raw },
      ]),
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const got = parse(r.stdout);
    expect(got[0]).toEqual(raw);
    expect(got[1]).toEqual(small);
    expect(got[2]!.length).toBe(0);
    // after the failure the chain restarts: the next record is seq 0, i.e. the same as on its own
    expect(got[3]).toEqual(small);
  });
});

for (const t of CROSS) {
  const ok = has(t.gcc) && has(t.qemu);
  if (!ok) console.warn(`[test/adaptive] ${t.gcc} or ${t.qemu} missing: SKIPPING the ${t.name} build (apt-get install gcc-arm-linux-gnueabihf gcc-powerpc-linux-gnu libc6-dev-armhf-cross libc6-dev-powerpc-cross qemu-user)`);
  describe.skipIf(!ok)(`generated C adaptive coder vs TypeScript: ${t.name} under QEMU`, () => {
    let exe = '';
    beforeAll(() => {
      const src = sources();
      const name = t.gcc.split('-')[0]!;
      compile(t.gcc, dir, src, name, [...STRICT_FLAGS, ...EXTRA_FLAGS, '-O1', '-static']);
      exe = join(dir, name);
    }, 240_000);

    it('byte-exact with the TypeScript encoder', () => {
      checkTarget((input) => {
        const r = spawnSync(t.qemu, [exe], { input, maxBuffer: 1 << 26, timeout: 120_000 });
        if (r.status !== 0) throw new Error(`${t.name} driver failed (${r.status}): ${r.stderr.toString()}`);
        return r.stdout;
      });
    });
  });
}

describe('adaptiveCSource', () => {
  it('checks its prefix, uses no heap or floating point, states its RAM', () => {
    const codec = codecOf(new Array(16).fill(4));
    expect(() => adaptiveCSource(codec, { prefix: '9x' })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const files = adaptiveCSource(codec, { prefix: 'dev' });
    expect(Object.keys(files).sort()).toEqual(['dev_adaptive.c', 'dev_adaptive.h']);
    expect(files['dev_adaptive.c']).not.toMatch(/malloc|float|double/);
    expect(adaptiveCStateBytes(codec)).toBeLessThanOrEqual(16 * 1024);
    expect(files['dev_adaptive.h']).toContain(`#define DEV_ADAPTIVE_STATE_BYTES ${adaptiveCStateBytes(codec)}u`);
    expect(() => exportC(codec, { prefix: 'dev', adaptive: 'yes' as unknown as boolean })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
