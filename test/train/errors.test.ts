// Bad input to trainCodec gives a clear BsqError with a stable code.

import { describe, expect, it } from 'vitest';
import { isBsqError, type BsqErrorCode } from 'bsq';
import { trainCodec, type TrainOptions } from 'bsq/train';
import { regressionData } from './helpers.js';

async function expectCode(p: Promise<unknown>, code: BsqErrorCode, message: RegExp): Promise<void> {
  try {
    await p;
  } catch (err) {
    expect(isBsqError(err, code), String(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected an error');
}

const base = (): Record<string, Float64Array> => ({ ...regressionData(60) });
const fast: Partial<TrainOptions> = { epochs: 1, hardEpochs: 0, hiddenLayers: 1, hiddenUnits: 4 };

describe('trainCodec input errors', () => {
  it('an infinite or non-numeric feature value names the column and row (after dropped rows)', async () => {
    const d = base();
    d['x1']![7] = Infinity;
    await expectCode(trainCodec(d, { target: 'y', ...fast }), 'INVALID_DATA', /'x1' row 7/);
    const rows = Array.from({ length: 40 }, (_, i) => ({ a: i === 9 ? 'abc' : i, y: i === 2 ? undefined : i * 2 }));
    // (a text cell makes a column categorical unless options.numeric names it)
    await expectCode(trainCodec(rows, { target: 'y', numeric: ['a'], ...fast }), 'INVALID_DATA', /'a' row 9 is not a finite number \("abc"\)/);
  });

  it('a target missing in every row', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ a: i, y: null }));
    await expectCode(trainCodec(rows, { target: 'y', ...fast }), 'INVALID_DATA', /missing in every row/);
  });

  it('a constant column', async () => {
    const d = { ...base(), k: new Float64Array(60).fill(4) };
    await expectCode(trainCodec(d, { target: 'y', ...fast }), 'INVALID_DATA', /'k' is constant/);
  });

  it('a constant target: nothing to learn (not "drop the column")', async () => {
    const d = { ...base(), y: new Float64Array(60).fill(2.5) };
    await expectCode(trainCodec(d, { target: 'y', task: 'regression', ...fast }), 'INVALID_DATA', /target 'y' is constant in the training split \(value 2\.5\): there is nothing to learn/);
  });

  it('fewer rows than the splits need', async () => {
    await expectCode(trainCodec({ a: [1, 2, 3], y: [1, 2, 3] }, { target: 'y', ...fast }), 'INVALID_DATA', /too few rows/);
  });

  it('bits out of range', async () => {
    for (const bits of [0, 13, 2.5, -1]) {
      await expectCode(trainCodec(base(), { target: 'y', bits, ...fast }), 'INVALID_ARGUMENT', /bits/);
    }
    await expectCode(trainCodec(base(), { target: 'y', bits: { nope: 3 }, ...fast }), 'INVALID_ARGUMENT', /'nope'/);
    await expectCode(trainCodec(base(), { target: 'y', bits: { x0: 20 }, ...fast }), 'INVALID_ARGUMENT', /'x0'/);
  });

  it('an unknown target column or feature', async () => {
    await expectCode(trainCodec(base(), { target: 'price', ...fast }), 'INVALID_DATA', /target column 'price' not found/);
    await expectCode(trainCodec(base(), { target: 'y', features: ['x0', 'zz'], ...fast }), 'INVALID_DATA', /'zz' not found/);
  });

  it('other bad options', async () => {
    await expectCode(trainCodec(base(), { target: 'y', ...fast, dropout: 1 }), 'INVALID_ARGUMENT', /dropout/);
    await expectCode(trainCodec(base(), { target: 'y', ...fast, epochs: 0 }), 'INVALID_ARGUMENT', /epochs/);
    await expectCode(trainCodec(base(), { target: 'y', ...fast, inputDropout: -0.1 }), 'INVALID_ARGUMENT', /inputDropout/);
    await expectCode(trainCodec(base(), { target: 'y', ...fast, averageEpochs: -1 }), 'INVALID_ARGUMENT', /averageEpochs/);
    await expectCode(trainCodec(base(), { target: 'y', ...fast, baselines: ['XX' as never] }), 'INVALID_ARGUMENT', /unknown method 'XX'/);
    await expectCode(trainCodec({ a: [1, 2, 3], y: [1, 2] }, { target: 'y', ...fast }), 'INVALID_DATA', /column 'y' has 2 values/);
  });

  it('an aborted signal stops before training', async () => {
    const ac = new AbortController();
    ac.abort();
    await expectCode(trainCodec(base(), { target: 'y', ...fast, signal: ac.signal }), 'ABORTED', /aborted/);
  });
});

