// The regularized bsq candidate (issue 10): the paired one-standard-error rule against a hand
// computation, per-row losses against plain formulas, when 'auto' trains the candidate, and a
// trainCodec run where both candidates train and the kept one is the one exported.
import { describe, expect, it } from 'vitest';
import { pairedChoice, REGULARIZED, REGULARIZED_LABEL, rowLosses, wantsRegularized } from '../../src/train/candidates.js';
import { predictRaw, trainCodec, type RegressionMetrics } from '../../src/train/index.js';
import { regressionData } from './helpers.js';

const defaults = { regularizedCandidate: 'auto' as const, epochs: 50, maxSteps: 2000, batchSize: 256 };

describe('pairedChoice', () => {
  it('keeps the challenger only when the mean difference exceeds one standard error', () => {
    const inc = Float64Array.of(1, 2, 3, 4);
    // Differences 0.5, 0.7, 0.3, 0.5: mean 0.5, sample sd sqrt(0.08 / 3), se = sd / 2.
    const clear = pairedChoice(inc, Float64Array.of(0.5, 1.3, 2.7, 3.5));
    expect(clear.meanDifference).toBeCloseTo(0.5, 12);
    expect(clear.standardError).toBeCloseTo(Math.sqrt(0.08 / 3) / 2, 12);
    expect(clear.challengerKept).toBe(true);
    // Differences +1, -1, +1.2, -1: mean 0.05, far inside one standard error.
    const noisy = pairedChoice(inc, Float64Array.of(0, 3, 1.8, 5));
    expect(noisy.meanDifference).toBeCloseTo(0.05, 12);
    expect(noisy.standardError).toBeGreaterThan(0.5);
    expect(noisy.challengerKept).toBe(false);
    // A worse challenger, a tie, one row and non-finite losses keep the incumbent.
    expect(pairedChoice(inc, Float64Array.of(2, 3, 4, 5)).challengerKept).toBe(false);
    expect(pairedChoice(inc, inc).challengerKept).toBe(false);
    expect(pairedChoice(Float64Array.of(5), Float64Array.of(1)).challengerKept).toBe(false);
    expect(pairedChoice(Float64Array.of(NaN, 1, 1), Float64Array.of(0, 0, 0)).challengerKept).toBe(false);
    expect(pairedChoice(new Float64Array(0), new Float64Array(0)).challengerKept).toBe(false);
  });
});

describe('rowLosses', () => {
  it('is the squared error for regression and the softmax cross-entropy for classification', () => {
    expect(Array.from(rowLosses(Float32Array.of(1, -2), Float32Array.of(0.5, 1), 'regression', 1))).toEqual([0.25, 9]);
    const logits = Float32Array.of(1, 2, 3, 0, 0, 0);
    const ce = rowLosses(logits, Float32Array.of(2, 0), 'classification', 3);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(ce[0]).toBeCloseTo(-Math.log(Math.exp(3) / z), 6);
    expect(ce[1]).toBeCloseTo(Math.log(3), 6);
    // Large logits stay finite (log-sum-exp with the row maximum subtracted).
    const big = rowLosses(Float32Array.of(1000, 990), Float32Array.of(1), 'classification', 2);
    expect(big[0]).toBeCloseTo(10, 3);
  });
});

describe("regularizedCandidate 'auto'", () => {
  it('trains the candidate when every epoch is a full pass, and not when epochs are sampled or the user chose dropout or levelPath', () => {
    expect(wantsRegularized({}, defaults, 10240)).toBe(true); // 40 batches of 256 = 2000 / 50
    expect(wantsRegularized({}, defaults, 10241)).toBe(false);
    expect(wantsRegularized({}, { ...defaults, maxSteps: 4000 }, 20000)).toBe(true);
    expect(wantsRegularized({ dropout: 0 }, defaults, 500)).toBe(false);
    expect(wantsRegularized({ levelPath: true }, defaults, 500)).toBe(false);
    expect(wantsRegularized({}, { ...defaults, regularizedCandidate: false }, 500)).toBe(false);
    expect(wantsRegularized({}, { ...defaults, regularizedCandidate: true }, 1e6)).toBe(true);
    expect(wantsRegularized({ dropout: 0.5 }, { ...defaults, regularizedCandidate: true }, 1e6)).toBe(true);
  });
});

describe('trainCodec with the regularized candidate', () => {
  const { x0, x1, x2, y } = regressionData(600, 5);
  const data = { x0, x1, x2, y };
  const opts = { target: 'y', bits: 2, epochs: 4, hardEpochs: 2, hiddenUnits: 16, seed: 1, backend: 'cpu' as const };

  it('reports both runs, exports the kept one, and the first run equals a training without the candidate', async () => {
    const events: string[] = [];
    const both = await trainCodec(data, { ...opts, callbacks: { onTrainBegin: ({ method }) => { events.push(method); } } });
    const c = both.report.candidates!;
    expect(c.map((x) => x.name)).toEqual(['bsq', REGULARIZED_LABEL]);
    expect(c[1]).toMatchObject(REGULARIZED);
    expect(c.filter((x) => x.kept)).toHaveLength(1);
    expect(events).toEqual(['bsq', REGULARIZED_LABEL]);
    const kept = c.find((x) => x.kept)!;
    // The exported model is the kept run: its validation loss and test metrics are the report's.
    expect(kept.validationLoss).toBe(both.report.validation.loss);
    expect((kept.test as RegressionMetrics).stdMse).toBeCloseTo((both.report.test as RegressionMetrics).stdMse, 5);
    // The rule the report states is the one applied.
    expect(kept.name === REGULARIZED_LABEL).toBe(c[1]!.meanDifference! > c[1]!.standardError!);
    expect(both.report.timings.trainSeconds).toBeCloseTo(c[0]!.seconds + c[1]!.seconds, 6);

    const one = await trainCodec(data, { ...opts, regularizedCandidate: false });
    expect(one.report.candidates).toBeUndefined();
    expect(one.report.validation.loss).toBe(c[0]!.validationLoss);
    expect((one.report.test as RegressionMetrics).stdMse).toBeCloseTo((c[0]!.test as RegressionMetrics).stdMse, 5);
    if (!kept.name.startsWith(REGULARIZED_LABEL)) {
      // Kept the first run: the same codec and predictions as without the candidate.
      expect(both.codec.features.map((f) => Array.from(f.thresholds ?? []))).toEqual(one.codec.features.map((f) => Array.from(f.thresholds ?? [])));
    } else {
      const a = predictRaw(both.model, [x0, x1, x2]), b = predictRaw(one.model, [x0, x1, x2]);
      expect(Array.from(a)).not.toEqual(Array.from(b));
    }
  }, 120_000);

  it('forced on, it trains even when dropout is set; a bad value, or forcing it without a validation split, is refused', async () => {
    await expect(trainCodec(data, { ...opts, regularizedCandidate: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('regularizedCandidate') });
    await expect(trainCodec(data, { ...opts, regularizedCandidate: true, validationFraction: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('validation split') });
    // 'auto' without a validation split trains once.
    expect((await trainCodec(data, { ...opts, validationFraction: 0 })).report.candidates).toBeUndefined();
    const r = await trainCodec(data, { ...opts, regularizedCandidate: true, dropout: 0.1 });
    expect(r.report.candidates).toHaveLength(2);
    expect(r.report.settings.regularizedCandidate).toBe(true);
  }, 120_000);
});
