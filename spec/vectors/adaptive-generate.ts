// Regenerates the encoding-3 (adaptive) golden vectors (run: `npx tsx spec/vectors/adaptive-generate.ts`):
// spec/vectors/adaptive-*.bsq + .json (read by test/format/golden.test.ts like every other vector,
// and decoded by the independent reference decoder in test/adaptive/vectors.test.ts),
// spec/vectors/adaptive-chain.json (a device record chain) and spec/vectors/invalid/adaptive-*.
//
// Inputs (features, codes) are written out or drawn from a seeded PRNG here; the JSON is written
// from those inputs, never by reading the .bsq back. The generator refuses to write when the
// library's reader or the independent reference decoder (written from spec/FORMAT.md 4.5)
// disagree with the inputs.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codec, type Codes } from '../../src/codec/index.js';
import { AdaptiveState, encodeAdaptiveCodes } from '../../src/codec/adaptive/index.js';
import { AdaptiveChainEncoder, encodeCodecRecord, encodeEndRecord, encodeHeader, encodeRecord, readBsq, writeBsq, BsqError } from '../../src/internals.js';
import { concatBytes as concat } from '../../src/format/index.js';
import { mulberry32 as prng } from '../../test/support/prng.js';
import { ReferenceAdaptiveState, referenceDecode } from '../../test/adaptive/reference-decoder.js';
import { bitsOf, codecOf, dataRecord, flat, grid, u32, type FeatureDef } from './vector-helpers.js';

const DIR = dirname(fileURLToPath(import.meta.url));


/** The body of one encoding-3 block with seq 0, checked against the reference decoder. */
function blockBody(features: FeatureDef[], codes: number[][]): number[] {
  const bits = features.map(bitsOf);
  const coded = encodeAdaptiveCodes(new AdaptiveState(bits), flat(features, codes), codes.length)!;
  const back = referenceDecode(new ReferenceAdaptiveState(bits), coded, codes.length);
  if (back.join() !== codes.flat().join()) throw new Error('the reference decoder disagrees with the library');
  return [0, 0, ...Array.from(coded)];
}

interface Out {
  name: string;
  description: string;
  features: FeatureDef[];
  codes: number[][];
  blocks: { firstRow: number; rowCount: number; encoding: string }[];
  bytes: Uint8Array;
}

const written: Out[] = [];

// 1. A small example: level (2 bits) and door (1 bit), 24 rows in one encoding-3 block.
const exFeatures: FeatureDef[] = [
  { name: 'level', thresholds: [10, 20, 30], levels: [5, 15, 25, 35] },
  { name: 'door', thresholds: [0.5], levels: [0, 1] },
];
const exCodes: number[][] = [];
for (let r = 0; r < 24; r++) exCodes.push([r < 6 ? 1 : r < 14 ? 2 : r < 20 ? 3 : 2, r >= 9 && r < 12 ? 1 : 0]);
const exBody = blockBody(exFeatures, exCodes);
written.push({
  name: 'adaptive-example',
  description: 'level (2 bits) and door (1 bit), 24 rows in one encoding-3 (adaptive) block with seq 0.',
  features: exFeatures,
  codes: exCodes,
  blocks: [{ firstRow: 0, rowCount: 24, encoding: 'adaptive' }],
  bytes: concat([encodeHeader(), encodeCodecRecord(codecOf(exFeatures)), dataRecord(24, 3, exBody), encodeEndRecord(24, 1)]),
});

