// trainCodec with a row budget (options.bitsPerRow): one training of every feature at a wide width,
// the validation loss of each feature at each narrower width with the same network (allocation.ts:
// bins merged, no retraining), an exact knapsack over those loss curves for the budget (and for every
// budget of the frontier), then a training at the chosen widths of only the features that kept a
// width (width 0: left out of the codec, the C export and the server model). Baselines, when asked
// for, train at the uniform width the budget buys (floor(bitsPerRow / F)) on every feature.

import { BsqError } from '../codec/errors.js';
import { writeBsq } from '../format/index.js';
import { allocate, entropyCosts, MergeScorer, pairedGap, type Score, type ScoredRows } from './allocation.js';
import type { TrainData } from './data.js';
import type { Metrics } from './metrics.js';
import type { TrainCallbacks, TrainOptions } from './options.js';
import type { TrainResult } from './train-codec.js';

/** The widest width a budget search may give one feature. */
export const MAX_BUDGET_BITS = 8;
/** The width of the search's wide training when options.bits is not given. */
export const DEFAULT_SEARCH_BITS = 4;
/**
 * The knapsack's widths replace the uniform ones of the same row size only when their validation
 * loss is lower by more than KEEP_MARGIN standard errors of the paired per-row difference. The
 * knapsack is fitted to the same validation rows, so a small advantage is mostly noise; on the
 * bench suite (bench/results/budget.notes.md) a margin of 1 removed the cells where the chosen
 * widths lost to uniform by more than the seed spread (optdigits) and changed no cell they won.
 */
export const KEEP_MARGIN = 1;

/** What the fixed-width trainer shows the search: raw training and validation rows, the target's training sd. */
export interface SplitCapture {
  train: ScoredRows;
  val: ScoredRows;
  ySd: number;
  /** Every row's features, in data order (the entropy budget's time order). */
  ordered: Float64Array[];
}

type FixedTrainer = (data: TrainData, options: TrainOptions, capture?: (c: SplitCapture) => void) => Promise<TrainResult>;

/** One budget of the frontier: the knapsack's widths and the wide network's validation score at them. */
export interface FrontierPoint {
  /** The budget: bits per row, or entropy-coded bits per row with an entropy budget. */
  bitsPerRow: number;
  /** Width per feature (every candidate feature, in order; 0 = left out). */
  widths: number[];
  /** Sum of the widths (the codec's bits per row). */
  rowBits: number;
  /** Entropy budget: the estimated entropy-coded bits per row of these widths. */
  entropyBits?: number;
  /** Which allocation scored better jointly: the knapsack's, or every feature at the uniform width. */
  chosenBy: 'knapsack' | 'uniform';
  /** Validation loss / metric of the wide network with these widths (bins merged, no retraining). */
  validation: Score;
  /**
   * Every feature at the widest uniform width within the budget, scored the same way (absent when none
   * fits); paired: the knapsack's validation loss minus this one's, mean over the validation rows and
   * its standard error (the knapsack's widths are kept when its loss is lower by more than KEEP_MARGIN x se).
   */
  uniform?: { bits: number; validation: Score; paired: { mean: number; se: number } };
}

/** report.allocation: what the budget search chose and why. */
export interface Allocation {
  /** The budget in bits per row (with an entropy budget: the chosen codec's bits per row; see entropy). */
  bitsPerRow: number;
  /** The width of the wide training the search scored from (the widest width a feature can get). */
  searchBits: number;
  /** Every candidate feature, in order. */
  features: string[];
  /** The chosen width per feature (0 = left out of the codec and the model). */
  widths: Record<string, number>;
  /** The features with width 0. */
  dropped: string[];
  /** Sum of the widths (<= bitsPerRow). */
  usedBits: number;
  /**
   * Per feature, the validation loss of the wide network with that feature at width w (index w =
   * 0..searchBits) and every other feature at searchBits: what each width was worth.
   */
  curves: Record<string, number[]>;
  /**
   * Validation of the wide network at searchBits, and with the chosen widths merged (the search's
   * estimate); chosenBy: the knapsack's allocation, or the uniform one when that scored better jointly.
   */
  search: { validation: Score; estimate: Score; chosenBy: 'knapsack' | 'uniform' };
  /** Validation metric per curve point: stdMse (regression) or error rate (classification), same layout as curves. */
  curveMetrics: Record<string, number[]>;
  seconds: { search: number; score: number; final: number; uniform: number };
  /** With options.frontier: one point per budget. */
  frontier?: FrontierPoint[];
  /** With baselines: bsq at the uniform width the budget buys, trained on the same splits (its test metrics). */
  uniform?: { bits: number; test: Metrics; validationLoss: number };
  /**
   * Entropy budget only: per feature, the estimated entropy-coded bits per row at widths 0..searchBits
   * (adaptive order-1 code length of the merged codes of every row in data order).
   */
  entropyCosts?: Record<string, number[]>;
  /**
   * Entropy budget only: the budget, the estimate for the chosen widths, and what the final codec
   * measures on every row in data order with encoding 2 and its fitted model: the DATA records' bits
   * per row (block framing included; header and codec/model record excluded: they travel once), and
   * the whole file's bytes.
   */
  entropy?: { budget: number; estimate: number; measured: number; bytes: number; rows: number };
}

