// Regenerates the encoding-2 golden vectors (run: `npx tsx spec/vectors/entropy-generate.ts`):
// spec/vectors/entropy-*.bsq + .json (read by test/format/golden.test.ts like every other vector,
// plus the model checks of test/entropy/vectors.test.ts) and spec/vectors/invalid/entropy-*.
//
// Inputs (features, models, codes) are written out or drawn from a seeded PRNG here; the JSON is
// written from those inputs, never by reading the .bsq back. The worked example's block body is
// also produced by `referenceEncode` below, a second, deliberately plain implementation of the
// coder of spec/FORMAT.md 4.4 (no tables, no typed-array tricks); the generator refuses to write
// if it disagrees with the library. `npx tsx spec/vectors/entropy-generate.ts --trace` prints the
// decoding trace used in spec/vectors/entropy-example.md.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codec, type Codes } from '../../src/codec/index.js';
import {
  encodeEntropyBlock,
  encodeEntropyModel,
  fitEntropyModelToCodes,
  MODE_ORDER0,
  MODE_ORDER1,
  MODE_UNIFORM,
  type EntropyModel,
} from '../../src/codec/entropy/index.js';
import { encodeCodecRecord, encodeEndRecord, encodeHeader, encodeRecord, readBsq, writeBsq, BsqError } from '../../src/internals.js';
import { mulberry32 as prng } from '../../test/support/prng.js';
import { concatBytes as concat } from '../../src/format/index.js';
import { bitsOf, codecOf, dataRecord, flat, grid, u32, type FeatureDef } from './vector-helpers.js';

const DIR = dirname(fileURLToPath(import.meta.url));


function modelJson(model: EntropyModel): unknown {
  return {
    scaleBits: model.scaleBits,
    features: model.features.map((f) => ({
      mode: ['uniform', 'order0', 'order1'][f.mode],
      contextBits: f.contextBits,
      tables: Array.from({ length: f.freqs.length / 2 ** Math.min(f.bits, 8) }, (_, t) =>
        Array.from(f.freqs.subarray(t * 2 ** Math.min(f.bits, 8), (t + 1) * 2 ** Math.min(f.bits, 8))),
      ),
    })),
  };
}

// ------------------------------------------------------------ reference coder (spec text, plain)

interface Step {
  row: number;
  feature: number;
  kind: 'symbol' | 'bypass';
  table: number;
  value: number;
  freq: number;
  start: number;
}

/** The symbol sequence of a block, in decoding order (spec/FORMAT.md 4.4, "symbols of a block"). */
function symbolsOf(model: EntropyModel, codes: number[][]): Step[] {
  const S = model.scaleBits;
  const steps: Step[] = [];
  codes.forEach((row, r) => {
    row.forEach((code, f) => {
      const fm = model.features[f]!;
      const m = Math.min(fm.bits, 8);
      const k = fm.bits - m;
      const hi = Math.floor(code / 2 ** k);
      const L = 2 ** m;
      let t = 0;
      if (r > 0 && fm.mode === MODE_ORDER1) t = 1 + Math.floor(Math.floor(codes[r - 1]![f]! / 2 ** k) / 2 ** (m - fm.contextBits));
      const table = fm.mode === MODE_UNIFORM ? new Array(L).fill(2 ** (S - m)) : Array.from(fm.freqs.subarray(t * L, (t + 1) * L));
      let start = 0;
      for (let s = 0; s < hi; s++) start += table[s];
      steps.push({ row: r, feature: f, kind: 'symbol', table: t, value: hi, freq: table[hi], start });
      if (k > 0) {
        const lo = code % 2 ** k;
        steps.push({ row: r, feature: f, kind: 'bypass', table: -1, value: lo, freq: 2 ** (S - k), start: lo * 2 ** (S - k) });
      }
    });
  });
  return steps;
}

function referenceEncode(model: EntropyModel, codes: number[][]): number[] {
  const S = model.scaleBits;
  const M = 2 ** S;
  const x = [2 ** 23, 2 ** 23]; // states A and B: step j uses state j mod 2
  const emitted: number[] = [];
  const steps = symbolsOf(model, codes);
  for (let i = steps.length - 1; i >= 0; i--) {
    const { freq, start } = steps[i]!;
    const k = i % 2;
    while (x[k]! >= freq * 2 ** (31 - S)) {
      emitted.push(x[k]! % 256);
      x[k] = Math.floor(x[k]! / 256);
    }
    x[k] = Math.floor(x[k]! / freq) * M + (x[k]! % freq) + start;
  }
  return [...u32(x[0]!), ...u32(x[1]!), ...emitted.reverse()];
}

