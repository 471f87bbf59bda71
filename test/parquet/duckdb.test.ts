// DuckDB as a real client (@duckdb/node-api, DuckDB's own Parquet reader and writer): decoded Parquet
// files queried with SQL give the rows and aggregates readBsq gives, the codec is readable from
// DuckDB's view of the key-value metadata, a directory of decoded files reads as one (hive-
// partitioned) dataset, and a Parquet file DuckDB wrote from a CSV encodes to exactly the bytes the
// CSV encodes to (snappy and zstd pages, row groups that differ from the .bsq blocks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Codec, readBsq, writeBsq } from '../../src/index.js';
import { parquetFromBsq, codecFromParquetMetadata } from '../../src/parquet/index.js';
import { decodeFiles } from '../../src/parquet/node.js';
import { FIXTURES, run, tempDir } from '../cli/helpers.js';

const CSV = join(FIXTURES, 'occupancy_test.csv');
const RANGES: [string, number, number][] = [
  ['Temperature', 19, 24],
  ['Humidity', 16, 40],
  ['Light', 0, 1700],
  ['CO2', 400, 2100],
  ['HumidityRatio', 0.0026, 0.0065],
];
const codec = Codec.fromThresholds(
  RANGES.map(([name, lo, hi]) => ({ name, thresholds: Array.from({ length: 15 }, (_, j) => lo + ((hi - lo) * (j + 1)) / 16) })),
);

let tmp: ReturnType<typeof tempDir>;
let db: DuckDBInstance;
let con: DuckDBConnection;
let bsq: Uint8Array;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

beforeAll(async () => {
  tmp = tempDir();
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  writeFileSync(join(tmp.dir, 'codec.bsq'), writeBsq(codec));
  const r = await run(['encode', '--codec', 'codec.bsq', CSV, '-o', 'test.bsq', '--block-rows', '1000'], { cwd: tmp.dir });
  expect(r.code).toBe(0);
  bsq = new Uint8Array(readFileSync(join(tmp.dir, 'test.bsq')));
});

afterAll(() => {
  con?.closeSync();
  db?.closeSync();
  tmp?.cleanup();
});

describe('DuckDB reads decoded Parquet', () => {
  it('rows and aggregates equal readBsq for values, dictionary and codes files', async () => {
    const file = readBsq(bsq);
    const values = file.values();
    const codes = file.codes();
    const F = codec.featureCount;
    const n = file.rowCount;
    for (const as of ['values', 'dictionary', 'codes'] as const) {
      const path = join(tmp.dir, `test.${as}.parquet`);
      writeFileSync(path, await parquetFromBsq(bsq, { output: as }));
      const rows = await query(`SELECT * FROM read_parquet('${path}')`);
      expect(rows.length).toBe(n);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < F; j++) {
          const want = as === 'codes' ? codes[r * F + j] : values[r * F + j];
          expect(rows[r][codec.features[j].name]).toBe(want);
        }
      }
      const name = 'CO2';
      const j = codec.features.findIndex((f) => f.name === name);
      const col = Array.from({ length: n }, (_, r) => (as === 'codes' ? codes[r * F + j] : values[r * F + j]));
      const [agg] = await query(`SELECT count(*) AS n, min(${name}) AS lo, max(${name}) AS hi, sum(${name}) AS s, count(DISTINCT ${name}) AS k FROM read_parquet('${path}')`);
      expect(Number(agg.n)).toBe(n);
      expect(agg.lo).toBe(Math.min(...col));
      expect(agg.hi).toBe(Math.max(...col));
      expect(Number(agg.k)).toBe(new Set(col).size);
      const sum = col.reduce((a, b) => a + b, 0);
      expect(Math.abs(Number(agg.s) - sum)).toBeLessThanOrEqual(1e-9 * Math.abs(sum) + 1e-9);
      if (as === 'codes') {
        const hist = await query(`SELECT ${name} AS c, count(*) AS k FROM read_parquet('${path}') GROUP BY 1 ORDER BY 1`);
        const want = new Map<number, number>();
        for (const c of col) want.set(c, (want.get(c) ?? 0) + 1);
        expect(hist.map((h) => [h.c, Number(h.k)])).toEqual([...want.entries()].sort((a, b) => a[0] - b[0]));
      }
    }
  });

  it('DuckDB sees one row group per block and the codec in the key-value metadata', async () => {
    const path = join(tmp.dir, 'test.values.parquet');
    const groups = await query(`SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${path}') ORDER BY 1`);
    expect(groups.map((g) => Number(g.row_group_num_rows))).toEqual(readBsq(bsq).blocks.map((b) => b.rowCount));
    const kv = await query(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${path}')`);
    const back = codecFromParquetMetadata(kv.map((e) => ({ key: String(e.key), value: String(e.value) })));
    expect(writeBsq(back!)).toEqual(writeBsq(codec));
  });

  it('a directory of decoded files (bsq decode with --jobs) reads as one hive-partitioned dataset', async () => {
    const file = readBsq(bsq);
    const lake = join(tmp.dir, 'archive');
    for (const [part, from, to] of [['day=1', 0, 1000], ['day=2', 1000, 2000], ['day=2', 2000, file.rowCount]] as const) {
      mkdirSync(join(lake, part), { recursive: true });
      writeFileSync(join(lake, part, `rows-${from}.bsq`), writeBsq(codec, { rows: file.values().subarray(from * 5, to * 5) }));
    }
    const r = await run(['decode', 'archive', '-o', 'lake', '--jobs', '2'], { cwd: tmp.dir });
    expect(r.stderr).toContain('decoded 3 files');
    expect(r.code).toBe(0);
    const days = await query(`SELECT day, count(*) AS n, sum(Light) AS light FROM read_parquet('${join(tmp.dir, 'lake')}/**/*.parquet', hive_partitioning = true) GROUP BY day ORDER BY day`);
    expect(days.map((d) => [Number(d.day), Number(d.n)])).toEqual([[1, 1000], [2, file.rowCount - 1000]]);
    // the library API, in-process (jobs: 1), writes the same files
    const lib = await decodeFiles([lake], { outDir: join(tmp.dir, 'lake2'), jobs: 1 });
    expect(lib.map((x) => (x.ok ? x.rows : x.error.message))).toEqual([1000, 1000, file.rowCount - 2000]);
    for (const x of lib) expect(readFileSync(x.output)).toEqual(readFileSync(x.output.replace('/lake2/', '/lake/')));
  });
});

describe('DuckDB writes Parquet, bsq encodes it', () => {
  for (const [compression, rowGroup] of [['snappy', 700], ['zstd', 2048]] as const) {
    it(`a ${compression} file with row groups of ${rowGroup} encodes byte-identically to the CSV`, async () => {
      const pq = join(tmp.dir, `duck-${compression}.parquet`);
      await con.run(`COPY (SELECT * FROM read_csv('${CSV}')) TO '${pq}' (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroup})`);
      for (const extra of [[], ['--entropy']]) {
        const a = await run(['encode', '--codec', 'codec.bsq', pq, '-o', `from-parquet.bsq`, '--block-rows', '1000', ...extra], { cwd: tmp.dir });
        const b = await run(['encode', '--codec', 'codec.bsq', CSV, '-o', `from-csv.bsq`, '--block-rows', '1000', ...extra], { cwd: tmp.dir });
        expect(a.stderr + b.stderr).not.toContain('error');
        expect(readFileSync(join(tmp.dir, 'from-parquet.bsq'))).toEqual(readFileSync(join(tmp.dir, 'from-csv.bsq')));
      }
    });
  }
});
