// Compile-and-run harness for the generated C encoders: finds the system C compiler, builds one
// program holding several generated codecs (distinct prefixes) plus a driver main that answers
// binary requests on stdin, and parses its answers. Keeps the test suite to a few compilations.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Codec, ExportCOptions } from '../../src/index.js';
import { exportC } from '../../src/index.js';

/** The strict flags the issue requires, plus a few more that firmware builds often turn on. */
export const STRICT_FLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic'];
export const EXTRA_FLAGS = ['-Wconversion', '-Wsign-conversion', '-Wshadow', '-Wcast-qual', '-Wstrict-prototypes', '-Wmissing-prototypes', '-Wundef', '-Wdeclaration-after-statement'];

/** The C compiler to use ($CC or cc), or null when none runs. */
export function findCompiler(): string | null {
  const cc = process.env.CC && process.env.CC.trim() !== '' ? process.env.CC.trim() : 'cc';
  try {
    const r = spawnSync(cc, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return r.status === 0 ? cc : null;
  } catch {
    return null;
  }
}

export function compile(cc: string, dir: string, sources: string[], output: string, flags: string[]): void {
  const r = spawnSync(cc, [...flags, '-o', join(dir, output), ...sources.map((s) => join(dir, s))], {
    encoding: 'utf8',
    cwd: dir,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`C compilation failed (${cc} ${flags.join(' ')}):\n${r.stderr}${r.stdout}`);
}

/** True when the compiler can build and run with the given extra flags (e.g. sanitizers). */
export function compilerAccepts(cc: string, flags: string[]): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'bsq-cc-probe-'));
  try {
    writeFileSync(join(dir, 'probe.c'), 'int main(void) { return 0; }\n');
    const r = spawnSync(cc, [...flags, '-o', join(dir, 'probe'), join(dir, 'probe.c')], { timeout: 60_000 });
    if (r.status !== 0) return false;
    return spawnSync(join(dir, 'probe'), [], { timeout: 10_000 }).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const OP = {
  encode: 0,
  checked: 1,
  record: 2,
  blocks: 3,
  crc: 4,
  file: 5,
  fill: 6,
} as const;

export interface Request {
  codec: number;
  op: number;
  /** Rows (float ops) or bytes (crc). */
  n: number;
  arg?: number;
  payload: Uint8Array;
}

export interface Response {
  ret: number;
  aux: bigint;
  bytes: Uint8Array;
}

export interface DeviceUnit {
  codec: Codec;
  opts: ExportCOptions & { prefix: string };
}

/** The driver: one handler per generated codec, dispatching binary requests (see OP). */
function driverSource(units: DeviceUnit[]): string {
  const includes = units.map((u) => `#include "${u.opts.prefix}.h"`).join('\n');
  const handlers = units.map((u) => handlerSource(u.opts.prefix, !!u.opts.fileHelpers)).join('\n');
  const cases = units.map((u, i) => `    case ${i}: return handle_${u.opts.prefix}(op, n, arg, payload, payload_len, res);`).join('\n');
  return `/* Test driver for generated bsq encoders: requests on stdin, answers on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
${includes}

struct response {
    uint32_t ret;
    uint64_t aux;
    uint8_t *bytes;
    size_t len;
};

static uint8_t *xmalloc(size_t n)
{
    uint8_t *p = (uint8_t *)malloc(n == 0u ? 1u : n);
    if (p == NULL) {
        fputs("out of memory\\n", stderr);
        exit(2);
    }
    return p;
}

static float *rows_of(const uint8_t *payload, size_t payload_len)
{
    float *rows = (float *)(void *)xmalloc(payload_len);
    memcpy(rows, payload, payload_len);
    return rows;
}

${handlers}

static int dispatch(unsigned codec, unsigned op, uint32_t n, uint32_t arg, const uint8_t *payload, size_t payload_len, struct response *res)
{
    switch (codec) {
${cases}
    default: return -1;
    }
}

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
    size_t cap = 1u << 16, len = 0u, pos = 0u, got;
    uint8_t *in = xmalloc(cap);
    while ((got = fread(in + len, 1, cap - len, stdin)) > 0u) {
        len += got;
        if (len == cap) {
            uint8_t *bigger = xmalloc(cap * 2u);
            memcpy(bigger, in, len);
            free(in);
            in = bigger;
            cap *= 2u;
        }
    }
    while (pos + 14u <= len) {
        unsigned codec = in[pos], op = in[pos + 1];
        uint32_t n = get_u32(in + pos + 2), arg = get_u32(in + pos + 6), plen = get_u32(in + pos + 10);
        struct response res;
        pos += 14u;
        if (pos + plen > len) {
            fputs("truncated request\\n", stderr);
            return 3;
        }
        res.ret = 0u; res.aux = 0u; res.bytes = NULL; res.len = 0u;
        if (dispatch(codec, op, n, arg, in + pos, plen, &res) != 0) {
            fprintf(stderr, "bad request codec %u op %u\\n", codec, op);
            return 4;
        }
        pos += plen;
        put_u32(res.ret);
        put_u32((uint32_t)res.aux);
        put_u32((uint32_t)(res.aux >> 32));
        put_u32((uint32_t)res.len);
        if (res.len > 0u) {
            fwrite(res.bytes, 1, res.len, stdout);
        }
        free(res.bytes);
    }
    free(in);
    return 0;
}
`;
}

function handlerSource(p: string, fileHelpers: boolean): string {
  const P = p.toUpperCase();
  return `static int handle_${p}(unsigned op, uint32_t n, uint32_t arg, const uint8_t *payload, size_t payload_len, struct response *res)
{
    float *rows = rows_of(payload, payload_len);
    size_t idx = ${P}_NO_NAN;
    switch (op) {
    case 0:
        res->bytes = xmalloc(${P}_ENCODED_SIZE(n));
        res->len = ${p}_encode_rows(rows, n, res->bytes);
        res->ret = (uint32_t)res->len;
        break;
    case 1:
        res->bytes = xmalloc(${P}_ENCODED_SIZE(n));
        res->len = ${p}_encode_rows_checked(rows, n, res->bytes, &idx);
        res->ret = (uint32_t)res->len;
        res->aux = idx == ${P}_NO_NAN ? UINT64_MAX : (uint64_t)idx;
        break;
    case 2:
        res->bytes = xmalloc(${P}_RECORD_SIZE(n));
        res->len = ${p}_write_data_record(rows, n, res->bytes, &idx);
        res->ret = (uint32_t)res->len;
        res->aux = idx == ${P}_NO_NAN ? UINT64_MAX : (uint64_t)idx;
        break;
    case 3: {
        /* Rows one at a time into blocks of at most arg rows; a NaN row is skipped and counted. */
        size_t cap = ${P}_BLOCK_BUFFER_SIZE(arg), total = (n / arg + 1u) * cap, r;
        uint8_t *buf = xmalloc(cap);
        ${p}_block blk;
        res->bytes = xmalloc(total);
        ${p}_block_init(&blk, buf, cap);
        for (r = 0u; r < n; ++r) {
            const float *row = rows + r * ${P}_FEATURES;
            int st = ${p}_block_add_row(&blk, row);
            if (st == ${P}_ERR_FULL) {
                size_t m = ${p}_block_finish(&blk);
                memcpy(res->bytes + res->len, buf, m);
                res->len += m;
                res->ret += 1u;
                st = ${p}_block_add_row(&blk, row);
            }
            if (st == ${P}_ERR_NAN) {
                /* aux: NaN rows skipped (high half) and the feature of the last one (low half). */
                res->aux = (((res->aux >> 32) + 1u) << 32) | (uint64_t)${p}_block_nan_feature(&blk);
            } else if (st != ${P}_OK) {
                return -2;
            }
        }
        if (${p}_block_rows(&blk) > 0u) {
            size_t m = ${p}_block_finish(&blk);
            memcpy(res->bytes + res->len, buf, m);
            res->len += m;
            res->ret += 1u;
        }
        if (${p}_block_finish(&blk) != 0u) {
            return -3;
        }
        free(buf);
        break;
    }
    case 4:
        res->ret = ${p}_crc32c(0u, payload, payload_len);
        res->aux = ${p}_crc32c(${p}_crc32c(0u, payload, arg), payload + arg, payload_len - arg);
        break;
    case 5: {
${fileHelpers ? `        /* A whole file: header, CODEC, DATA records of at most arg rows, END. */
        size_t r = 0u, blocks = 0u;
        res->bytes = xmalloc(${P}_FILE_HEADER_SIZE + ${P}_CODEC_RECORD_SIZE + (n / arg + 1u) * ${P}_RECORD_SIZE(arg) + ${P}_END_RECORD_SIZE);
        res->len = ${p}_write_file_header(res->bytes);
        memcpy(res->bytes + res->len, ${p}_codec_record, ${P}_CODEC_RECORD_SIZE);
        res->len += ${P}_CODEC_RECORD_SIZE;
        while (r < n) {
            size_t m = n - r < arg ? n - r : arg;
            size_t w = ${p}_write_data_record(rows + r * ${P}_FEATURES, m, res->bytes + res->len, &idx);
            if (w == 0u) {
                res->aux = idx;
                break;
            }
            res->len += w;
            r += m;
            blocks += 1u;
        }
        res->len += ${p}_write_end_record(res->bytes + res->len, (uint64_t)r, (uint32_t)blocks);
        res->ret = (uint32_t)blocks;
        break;` : '        return -5;'}
    }
    case 6: {
        /* Fill a block of arg bytes until it refuses a row. */
        uint8_t *buf = xmalloc(arg);
        ${p}_block blk;
        uint32_t r = 0u;
        int st = ${P}_OK;
        ${p}_block_init(&blk, buf, arg);
        while (r < n && (st = ${p}_block_add_row(&blk, rows + (size_t)r * ${P}_FEATURES)) == ${P}_OK) {
            r += 1u;
        }
        res->ret = r;
        res->aux = (uint64_t)st;
        res->len = ${p}_block_finish(&blk);
        res->bytes = buf;
        break;
    }
    default:
        free(rows);
        return -1;
    }
    free(rows);
    return 0;
}
`;
}

export interface DeviceProgram {
  dir: string;
  exe: string;
  files: Record<string, string>;
  run(requests: Request[]): Response[];
  dispose(): void;
}

/** Generate, write and compile `units` into one program (strict warnings as errors). */
export function buildProgram(cc: string, units: DeviceUnit[], flags: string[]): DeviceProgram {
  const dir = mkdtempSync(join(tmpdir(), 'bsq-device-'));
  const files: Record<string, string> = {};
  const sources: string[] = [];
  for (const u of units) {
    const gen = exportC(u.codec, u.opts);
    for (const [name, text] of Object.entries(gen)) {
      files[name] = text;
      writeFileSync(join(dir, name), text);
      if (name.endsWith('.c')) sources.push(name);
    }
  }
  writeFileSync(join(dir, 'driver.c'), driverSource(units));
  compile(cc, dir, [...sources, 'driver.c'], 'driver', flags);
  const exe = join(dir, 'driver');
  return {
    dir,
    exe,
    files,
    run: (requests) => runProgram(exe, requests),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function runProgram(exe: string, requests: Request[]): Response[] {
  const parts: Uint8Array[] = [];
  for (const q of requests) {
    const h = new Uint8Array(14);
    const dv = new DataView(h.buffer);
    h[0] = q.codec;
    h[1] = q.op;
    dv.setUint32(2, q.n, true);
    dv.setUint32(6, q.arg ?? 0, true);
    dv.setUint32(10, q.payload.length, true);
    parts.push(h, q.payload);
  }
  const input = Buffer.concat(parts);
  const r = spawnSync(exe, [], { input, maxBuffer: 1 << 30, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`device program failed (status ${r.status}, signal ${r.signal}):\n${r.stderr?.toString()}`);
  const out = new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const res: Response[] = [];
  let pos = 0;
  while (pos < out.length) {
    const ret = dv.getUint32(pos, true);
    const aux = BigInt(dv.getUint32(pos + 4, true)) | (BigInt(dv.getUint32(pos + 8, true)) << 32n);
    const len = dv.getUint32(pos + 12, true);
    res.push({ ret, aux, bytes: out.slice(pos + 16, pos + 16 + len) });
    pos += 16 + len;
  }
  if (res.length !== requests.length) throw new Error(`device program answered ${res.length} of ${requests.length} requests`);
  return res;
}

export const NO_NAN = 0xffffffffffffffffn;

/** Float32 rows as the little-endian bytes the driver reads. */
export function floatPayload(rows: Float32Array): Uint8Array {
  return new Uint8Array(rows.buffer.slice(rows.byteOffset, rows.byteOffset + rows.byteLength));
}