function referenceTrace(model: EntropyModel, codes: number[][], body: number[]): string[] {
  const S = model.scaleBits;
  const M = 2 ** S;
  const x = [0, 4].map((o) => body[o]! + body[o + 1]! * 256 + body[o + 2]! * 65536 + body[o + 3]! * 16777216);
  let p = 8;
  const lines = [`initial states A = 0x${x[0]!.toString(16)} (body bytes 0..3), B = 0x${x[1]!.toString(16)} (bytes 4..7)`];
  symbolsOf(model, codes).forEach((st, j) => {
    const k = j % 2;
    const slot = x[k]! % M;
    const before = x[k]!;
    x[k] = st.freq * Math.floor(x[k]! / M) + slot - st.start;
    const read: string[] = [];
    while (x[k]! < 2 ** 23) {
      read.push(`0x${body[p]!.toString(16).padStart(2, '0')}`);
      x[k] = x[k]! * 256 + body[p++]!;
    }
    lines.push(
      `| ${j} | ${k === 0 ? 'A' : 'B'} | ${st.row} | ${st.feature} | ${st.kind === 'symbol' ? st.table : 'bypass'} | 0x${before.toString(16)} | ${slot} | ${st.value} (start ${st.start}, freq ${st.freq}) | ${read.join(' ') || '-'} | 0x${x[k]!.toString(16)} |`,
    );
  });
  lines.push(`final states 0x${x[0]!.toString(16)}, 0x${x[1]!.toString(16)}, ${body.length - p} bytes left`);
  return lines;
}

// ------------------------------------------------------------ the vectors

interface Out {
  name: string;
  description: string;
  features: FeatureDef[];
  codes: number[][];
  blocks: { firstRow: number; rowCount: number; encoding: string }[];
  model: EntropyModel;
  bytes: Uint8Array;
}

const written: Out[] = [];

// 1. The worked example: hand-chosen model, one encoding-2 block assembled by hand (the writer would
//    store 6 rows of 3 bits raw, since 3 raw bytes beat any rANS body of >= 8 bytes).
const exFeatures: FeatureDef[] = [
  { name: 'level', thresholds: [10, 20, 30], levels: [5, 15, 25, 35] },
  { name: 'door', thresholds: [0.5], levels: [0, 1] },
];
const exModel: EntropyModel = {
  scaleBits: 8,
  features: [
    {
      bits: 2,
      mode: MODE_ORDER1,
      contextBits: 2,
      // table 0 (first row), then contexts 0..3 (previous level code)
      freqs: Uint16Array.from([64, 64, 64, 64, 192, 32, 16, 16, 16, 192, 32, 16, 16, 16, 192, 32, 16, 16, 32, 192]),
    },
    { bits: 1, mode: MODE_ORDER0, contextBits: 0, freqs: Uint16Array.from([224, 32]) },
  ],
};
const exCodes = [
  [1, 0],
  [1, 0],
  [2, 0],
  [2, 1],
  [2, 0],
  [3, 0],
];
{
  const codec = codecOf(exFeatures).withEntropyModel(exModel);
  const body = encodeEntropyBlock(exModel, flat(exFeatures, exCodes), exCodes.length)!;
  const ref = referenceEncode(exModel, exCodes);
  if (ref.join() !== Array.from(body).join()) throw new Error(`reference coder disagrees: ${ref} vs ${Array.from(body)}`);
  const bytes = concat([
    encodeHeader(),
    encodeCodecRecord(codec),
    encodeRecord(0x03, 0x01, encodeEntropyModel(exModel)),
    dataRecord(exCodes.length, 2, body),
    encodeEndRecord(exCodes.length, 1),
  ]);
  written.push({
    name: 'entropy-example',
    description:
      'The worked example of spec/vectors/entropy-example.md: level (2 bits, order 1) and door (1 bit, order 0), precision 2^8, 6 rows in one encoding-2 block.',
    features: exFeatures,
    codes: exCodes,
    blocks: [{ firstRow: 0, rowCount: 6, encoding: 'entropy' }],
    model: exModel,
    bytes,
  });
  if (process.argv.includes('--trace')) {
    console.log('model payload:', Buffer.from(encodeEntropyModel(exModel)).toString('hex'));
    console.log('body:', Buffer.from(body).toString('hex'));
    console.log(referenceTrace(exModel, exCodes, Array.from(body)).join('\n'));
    console.log('file:', Buffer.from(bytes).toString('hex'));
  }
}

