// The CLI with Parquet: train / eval / encode read Parquet (recognised by its PAR1 signature, also
// under a .csv name or on stdin) exactly like the same CSV; decode writes Parquet (values, codes,
// dictionary) that encodes back to the same bytes; several inputs with --jobs give the same outputs
// whatever the number of workers, and a bad input among good ones fails clearly while the other
// outputs are whole and no temporary file is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Codec, writeBsq } from '../../src/index.js';
import { openParquet } from '../../src/parquet/index.js';
import { FIXTURES, run, tempDir } from './helpers.js';

const FAST = ['--epochs', '2', '--hard-epochs', '1', '--hidden-layers', '1', '--hidden-units', '16', '--batch-size', '64'];
let dir: string;
let cleanup: () => void;

/** A CSV of numbers as a Parquet file (DOUBLE columns; integer-valued columns as INT64). */
function csvToParquet(csv: string, rowGroupSize: number): Uint8Array {
  const [head, ...lines] = csv.trim().split('\n');
  const names = head.split(',');
  const rows = lines.map((l) => l.split(',').map(Number));
  const columnData = names.map((name, j) => {
    const col = rows.map((r) => r[j]);
    return col.every(Number.isInteger)
      ? { name, data: BigInt64Array.from(col.map((v) => BigInt(v))), type: 'INT64' as const }
      : { name, data: Float64Array.from(col), type: 'DOUBLE' as const };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize }));
}

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(root, join(d, e.name)));
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  const csv = readFileSync(join(FIXTURES, 'occupancy_tiny.csv'), 'utf8');
  writeFileSync(join(dir, 'occ.csv'), csv);
  writeFileSync(join(dir, 'occ.parquet'), csvToParquet(csv, 64));
  writeFileSync(join(dir, 'occ-parquet-named.csv'), csvToParquet(csv, 1000));
  copyFileSync(join(FIXTURES, 'occupancy_test.csv'), join(dir, 'test.csv'));
  writeFileSync(join(dir, 'test.parquet'), csvToParquet(readFileSync(join(FIXTURES, 'occupancy_test.csv'), 'utf8'), 1000));
  const codec = Codec.fromThresholds(
    ['Temperature', 'Humidity', 'Light', 'CO2', 'HumidityRatio'].map((name, i) => ({ name, thresholds: [10 ** (i - 3), 20, 30, 400, 800, 1200, 1600].sort((a, b) => a - b) })),
  );
  writeFileSync(join(dir, 'codec.bsq'), writeBsq(codec));
});
afterAll(() => cleanup());

