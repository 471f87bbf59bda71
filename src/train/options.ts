// trainCodec options: their types, defaults and validation (every bad option is a BsqError
// INVALID_ARGUMENT naming the option).

import { BsqError } from '../codec/errors.js';
import type { OptionKeys } from '../codec/checks.js';
import type { BackendChoice } from './backend.js';
import type { Task, TrainData } from './data.js';
import type { ThresholdInit } from './init.js';
import type { EpochLogs } from './loop.js';

/** The comparison methods of the paper that trainCodec can train in the same harness. */
export const BASELINES = ['FP', 'Po-MQ', 'Po-QQ', 'Pr-MQ', 'Pr-QQ', 'Bw-MQ', 'Bw-QQ', 'SQ', 'LSQ'] as const;
export type BaselineName = (typeof BASELINES)[number];

export interface TrainCallbacks {
  onTrainBegin?: (logs: { method: string }) => void | Promise<void>;
  /** After every epoch of the bsq run (and of each baseline, with `method` set). */
  onEpochEnd?: (epoch: number, logs: EpochLogs & { method: string }) => void | Promise<void>;
  onTrainEnd?: (logs: { method: string }) => void | Promise<void>;
}

/** Every key of TrainOptions (trainCodec refuses any other: a misspelt option would be ignored). */
export const TRAIN_OPTION_KEYS: OptionKeys<TrainOptions> = {
  target: true,
  features: true,
  task: true,
  bits: true,
  categorical: true,
  numeric: true,
  unknownCategory: true,
  bitsPerRow: true,
  frontier: true,
  hiddenLayers: true,
  hiddenUnits: true,
  dropout: true,
  inputDropout: true,
  epochs: true,
  maxSteps: true,
  hardEpochs: true,
  batchSize: true,
  learningRate: true,
  hardLearningRate: true,
  finalTau: true,
  initBetweenValues: true,
  losslessDiscrete: true,
  relativeTau: true,
  levelPath: true,
  regularizedCandidate: true,
  averageEpochs: true,
  thresholdInit: true,
  selectBy: true,
  seed: true,
  validationFraction: true,
  split: true,
  testFraction: true,
  testData: true,
  baselines: true,
  callbacks: true,
  signal: true,
  backend: true,
};

