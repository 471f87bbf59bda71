// Format benchmark: CRC-32C throughput (slicing-by-8 against a one-table byte loop, side by side),
// file size and write/read speed of raw vs deflate blocks at levels 1/6/9 on a time-ordered sensor
// dataset (gas turbine, 4-bit quantile codec) and on the same rows shuffled.
// Run: npx tsx bench/format.bench.ts  ->  bench/results/format.json, bench/results/format.md

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'fflate';
import { Codec } from '../src/codec/index.js';
import { crc32c, encodeCodecRecord, encodeEndRecord, encodeHeader, readBsq, writeBsq, DEFLATE_LEVEL } from '../src/format/index.js';

const DATA = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const OUT = fileURLToPath(new URL('./results/', import.meta.url));

function time(fn: () => void, minMs = 300): number {
  fn();
  let runs = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    runs++;
    t = performance.now();
  }
  return (t - t0) / runs;
}

// ---- CRC-32C
const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  TABLE[n] = c;
}
function crcBytewise(b: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
const buf = new Uint8Array(16 * 1024 * 1024);
for (let i = 0; i < buf.length; i++) buf[i] = (i * 2654435761) >>> 24;
if (crc32c(buf) !== crcBytewise(buf)) throw new Error('crc mismatch');
const crcFast = time(() => crc32c(buf));
const crcSlow = time(() => crcBytewise(buf));
const crc = {
  bytes: buf.length,
  slicingBy8MiBps: buf.length / 1048576 / (crcFast / 1000),
  bytewiseMiBps: buf.length / 1048576 / (crcSlow / 1000),
};

// ---- data: gas turbine emissions, 10 features (CO dropped), 4-bit quantile thresholds
const lines = readFileSync(DATA + 'gas_turbine_emissions.csv', 'utf8').trim().split(/\r?\n/);
const header = lines[0].split(',');
const keep = header.map((_, i) => i).filter((i) => header[i] !== 'CO');
const n = lines.length - 1;
const F = keep.length;
const rows = new Float64Array(n * F);
for (let r = 0; r < n; r++) {
  const cells = lines[r + 1].split(',');
  for (let j = 0; j < F; j++) rows[r * F + j] = Number(cells[keep[j]]);
}
const codec = Codec.fromThresholds(
  keep.map((i, j) => {
    const col = Float64Array.from({ length: n }, (_, r) => rows[r * F + j]).sort();
    return { name: header[i], thresholds: Array.from({ length: 15 }, (_, k) => col[Math.floor(((k + 1) * n) / 16)]) };
  }),
);
const shuffledRows = rows.slice();
let s = 12345;
for (let i = n - 1; i > 0; i--) {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  const j = s % (i + 1);
  for (let f = 0; f < F; f++) {
    const t = shuffledRows[i * F + f];
    shuffledRows[i * F + f] = shuffledRows[j * F + f];
    shuffledRows[j * F + f] = t;
  }
}

const overhead = encodeHeader().length + encodeCodecRecord(codec).length + encodeEndRecord(0, 0).length;
interface Row {
  data: string;
  encoding: string;
  blockRows: number;
  bytes: number;
  bitsPerValue: number;
  writeMs: number;
  readMs: number;
}
const results: Row[] = [];
for (const [label, data] of [
  ['time-ordered', rows],
  ['shuffled', shuffledRows],
] as const) {
  const codes = codec.encodeRowsToCodes(data);
  for (const blockRows of [4096, 65536]) {
    for (const encoding of ['raw', 'deflate'] as const) {
      const bytes = writeBsq(codec, { codes, blockRows, encoding });
      const writeMs = time(() => writeBsq(codec, { codes, blockRows, encoding }));
      const readMs = time(() => readBsq(bytes).codes());
      results.push({
        data: label,
        encoding: encoding === 'deflate' ? `deflate (level ${DEFLATE_LEVEL})` : 'raw',
        blockRows,
        bytes: bytes.length,
        bitsPerValue: ((bytes.length - overhead) * 8) / (n * F),
        writeMs,
        readMs,
      });
    }
  }
}

// deflate levels on the packed bytes of 4096-row blocks (the same slices writeBsq makes)
const levels: { data: string; level: number; bytes: number; ms: number }[] = [];
for (const [label, data] of [
  ['time-ordered', rows],
  ['shuffled', shuffledRows],
] as const) {
  const codes = codec.encodeRowsToCodes(data);
  const blocks: Uint8Array[] = [];
  for (let r = 0; r < n; r += 4096) blocks.push(codec.packCodes(codes.subarray(r * F, Math.min(n, r + 4096) * F), Math.min(4096, n - r)));
  for (const level of [1, 6, 9] as const) {
    let bytes = 0;
    for (const b of blocks) bytes += deflateSync(b, { level }).length;
    const ms = time(() => {
      for (const b of blocks) deflateSync(b, { level });
    });
    levels.push({ data: label, level, bytes, ms });
  }
}

const out = { note: 'one run on a shared 2-core machine: timings are noisy; compare ratios within this run', crc, rows: n, features: F, bitsPerFeature: 4, results, levels };
mkdirSync(OUT, { recursive: true });
writeFileSync(OUT + 'format.json', JSON.stringify(out, null, 2) + '\n');
const md = [
  '## Format (bench/format.bench.ts)',
  '',
  `Timings from one run on a shared 2-core machine (noisy; compare within the run). ${n} rows x ${F} features of the gas turbine dataset, 4-bit quantile codec (raw = 4.00 bits/value before framing).`,
  '',
  `CRC-32C: slicing-by-8 ${crc.slicingBy8MiBps.toFixed(0)} MiB/s vs one-table byte loop ${crc.bytewiseMiBps.toFixed(0)} MiB/s (x${(crc.slicingBy8MiBps / crc.bytewiseMiBps).toFixed(1)}).`,
  '',
  '| data | encoding | blockRows | file bytes | bits/value (data records) | write ms | read+codes ms |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.data} | ${r.encoding} | ${r.blockRows} | ${r.bytes} | ${r.bitsPerValue.toFixed(3)} | ${r.writeMs.toFixed(2)} | ${r.readMs.toFixed(2)} |`),
  '',
  'Deflate level on 4096-row blocks (body bytes only):',
  '',
  '| data | level | bytes | ms |',
  '|---|---:|---:|---:|',
  ...levels.map((l) => `| ${l.data} | ${l.level} | ${l.bytes} | ${l.ms.toFixed(2)} |`),
  '',
].join('\n');
writeFileSync(OUT + 'format.md', md);
console.log(md);