function bad(name: string, msg: string): never {
  throw new BsqError('INVALID_ARGUMENT', `options.${name} ${msg}`, { option: name });
}

function renameMethod(cb: TrainCallbacks | undefined, label: string): TrainCallbacks | undefined {
  if (!cb) return undefined;
  return {
    ...(cb.onTrainBegin ? { onTrainBegin: (l: { method: string }) => cb.onTrainBegin!({ method: l.method === 'bsq' ? label : l.method }) } : {}),
    ...(cb.onEpochEnd ? { onEpochEnd: (e: number, l: Parameters<NonNullable<TrainCallbacks['onEpochEnd']>>[1]) => cb.onEpochEnd!(e, { ...l, method: l.method === 'bsq' ? label : l.method }) } : {}),
    ...(cb.onTrainEnd ? { onTrainEnd: (l: { method: string }) => cb.onTrainEnd!({ method: l.method === 'bsq' ? label : l.method }) } : {}),
  };
}

function checkFrontier(frontier: TrainOptions['frontier'], entropy: boolean): void {
  if (frontier === undefined || typeof frontier === 'boolean') return;
  if (!Array.isArray(frontier) || frontier.length === 0) bad('frontier', 'must be true, false or a non-empty array of budgets in bits per row');
  for (const b of frontier) {
    const ok = typeof b === 'number' && (entropy ? Number.isFinite(b) && b > 0 : Number.isInteger(b) && b >= 1);
    if (!ok) bad('frontier', `budgets must be ${entropy ? 'numbers > 0 (entropy-coded bits per row)' : 'integers >= 1'}, got ${String(b)}`);
  }
}

function frontierBudgets(frontier: TrainOptions['frontier'], F: number, searchBits: number): number[] {
  if (frontier === undefined || frontier === false) return [];
  if (frontier === true) return Array.from({ length: searchBits }, (_, i) => (i + 1) * F);
  return [...new Set(frontier)].sort((a, b) => a - b);
}

/** Fixed-point units per bit of the entropy knapsack. */
const ENTROPY_UNITS = 16;

/** The budget, checked: fixed bits per row (an integer) or mean entropy-coded bits per row. */
function checkBudget(N: TrainOptions['bitsPerRow']): { fixed: number } | { entropy: number } {
  if (typeof N === 'number') {
    if (!Number.isInteger(N) || N < 1) bad('bitsPerRow', `must be an integer >= 1 (bits per row) or { entropy: bits }, got ${String(N)}`);
    return { fixed: N };
  }
  if (N !== null && typeof N === 'object' && !Array.isArray(N)) {
    const e = (N as { entropy?: unknown }).entropy;
    if (typeof e === 'number' && Number.isFinite(e) && e > 0 && Object.keys(N).length === 1) return { entropy: e };
  }
  return bad('bitsPerRow', `must be an integer >= 1 (bits per row) or { entropy: bits > 0 }, got ${JSON.stringify(N) ?? String(N)}`);
}