export interface TrainOptions {
  /** Target column name (required). */
  target: string;
  /** Feature columns (default: every column except the target, in data order). */
  features?: string[];
  /** Default: inferred (labels or exactly two integer values -> classification, else regression). */
  task?: Task;
  /**
   * Bits per feature: one number, or a map feature -> bits (unlisted features get 4). 1..12. For a
   * categorical feature this is a budget: it takes the fewest bits its dictionary needs, at most
   * these; when the dictionary needs more, the 2^bits - 1 most frequent categories keep their codes
   * and the rest share the unknown code (docs/train.md, categorical features). With bitsPerRow: the
   * widest width the search considers (a number, 1..8; default 4).
   */
  bits?: number | Record<string, number>;
  /**
   * Features to treat as categorical (text labels, code = index in a dictionary learned from the
   * training data, most frequent first). Default: every feature column holding text (that is not a
   * number) or booleans.
   */
  categorical?: string[];
  /** Features to read as numbers even when they hold text (a non-numeric cell is then an error). */
  numeric?: string[];
  /**
   * A category the training data did not have: 'error' (UNKNOWN_CATEGORY when encoding), 'code'
   * (reserve one code for it), or 'auto' (default): reserve it when that costs no extra bit.
   */
  unknownCategory?: 'auto' | 'error' | 'code';
  /**
   * A row budget in bits: trainCodec chooses a width 0..8 per feature (0 = the feature is left out of
   * the codec and the model) so that the widths sum to at most this, for the best validation loss
   * (see docs/train.md "Bit budgets"); report.allocation says what was chosen and why.
   * `{ entropy: N }`: a budget in mean entropy-coded bits per row on the data in its given (time) order.
   */
  bitsPerRow?: number | { entropy: number };
  /**
   * With bitsPerRow: also report the accuracy-against-budget frontier of the same search
   * (report.allocation.frontier): true = every multiple of the feature count F from F to
   * searchBits x F, or a list of budgets in bits per row.
   */
  frontier?: boolean | number[];
  /** Hidden ReLU layers (default 3) and their width (default 256). */
  hiddenLayers?: number;
  hiddenUnits?: number;
  /** Dropout after each hidden layer (default 0). */
  dropout?: number;
  /**
   * Dropout on the thermometer bits (the MLP's input) of bsq and Bw-* runs, training only: a rate
   * in [0, 1), or 'auto' = per feature K / (K + 255) with K = 2^bits - 1 thresholds (so the
   * implied ridge on the first layer's per-threshold weights, p / (1 - p) = K / 255, grows with the
   * thermometer width: 0.5 at 8 bits, 0.2 at 6, 0.06 at 4). Default 0.
   */
  inputDropout?: number | 'auto';
  /** Soft epochs (default 50): tau steps and validation checks. See maxSteps. */
  epochs?: number;
  /**
   * Budget of soft optimizer steps (mini-batches), default 2000. When epochs full passes over the
   * training rows would take more steps, every epoch becomes a sampled epoch of
   * floor(maxSteps / epochs) batches, so the training cost stops growing with the row count.
   * Hard-step epochs use the same number of batches per epoch.
   */
  maxSteps?: number;
  /** Final hard-step epochs: thresholds frozen, MLP trained on hard bits (default 10; 0 = off). */
  hardEpochs?: number;
  /** Mini-batch size (default 256). */
  batchSize?: number;
  /** Adam learning rate (default 1e-3) and the hard-step epochs' rate (default 5e-4). */
  learningRate?: number;
  hardLearningRate?: number;
  /** Final temperature factor r: tau goes 1 -> r geometrically (floor 1e-4). Default 1e-3, or 1e-4 when a feature has <= 2 bits. */
  finalTau?: number;
  /**
   * Move an initial (quantile) threshold that lands exactly on a training value to the middle
   * between that value and the next larger one (default true). Helps discrete features at high bit
   * widths, where a sigmoid centred on a data value gives 0.5 in training but 0 as a hard bit.
   */
  initBetweenValues?: boolean;
  /**
   * A feature with at most 2^bits distinct training values gets thresholds between its values,
   * frozen during training, so it is coded without loss (default true). Applies to bsq and SQ.
   */
  losslessDiscrete?: boolean;
  /**
   * Temperature relative to each feature's threshold gaps (default true): the sigmoids of bsq (and
   * SQ) use tau x (mean gap between the feature's initial thresholds) instead of tau in standardized
   * units, so the schedule means the same at every bit width (at 4 bits the gaps are ~0.15 sd).
   */
  relativeTau?: boolean;
  /**
   * Level path (bsq; default true): the server network's first-layer weights on a numeric feature's
   * thermometer bits are parametrized as (the feature's level step at each threshold) x (one weight
   * vector per feature) + a per-threshold residual that starts at zero. Training thus starts from
   * the network SQ and LSQ have (one input per feature, its quantized value) and learns how each
   * threshold departs from it. Export folds both into one kernel on the bits, so the model, the codec
   * and the C encoder are unchanged. false = a plain Glorot-initialized first layer on the bits.
   */
  levelPath?: boolean;
  /**
   * A second, regularized bsq run (dropout 0.2 after each hidden layer, no level path) on the same
   * splits, kept instead of the first only when its hard validation loss is lower by more than one
   * standard error of the paired per-row differences (report.candidates says what each scored).
   * 'auto' (default): trained when every soft epoch is a full pass over the training rows (at most
   * maxSteps / epochs x batchSize rows, 10,240 with the defaults: small data, where the network can
   * fit the rows closely; both runs together take at most 2 x maxSteps steps), and only when dropout
   * and levelPath are not set. true: always (an error without a validation split); false: never.
   */
  regularizedCandidate?: 'auto' | boolean;
  /**
   * Weight averaging (bsq; default 2): an exponential moving average of the trained variables, with
   * a time constant of this many epochs (restarted at each phase). After every epoch the averaged
   * weights compete with the live ones on the hard validation loss, and the best of either is kept.
   * 0 = off.
   */
  averageEpochs?: number;
  /**
   * Where the learned thresholds start (bsq and SQ): 'lloyd-max' (1-D k-means from the quantiles,
   * the squared-error-optimal quantizer of the feature), 'quantile' (training quantiles k / 2^b, the
   * paper's choice: equally likely codes) or 'auto' (default): per feature, 'lloyd-max' for a
   * regression feature of 3 bits or more, 'quantile' for classification and for features of 1-2 bits.
   */
  thresholdInit?: ThresholdInit | 'auto';
  /**
   * What picks the kept epoch of every method: 'loss' (default; the hard-code validation loss) or
   * 'error' (classification: the validation error rate, the loss breaking ties; regression: the loss).
   */
  selectBy?: 'loss' | 'error';
  /** Seed for splits, initialisation, shuffling and dropout (default 0). */
  seed?: number;
  /** Fraction of the non-test rows held out for validation / best-epoch selection (default 0.1). */
  validationFraction?: number;
  /**
   * How rows are assigned to the splits: 'random' (default; a seeded permutation) or 'ordered'
   * (for rows in time order: the last testFraction of the rows is the test set, the rows just
   * before it the validation set, the earliest rows train, so best-epoch selection and the test
   * both look at later periods than training, as a deployed model does).
   */
  split?: SplitOrder;
  /** Fraction of rows held out for the test metrics (default 0.1; ignored with testData). */
  testFraction?: number;
  /** An explicit test set (same columns). */
  testData?: TrainData;
  /** Train these comparison methods on the same splits ('all' = every one in BASELINES). */
  baselines?: BaselineName[] | 'all';
  callbacks?: TrainCallbacks;
  signal?: AbortSignal;
  /** tfjs backend: 'auto' (wasm, then cpu; default), 'wasm' or 'cpu'. */
  backend?: BackendChoice;
}

