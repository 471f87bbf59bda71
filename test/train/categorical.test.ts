// Categorical features in trainCodec: text and boolean columns become categorical (dictionary most
// frequent first), options.categorical / options.numeric override, the codec carries the
// dictionaries, test data is indexed with them (unknown code or UNKNOWN_CATEGORY), rare categories
// beyond the bit budget share the unknown code, and the baselines see one-hot columns.
import { describe, expect, it } from 'vitest';
import { BsqError, readBsq, writeBsq } from '../../src/index.js';
import { trainCodec } from '../../src/train/index.js';
import { mulberry32 } from '../support/prng.js';

const fast = { epochs: 2, hardEpochs: 1, maxSteps: 40, hiddenLayers: 1, hiddenUnits: 16, batchSize: 64, backend: 'cpu' as const };

/** y depends on the colour (a text column) and x; 'flag' is boolean. */
function data(n: number, seed = 1) {
  const rnd = mulberry32(seed);
  const colours = ['red', 'green', 'blue', 'cyan', 'pink'];
  const colour: string[] = [], flag: boolean[] = [], x = new Float64Array(n), y: string[] = [];
  for (let i = 0; i < n; i++) {
    // frequencies: red > green > blue > cyan > pink
    const c = colours[Math.min(4, Math.floor(-Math.log(1 - rnd()) * 1.5))]!;
    colour.push(c);
    flag.push(rnd() < 0.5);
    x[i] = rnd();
    y.push(c === 'red' || (c === 'blue' && x[i]! > 0.5) ? 'hot' : 'cold');
  }
  return { colour, flag, x, y };
}

async function failure(p: Promise<unknown>): Promise<BsqError> {
  try { await p; } catch (e) { return e as BsqError; }
  throw new Error('expected a failure');
}

describe('trainCodec with categorical features', () => {
  it('detects text and boolean columns, learns dictionaries, and round-trips them through .bsq', async () => {
    const d = data(400);
    const { codec, report } = await trainCodec(d, { target: 'y', bits: 4, baselines: ['FP'], ...fast });
    const colour = codec.features[0]!;
    expect(colour.categories).toEqual(['red', 'green', 'blue', 'cyan', 'pink']);
    expect(colour.unknown).toBe('code'); // 5 + 1 codes fit 3 bits
    expect(colour.bits).toBe(3);
    expect(codec.features[1]!.categories).toEqual([...new Set(d.flag.map(String))].sort((a, b) => d.flag.filter((v) => String(v) === b).length - d.flag.filter((v) => String(v) === a).length || (a < b ? -1 : 1)));
    expect(codec.features[1]!.bits).toBe(1);
    expect(codec.features[2]!.categories).toBeUndefined();
    expect(report.bits).toEqual([3, 1, 4]);
    expect(report.data.categorical?.colour).toEqual({ categories: ['red', 'green', 'blue', 'cyan', 'pink'], unknown: 'code', merged: 0 });
    expect(report.data.lossless).not.toContain('colour');
    expect(report.baselines.FP).toBeDefined();
    const idx = codec.categoryIndices(0, d.colour);
    const file = readBsq(writeBsq(codec, { columns: [idx, codec.categoryIndices(1, d.flag.map(String)), d.x] }));
    expect(file.codec.categoryNames(0, file.codes(), { stride: 3 })).toEqual(d.colour);
  });

  it('options.numeric refuses text; options.categorical takes numbers as categories', async () => {
    const d = data(200);
    const e = await failure(trainCodec(d, { target: 'y', numeric: ['colour'], ...fast }));
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toMatch(/column 'colour' row 0/);
    const zone = Array.from(d.x, (v) => (v > 0.5 ? 2 : 7));
    const { codec } = await trainCodec({ zone, x: d.x, y: d.y }, { target: 'y', categorical: ['zone'], ...fast });
    expect(codec.features[0]!.categories?.slice().sort()).toEqual(['2', '7']);
    expect((await failure(trainCodec(d, { target: 'y', categorical: ['nope'], ...fast }))).code).toBe('INVALID_ARGUMENT');
  });

  it('a budget below the dictionary keeps the most frequent categories; the rest share the unknown code', async () => {
    const d = data(400);
    const { codec, report } = await trainCodec(d, { target: 'y', bits: { colour: 2 }, ...fast });
    expect(codec.features[0]!.categories).toEqual(['red', 'green', 'blue']);
    expect(codec.features[0]!.unknown).toBe('code');
    expect(report.data.categorical?.colour?.merged).toBe(2);
    expect(Array.from(codec.categoryIndices(0, ['pink', 'red']))).toEqual([3, 0]);
  });

  it('test data: an unseen category gets the unknown code, or is UNKNOWN_CATEGORY under unknownCategory: error; a missing cell is INVALID_DATA', async () => {
    const d = data(300);
    const t = data(60, 2);
    t.colour[5] = 'violet';
    const ok = await trainCodec(d, { target: 'y', testData: t, ...fast });
    expect(ok.report.splits.test).toBe(60);
    const e = await failure(trainCodec(d, { target: 'y', testData: t, unknownCategory: 'error', ...fast }));
    expect(e.code).toBe('UNKNOWN_CATEGORY');
    expect(e.message).toMatch(/column 'colour' row 5: "violet"/);
    const m = data(100);
    m.colour[7] = '';
    const e2 = await failure(trainCodec(m, { target: 'y', ...fast }));
    expect(e2.code).toBe('INVALID_DATA');
    expect(e2.message).toMatch(/column 'colour' row 7 is missing/);
  });

  it('under a bit budget, a categorical feature keeps its most frequent categories within the width chosen for it', async () => {
    const d = data(400);
    const { codec, report } = await trainCodec(d, { target: 'y', bitsPerRow: 4, ...fast });
    const widths = report.allocation!.widths as Record<string, number>;
    expect(Object.values(widths).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4);
    const colour = codec.features.find((f) => f.name === 'colour');
    if (widths['colour']! > 0) {
      expect(colour!.bits).toBe(widths['colour']);
      // The dictionary keeps the most frequent categories first (a prefix of the full order).
      expect(['red', 'green', 'blue', 'cyan', 'pink'].slice(0, colour!.categories!.length)).toEqual(colour!.categories);
    } else {
      expect(colour).toBeUndefined();
    }
  });
});