// 2. Sensor-like data with every model shape: order 1 with full and reduced context, order 0,
//    uniform, a 10-bit feature (2 bypass bits); blocks of 64 rows, the third of which is noise
//    and falls back to raw (encoding 0) under the model fitted on the structured rows.
const sensorFeatures: FeatureDef[] = [
  grid('temp', 4, 15, 1),
  grid('humidity', 4, 20, 5),
  grid('light', 2, 0, 100),
  grid('vibration', 3, -1, 0.25),
  grid('pressure', 10, 950, 0.1),
  grid('co2', 6, 400, 25),
];
const sensorCodes: number[][] = (() => {
  const rnd = prng(42);
  const rows: number[][] = [];
  let temp = 7;
  let hum = 9;
  let light = 0;
  let pres = 500;
  let co2 = 20;
  for (let r = 0; r < 230; r++) {
    if (r >= 128 && r < 192) {
      rows.push([Math.floor(rnd() * 16), Math.floor(rnd() * 16), Math.floor(rnd() * 4), Math.floor(rnd() * 8), Math.floor(rnd() * 1024), Math.floor(rnd() * 64)]);
      continue;
    }
    if (rnd() < 0.08) temp = Math.max(0, Math.min(15, temp + (rnd() < 0.5 ? -1 : 1)));
    if (rnd() < 0.15) hum = Math.max(0, Math.min(15, hum + (rnd() < 0.5 ? -1 : 1)));
    if (rnd() < 0.03) light = (light + 1) % 4;
    pres = Math.max(0, Math.min(1023, pres + Math.floor(rnd() * 5) - 2));
    if (rnd() < 0.2) co2 = Math.max(0, Math.min(63, co2 + (rnd() < 0.5 ? -1 : 1)));
    rows.push([temp, hum, light, Math.floor(rnd() * 8), pres, co2]);
  }
  return rows;
})();
{
  const base = codecOf(sensorFeatures);
  const fitRows = sensorCodes.filter((_, r) => r < 128 || r >= 192);
  const model = fitEntropyModelToCodes(flat(sensorFeatures, fitRows), sensorFeatures.map(bitsOf), { scaleBits: 11, expectedRows: 1 << 20 });
  // Make the vector cover the reduced-context shape too: refit co2 with a cap of 4 contexts.
  const co2 = fitEntropyModelToCodes(flat([sensorFeatures[5]!], fitRows.map((r) => [r[5]!])), [6], {
    scaleBits: 11,
    mode: 'order1',
    maxTableEntries: 5 * 64,
    expectedRows: 1 << 20,
  }).features[0]!;
  const vib = fitEntropyModelToCodes(flat([sensorFeatures[3]!], fitRows.map((r) => [r[3]!])), [3], { scaleBits: 11, mode: 'uniform' }).features[0]!;
  const full: EntropyModel = { scaleBits: 11, features: model.features.map((f, i) => (i === 5 ? co2 : i === 3 ? vib : f)) };
  const codec = base.withEntropyModel(full);
  const bytes = writeBsq(codec, { codes: flat(sensorFeatures, sensorCodes), blockRows: 64, encoding: 'entropy' });
  const modes = full.features.map((f) => `${['uniform', 'order0', 'order1'][f.mode]}${f.mode === 2 ? `/${f.contextBits}` : ''}`);
  written.push({
    name: 'entropy-sensor',
    description: `6 sensor-like features (4, 4, 2, 3, 10, 6 bits; model ${modes.join(', ')}; precision 2^11), 230 rows in blocks of 64: blocks 0, 1 and 3 entropy-coded, block 2 (noise) stored raw by the writer's fallback.`,
    features: sensorFeatures,
    codes: sensorCodes,
    blocks: [0, 64, 128, 192].map((s) => ({ firstRow: s, rowCount: Math.min(64, 230 - s), encoding: s === 128 ? 'raw' : 'entropy' })),
    model: full,
    bytes,
  });

  // 3. Codec-only file carrying the same model in a non-critical record.
  written.push({
    name: 'entropy-codec-only',
    description: 'A codec-only file whose codec carries an entropy model: a non-critical ENTROPY_MODEL record after CODEC (readers without encoding 2 skip it).',
    features: sensorFeatures,
    codes: [],
    blocks: [],
    model: full,
    bytes: writeBsq(codec),
  });
}