export interface ResolvedSettings {
  target: string;
  task: Task;
  features: string[];
  bits: number[];
  hiddenLayers: number;
  hiddenUnits: number;
  dropout: number;
  /** Input dropout rate per feature (applied to that feature's thermometer bits). */
  inputDropout: number[];
  epochs: number;
  maxSteps: number;
  hardEpochs: number;
  batchSize: number;
  learningRate: number;
  hardLearningRate: number;
  finalTau: number;
  initBetweenValues: boolean;
  losslessDiscrete: boolean;
  relativeTau: boolean;
  levelPath: boolean;
  /** The option as given ('auto' unless set); report.candidates says whether the candidate ran. */
  regularizedCandidate: 'auto' | boolean;
  averageEpochs: number;
  /** Where each feature's learned thresholds start, in feature order ('auto' resolved per feature). */
  thresholdInit: ThresholdInit[];
  selectBy: 'loss' | 'error';
  seed: number;
  validationFraction: number;
  split: SplitOrder;
  testFraction: number;
  baselines: BaselineName[];
}

/** Bits per feature when trainCodec is given none. */
export const DEFAULT_BITS = 4;
/**
 * The defaults of trainCodec's numeric options, in one place: resolveOptions applies them and the CLI
 * quotes them in its help (no second copy to drift).
 */
export const TRAIN_DEFAULTS = {
  hiddenLayers: 3,
  hiddenUnits: 256,
  dropout: 0,
  epochs: 50,
  hardEpochs: 10,
  batchSize: 256,
  learningRate: 1e-3,
  hardLearningRate: 5e-4,
  seed: 0,
  validationFraction: 0.1,
  testFraction: 0.1,
  averageEpochs: 2,
} as const;
/** Default soft-step budget (see TrainOptions.maxSteps). */
export const DEFAULT_MAX_STEPS = 2000;

/**
 * The step budget's rule (TrainOptions.maxSteps), in one place: the mini-batches of each epoch of a
 * phase of `epochs` epochs, and whether that is a full pass over the training rows (otherwise the
 * epochs are sampled, floor(maxSteps / epochs) batches each).
 */
