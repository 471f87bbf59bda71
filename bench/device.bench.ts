// Device encoder benchmark: encode speed of the generated C (compiled here with the system C
// compiler at -O2 and -Os, float and integer comparisons) side by side with the TypeScript kernel
// (Codec.encodeRows on the same Float32Array rows, same process run), CRC-32C speed of the three
// table sizes, and the flash / stack cost of the generated code (tables exact; code size and stack
// measured on this x86-64 host, indicative only for an MCU).
// Run: npx tsx bench/device.bench.ts  ->  bench/results/device.json, bench/results/device.md

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codec } from '../src/codec/index.js';
import { deviceFlashBytes, exportC, type ExportCOptions } from '../src/device/index.js';
import { mulberry32 as prng } from '../test/support/prng.js';

const OUT = fileURLToPath(new URL('./results/', import.meta.url));
const CC = process.env.CC && process.env.CC.trim() !== '' ? process.env.CC.trim() : 'cc';
const ROWS = 32768;
const MIN_SECONDS = 0.25;
const REPEATS = 3;


/** Codec with `widths` features; thresholds at the quantiles of N(0, 1)-ish data. */
function codecOf(widths: number[], seed: number): Codec {
  const rand = prng(seed);
  return Codec.fromThresholds(
    widths.map((b, i) => {
      const K = 2 ** b - 1;
      const t = Float32Array.from({ length: K }, (_, k) => -3 + (6 * (k + 1)) / (K + 1) + (rand() - 0.5) * 1e-3);
      return { name: `f${i}`, thresholds: t.sort() };
    }),
  );
}

function rowsFor(codec: Codec, n: number, seed: number): Float32Array {
  const rand = prng(seed);
  const rows = new Float32Array(n * codec.featureCount);
  for (let i = 0; i < rows.length; i++) rows[i] = (rand() + rand() + rand() - 1.5) * 2.5;
  return rows;
}

interface Case {
  name: string;
  widths: number[];
  compare: 'float' | 'integer';
  /** name of the uniform 4-bit case with the same feature count and compare (mixed cases) */
  vs?: string;
}

/** 24 widths in 1..8 averaging 4 bits, in no particular order (what a per-feature bit budget gives). */
const MIXED24 = [3, 5, 2, 6, 4, 1, 7, 4, 8, 2, 3, 5, 4, 6, 1, 4, 3, 7, 2, 5, 4, 6, 3, 2];

