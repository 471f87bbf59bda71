// Data for the adaptive-coding (encoding 3) bench: the time-ordered sensor datasets of
// ../shared/datasets as b-bit quantile codes (thresholds at the k/2^b quantiles of the file itself,
// empty cells -> code 0), plus xz / zstd / deflate / brotli sizes of the same codes, and the CPU
// timer both adaptive benches use.

import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc, deflateRawSync } from 'node:zlib';
import { Codec, type Codes } from '../src/codec/index.js';

const DATA = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));

/** What the row helpers need of a table. */
export interface RowTable {
  names: string[];
  rows: Float64Array;
  n: number;
}

export interface Table {
  name: string;
  names: string[];
  /** Row-major values; NaN for an empty cell. */
  rows: Float64Array;
  n: number;
}

/** The time-ordered datasets and the columns that are not features (targets, other targets). */
export const TIME_ORDERED: readonly { file: string; drop: string[] }[] = [
  { file: 'occupancy_train', drop: ['Occupancy'] },
  { file: 'occupancy_test', drop: ['Occupancy'] },
  { file: 'occupancy_test2', drop: ['Occupancy'] },
  { file: 'gas_turbine_emissions', drop: ['CO', 'NOX'] },
  { file: 'air_quality', drop: ['C6H6_GT'] },
];

export function loadCsv(file: string, drop: readonly string[]): Table {
  const lines = readFileSync(DATA + file + '.csv', 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.trim());
  const keep = header.map((_, i) => i).filter((i) => !drop.includes(header[i]!));
  const n = lines.length - 1;
  const rows = new Float64Array(n * keep.length);
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1]!.split(',');
    for (let j = 0; j < keep.length; j++) {
      const s = (cells[keep[j]!] ?? '').trim();
      rows[r * keep.length + j] = s === '' ? NaN : Number(s);
    }
  }
  return { name: file, names: keep.map((i) => header[i]!), rows, n };
}

/** Rows [from, to) of a row-major table (any table shape with names, rows and n). */
export function sliceRows<T extends RowTable>(t: T, from: number, to: number): T {
  const F = t.names.length;
  return { ...t, rows: t.rows.slice(from * F, to * F), n: to - from };
}

/** The rows in a seeded random order (an LCG Fisher-Yates shuffle, reproducible across runs). */
export function shuffleRows<T extends RowTable>(t: T, seed: number): T {
  const F = t.names.length;
  const idx = Array.from({ length: t.n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = t.n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const rows = new Float64Array(t.rows.length);
  idx.forEach((from, to) => rows.set(t.rows.subarray(from * F, from * F + F), to * F));
  return { ...t, rows };
}

/** b-bit quantile codec of the table (thresholds at the k/2^b quantiles, NaN ignored). */
export function quantileCodec(t: Table, bits: number): Codec {
  const F = t.names.length;
  const K = (1 << bits) - 1;
  return Codec.fromThresholds(
    t.names.map((name, f) => {
      const vals: number[] = [];
      for (let r = 0; r < t.n; r++) {
        const v = t.rows[r * F + f]!;
        if (v === v) vals.push(v);
      }
      const col = Float64Array.from(vals).sort();
      const thresholds: number[] = [];
      for (let k = 1; k <= K; k++) {
        thresholds.push(Math.fround(col[Math.min(col.length - 1, Math.floor((k * col.length) / (K + 1)))]!));
      }
      return { name, bits, thresholds };
    }),
  );
}

export function codesOf(codec: Codec, t: Table): Codes {
  return codec.encodeRowsToCodes(t.rows, { nan: { code: 0 } });
}

/** One byte per code, row-major or column-major. */
export function codeBytes(codes: Codes, n: number, F: number, layout: 'row' | 'column'): Uint8Array {
  const out = new Uint8Array(n * F);
  if (layout === 'row') for (let i = 0; i < n * F; i++) out[i] = codes[i]! & 255;
  else for (let f = 0; f < F; f++) for (let r = 0; r < n; r++) out[f * n + r] = codes[r * F + f]! & 255;
  return out;
}

function cli(cmd: string, args: string[], data: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'bsq-bench-'));
  try {
    const f = join(dir, 'codes');
    writeFileSync(f, data);
    const out = execFileSync(cmd, [...args, '-c', f], { maxBuffer: 1 << 28 });
    return out.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `xz -9e` (container included, as the CLI writes it) and `zstd -19 --ultra` sizes. */
export function xzSize(data: Uint8Array): number {
  return cli('xz', ['-9e', '-k', '-T1'], data);
}
export function zstdSize(data: Uint8Array): number {
  return cli('zstd', ['-19', '--ultra', '-q', '-k'], data);
}
export function deflateSize(data: Uint8Array): number {
  return deflateRawSync(data, { level: 9 }).length;
}
export function brotliSize(data: Uint8Array): number {
  return brotliCompressSync(data, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_LGWIN]: 24 } }).length;
}

/** Best CPU seconds (user + system) of `reps` runs of fn. */
export function bestCpuSeconds(fn: () => void, reps: number): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const a = process.cpuUsage();
    fn();
    const b = process.cpuUsage(a);
    best = Math.min(best, (b.user + b.system) / 1e6);
  }
  return best;
}