// 2. Sensor-like data: 4, 4, 2, 3, 10 (2 bypass bits) and 6-bit features, 230 rows in blocks of 64;
//    block 2 is noise and the writer stores it raw.
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
  const codec = codecOf(sensorFeatures);
  const bytes = writeBsq(codec, { codes: flat(sensorFeatures, sensorCodes), blockRows: 64, encoding: 'adaptive' });
  // Check every coded block against the reference decoder too.
  for (let s = 0; s < 230; s += 64) {
    if (s === 128) continue;
    blockBody(sensorFeatures, sensorCodes.slice(s, s + 64));
  }
  written.push({
    name: 'adaptive-sensor',
    description: '6 sensor-like features (4, 4, 2, 3, 10, 6 bits), 230 rows in blocks of 64: blocks 0, 1 and 3 coded with encoding 3 (adaptive), block 2 (noise) stored raw by the writer.',
    features: sensorFeatures,
    codes: sensorCodes,
    blocks: [0, 64, 128, 192].map((s) => ({ firstRow: s, rowCount: Math.min(64, 230 - s), encoding: s === 128 ? 'raw' : 'adaptive' })),
    bytes,
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
  };
  const file = readBsq(v.bytes);
  if (Array.from(file.codes()).join() !== v.codes.flat().join()) throw new Error(`${v.name}: read-back codes differ`);
  if (file.blocks.map((b) => b.encoding).join() !== v.blocks.map((b) => b.encoding).join()) {
    throw new Error(`${v.name}: block encodings ${file.blocks.map((b) => b.encoding)} differ from ${v.blocks.map((b) => b.encoding)}`);
  }
  writeFileSync(join(DIR, `${v.name}.bsq`), v.bytes);
  writeFileSync(join(DIR, `${v.name}.json`), JSON.stringify(expected, null, 2) + '\n');
}

// 3. A device record chain (spec/FORMAT.md 4.5, "Record chains"): the sensor codec's first 40 rows
//    as 10 records of 4 rows, resetting every 4 records (seq 0 1 2 3 0 1 2 3 0 1).
{
  const codec = codecOf(sensorFeatures);
  const enc = new AdaptiveChainEncoder(codec, { resetEvery: 4 });
  const records: { seq: number; rows: number[][]; hex: string }[] = [];
  const ref = new ReferenceAdaptiveState(sensorFeatures.map(bitsOf));
  for (let k = 0; k < 10; k++) {
    const rows = sensorCodes.slice(4 * k, 4 * k + 4);
    const seq = enc.nextSeq;
    const rec = enc.encodeCodes(flat(sensorFeatures, rows), 4);
    if (seq === 0) Object.assign(ref, new ReferenceAdaptiveState(sensorFeatures.map(bitsOf)));
    const back = referenceDecode(ref, rec.subarray(13, rec.length - 4), 4);
    if (back.join() !== rows.flat().join()) throw new Error(`chain record ${k}: the reference decoder disagrees`);
    records.push({ seq, rows, hex: Buffer.from(rec).toString('hex') });
  }
  writeFileSync(
    join(DIR, 'adaptive-chain.json'),
    JSON.stringify(
      {
        description:
          'A record chain of encoding-3 DATA records (self-delimiting, no file header) for the codec of adaptive-sensor.bsq: 10 records of 4 rows (its rows 0..39), resetEvery 4. Each record continues the model state of the one before unless its seq is 0.',
        codecOf: 'adaptive-sensor.bsq',
        resetEvery: 4,
        records,
      },
      null,
      2,
    ) + '\n',
  );
}

// ------------------------------------------------------------ invalid vectors

const exCodec = codecOf(exFeatures);
function exFile(body: number[]): Uint8Array {
  return concat([encodeHeader(), encodeCodecRecord(exCodec), dataRecord(24, 3, body), encodeEndRecord(24, 1)]);
}
const seq1 = exBody.slice();
seq1[0] = 1;
const INVALID: { name: string; bytes: Uint8Array; error: string; why: string }[] = [
  { name: 'adaptive-extra-bytes', bytes: exFile([...exBody, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a]), error: 'CORRUPT_BLOCK', why: 'bytes left over after the last row' },
  { name: 'adaptive-seq-in-file', bytes: exFile(seq1), error: 'CORRUPT_BLOCK', why: 'an encoding-3 block with seq 1 in a file (it would continue a chain)' },
  { name: 'adaptive-short-body', bytes: exFile([0]), error: 'CORRUPT_BLOCK', why: 'a body shorter than its 2-byte seq' },
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
console.log(`wrote ${written.length} adaptive vectors, the chain vector and ${INVALID.length} invalid ones`);