const CASES: Case[] = [
  { name: 'paper 81 x 2 bits', widths: Array(81).fill(2), compare: 'float' },
  { name: 'paper 81 x 2 bits', widths: Array(81).fill(2), compare: 'integer' },
  { name: '16 x 4 bits', widths: Array(16).fill(4), compare: 'float' },
  { name: '8 x 8 bits', widths: Array(8).fill(8), compare: 'float' },
  { name: '8 x 8 bits', widths: Array(8).fill(8), compare: 'integer' },
  { name: 'mixed 2..8 bits (7 features)', widths: [2, 3, 4, 5, 6, 7, 8], compare: 'float' },
  { name: '8 x 4 bits', widths: Array(8).fill(4), compare: 'float' },
  { name: 'mixed 1..8 bits (8 features)', widths: [1, 2, 3, 4, 5, 6, 7, 8], compare: 'float', vs: '8 x 4 bits' },
  { name: '8 x 4 bits', widths: Array(8).fill(4), compare: 'integer' },
  { name: 'mixed 1..8 bits (8 features)', widths: [1, 2, 3, 4, 5, 6, 7, 8], compare: 'integer', vs: '8 x 4 bits' },
  { name: '24 x 4 bits', widths: Array(24).fill(4), compare: 'float' },
  { name: 'mixed 1..8 bits (24 features, 4 on average)', widths: MIXED24, compare: 'float', vs: '24 x 4 bits' },
  { name: '4 x 12 bits', widths: Array(4).fill(12), compare: 'float' },
];

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The C timing driver: for each unit, best-of-REPEATS ns per row of encode_rows and block_add_row, and CRC MB/s. */
function driver(prefixes: string[], crcPrefixes: string[]): string {
  const inc = [...prefixes, ...crcPrefixes].map((p) => `#include "${p}.h"`).join('\n');
  const units = prefixes
    .map(
      (p) => `    if (strcmp(argv[3], "${p}") == 0) {
        size_t n = 0, i;
        float *rows = (float *)load(argv[1], "${p}", &n);
        size_t n_rows = n / sizeof(float) / ${p.toUpperCase()}_FEATURES;
        uint8_t *out = (uint8_t *)malloc(${p.toUpperCase()}_ENCODED_SIZE(n_rows));
        uint8_t *blkbuf = (uint8_t *)malloc(${p.toUpperCase()}_BLOCK_BUFFER_SIZE(256));
        double best = 1e30, best_blk = 1e30;
        int rep;
        for (rep = 0; rep < ${REPEATS}; ++rep) {
            size_t iters = 0;
            double t0 = now(), t;
            do {
                sink += ${p}_encode_rows(rows, n_rows, out);
                sink += out[iters % 7];
                iters++;
            } while ((t = now() - t0) < ${MIN_SECONDS});
            if (t / (double)iters / (double)n_rows < best) best = t / (double)iters / (double)n_rows;
        }
        for (rep = 0; rep < ${REPEATS}; ++rep) {
            size_t iters = 0;
            double t0 = now(), t;
            do {
                ${p}_block blk;
                ${p}_block_init(&blk, blkbuf, ${p.toUpperCase()}_BLOCK_BUFFER_SIZE(256));
                for (i = 0; i < n_rows; ++i) {
                    if (${p}_block_add_row(&blk, rows + i * ${p.toUpperCase()}_FEATURES) != ${p.toUpperCase()}_OK) {
                        sink += ${p}_block_finish(&blk);
                        sink += (size_t)${p}_block_add_row(&blk, rows + i * ${p.toUpperCase()}_FEATURES);
                    }
                }
                sink += ${p}_block_finish(&blk);
                iters++;
            } while ((t = now() - t0) < ${MIN_SECONDS});
            if (t / (double)iters / (double)n_rows < best_blk) best_blk = t / (double)iters / (double)n_rows;
        }
        {
            FILE *f = fopen(argv[2], "ab");
            fwrite(out, 1, ${p.toUpperCase()}_ENCODED_SIZE(n_rows), f);
            fclose(f);
        }
        printf("unit ${p} %.3f %.3f\\n", best * 1e9, best_blk * 1e9);
        free(rows);
        free(out);
        free(blkbuf);
    }`,
    )
    .join('\n');
  const crcs = crcPrefixes
    .map(
      (p) => `    if (strcmp(argv[3], "crc") == 0) {
        double best = 1e30;
        int rep;
        for (rep = 0; rep < ${REPEATS}; ++rep) {
            size_t iters = 0;
            double t0 = now(), t;
            do {
                sink += ${p}_crc32c(0u, crcbuf, sizeof crcbuf);
                iters++;
            } while ((t = now() - t0) < ${MIN_SECONDS});
            if (t / (double)iters < best) best = t / (double)iters;
        }
        printf("crc ${p} %.3f\\n", (double)sizeof crcbuf / best / 1e6);
    }`,
    )
    .join('\n');
  return `#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
${inc}

static volatile size_t sink;
static uint8_t crcbuf[16384];

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *load(const char *dir, const char *name, size_t *n)
{
    char path[4096];
    FILE *f;
    long len;
    void *p;
    snprintf(path, sizeof path, "%s/%s.rows", dir, name);
    f = fopen(path, "rb");
    if (f == NULL) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)len);
    if (fread(p, 1, (size_t)len, f) != (size_t)len) { perror(path); exit(2); }
    fclose(f);
    *n = (size_t)len;
    return p;
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc < 4) return 2;
    for (i = 0; i < sizeof crcbuf; ++i) crcbuf[i] = (uint8_t)(i * 131u + 7u);
${units}
${crcs}
    return 0;
}
`;
}