describe('Parquet input', () => {
  it('bsq train and bsq eval on Parquet give what they give on the same CSV', async () => {
    const a = await run(['train', 'occ.csv', '--target', 'Occupancy', '-o', 'from-csv', ...FAST], { cwd: dir });
    const b = await run(['train', 'occ.parquet', '--target', 'Occupancy', '-o', 'from-parquet', ...FAST], { cwd: dir });
    expect(a.code).toBe(0);
    expect(b.stderr).not.toMatch(/error/);
    expect(b.code).toBe(0);
    expect(readFileSync(join(dir, 'from-parquet', 'codec.bsq'))).toEqual(readFileSync(join(dir, 'from-csv', 'codec.bsq')));
    const ea = await run(['eval', '--model', 'from-csv', 'test.csv', '--json'], { cwd: dir });
    const eb = await run(['eval', '--model', 'from-csv', 'test.parquet', '--json'], { cwd: dir });
    expect(eb.code).toBe(0);
    expect(JSON.parse(eb.stdout.toString()).metrics).toEqual(JSON.parse(ea.stdout.toString()).metrics);
  });

  it('encode: a Parquet file (also named .csv, also on stdin) encodes like the CSV', async () => {
    const ref = await run(['encode', '--codec', 'codec.bsq', 'occ.csv', '-o', 'ref.bsq', '--block-rows', '50'], { cwd: dir });
    expect(ref.code).toBe(0);
    const want = readFileSync(join(dir, 'ref.bsq'));
    for (const input of ['occ.parquet', 'occ-parquet-named.csv']) {
      const r = await run(['encode', '--codec', 'codec.bsq', input, '-o', 'out.bsq', '--block-rows', '50'], { cwd: dir });
      expect(r.stderr).not.toMatch(/error/);
      expect(readFileSync(join(dir, 'out.bsq'))).toEqual(want);
    }
    const s = await run(['encode', '--codec', 'codec.bsq', '-', '-o', '-', '--block-rows', '50'], { cwd: dir, stdin: readFileSync(join(dir, 'occ.parquet')) });
    expect(s.code).toBe(0);
    expect(s.stdout).toEqual(want);
  });

  it('a Parquet column of text is a clear error naming the column and its type', async () => {
    const columnData = ['Temperature', 'Humidity', 'Light', 'CO2', 'HumidityRatio'].map((name) =>
      name === 'Light' ? { name, data: ['bright'], type: 'STRING' as const } : { name, data: Float64Array.from([1]), type: 'DOUBLE' as const },
    );
    writeFileSync(join(dir, 'text.parquet'), new Uint8Array(parquetWriteBuffer({ columnData })));
    const r = await run(['encode', '--codec', 'codec.bsq', 'text.parquet', '-o', 'text.bsq'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/text\.parquet: column "Light" has Parquet type BYTE_ARRAY \(UTF8\).*\[INVALID_DATA\]/);
    expect(existsSync(join(dir, 'text.bsq'))).toBe(false);
  });
});

describe('Parquet output', () => {
  it('decode writes values, codes and dictionary Parquet that encode back to the same bytes', async () => {
    await run(['encode', '--codec', 'codec.bsq', 'test.csv', '-o', 't.bsq', '--block-rows', '1000'], { cwd: dir });
    const want = readFileSync(join(dir, 't.bsq'));
    for (const as of ['values', 'codes', 'dictionary']) {
      const d = await run(['decode', 't.bsq', '-o', `t.${as}.parquet`, '--as', as], { cwd: dir });
      expect(d.stderr).toContain(`(${as}) from 3 blocks`);
      const info = await openParquet(new Uint8Array(readFileSync(join(dir, `t.${as}.parquet`))));
      expect(info.rowGroups).toEqual([1000, 1000, 665]);
      const e = await run(['encode', '--codec', 'codec.bsq', `t.${as}.parquet`, '-o', 'back.bsq', '--block-rows', '1000'], { cwd: dir });
      expect(e.code).toBe(0);
      expect(readFileSync(join(dir, 'back.bsq'))).toEqual(want);
    }
    const bad = await run(['decode', 't.bsq', '-o', 't.csv', '--as', 'dictionary'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Parquet only');
  });
});

describe('several inputs, --jobs', () => {
  beforeAll(() => {
    mkdirSync(join(dir, 'lake', 'site=a'), { recursive: true });
    mkdirSync(join(dir, 'lake', 'site=b'), { recursive: true });
    copyFileSync(join(dir, 'occ.csv'), join(dir, 'lake', 'site=a', 'p0.csv'));
    copyFileSync(join(dir, 'occ.parquet'), join(dir, 'lake', 'site=a', 'p1.parquet'));
    copyFileSync(join(dir, 'test.parquet'), join(dir, 'lake', 'site=b', 'p0.snappy.parquet'));
    writeFileSync(join(dir, 'lake', 'site=b', '_SUCCESS'), '');
  });

  it('the outputs are the same with 1 and 2 workers, and equal the single-file encode', async () => {
    // --jobs 1 runs in this thread, --jobs 2 on worker threads; a glob and a directory
    const one = await run(['encode', '--codec', 'codec.bsq', 'lake/**/*.*', '-o', 'enc1', '--jobs', '1', '--deflate'], { cwd: dir });
    expect(one.stderr).toContain('encoded 3 files with 1 worker');
    const two = await run(['encode', '--codec', 'codec.bsq', 'lake', '-o', 'enc2', '--jobs', '2', '--deflate'], { cwd: dir });
    expect(two.stderr).toContain('encoded 3 files with 2 workers');
    expect(two.code).toBe(0);
    // the per-file lines come in input order whatever finished first
    const lines = (text: string, out: string) => text.split('\n').filter((l) => / rows x 5 features /.test(l)).map((l) => l.replace(out, 'OUT'));
    expect(lines(two.stderr, 'enc2').length).toBe(3);
    expect(lines(two.stderr, 'enc2')).toEqual(lines(one.stderr, 'enc1'));
    expect(files(join(dir, 'enc1'))).toEqual(['site=a/p0.bsq', 'site=a/p1.bsq', 'site=b/p0.bsq']);
    for (const f of files(join(dir, 'enc1'))) expect(readFileSync(join(dir, 'enc2', f))).toEqual(readFileSync(join(dir, 'enc1', f)));
    await run(['encode', '--codec', 'codec.bsq', 'test.csv', '-o', 'single.bsq', '--deflate'], { cwd: dir });
    expect(readFileSync(join(dir, 'enc1', 'site=b', 'p0.bsq'))).toEqual(readFileSync(join(dir, 'single.bsq')));
  });

  it('a bad input among good ones fails clearly; the other outputs are whole, no temporary file is left', async () => {
    mkdirSync(join(dir, 'mixed'), { recursive: true });
    copyFileSync(join(dir, 'occ.parquet'), join(dir, 'mixed', 'a.parquet'));
    const good = readFileSync(join(dir, 'test.parquet'));
    writeFileSync(join(dir, 'mixed', 'b.parquet'), good.subarray(0, good.length - 100)); // truncated
    copyFileSync(join(dir, 'test.csv'), join(dir, 'mixed', 'c.csv'));
    for (const jobs of ['1', '2']) {
      const r = await run(['encode', '--codec', 'codec.bsq', 'mixed', '-o', `mixed-out${jobs}`, '--jobs', jobs], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^bsq encode: error: \/.*\/mixed\/b\.parquet: not a Parquet file.*\[INVALID_DATA\]$/m);
      expect(r.stderr).toContain('1 of 3 inputs failed');
      expect(files(join(dir, `mixed-out${jobs}`))).toEqual(['a.bsq', 'c.bsq']);
    }
    await run(['encode', '--codec', 'codec.bsq', 'test.csv', '-o', 'c-alone.bsq'], { cwd: dir });
    expect(readFileSync(join(dir, 'mixed-out2', 'c.bsq'))).toEqual(readFileSync(join(dir, 'c-alone.bsq')));
  });

  it('usage errors: stdin among several inputs, stdout as the output directory, inputs inside the output directory', async () => {
    expect((await run(['encode', '--codec', 'codec.bsq', 'occ.csv', '-', '-o', 'x'], { cwd: dir })).code).toBe(2);
    expect((await run(['encode', '--codec', 'codec.bsq', 'occ.csv', 'test.csv', '-o', '-'], { cwd: dir })).code).toBe(2);
    const r = await run(['decode', 'enc1', '-o', '.', '--jobs', '1'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is inside the output directory');
    const none = await run(['decode', 'nothing/*.bsq', '-o', 'x'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no input file matches 'nothing/*.bsq'");
  });
});
