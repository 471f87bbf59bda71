// The paper's comparison methods, trained on the same splits as bsq: FP (no quantization),
// Po-MQ / Po-QQ (FP evaluated on min-max / quantile quantized inputs decoded to interval middles),
// Pr-MQ / Pr-QQ (trained on such inputs), Bw-MQ / Bw-QQ (thermometer bits of fixed thresholds),
// SQ (learned soft thresholds, sigmoids summed per feature) and LSQ (learned step size).

import type { Metrics } from './metrics.js';
import type { Split } from './loop.js';
import type { BaselineName, ResolvedSettings, TrainCallbacks } from './options.js';
import { fixedQuantizer, MISSING_INPUT, quantileThresholds, minMaxThresholds, toRowMajor, type FixedQuantizer } from './prep.js';
import type { FeatureInit } from './init.js';
import { disposeRun, runMethod, testMetrics, testOutputs, type Prepared, type RunResult } from './run.js';
import { gapScales, identityStage, lsqStage, sqStage, thermometerStage } from './stages.js';
import { codeOf } from './prep.js';

export interface BaselineReport {
  test: Metrics;
  /** Epoch kept (best validation loss), -1 for post-training methods. */
  bestEpoch: number;
  epochs: number;
  seconds: number;
}

/** Standardized training columns and the splits' standardized columns, for the fixed quantizers. */
export interface BaselineInputs {
  prep: Prepared;
  /** Standardized columns of each split. */
  trainCols: Float64Array[];
  valCols: Float64Array[];
  testCols: Float64Array[];
  /** Raw test target (regression) or class indexes. */
  testY: Float64Array;
  /** bsq's initial thresholds, which SQ (the other learned-threshold method) starts from too. */
  inits?: FeatureInit[];
}

/** FP sees real values: a missing one (MISSING_INPUT) is imputed with the training mean (0). */
function imputed(p: Split): Split {
  if (!p.x.includes(MISSING_INPUT)) return p;
  return { ...p, x: p.x.map((v) => (v === MISSING_INPUT ? 0 : v)) };
}

function quantizedSplit(cols: Float64Array[], qs: FixedQuantizer[], like: Split): Split {
  const q = cols.map((c, f) => {
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = qs[f]!.middles[codeOf(qs[f]!.thresholds, c[i]!)]!;
    return out;
  });
  return { ...like, x: toRowMajor(q) };
}

export async function trainBaselines(
  names: BaselineName[],
  inp: BaselineInputs,
  s: ResolvedSettings,
  opts: { signal?: AbortSignal; callbacks?: TrainCallbacks },
): Promise<Record<string, BaselineReport>> {
  const { prep } = inp;
  const out: Record<string, BaselineReport> = {};
  const quant = (kind: 'quantile' | 'minmax') => inp.trainCols.map((c, f) => fixedQuantizer(c, s.bits[f]!, kind));
  const cb = opts.callbacks;
  const run = async (name: string, stage: Parameters<typeof runMethod>[1], p: Prepared = prep): Promise<RunResult> => {
    await cb?.onTrainBegin?.({ method: name });
    const r = await runMethod(name, stage, p, s, {
      hardEpochs: 0,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(cb?.onEpochEnd ? { onEpochEnd: cb.onEpochEnd } : {}),
    });
    await cb?.onTrainEnd?.({ method: name });
    return r;
  };
  const report = (r: RunResult, test: Split): BaselineReport => ({
    test: testMetrics(s.task, prep, testOutputs(r, test, prep, s.task), inp.testY),
    bestEpoch: r.bestEpoch,
    epochs: r.history.length,
    seconds: r.seconds,
  });

  const wantFP = names.includes('FP') || names.includes('Po-MQ') || names.includes('Po-QQ');
  if (wantFP) {
    const fpPrep: Prepared = { ...prep, train: imputed(prep.train), val: imputed(prep.val), test: imputed(prep.test) };
    const fp = await run('FP', identityStage(prep.train.d), fpPrep);
    try {
      if (names.includes('FP')) out['FP'] = report(fp, fpPrep.test);
      for (const [name, kind] of [['Po-MQ', 'minmax'], ['Po-QQ', 'quantile']] as const) {
        if (!names.includes(name)) continue;
        const t0 = performance.now();
        const qt = quantizedSplit(inp.testCols, quant(kind), prep.test);
        out[name] = { ...report(fp, qt), bestEpoch: -1, epochs: 0, seconds: (performance.now() - t0) / 1000 };
      }
    } finally {
      disposeRun(fp);
    }
  }
  for (const [name, kind] of [['Pr-MQ', 'minmax'], ['Pr-QQ', 'quantile']] as const) {
    if (!names.includes(name)) continue;
    const qs = quant(kind);
    const p: Prepared = {
      ...prep,
      train: quantizedSplit(inp.trainCols, qs, prep.train),
      val: quantizedSplit(inp.valCols, qs, prep.val),
      test: quantizedSplit(inp.testCols, qs, prep.test),
    };
    const r = await run(name, identityStage(prep.train.d), p);
    try { out[name] = report(r, p.test); } finally { disposeRun(r); }
  }
  for (const [name, kind] of [['Bw-MQ', 'minmax'], ['Bw-QQ', 'quantile']] as const) {
    if (!names.includes(name)) continue;
    const t = inp.trainCols.map((c, f) => (kind === 'quantile' ? quantileThresholds(c, s.bits[f]!) : minMaxThresholds(c, s.bits[f]!)));
    const r = await run(name, thermometerStage(s.bits, t));
    try { out[name] = report(r, prep.test); } finally { disposeRun(r); }
  }
  if (names.includes('SQ')) {
    const init = inp.inits?.map((i) => i.thresholds) ?? inp.trainCols.map((c, f) => quantileThresholds(c, s.bits[f]!));
    const r = await run('SQ', sqStage(s.bits, init, inp.inits?.map((i) => i.frozen), s.relativeTau ? gapScales(s.bits, init) : undefined));
    try { out['SQ'] = report(r, prep.test); } finally { disposeRun(r); }
  }
  if (names.includes('LSQ')) {
    const r = await run('LSQ', lsqStage(s.bits, inp.trainCols));
    try { out['LSQ'] = report(r, prep.test); } finally { disposeRun(r); }
  }
  // Keep the documented order.
  const ordered: Record<string, BaselineReport> = {};
  for (const n of names) if (out[n]) ordered[n] = out[n]!;
  return ordered;
}