function tsTime(codec: Codec, rows: Float32Array): number {
  const n = rows.length / codec.featureCount;
  for (let w = 0; w < 5; w++) codec.encodeRows(rows);
  let best = Infinity;
  for (let rep = 0; rep < REPEATS; rep++) {
    let iters = 0;
    const t0 = performance.now();
    let t: number;
    do {
      codec.encodeRows(rows);
      iters++;
    } while ((t = (performance.now() - t0) / 1000) < MIN_SECONDS);
    best = Math.min(best, t / iters / n);
  }
  return best * 1e9;
}

interface Stack { [fn: string]: number }
function stackUsage(dir: string): Stack {
  const out: Stack = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.su'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').trim().split('\n')) {
      const m = /:([A-Za-z0-9_]+)\t(\d+)\t/.exec(line);
      if (m) out[m[1]] = Math.max(out[m[1]] ?? 0, Number(m[2]));
    }
  }
  return out;
}

function sections(obj: string, dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of sh('size', ['-A', obj], dir).split('\n')) {
    const m = /^(\.\S+)\s+(\d+)/.exec(line);
    if (m) out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
  }
  return out;
}

interface CrossSize { caseIndex: number; target: string; text: number; rodata: number; stack: number; calls: string[] }

const TARGETS = [
  { name: 'Cortex-M4F (FPU)', tool: 'arm-none-eabi', flags: ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'] },
  { name: 'Cortex-M0 (no FPU)', tool: 'arm-none-eabi', flags: ['-mcpu=cortex-m0', '-mthumb'] },
  { name: 'RV32IMC (no FPU)', tool: 'riscv64-unknown-elf', flags: ['-march=rv32imc', '-mabi=ilp32'] },
];

/** .text/.rodata/stack of each case's encoder on the microcontroller targets whose cross gcc is installed. */
function crossSizes(dir: string, prefixes: string[]): CrossSize[] {
  const out: CrossSize[] = [];
  // <string.h> (memcpy) for a freestanding build: newlib's headers when present.
  const inc = spawnSync('test', ['-f', '/usr/include/newlib/string.h']).status === 0 ? ['-isystem', '/usr/include/newlib'] : [];
  TARGETS.forEach((t, ti) => {
    if (spawnSync(`${t.tool}-gcc`, ['--version']).status !== 0) return;
    const sub = join(dir, `target${ti}`);
    mkdirSync(sub, { recursive: true });
    prefixes.forEach((p, caseIndex) => {
      const obj = join(sub, `${p}.o`);
      const r = spawnSync(`${t.tool}-gcc`, ['-std=c99', '-Os', '-ffreestanding', '-fstack-usage', ...t.flags, ...inc, '-c', join(dir, `${p}.c`), '-o', obj], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.error(`bench/device: ${t.name} build of ${p} failed: ${r.stderr.split('\n')[0]}`);
        return;
      }
      const sec: Record<string, number> = {};
      for (const line of sh(`${t.tool}-size`, ['-A', obj], sub).split('\n')) {
        const m = /^(\.\S+)\s+(\d+)/.exec(line);
        if (m) sec[m[1]] = (sec[m[1]] ?? 0) + Number(m[2]);
      }
      const calls = sh(`${t.tool}-nm`, ['-u', obj], sub).split('\n').map((l) => l.trim().replace(/^U\s+/, '')).filter((l) => l.length > 0);
      const st = stackUsage(sub);
      const stack = Math.max(0, ...Object.entries(st).filter(([fn]) => fn.startsWith(`${p}_`)).map(([, v]) => v));
      out.push({ caseIndex, target: t.name, text: sec['.text'] ?? 0, rodata: sec['.rodata'] ?? 0, stack, calls });
    });
  });
  return out;
}

function main(): void {
  const probe = spawnSync(CC, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(`bench/device: no C compiler ($CC or cc) found; nothing to measure`);
    process.exit(0);
  }
  const ccVersion = probe.stdout.split('\n')[0];
  const dir = mkdtempSync(join(tmpdir(), 'bsq-device-bench-'));
  try {
    const prefixes: string[] = [];
    const codecs: Codec[] = [];
    const rowsList: Float32Array[] = [];
    CASES.forEach((c, i) => {
      const codec = codecOf(c.widths, 100 + i);
      const p = `u${i}`;
      const opts: ExportCOptions = { prefix: p, compare: c.compare };
      for (const [name, text] of Object.entries(exportC(codec, opts))) writeFileSync(join(dir, name), text);
      const rows = rowsFor(codec, ROWS, 200 + i);
      writeFileSync(join(dir, `${p}.rows`), new Uint8Array(rows.buffer));
      prefixes.push(p);
      codecs.push(codec);
      rowsList.push(rows);
    });
    const tiny = codecOf([2], 1);
    const crcKinds = ['bitwise', 'table16', 'table256'] as const;
    const crcPrefixes = crcKinds.map((k) => `crc_${k}`);
    crcKinds.forEach((k, i) => {
      for (const [name, text] of Object.entries(exportC(tiny, { prefix: crcPrefixes[i], crc: k }))) writeFileSync(join(dir, name), text);
    });
    writeFileSync(join(dir, 'driver.c'), driver(prefixes, crcPrefixes));
    const sources = [...prefixes, ...crcPrefixes].map((p) => `${p}.c`);

    // Code size and stack of the encoder alone, per case, at -Os (typical firmware setting).
    const size: Record<string, Record<string, number>> = {};
    const stack: Record<string, Stack> = {};
    for (const p of [...prefixes, ...crcPrefixes]) {
      sh(CC, ['-std=c99', '-Os', '-fstack-usage', '-c', `${p}.c`, '-o', `${p}.o`], dir);
      size[p] = sections(`${p}.o`, dir);
    }
    const allStack = stackUsage(dir);
    for (const p of prefixes) {
      stack[p] = Object.fromEntries(Object.entries(allStack).filter(([fn]) => fn.startsWith(`${p}_`)));
    }

    // Code size on microcontroller targets, when their cross compilers are installed (optional).
    const cross = crossSizes(dir, prefixes);

    // Build both optimisation levels, then measure case by case: C -O2, C -Os and TS back to back,
    // so that the ratios compare runs made under the same machine load.
    const speed: Record<string, Record<string, [number, number]>> = {};
    const crc: Record<string, Record<string, number>> = {};
    const opts = ['-O2', '-Os'];
    for (const opt of opts) sh(CC, ['-std=c99', opt, '-o', `driver${opt}`, ...sources, 'driver.c'], dir);
    const runC = (opt: string, what: string): string => {
      const outFile = join(dir, `out${opt}-${what}.bin`);
      rmSync(outFile, { force: true });
      const text = sh(join(dir, `driver${opt}`), [dir, outFile, what], dir);
      for (const line of text.trim().split('\n')) {
        const parts = line.split(' ');
        if (parts[0] === 'unit') (speed[parts[1]] ??= {})[opt] = [Number(parts[2]), Number(parts[3])];
        if (parts[0] === 'crc') (crc[parts[1]] ??= {})[opt] = Number(parts[2]);
      }
      return outFile;
    };
    const ts: number[] = [];
    codecs.forEach((codec, i) => {
      for (const opt of opts) {
        // The bytes the C wrote must be exactly what the TS encoder writes.
        const written = readFileSync(runC(opt, prefixes[i]));
        if (!written.equals(Buffer.from(codec.encodeRows(rowsList[i])))) throw new Error(`C output differs from TS for ${CASES[i].name}`);
      }
      ts.push(tsTime(codec, rowsList[i]));
      console.error(`${CASES[i].name} (${CASES[i].compare}): C -O2 ${speed[prefixes[i]]['-O2'][0].toFixed(1)} ns/row, TS ${ts[i].toFixed(1)} ns/row`);
    });
    for (const opt of opts) runC(opt, 'crc');

    const rows = CASES.map((c, i) => {
      const p = prefixes[i];
      const F = c.widths.length;
      const [o2, o2blk] = speed[p]['-O2'];
      const [os] = speed[p]['-Os'];
      const flash = deviceFlashBytes(codecs[i]);
      const st = stack[p];
      return {
        case: c.name,
        compare: c.compare,
        features: F,
        bitsPerRow: codecs[i].bitsPerRow,
        cNsPerRowO2: o2,
        cNsPerRowOs: os,
        cBlockNsPerRowO2: o2blk,
        tsNsPerRow: ts[i],
        cMValuesPerSecO2: (F / o2) * 1e3,
        tsMValuesPerSec: (F / ts[i]) * 1e3,
        speedupO2: ts[i] / o2,
        flashTables: flash,
        hostSectionsOs: size[p],
        hostStackBytesOs: st,
      };
    });
    const crcRows = crcKinds.map((k, i) => ({
      crc: k,
      tableBytes: { bitwise: 0, table16: 64, table256: 1024 }[k],
      mbPerSecO2: crc[crcPrefixes[i]]['-O2'],
      mbPerSecOs: crc[crcPrefixes[i]]['-Os'],
      hostTextOs: size[crcPrefixes[i]]['.text'] ?? 0,
    }));

    // ratios of per-value speed (ns/row scaled by the feature count; the counts are equal here)
    const mixedRatios = CASES.flatMap((c, i) => {
      if (c.vs === undefined) return [];
      const j = CASES.findIndex((u) => u.name === c.vs && u.compare === c.compare);
      const m = rows[i], u = rows[j];
      return [{ case: c.name, compare: c.compare, against: c.vs, cO2: u.cNsPerRowO2 / m.cNsPerRowO2, cOs: u.cNsPerRowOs / m.cNsPerRowOs, cBlockO2: u.cBlockNsPerRowO2 / m.cBlockNsPerRowO2, ts: u.tsNsPerRow / m.tsNsPerRow }];
    });
    mkdirSync(OUT, { recursive: true });
    const json = { date: new Date().toISOString(), compiler: ccVersion, rowsPerCase: ROWS, host: 'x86-64 (shared, noisy)', cases: rows, mixedRatios, crc: crcRows, microcontrollerSizes: cross.map((c) => ({ ...c, case: CASES[c.caseIndex].name, compare: CASES[c.caseIndex].compare })) };
    writeFileSync(join(OUT, 'device.json'), JSON.stringify(json, null, 2) + '\n');

    const f1 = (x: number) => x.toFixed(1);
    const md: string[] = [];
    md.push('# Device encoder (generated C) vs TypeScript kernel');
    md.push('');
    md.push(`Same Float32Array rows (${ROWS} rows per case, values spread across all codes) encoded by the generated C (\`${ccVersion}\`, x86-64 host) and by \`Codec.encodeRows\`, case by case back to back (C -O2, C -Os, TS); best of ${REPEATS} runs of >= ${MIN_SECONDS} s each. The machine is shared with other jobs, so absolute timings are noisy; the ratios measured side by side are the useful part. The bytes the C wrote were checked equal to the TS encoder's before timing was reported. "block" is the incremental row-by-row API (\`_block_add_row\`, 256-row records incl. CRC-32C).`);
    md.push('');
    md.push('| codec | compare | C -O2 ns/row | C -Os ns/row | C block -O2 ns/row | TS ns/row | C -O2 M values/s | TS M values/s | C/TS speed |');
    md.push('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      md.push(`| ${r.case} | ${r.compare} | ${f1(r.cNsPerRowO2)} | ${f1(r.cNsPerRowOs)} | ${f1(r.cBlockNsPerRowO2)} | ${f1(r.tsNsPerRow)} | ${f1(r.cMValuesPerSecO2)} | ${f1(r.tsMValuesPerSec)} | ${r.speedupO2.toFixed(2)}x |`);
    }
    md.push('');
    md.push('Mixed widths against uniform 4 bits on the same feature count, same compare (speed of mixed / speed of uniform, per value, from the rows above):');
    md.push('');
    md.push('| mixed codec | compare | against | C -O2 | C -Os | C block -O2 | TS |');
    md.push('|---|---|---|---|---|---|---|');
    for (const r of mixedRatios) md.push(`| ${r.case} | ${r.compare} | ${r.against} | ${r.cO2.toFixed(2)} | ${r.cOs.toFixed(2)} | ${r.cBlockO2.toFixed(2)} | ${r.ts.toFixed(2)} |`);
    md.push('');
    md.push('## Flash and RAM');
    md.push('');
    md.push('Constant tables (exact, any target): a b-bit feature stores 2^b - 1 thresholds of 4 bytes; a codec with more than 16 runs of neighbouring features of different widths adds 1 byte per feature (a width table; fewer runs get one unrolled loop each); the CRC-32C table is 0, 64 or 1024 bytes. No static RAM (.data/.bss = 0) and no heap: the caller owns the row and output buffers; an incremental block needs `<PREFIX>_BLOCK_BUFFER_SIZE(n)` = 15 + ceil(n * bitsPerRow / 8) bytes.');
    md.push('');
    md.push('| bits per feature | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 10 | 12 | 16 |');
    md.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    md.push(`| threshold bytes per feature | ${[1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16].map((b) => 4 * (2 ** b - 1)).join(' | ')} |`);
    md.push('');
    md.push('Per case, measured on this host at -Os (x86-64 code; an Xtensa/RISC-V/ARM build differs, but the tables are the same bytes): `.rodata` is the tables, `.text` the code, stack the largest frame of an API function (`-fstack-usage`).');
    md.push('');
    md.push('| codec | compare | tables (thresholds + widths + CRC) | host .rodata | host .text | host .data+.bss | max stack (bytes) |');
    md.push('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const s = r.hostSectionsOs;
      const maxStack = Math.max(0, ...Object.values(r.hostStackBytesOs));
      md.push(`| ${r.case} | ${r.compare} | ${r.flashTables.total} (${r.flashTables.thresholds} + ${r.flashTables.bitsTable} + ${r.flashTables.crcTable}) | ${s['.rodata'] ?? 0} | ${s['.text'] ?? 0} | ${(s['.data'] ?? 0) + (s['.bss'] ?? 0)} | ${maxStack} |`);
    }
    md.push('');
    md.push('### On microcontroller targets');
    md.push('');
    if (cross.length === 0) {
      md.push('Not measured: no cross compiler (arm-none-eabi-gcc, riscv64-unknown-elf-gcc) was installed when this ran.');
    } else {
      md.push('The same files cross-compiled at -Os with -ffreestanding (Debian\'s arm-none-eabi-gcc and riscv64-unknown-elf-gcc 12.2; ESP32/ESP32-S3 are Xtensa, for which Debian has no compiler: the S3 has a single-precision FPU like the Cortex-M4F, the ESP32-C3 is an RV32IMC without FPU). "library calls" are the routines the object needs besides its own code: soft-float comparisons on cores without FPU for `compare: float`.');
      md.push('');
      md.push('| codec | compare | target | .text | .rodata | max stack (bytes) | library calls |');
      md.push('|---|---|---|---|---|---|---|');
      for (const c of cross) md.push(`| ${CASES[c.caseIndex].name} | ${CASES[c.caseIndex].compare} | ${c.target} | ${c.text} | ${c.rodata} | ${c.stack} | ${c.calls.join(', ') || 'none'} |`);
    }
    md.push('');
    md.push('## CRC-32C (DATA record framing)');
    md.push('');
    md.push('| implementation | table bytes (flash) | -O2 MB/s | -Os MB/s | host .text -Os (whole encoder file) |');
    md.push('|---|---|---|---|---|');
    for (const r of crcRows) md.push(`| ${r.crc} | ${r.tableBytes} | ${f1(r.mbPerSecO2)} | ${f1(r.mbPerSecOs)} | ${r.hostTextOs} |`);
    md.push('');
    writeFileSync(join(OUT, 'device.md'), md.join('\n'));
    console.log(md.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
