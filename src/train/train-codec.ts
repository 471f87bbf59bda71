// trainCodec: from labeled data to { codec, model, report }. Splits (seeded), standardizes on the
// training part, initialises thresholds at training quantiles, trains bsq (soft epochs with a
// decaying temperature, then hard-step epochs), keeps the best-validation epoch, on small data also
// trains the regularized candidate and keeps it only if validation favours it (candidates.ts),
// exports the codec in raw units and the server network, and evaluates on the test split through
// the codec's hard codes. Optionally trains the paper's baselines on the same splits.

import { BsqError } from '../codec/errors.js';
import { checkOptionKeys } from '../codec/checks.js';
import { ensureBackend } from './backend.js';
import { trainBaselines, type BaselineInputs, type BaselineReport } from './baselines.js';
import { intake, subset, type ClassLabel, type Dataset, type Task, type TaskInference, type TrainData } from './data.js';
import { exportModel } from './export.js';
import { predictOutputs, type EpochLogs, type Split } from './loop.js';
import type { Metrics } from './metrics.js';
import { predictRaw, type BsqModel } from './model.js';
import { MAX_VALIDATION_ROWS, resolveOptions, TRAIN_OPTION_KEYS, type ResolvedSettings, type TrainOptions } from './options.js';
import { initFeature, type FeatureInit } from './init.js';
import { fitStandardizer, NAN_CODE, standardizeColumn, toRowMajor } from './prep.js';
import { Rng } from './random.js';
import { disposeRun, runMethod, testMetrics, testOutputs, type Prepared } from './run.js';
import { pairedChoice, REGULARIZED, REGULARIZED_LABEL, rowLosses, wantsRegularized } from './candidates.js';
import { bsqStage, centralRange, gapScales, levelPath } from './stages.js';
import { Codec } from '../codec/index.js';
import { expandedLayout, expandOneHot, fitCategories, type CategoryInfo } from './categorical.js';
import { resolveBits } from './options.js';
import { trainWithBudget, type Allocation, type SplitCapture } from './budget.js';

export interface TrainReport {
  task: Task;
  target: string;
  features: string[];
  bits: number[];
  classes?: ClassLabel[];
  /** Test metrics of the deployed pipeline (codec hard codes -> network). */
  test: Metrics;
  /** Best validation loss (hard codes, standardized units / cross-entropy) and its epoch. */
  validation: { loss: number; epoch: number };
  history: EpochLogs[];
  splits: { train: number; validation: number; test: number };
  /**
   * What intake did: rows kept, rows dropped for a missing target (and in testData), missing
   * feature values per feature (coded as nanCode, train and serve alike), the inferred task (when
   * options.task was not given), and the features coded without loss (at most 2^b distinct values).
   */
  data: {
    rows: number;
    droppedRows: number;
    missing: Record<string, number>;
    testDroppedRows?: number;
    /** Missing feature values per feature in testData (coded as nanCode, as in training). */
    testMissing?: Record<string, number>;
    inferredTask?: TaskInference;
    lossless: string[];
    nanCode: number;
    /**
     * Categorical features: their dictionary (code order), unknown policy, and how many training
     * categories share the unknown code because the dictionary did not fit the bit budget.
     */
    categorical?: Record<string, CategoryInfo>;
  };
  timings: { totalSeconds: number; trainSeconds: number; baselinesSeconds: number };
  backend: string;
  settings: ResolvedSettings;
  /** The baselines trained on the same splits (empty when none were asked for). */
  baselines: Record<string, BaselineReport>;
  /**
   * When the regularized candidate ran (options.regularizedCandidate): both bsq runs, their best
   * hard validation losses, which one was kept (the codec, model and test above are that one's),
   * their test metrics through the hard codes, and the paired validation comparison.
   */
  candidates?: CandidateReport[];
  /** With options.bitsPerRow / frontier: the chosen width per feature, what each width was worth, the frontier. */
  allocation?: Allocation;
}

/** One bsq candidate of a training (TrainReport.candidates). */
export interface CandidateReport {
  name: string;
  /** What the candidate changed (the regularized one): dropout and the level path. */
  dropout?: number;
  levelPath?: boolean;
  validationLoss: number;
  kept: boolean;
  test: Metrics;
  seconds: number;
  /** Regularized candidate: the first run's mean validation loss minus this one's, and its standard error. */
  meanDifference?: number;
  standardError?: number;
}