export function epochBatches(trainRows: number, batchSize: number, maxSteps: number, epochs: number): { batches: number; fullPass: boolean } {
  const bs = Math.max(1, Math.min(batchSize, trainRows));
  const full = Math.ceil(trainRows / bs);
  const budget = Math.max(1, Math.floor(maxSteps / Math.max(1, epochs)));
  return { batches: Math.min(full, budget), fullPass: full <= budget };
}
/** At most this many rows are held out for validation (best-epoch selection runs on it every epoch). */
export const MAX_VALIDATION_ROWS = 10000;
/** The widest bit width trainCodec accepts. */
export const MAX_TRAIN_BITS = 12;

function bad(name: string, msg: string): never {
  throw new BsqError('INVALID_ARGUMENT', `options.${name} ${msg}`, { option: name });
}

function int(o: TrainOptions, name: keyof TrainOptions, def: number, lo: number, hi: number): number {
  const v = o[name] ?? def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(name, `must be an integer in ${lo}..${hi}, got ${String(v)}`);
  return v;
}

function num(o: TrainOptions, name: keyof TrainOptions, def: number, ok: (v: number) => boolean, range: string): number {
  const v = o[name] ?? def;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) bad(name, `must be ${range}, got ${String(v)}`);
  return v;
}

function bool(o: TrainOptions, name: keyof TrainOptions, def: boolean): boolean {
  const v = o[name] ?? def;
  if (typeof v !== 'boolean') bad(name, `must be true or false, got ${String(v)}`);
  return v;
}

function autoOrBool(o: TrainOptions, name: keyof TrainOptions): 'auto' | boolean {
  const v = o[name] ?? 'auto';
  if (v !== 'auto' && typeof v !== 'boolean') bad(name, `must be 'auto', true or false, got ${String(v)}`);
  return v as 'auto' | boolean;
}