describe('text spellings in a numeric column (a library audit: one "NaN" string made the column categorical)', () => {
  const fast = { epochs: 1, hardEpochs: 0, hiddenLayers: 1, hiddenUnits: 8, baselines: [] as [], regularizedCandidate: false };
  const column = (cell: string) => Array.from({ length: 60 }, (_, i) => (i === 7 ? cell : String(i % 11)));
  const y = Float64Array.from({ length: 60 }, (_, i) => (i % 11) + (i % 3));
  it('NA, NaN, null, n/a, ? are missing values, counted, and the column stays numeric', async () => {
    for (const cell of ['NaN', 'NA', 'null', 'n/a', '?']) {
      const { report, codec } = await trainCodec({ a: column(cell), b: Float64Array.from(y, (v) => v * 2 + 1), y }, { target: 'y', ...fast });
      expect(codec.features[0]!.categories, cell).toBeUndefined();
      expect(report.data.missing, cell).toEqual({ a: 1 });
    }
  });
  it('Infinity, -inf and 0x10 are INVALID_DATA naming the row', async () => {
    for (const cell of ['Infinity', '-inf', 'INF', '0x10']) {
      await expectCode(trainCodec({ a: column(cell), y }, { target: 'y', ...fast }), 'INVALID_DATA', new RegExp(`column 'a' row 7 is not a finite number`));
    }
  });
  it('a word still makes the column categorical (documented), so does a decimal comma', async () => {
    const { codec } = await trainCodec({ a: column('1,5'), b: Float64Array.from(y, (v) => v * 2 + 1), y }, { target: 'y', ...fast });
    expect(codec.features[0]!.categories).toBeDefined();
  });
});

describe('predict checks what it is given (a library audit: another codec, or raw .bsq bytes, were predicted on)', () => {
  it('a file with another codec is INVALID_DATA, .bsq bytes as codes are INVALID_ARGUMENT; the model\'s own file predicts like its rows', async () => {
    const { Codec, readBsq, writeBsq } = await import('bsq');
    const { predict } = await import('bsq/train');
    const d = base();
    const { model } = await trainCodec(d, { target: 'y', bits: 3, baselines: [], regularizedCandidate: false, ...fast });
    const F = model.codec.featureCount;
    const rows = Float64Array.from({ length: 4 * F }, (_, i) => (i % 5) - 2);
    const own = predict(model, readBsq(writeBsq(model.codec, { rows })));
    expect(Array.from(own)).toEqual(Array.from(predict(model, { rows })));
    const other = Codec.fromThresholds(model.codec.features.map((f) => ({ name: f.name, thresholds: Array.from(f.thresholds, (t) => t + 1) })));
    expect(() => predict(model, readBsq(writeBsq(other, { rows })))).toThrow(/encoded with another codec than the model's/);
    expect(() => predict(model, writeBsq(model.codec, { rows }))).toThrow(/start like a \.bsq file, not like codes; pass readBsq\(bytes\)/);
    expect(() => predict(null as never, { rows })).toThrow(/predict expects a model/);
  });
});

describe('a class that only the held-out rows have', () => {
  it('is INVALID_DATA naming the class and its rows (it was trained as a class with no examples)', async () => {
    const d = base();
    const labels = Array.from(d.y!, (v, i) => (i === 59 ? 'zz' : v > 0 ? 'hi' : 'lo'));
    await expectCode(
      trainCodec({ ...d, y: labels as never }, { target: 'y', split: 'ordered', baselines: [], ...fast }),
      'INVALID_DATA',
      /class "zz" has no row in the training split: its 1 row \(the first is row 59\) all fell in the validation or test rows at the end/,
    );
  });
});

describe('magnitudes', () => {
  it('a value beyond float32 is INVALID_DATA naming the row (it failed after training, naming a threshold)', async () => {
    const d = base();
    const a = Float64Array.from(d.x1!);
    a[5] = 1e39;
    await expectCode(trainCodec({ ...d, x1: a }, { target: 'y', ...fast }), 'INVALID_DATA', /column 'x1' row 5 is 1e\+39, outside the float32 range/);
  });
  it('a feature on a 1e-30 scale is not called constant', async () => {
    const d = base();
    const { codec } = await trainCodec({ ...d, x1: Float64Array.from(d.x1!, (v) => v * 1e-30) }, { target: 'y', baselines: [], regularizedCandidate: false, ...fast });
    const x1 = codec.features.find((f) => f.name === 'x1')!;
    expect(Array.from(x1.thresholds).every((t) => Number.isFinite(t) && Math.abs(t) < 1e-29)).toBe(true);
    expect(new Set(x1.thresholds).size).toBe(x1.thresholds.length);
  });
});