export interface TrainResult {
  codec: BsqModel['codec'];
  model: BsqModel;
  report: TrainReport;
}

function split(ds: Dataset, idx: ArrayLike<number>, std: { mean: Float64Array; sd: Float64Array }, yMean: number, ySd: number): { split: Split; cols: Float64Array[] } {
  const part = subset(ds, idx);
  const cols = part.columns.map((c, f) => standardizeColumn(c, std.mean[f]!, std.sd[f]!));
  const y = new Float32Array(part.rowCount);
  for (let i = 0; i < y.length; i++) y[i] = ds.task === 'regression' ? (part.y[i]! - yMean) / ySd : part.y[i]!;
  return { split: { x: toRowMajor(cols), y, n: part.rowCount, d: cols.length }, cols };
}

/** Missing values per feature of a dataset, features without any left out. */
function missingCounts(ds: Dataset): Record<string, number> {
  return Object.fromEntries(ds.featureNames.map((f, i) => [f, ds.missing?.[i] ?? 0] as const).filter(([, k]) => k > 0));
}

/** Train a codec and its server model (and optionally the baselines) on labeled data. */
export async function trainCodec(data: TrainData, options: TrainOptions): Promise<TrainResult> {
  if (options === null || typeof options !== 'object') throw new BsqError('INVALID_ARGUMENT', 'trainCodec: options with a target are required');
  checkOptionKeys(options, TRAIN_OPTION_KEYS, 'trainCodec');
  if (options.bitsPerRow !== undefined || options.frontier !== undefined) return trainWithBudget(data, options, trainFixed);
  return trainFixed(data, options);
}