function oneOf<T extends string>(o: TrainOptions, name: keyof TrainOptions, def: T, allowed: readonly T[]): T {
  const v = o[name] ?? def;
  if (typeof v !== 'string' || !allowed.includes(v as T)) bad(name, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(v)}`);
  return v as T;
}

/** The values of TrainOptions.split. */
export const SPLIT_ORDERS = ['random', 'ordered'] as const;
/** How trainCodec assigns rows to the training, validation and test splits (TrainOptions.split). */
export type SplitOrder = (typeof SPLIT_ORDERS)[number];

/** Widest feature that 'auto' starts from quantiles in a regression. */
export const QUANTILE_INIT_MAX_BITS = 2;

/**
 * thresholdInit 'auto', per feature: a regression target is a function of the feature values, so
 * the thresholds that reconstruct the values best (Lloyd-Max) start closest; a class boundary can sit
 * anywhere, so classification starts from equally likely codes (quantiles, the most information per
 * code). With 1-3 thresholds (1-2 bits) a feature keeps too few levels to reconstruct it well either
 * way, and equally likely codes measured better on the suite (bench/results/accuracy.md notes).
 */
function resolveInit(v: ThresholdInit | 'auto', task: Task, bits: readonly number[]): ThresholdInit[] {
  return bits.map((b) => (v !== 'auto' ? v : task === 'regression' && b > QUANTILE_INIT_MAX_BITS ? 'lloyd-max' : 'quantile'));
}

function checkBits(b: unknown, where: string): number {
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > MAX_TRAIN_BITS) {
    bad('bits', `${where}must be an integer in 1..${MAX_TRAIN_BITS}, got ${String(b)}`);
  }
  return b;
}

/** Bits per feature, in feature order. */
export function resolveBits(bits: TrainOptions['bits'], features: string[]): number[] {
  if (bits === undefined) return features.map(() => DEFAULT_BITS);
  if (typeof bits === 'number') {
    const b = checkBits(bits, '');
    return features.map(() => b);
  }
  if (bits === null || typeof bits !== 'object') bad('bits', 'must be a number or a map from feature name to bits');
  for (const k of Object.keys(bits)) {
    if (!features.includes(k)) bad('bits', `names '${k}', which is not a feature (features: ${features.join(', ')})`);
  }
  return features.map((f) => (f in bits ? checkBits(bits[f], `for '${f}' `) : DEFAULT_BITS));
}

/** Reference thermometer width of inputDropout 'auto': p / (1 - p) = K / INPUT_DROPOUT_REF_WIDTH. */
export const INPUT_DROPOUT_REF_WIDTH = 255;
export const DEFAULT_INPUT_DROPOUT: number | 'auto' = 0;

function resolveInputDropout(o: TrainOptions, bits: number[]): number[] {
  const v = o.inputDropout ?? DEFAULT_INPUT_DROPOUT;
  if (v === 'auto') return bits.map((b) => (2 ** b - 1) / (2 ** b - 1 + INPUT_DROPOUT_REF_WIDTH));
  const p = num({ inputDropout: v } as TrainOptions, 'inputDropout', 0, (x) => x >= 0 && x < 1, "in [0, 1) or 'auto'");
  return bits.map(() => p);
}

/** Validate and fill in defaults (bits, task and features come from the data). */
export function resolveOptions(o: TrainOptions, task: Task, features: string[]): ResolvedSettings {
  const bits = resolveBits(o.bits, features);
  const minBits = Math.min(...bits);
  let baselines: BaselineName[] = [];
  if (o.baselines === 'all') baselines = [...BASELINES];
  else if (o.baselines !== undefined) {
    if (!Array.isArray(o.baselines)) bad('baselines', "must be an array of baseline names or 'all'");
    for (const b of o.baselines) {
      if (!(BASELINES as readonly string[]).includes(b)) bad('baselines', `has unknown method '${String(b)}' (known: ${BASELINES.join(', ')})`);
    }
    baselines = [...new Set(o.baselines)];
  }
  return {
    target: o.target,
    task,
    features,
    bits,
    hiddenLayers: int(o, 'hiddenLayers', TRAIN_DEFAULTS.hiddenLayers, 0, 64),
    hiddenUnits: int(o, 'hiddenUnits', TRAIN_DEFAULTS.hiddenUnits, 1, 1 << 16),
    dropout: num(o, 'dropout', TRAIN_DEFAULTS.dropout, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    inputDropout: resolveInputDropout(o, bits),
    epochs: int(o, 'epochs', TRAIN_DEFAULTS.epochs, 1, 100000),
    maxSteps: int(o, 'maxSteps', DEFAULT_MAX_STEPS, 1, 1e9),
    hardEpochs: int(o, 'hardEpochs', TRAIN_DEFAULTS.hardEpochs, 0, 100000),
    batchSize: int(o, 'batchSize', TRAIN_DEFAULTS.batchSize, 1, 1 << 24),
    learningRate: num(o, 'learningRate', TRAIN_DEFAULTS.learningRate, (v) => v > 0, '> 0'),
    hardLearningRate: num(o, 'hardLearningRate', TRAIN_DEFAULTS.hardLearningRate, (v) => v > 0, '> 0'),
    finalTau: num(o, 'finalTau', minBits <= 2 ? 1e-4 : 1e-3, (v) => v > 0 && v <= 1, 'in (0, 1]'),
    initBetweenValues: bool(o, 'initBetweenValues', true),
    losslessDiscrete: bool(o, 'losslessDiscrete', true),
    relativeTau: bool(o, 'relativeTau', true),
    levelPath: bool(o, 'levelPath', true),
    regularizedCandidate: autoOrBool(o, 'regularizedCandidate'),
    averageEpochs: num(o, 'averageEpochs', TRAIN_DEFAULTS.averageEpochs, (v) => v >= 0 && v <= 1000, 'in [0, 1000]'),
    thresholdInit: resolveInit(oneOf(o, 'thresholdInit', 'auto', ['auto', 'quantile', 'lloyd-max'] as const), task, bits),
    selectBy: oneOf(o, 'selectBy', 'loss', ['loss', 'error'] as const),
    seed: int(o, 'seed', TRAIN_DEFAULTS.seed, 0, 2 ** 32 - 1),
    validationFraction: num(o, 'validationFraction', TRAIN_DEFAULTS.validationFraction, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    split: oneOf(o, 'split', 'random', SPLIT_ORDERS),
    testFraction: num(o, 'testFraction', TRAIN_DEFAULTS.testFraction, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    baselines,
  };
}
