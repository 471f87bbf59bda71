// trainCodec on bad tiny inputs: each is a BsqError with a stable code and a message naming the
// column, row and the offending value (regression: Infinity was shown as "(null)"; NaN is a missing
// value now, see missing.test.ts); a saved
// model whose weights are cut short is INVALID_DATA (regression: it was tfjs's own code-less error).
import { describe, expect, it } from 'vitest';
import { modelFromArtifacts, modelToArtifacts, trainCodec } from 'bsq/train';

const n = 30;
const cols = () => ({
  a: Float64Array.from({ length: n }, (_, i) => i),
  b: Float64Array.from({ length: n }, (_, i) => (i * 7) % 11),
  y: Float64Array.from({ length: n }, (_, i) => i % 2),
});
const fast = { target: 'y', epochs: 1, hardEpochs: 0, baselines: [] };

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('trainCodec bad input', () => {
  it.each([
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('a %s feature value is INVALID_DATA naming the value', async (shown, v) => {
    const c = cols();
    c.a[3] = v;
    const e = await failure(trainCodec(c, fast));
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toBe(`training data: column 'a' row 3 is not a finite number (${shown})`);
  });

  it('missing target, empty data, unequal columns and a one-class target', async () => {
    expect((await failure(trainCodec(cols(), { ...fast, target: 'nope' }))).message).toMatch(/target column 'nope' not found.*a, b, y/);
    expect((await failure(trainCodec({ a: new Float64Array(0), y: new Float64Array(0) }, fast))).code).toBe('INVALID_DATA');
    expect((await failure(trainCodec({ ...cols(), a: new Float64Array(5) }, fast))).message).toMatch(/column 'b' has 30 values, others have 5/);
    const e = await failure(trainCodec({ ...cols(), y: new Float64Array(n).fill(1) }, { ...fast, task: 'classification' }));
    expect(e).toMatchObject({ code: 'INVALID_DATA' });
    expect(e.message).toMatch(/only one class/);
  });
});

describe('loading a damaged saved model', () => {
  it('a truncated weights file or a damaged topology is INVALID_DATA', async () => {
    const { model } = await trainCodec(cols(), { ...fast, hiddenLayers: 1, hiddenUnits: 4 });
    const bundle = await modelToArtifacts(model);
    const cut = await failure(modelFromArtifacts({ ...bundle, weights: bundle.weights.subarray(0, 10) }));
    expect(cut.code).toBe('INVALID_DATA');
    expect(cut.message).toMatch(/^the saved network does not load \(model.json and weights.bin do not match: /);
    const topo = await failure(modelFromArtifacts({ ...bundle, modelJson: { ...bundle.modelJson, modelTopology: { class_name: 'Nope' } } }));
    expect(topo.code).toBe('INVALID_DATA');
    expect((await modelFromArtifacts(bundle)).codec.featureCount).toBe(2);
  }, 30_000);
});