/** trainCodec at fixed widths; `capture` receives the raw training and validation rows (the budget search scores on them). */
export async function trainFixed(data: TrainData, options: TrainOptions, capture?: (c: SplitCapture) => void): Promise<TrainResult> {
  const t0 = performance.now();
  if (options.signal?.aborted) throw new BsqError('ABORTED', 'training aborted before it started');
  const ds0 = intake(data, {
    target: options.target, ...(options.features ? { features: options.features } : {}), ...(options.task ? { task: options.task } : {}),
    ...(options.categorical ? { categorical: options.categorical } : {}), ...(options.numeric ? { numeric: options.numeric } : {}),
  });
  // Categorical features: dictionaries fitted to their bit budgets; their widths replace the budgets.
  const fitted = ds0.dictionaries ? fitCategories(ds0, resolveBits(options.bits, ds0.featureNames), options.unknownCategory) : undefined;
  const ds = fitted?.ds ?? ds0;
  const cats = ds.categoryInfo;
  const s = resolveOptions(fitted ? { ...options, bits: Object.fromEntries(ds.featureNames.map((n, f) => [n, fitted.bits[f]!])) } : options, ds.task, ds.featureNames);
  const backend = await ensureBackend(options.backend ?? 'auto');
  const testDs = options.testData !== undefined ? intake(options.testData, { target: options.target, like: ds }, 'test data') : undefined;

  // Splits.
  const nTest = testDs ? 0 : Math.round(ds.rowCount * s.testFraction);
  const nVal = Math.min(MAX_VALIDATION_ROWS, Math.round((ds.rowCount - nTest) * s.validationFraction));
  const nTrain = ds.rowCount - nTest - nVal;
  if (nTrain < 2 || (!testDs && s.testFraction > 0 && nTest < 1) || (s.validationFraction > 0 && nVal < 1)) {
    throw new BsqError('INVALID_DATA', `too few rows (${ds.rowCount}) for the splits: train ${nTrain}, validation ${nVal}, test ${testDs ? testDs.rowCount : nTest}; need at least 2 training rows and 1 row in each held-out split`);
  }
  if (!testDs && nTest === 0) throw new BsqError('INVALID_ARGUMENT', 'options.testFraction is 0 and no testData given: there is nothing to evaluate on');
  if (s.regularizedCandidate === true && nVal === 0) throw new BsqError('INVALID_ARGUMENT', 'options.regularizedCandidate is true but validationFraction is 0: the two bsq runs are compared on the validation split');
  // perm lists the test rows, then the validation rows, then the training rows. 'ordered' keeps
  // the row order: test = the last rows, validation the rows just before them, training the earliest.
  const perm = s.split === 'ordered'
    ? Uint32Array.from({ length: ds.rowCount }, (_, i) => (i < nTest ? nTrain + nVal + i : i < nTest + nVal ? nTrain + i - nTest : i - nTest - nVal))
    : new Rng(s.seed).permutation(ds.rowCount);
  const testIdx = perm.subarray(0, nTest);
  const valIdx = perm.subarray(nTest, nTest + nVal);
  const trainIdx = perm.subarray(nTest + nVal);
  const trainPart = subset(ds, trainIdx);
  if (ds.task === 'classification' && ds.classes) {
    // As for testData: a class the training split never shows cannot be learned.
    const seen = new Uint8Array(ds.classes.length);
    for (let i = 0; i < trainPart.y.length; i++) seen[trainPart.y[i]!] = 1;
    const k = seen.indexOf(0);
    if (k >= 0) {
      let count = 0;
      let first = -1;
      for (let r = 0; r < ds.rowCount; r++) if (ds.y[r] === k) (count++, first < 0 && (first = r));
      throw new BsqError(
        'INVALID_DATA',
        `class ${JSON.stringify(ds.classes[k])} has no row in the training split: its ${count} row${count === 1 ? '' : 's'} (the first is row ${first}) all fell in the ${s.split === 'ordered' ? 'validation or test rows at the end' : 'validation or test split'}; give it more rows or drop them`,
        { class: String(ds.classes[k]), row: first },
      );
    }
  }
  const std = fitStandardizer(trainPart.columns, ds.featureNames);
  let yMean = 0, ySd = 1;
  if (ds.task === 'regression') {
    const t = fitStandardizer([trainPart.y], [ds.targetName], 'target');
    yMean = t.mean[0]!;
    ySd = t.sd[0]!;
  }
  const tr = split(ds, trainIdx, std, yMean, ySd);
  const va = split(ds, valIdx, std, yMean, ySd);
  const testSource = testDs ?? ds;
  const testRows = testDs ? Uint32Array.from({ length: testDs.rowCount }, (_, i) => i) : testIdx;
  const te = split(testSource, testRows, std, yMean, ySd);
  const testRaw = subset(testSource, testRows);
  const classes = ds.classes?.length ?? 0;
  capture?.({ train: { columns: trainPart.columns, y: trainPart.y }, val: (() => { const v = subset(ds, valIdx); return { columns: v.columns, y: v.y }; })(), ySd, ordered: ds.columns });
  const prep: Prepared = { train: tr.split, val: va.split, test: te.split, classes, yMean, ySd };

  // bsq.
  const cb = options.callbacks;
  await cb?.onTrainBegin?.({ method: 'bsq' });
  const inits = tr.cols.map((c, f) => cats?.[f]
    ? categoricalInit(s.bits[f]!, std.mean[f]!, std.sd[f]!)
    : initFeature(trainPart.columns[f]!, c, std.mean[f]!, std.sd[f]!, s.bits[f]!, { lossless: s.losslessDiscrete, betweenValues: s.initBetweenValues, method: s.thresholdInit[f]! }));
  const frozen = inits.map((i) => i.frozen);
  const initT = inits.map((i) => i.thresholds);
  const trainBsq = async (label: string, rs: ResolvedSettings) => {
    const st = bsqStage(rs.bits, initT, frozen, rs.relativeTau ? gapScales(rs.bits, initT) : undefined);
    const r = await runMethod(label, st, prep, rs, {
      hardEpochs: rs.hardEpochs,
      averageEpochs: rs.averageEpochs,
      ...(rs.levelPath ? { levels: levelPath(rs.bits, initT, centralRange(tr.cols), cats?.map(Boolean)) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(cb?.onEpochEnd ? { onEpochEnd: cb.onEpochEnd } : {}),
    });
    return { stage: st, run: r };
  };
  let { stage, run } = await trainBsq('bsq', s);
  await cb?.onTrainEnd?.({ method: 'bsq' });
  // The regularized candidate (options.regularizedCandidate): same splits and initial thresholds;
  // it replaces the first run only when the validation rows favour it by more than one standard error.
  // Filled in once the kept run's test metrics are known (computed once, through the exported codec).
  let candidatesWith: ((keptTest: Metrics) => CandidateReport[]) | undefined;
  if (va.split.n > 0 && wantsRegularized(options, s, tr.split.n)) {
    await cb?.onTrainBegin?.({ method: REGULARIZED_LABEL });
    let second: Awaited<ReturnType<typeof trainBsq>>;
    try {
      second = await trainBsq(REGULARIZED_LABEL, { ...s, ...REGULARIZED });
    } catch (err) {
      disposeRun(run);
      throw err;
    }
    await cb?.onTrainEnd?.({ method: REGULARIZED_LABEL });
    const losses = (r: typeof run) => rowLosses(predictOutputs(r.stage, r.mlp, va.split.x, va.split.n, va.split.d, 'hard'), va.split.y, ds.task, classes);
    const choice = pairedChoice(losses(run), losses(second.run));
    const first = run;
    const dropped = choice.challengerKept ? first : second.run;
    const droppedTest = testMetrics(ds.task, prep, testOutputs(dropped, te.split, prep, ds.task), testRaw.y);
    candidatesWith = (keptTest) => [
      { name: 'bsq', validationLoss: first.bestValLoss, kept: !choice.challengerKept, test: choice.challengerKept ? droppedTest : keptTest, seconds: first.seconds },
      { name: REGULARIZED_LABEL, ...REGULARIZED, validationLoss: second.run.bestValLoss, kept: choice.challengerKept, test: choice.challengerKept ? keptTest : droppedTest, seconds: second.run.seconds, meanDifference: choice.meanDifference, standardError: choice.standardError },
    ];
    if (choice.challengerKept) {
      disposeRun(run);
      ({ stage, run } = second);
    } else {
      disposeRun(second.run);
    }
  }
  let model: BsqModel;
  try {
    model = exportModel({
      thresholds: stage.layer.thresholdsVariable().dataSync() as Float32Array,
      bits: s.bits,
      featureNames: ds.featureNames,
      std,
      mlp: run.mlp,
      task: ds.task,
      target: ds.targetName,
      ...(ds.classes ? { classes: ds.classes } : {}),
      yMean,
      ySd,
      trainColumns: trainPart.columns,
      exact: inits.map((i) => i.raw),
    });
  } finally {
    disposeRun(run);
  }
  if (cats) {
    // Categorical features carry their dictionaries; thresholds (c - 0.5) and so the network are unchanged.
    const withDicts = Codec.fromThresholds(model.codec.features.map((f, i) => {
      const info = cats[i];
      return info ? { name: f.name, categories: info.categories, unknown: info.unknown } : { name: f.name, thresholds: f.thresholds, levels: f.levels };
    }));
    model = { ...model, codec: withDicts };
  }
  const out = predictRaw(model, testRaw.columns, { nan: { code: NAN_CODE } });
  const test = testMetrics(ds.task, prep, out, testRaw.y);
  const candidates = candidatesWith?.(test);
  const trainSeconds = candidates ? candidates.reduce((a, c) => a + c.seconds, 0) : run.seconds;

  // Baselines.
  const tb = performance.now();
  // Baselines see a categorical feature as its one-hot columns (FP on the bare index would be handicapped).
  const oneHot = cats ? baselineOneHot(s, cats, { tr, va, te }, { train: trainPart.columns, val: subset(ds, valIdx).columns, test: testRaw.columns }, testRaw.y, inits, prep) : undefined;
  const baselines = s.baselines.length > 0
    ? await trainBaselines(s.baselines, oneHot?.inputs ?? { prep, trainCols: tr.cols, valCols: va.cols, testCols: te.cols, testY: testRaw.y, inits }, oneHot?.settings ?? s, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(cb ? { callbacks: cb } : {}),
    })
    : undefined;
  const baselinesSeconds = (performance.now() - tb) / 1000;

  const report: TrainReport = {
    task: ds.task,
    target: ds.targetName,
    features: ds.featureNames,
    bits: s.bits,
    ...(ds.classes ? { classes: ds.classes } : {}),
    test,
    validation: { loss: run.bestValLoss, epoch: run.bestEpoch },
    history: run.history,
    splits: { train: tr.split.n, validation: va.split.n, test: te.split.n },
    data: {
      rows: ds.rowCount,
      droppedRows: ds.droppedRows ?? 0,
      missing: missingCounts(ds),
      ...(testDs ? { testDroppedRows: testDs.droppedRows ?? 0 } : {}),
      ...(testDs?.missing?.some((k) => k > 0) ? { testMissing: missingCounts(testDs) } : {}),
      ...(ds.inferred ? { inferredTask: ds.inferred } : {}),
      lossless: ds.featureNames.filter((_, f) => frozen[f] && !cats?.[f]),
      ...(cats ? { categorical: Object.fromEntries(ds.featureNames.flatMap((n, f) => (cats[f] ? [[n, cats[f]]] : []))) } : {}),
      nanCode: NAN_CODE,
    },
    timings: { totalSeconds: (performance.now() - t0) / 1000, trainSeconds, baselinesSeconds },
    backend,
    settings: s,
    baselines: baselines ?? {},
    ...(candidates ? { candidates } : {}),
  };
  const metadata: Record<string, unknown> = {
    producer: 'bsq/train',
    method: 'bitwise soft quantization',
    task: ds.task,
    target: ds.targetName,
    ...(ds.classes ? { classes: ds.classes } : {}),
    test,
    splits: report.splits,
    nan: { code: NAN_CODE },
    settings: {
      hiddenLayers: s.hiddenLayers, hiddenUnits: s.hiddenUnits, dropout: s.dropout, epochs: s.epochs, maxSteps: s.maxSteps, hardEpochs: s.hardEpochs,
      batchSize: s.batchSize, learningRate: s.learningRate, finalTau: s.finalTau, seed: s.seed, backend,
    },
  };
  const codec = model.codec.withMetadata(JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>);
  model = { ...model, codec };
  return { codec, model, report };
}

/** A categorical feature's thresholds: c - 0.5 on the index (raw, exact), frozen, so its code is its index. */
function categoricalInit(bits: number, mean: number, sd: number): FeatureInit {
  const raw = Float64Array.from({ length: 2 ** bits - 1 }, (_, k) => k + 0.5);
  return { thresholds: raw.map((t) => (t - mean) / sd), frozen: true, raw };
}

type SplitCols = { split: Split; cols: Float64Array[] };

/** The baselines' inputs and settings with every categorical feature as one-hot 0/1 columns of 1 bit. */
function baselineOneHot(
  s: ResolvedSettings, cats: readonly (CategoryInfo | undefined)[], parts: { tr: SplitCols; va: SplitCols; te: SplitCols },
  raw: { train: Float64Array[]; val: Float64Array[]; test: Float64Array[] }, testY: Float64Array, inits: FeatureInit[], prep: Prepared,
): { inputs: BaselineInputs; settings: ResolvedSettings } {
  const layout = expandedLayout(s.features, s.bits, cats);
  const trainCols = expandOneHot(parts.tr.cols, raw.train, cats);
  const valCols = expandOneHot(parts.va.cols, raw.val, cats);
  const testCols = expandOneHot(parts.te.cols, raw.test, cats);
  const d = trainCols.length;
  const as = (p: Split, cols: Float64Array[]): Split => ({ ...p, x: toRowMajor(cols), d });
  const expInits: FeatureInit[] = [];
  const dropout: number[] = [];
  const init: ResolvedSettings['thresholdInit'] = [];
  s.features.forEach((_, f) => {
    const info = cats[f];
    const m = info ? info.categories.length + (info.unknown === 'code' ? 1 : 0) : 1;
    for (let j = 0; j < m; j++) {
      expInits.push(info ? { thresholds: Float64Array.of(0.5), frozen: true, raw: Float64Array.of(0.5) } : inits[f]!);
      dropout.push(s.inputDropout[f]!);
      init.push(info ? 'quantile' : s.thresholdInit[f]!);
    }
  });
  return {
    inputs: {
      prep: { ...prep, train: as(prep.train, trainCols), val: as(prep.val, valCols), test: as(prep.test, testCols) },
      trainCols, valCols, testCols, testY, inits: expInits,
    },
    settings: { ...s, features: layout.names, bits: layout.bits, inputDropout: dropout, thresholdInit: init },
  };
}