for (const v of written) {
  const expected = {
    description: v.description,
    version: { major: 1, minor: 0 },
    codec: { features: v.features.map((f) => ({ name: f.name, bits: bitsOf(f), thresholds: f.thresholds, levels: f.levels })), metadata: null },
    rowCount: v.codes.length,
    blockCount: v.blocks.length,
    blocks: v.blocks,
    codes: v.codes,
    values: v.codes.map((row) => row.map((c, f) => v.features[f]!.levels[c]!)),
    entropyModel: modelJson(v.model),
  };
  // The library must agree with the inputs (the JSON itself never comes from reading back).
  const file = readBsq(v.bytes);
  const got = Array.from(file.codes());
  if (got.join() !== v.codes.flat().join()) throw new Error(`${v.name}: read-back codes differ`);
  if (file.blocks.map((b) => b.encoding).join() !== v.blocks.map((b) => b.encoding).join()) {
    throw new Error(`${v.name}: block encodings ${file.blocks.map((b) => b.encoding)} differ from ${v.blocks.map((b) => b.encoding)}`);
  }
  writeFileSync(join(DIR, `${v.name}.bsq`), v.bytes);
  writeFileSync(join(DIR, `${v.name}.json`), JSON.stringify(expected, null, 2) + '\n');
}

// ------------------------------------------------------------ invalid vectors

const exCodec = codecOf(exFeatures);
const exBody = referenceEncode(exModel, exCodes);
const exModelPayload = Array.from(encodeEntropyModel(exModel));
function exFile(modelPayload: number[] | null, body: number[], flags = 0x01): Uint8Array {
  return concat([
    encodeHeader(),
    encodeCodecRecord(exCodec),
    ...(modelPayload ? [encodeRecord(0x03, flags, Uint8Array.from(modelPayload))] : []),
    dataRecord(exCodes.length, 2, body),
    encodeEndRecord(exCodes.length, 1),
  ]);
}
const zeroFreq = exModelPayload.slice();
// Feature 1 (door) table [224, 32] is the last 3 bytes: 0xE0 0x01 0x20 -> [256, 0]
zeroFreq.splice(zeroFreq.length - 3, 3, 0x80, 0x02, 0x00);
const unknownMode = exModelPayload.slice();
unknownMode[3] = 3; // feature 0 mode
const lowState = exBody.slice();
lowState[7] = 0x00;
lowState[6] = 0x10; // state B < 2^23

const INVALID: { name: string; bytes: Uint8Array; error: string; why: string }[] = [
  { name: 'entropy-no-model', bytes: exFile(null, exBody), error: 'CORRUPT_FILE', why: 'an encoding-2 DATA block with no ENTROPY_MODEL record before it' },
  { name: 'entropy-zero-frequency', bytes: exFile(zeroFreq, exBody), error: 'INVALID_CODEC', why: 'a model table that gives a code probability zero' },
  { name: 'entropy-unknown-mode', bytes: exFile(unknownMode, exBody), error: 'UNSUPPORTED_ENCODING', why: 'model mode 3, unknown to version 1.0' },
  { name: 'entropy-extra-byte', bytes: exFile(exModelPayload, [...exBody, 0]), error: 'CORRUPT_BLOCK', why: 'a byte left over after the last row' },
  { name: 'entropy-short-body', bytes: exFile(exModelPayload, exBody.slice(0, -1)), error: 'CORRUPT_BLOCK', why: 'the body ends one byte early' },
  { name: 'entropy-state-range', bytes: exFile(exModelPayload, lowState), error: 'CORRUPT_BLOCK', why: 'an initial state (B) below 2^23' },
];
for (const v of INVALID) {
  let code = 'none';
  try {
    readBsq(v.bytes);
  } catch (e) {
    code = e instanceof BsqError ? e.code : String(e);
  }
  if (code !== v.error) throw new Error(`${v.name}: expected ${v.error}, the library says ${code}`);
  writeFileSync(join(DIR, 'invalid', `${v.name}.bsq`), v.bytes);
  writeFileSync(join(DIR, 'invalid', `${v.name}.json`), JSON.stringify({ error: v.error, description: v.why }, null, 2) + '\n');
}
console.log(`wrote ${written.length} entropy vectors and ${INVALID.length} invalid ones`);
