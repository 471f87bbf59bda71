// Parquet library comparison for bsq/parquet: hyparquet + hyparquet-writer (pure JS) against
// parquet-wasm (Rust arrow-rs compiled to WebAssembly, through apache-arrow IPC). Writes and reads
// the same float columns with each library and codec, reads a file DuckDB wrote, and measures the
// bundle each would add. `npm run bench:parquet-libs` (parquet-wasm is not a dependency: install it
// for the run with `npm install --no-save parquet-wasm`). Writes bench/results/parquet-libs.md.
import { mkdtempSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetRead, parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';

const ROWS = Number(process.argv.find((a) => a.startsWith('--rows='))?.slice(7) ?? 1_000_000);
const COLS = 5;
const REPS = 5;

/** 'sensor': a random walk per column (what bsq encode reads); 'levels': 16 values per column (what bsq decode writes). */
function data(kind: 'sensor' | 'levels'): Float32Array[] {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return Array.from({ length: COLS }, (_, c) => {
    const col = new Float32Array(ROWS);
    let v = 20 + c;
    for (let i = 0; i < ROWS; i++) {
      v += rnd() - 0.5;
      col[i] = kind === 'sensor' ? v : Math.fround(Math.round(v / 4) * 4 + 0.5); // ~16 distinct levels
    }
    return col;
  });
}

function best(f: () => void): number {
  let t = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}
async function bestAsync(f: () => Promise<void>): Promise<number> {
  let t = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    await f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

function hyWrite(cols: Float32Array[], codec: 'UNCOMPRESSED' | 'SNAPPY'): Uint8Array {
  const writer = new ByteWriter();
  const schema = [{ name: 'root', num_children: COLS }, ...cols.map((_, c) => ({ name: `f${c}`, type: 'FLOAT' as const, repetition_type: 'REQUIRED' as const }))];
  const pw = new ParquetWriter({ writer, schema, codec, statistics: false });
  pw.write({ columnData: cols.map((d, c) => ({ name: `f${c}`, data: d })), rowGroupSize: 65536 });
  pw.finish();
  return new Uint8Array(writer.getBuffer());
}

async function hyRead(bytes: Uint8Array): Promise<number> {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let n = 0;
  await parquetRead({ file: ab, compressors, onChunk: (c) => (n += c.rowEnd - c.rowStart) });
  return n;
}

async function main(): Promise<void> {
  const mb = (ROWS * COLS * 4) / 1e6;
  const rows: string[] = [];
  const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
  // Not a dependency (and not type-checked): loaded by a computed name so tsc does not need it.
  type Pw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let pw: Pw | undefined;
  try {
    const name = 'parquet-wasm';
    pw = (await import(name)) as Pw;
  } catch {
    rows.push('| parquet-wasm | | - | not installed (npm install --no-save parquet-wasm) | | |');
  }
  for (const kind of ['sensor', 'levels'] as const) {
    const cols = data(kind);
    const label = kind === 'sensor' ? 'sensor floats' : '16 levels/column';
    for (const codec of ['UNCOMPRESSED', 'SNAPPY'] as const) {
      let bytes: Uint8Array = new Uint8Array(0);
      const w = best(() => void (bytes = hyWrite(cols, codec)));
      const r = await bestAsync(async () => void (await hyRead(bytes)));
      rows.push(`| hyparquet 1.33 + hyparquet-writer 0.17 | ${label} | ${codec.toLowerCase()} | ${rate(w)} | ${rate(r)} | ${(bytes.length / 1e6).toFixed(1)} MB |`);
    }
    if (!pw) continue;
    const table = tableFromArrays(Object.fromEntries(cols.map((d, c) => [`f${c}`, d])));
    const variants: [string, number, boolean][] = [
      ['uncompressed', pw.Compression.UNCOMPRESSED, true],
      ['snappy', pw.Compression.SNAPPY, true],
      ['zstd', pw.Compression.ZSTD, true],
      ['snappy, dictionary off', pw.Compression.SNAPPY, false],
    ];
    for (const [name, codec, dictionary] of variants) {
      let bytes: Uint8Array = new Uint8Array(0);
      const w = best(() => {
        const props = new pw!.WriterPropertiesBuilder().setCompression(codec).setDictionaryEnabled(dictionary).setMaxRowGroupSize(65536).build();
        bytes = pw!.writeParquet(pw!.Table.fromIPCStream(tableToIPC(table, 'stream')), props);
      });
      const r = best(() => {
        const t = tableFromIPC(pw!.readParquet(bytes).intoIPCStream());
        if (t.numRows !== ROWS) throw new Error('row count');
      });
      rows.push(`| parquet-wasm 0.8 (via Arrow IPC) | ${label} | ${name} | ${rate(w)} | ${rate(r)} | ${(bytes.length / 1e6).toFixed(1)} MB |`);
    }
  }
  rows.push('| hyparquet-writer 0.17 | | zstd | not available (no zstd compressor; reading zstd works through hyparquet-compressors) | | |');
  // Bundle sizes: each library's reader + writer, minified by esbuild, then gzip.
  const { buildSync } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'pqlibs-'));
  const bundle = (code: string) => {
    const entry = join(dir, 'entry.mjs');
    writeFileSync(entry, code);
    const out = buildSync({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, absWorkingDir: process.cwd(), nodePaths: [join(process.cwd(), 'node_modules')] });
    const js = out.outputFiles[0].contents;
    return { raw: js.length, gz: gzipSync(js).length };
  };
  const size = (b: { raw: number; gz: number }) => `${(b.raw / 1024).toFixed(0)} KiB (${(b.gz / 1024).toFixed(0)} KiB gzip)`;
  const sizes: string[] = [];
  sizes.push(`| hyparquet + hyparquet-writer | ${size(bundle("export { parquetRead, parquetMetadata } from 'hyparquet'; export { ParquetWriter, ByteWriter } from 'hyparquet-writer';"))} | none |`);
  sizes.push(`| + hyparquet-compressors (gzip, brotli, lz4, zstd reading) | ${size(bundle("export { compressors } from 'hyparquet-compressors';"))} | wasm inlined as base64 |`);
  if (pw) {
    const wasm = readFileSync(join(process.cwd(), 'node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm'));
    sizes.push(`| parquet-wasm (JS glue) | ${size(bundle("export * from 'parquet-wasm/esm';"))} | ${(wasm.length / 1024).toFixed(0)} KiB wasm (${(gzipSync(wasm).length / 1024).toFixed(0)} KiB gzip), plus apache-arrow to use its tables |`);
  }
  rmSync(dir, { recursive: true, force: true });
  void statSync;
  void parquetMetadata;
  const md = [
    `# Parquet libraries (bench/parquet-libs.ts)`,
    '',
    `${ROWS.toLocaleString('en-US')} rows x ${COLS} FLOAT columns (${mb.toFixed(0)} MB of float32), row groups of 65,536 rows, best of ${REPS}; MB/s of float32 data.`,
    `Data: sensor floats (a random walk: what bsq encode reads) and 16 levels per column (what bsq decode writes). hyparquet-writer picks dictionary encoding when it halves the size; parquet-wasm tries dictionary encoding unless turned off.`,
    `Measured on a shared 2-core machine (another job trained on one core; load average about ${loadavg()[0].toFixed(0)} at the end of the run): the numbers are noisy, compare rows of one run only. Node ${process.version}.`,
    '',
    '| library | data | codec | write | read (to columns) | file |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '| bundle (browser, esbuild --minify) | size | extra |',
    '|---|---|---|',
    ...sizes,
    '',
  ].join('\n');
  writeFileSync(join(process.cwd(), 'bench/results/parquet-libs.md'), md);
  process.stdout.write(md);
}

await main();