/** trainCodec with options.bitsPerRow (see the module header). */
export async function trainWithBudget(data: TrainData, options: TrainOptions, trainFixed: FixedTrainer): Promise<TrainResult> {
  const t0 = performance.now();
  if (options.bitsPerRow === undefined) bad('frontier', 'needs options.bitsPerRow (the budget the returned codec is trained for)');
  const budget = checkBudget(options.bitsPerRow);
  const entropyMode = 'entropy' in budget;
  const searchBits = options.bits ?? DEFAULT_SEARCH_BITS;
  if (typeof searchBits !== 'number' || !Number.isInteger(searchBits) || searchBits < 1 || searchBits > MAX_BUDGET_BITS) {
    bad('bits', `with bitsPerRow is the search width, an integer in 1..${MAX_BUDGET_BITS}; got ${typeof searchBits === 'object' ? 'a map' : String(searchBits)}`);
  }
  checkFrontier(options.frontier, entropyMode);
  if (options.validationFraction === 0) bad('bitsPerRow', 'needs a validation split (validationFraction > 0) to score the widths');
  const { bitsPerRow: _n, frontier, bits: _b, baselines, callbacks, ...rest } = options;
  void _n; void _b;

  // 1. Every feature at the search width.
  let capture: SplitCapture | undefined;
  const searchCb = renameMethod(callbacks, 'bsq (budget search)');
  // The search training only ranks widths: no regularized candidate unless asked for outright.
  const wide = await trainFixed(data, { ...rest, bits: searchBits, regularizedCandidate: rest.regularizedCandidate === true, ...(searchCb ? { callbacks: searchCb } : {}) }, (c) => { capture = c; });
  const tSearch = performance.now();
  const features = wide.report.features;
  const F = features.length;

  // 2. What every width of every feature is worth (and, for an entropy budget, costs), and the knapsack.
  const scorer = new MergeScorer(wide.model, capture!.train, capture!.val, capture!.ySd);
  const curves = scorer.curves();
  const lossCurves = curves.map((c) => c.map((s) => s.loss));
  let ecosts: number[][] | undefined;
  let units: number[][] | undefined;
  if (entropyMode) {
    ecosts = entropyCosts(wide.model.codec.encodeColumnsToCodes(capture!.ordered, { nan: { code: 0 } }), wide.model.codec.features.map((f) => f.bits));
    units = ecosts.map((c) => c.map((x) => Math.ceil(x * ENTROPY_UNITS - 1e-9)));
  }
  const entropyOf = (w: readonly number[]) => (ecosts ? w.reduce((a, x, f) => a + ecosts![f]![x]!, 0) : undefined);
  const allocFor = (B: number) => (units ? allocate(lossCurves, Math.floor(B * ENTROPY_UNITS + 1e-9), units) : allocate(lossCurves, B));
  /** The widest uniform width within budget B (0: none fits). */
  const uniformFor = (B: number) => {
    if (!ecosts) return Math.min(searchBits, Math.floor(B / F));
    let u = 0;
    for (let w = 1; w <= searchBits; w++) if (entropyOf(features.map(() => w))! <= B) u = w;
    return u;
  };
  const N = 'entropy' in budget ? budget.entropy : budget.fixed;
  /**
   * The knapsack sums per-feature losses, which ignores interactions between narrowed features; so
   * its allocation and the uniform one of the same size are both scored jointly (every feature
   * narrowed at once, same network) and the better one is kept.
   */
  const choose = (B: number) => {
    const knap = allocFor(B);
    const k = scorer.evaluate(knap);
    const ks = k.score;
    const u = uniformFor(B);
    const uw = features.map(() => u);
    const ue = u >= 1 ? scorer.evaluate(uw) : undefined;
    const us = ue?.score;
    const paired = ue ? pairedGap(k.losses, ue.losses) : undefined;
    const pickUniform = us !== undefined && ks.loss - us.loss > -KEEP_MARGIN * paired!.se;
    return { widths: pickUniform ? uw : knap, score: pickUniform ? us! : ks, by: (pickUniform ? 'uniform' : 'knapsack') as 'uniform' | 'knapsack', u, us, paired };
  };
  const chosen = choose(N);
  const widths = chosen.widths;
  const estimate = chosen.score;
  const budgets = frontier === true && ecosts
    ? Array.from({ length: searchBits }, (_, k) => Math.round((100 * (k + 1) * entropyOf(features.map(() => searchBits))!) / searchBits) / 100)
    : frontierBudgets(frontier, F, searchBits);
  const points: FrontierPoint[] = budgets.map((B) => {
    const c = choose(B);
    const e = entropyOf(c.widths);
    return {
      bitsPerRow: B, widths: c.widths, rowBits: c.widths.reduce((a, x) => a + x, 0), ...(e !== undefined ? { entropyBits: e } : {}),
      validation: c.score, chosenBy: c.by,
      ...(c.us ? { uniform: { bits: c.u, validation: c.us, paired: c.paired! } } : {}),
    };
  });
  wide.model.network.dispose();
  const tScore = performance.now();

  // 3. The kept features at their widths.
  const kept = features.filter((_, f) => widths[f]! > 0);
  const bitsMap = Object.fromEntries(kept.map((name) => [name, widths[features.indexOf(name)]!]));
  const final = await trainFixed(data, { ...rest, features: kept, bits: bitsMap, ...(callbacks ? { callbacks } : {}) });
  const tFinal = performance.now();

  // An entropy budget: what the final codec's codes of the rows in order cost with its fitted
  // encoding-2 model, in the DATA records of a .bsq file (block framing included; the header and the
  // codec record with the model travel once, with the codec, and are not counted per row).
  let entropy: Allocation['entropy'];
  if (ecosts) {
    const cols = kept.map((name) => capture!.ordered[features.indexOf(name)]!);
    const n = cols[0]!.length;
    const withModel = final.codec.fitEntropyModelFromCodes(final.codec.encodeColumnsToCodes(cols, { nan: { code: 0 } }));
    const bytes = writeBsq(withModel, { columns: cols, encoding: 'entropy', nan: { code: 0 } }).length;
    const fixedBytes = writeBsq(withModel, { columns: cols.map(() => new Float64Array(0)), encoding: 'entropy' }).length;
    entropy = { budget: N, estimate: entropyOf(widths)!, measured: (8 * (bytes - fixedBytes)) / n, bytes, rows: n };
  }

  // 4. Baselines (and bsq) at the uniform width the budget buys, on every feature.
  let uniform: Allocation['uniform'];
  let uniformBaselines: TrainResult['report']['baselines'] = {};
  let uniformSeconds = 0;
  if (baselines !== undefined && (baselines === 'all' || baselines.length > 0)) {
    const u = Math.max(1, Math.min(MAX_BUDGET_BITS, ecosts ? uniformFor(N) : Math.floor(N / F)));
    const uniCb = renameMethod(callbacks, `bsq (uniform ${u} bits)`);
    const r = await trainFixed(data, { ...rest, bits: u, baselines, ...(uniCb ? { callbacks: uniCb } : {}) });
    r.model.network.dispose();
    uniform = { bits: u, test: r.report.test, validationLoss: r.report.validation.loss };
    uniformBaselines = r.report.baselines;
    uniformSeconds = r.report.timings.totalSeconds;
  }

  const usedBits = widths.reduce((a, b) => a + b, 0);
  const allocation: Allocation = {
    bitsPerRow: entropyMode ? usedBits : N,
    searchBits,
    features,
    widths: Object.fromEntries(features.map((name, f) => [name, widths[f]!])),
    dropped: features.filter((_, f) => widths[f] === 0),
    usedBits,
    curves: Object.fromEntries(features.map((name, f) => [name, lossCurves[f]!])),
    curveMetrics: Object.fromEntries(features.map((name, f) => [name, curves[f]!.map((s) => s.metric)])),
    ...(ecosts ? { entropyCosts: Object.fromEntries(features.map((name, f) => [name, ecosts![f]!])) } : {}),
    search: { validation: curves[0]![searchBits]!, estimate, chosenBy: chosen.by },
    seconds: { search: (tSearch - t0) / 1000, score: (tScore - tSearch) / 1000, final: (tFinal - tScore) / 1000, uniform: uniformSeconds },
    ...(points.length ? { frontier: points } : {}),
    ...(uniform ? { uniform } : {}),
    ...(entropy ? { entropy } : {}),
  };
  const codec = final.codec.withMetadata({ ...(final.codec.metadata ?? {}), bitsPerRow: entropyMode ? { entropy: N } : N, dropped: allocation.dropped });
  const report = {
    ...final.report,
    baselines: uniformBaselines,
    allocation,
    timings: {
      totalSeconds: (performance.now() - t0) / 1000,
      trainSeconds: wide.report.timings.trainSeconds + final.report.timings.trainSeconds,
      baselinesSeconds: uniformSeconds,
    },
  };
  return { codec, model: { ...final.model, codec }, report };
}
