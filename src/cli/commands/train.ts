// bsq train: read a labeled table, learn the codec (per-feature thresholds) and the server model with
// bitwise soft quantization (src/train), optionally the paper's baselines and other bit widths, and
// write <dir>/codec.bsq, <dir>/model/, <dir>/report.json and <dir>/report.html atomically; print a
// readable summary (compression against float32, test metrics of bsq, FP and the baselines, time).
import { join } from 'node:path';
import {
  choiceOption,
  floatOption,
  intOption,
  listOption,
  requireString,
  stringOption,
  type CommandSpec,
  type OptionValues,
} from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError, withRowFromOne } from '../errors.js';
import { int, num, sizeChange, table } from '../format-text.js';
import { openTable } from '../input.js';
import { parseCell } from '../csv-input.js';
import { resolvePath } from '../io.js';
import { columnList, labelValue, readWholeTable, type WholeTable } from '../table.js';
import { checkDirTarget, writeDirAtomic, writeStagedFile } from '../atomic.js';
import { formatDuration } from '../progress.js';
import { version } from '../version.js';
import { buildReportData, headlineMetric, runOf, type BitsRun } from '../report/report-data.js';
import { renderReportHtml, type ReportData } from '../report/html.js';
import { writeBsq } from '../../format/index.js';
import { BsqError } from '../../codec/errors.js';
import { numberFromText } from '../../codec/number-text.js';
import type { BaselineName, TrainOptions, TrainReport, TrainResult } from '../../train/index.js';
// Constants only (options.ts imports no TensorFlow.js): the help quotes the train module's defaults.
import { BASELINES as BASELINE_NAMES, DEFAULT_BITS, MAX_TRAIN_BITS, SPLIT_ORDERS, TRAIN_DEFAULTS as D } from '../../train/options.js';

const spec: CommandSpec = {
  name: 'train',
  summary: 'learn a codec (thresholds) and the server model from a table',
  usage: [
    'train <data.csv|data.arrow|data.parquet> --target <col> -o <dir> [--task regression|classification]',
    '          [--bits 4 | --bits temp=2,co2=6,...] [--epochs N] [--seed N] [--test <file> | --test-fraction F]',
    '          [--baselines all|none|FP,Pr-QQ,...] [--bits-sweep 2,4,8] [--bits-per-row N [--frontier]]',
  ],
  description:
    'Writes <dir>/codec.bsq (the codec, for bsq encode and the device), <dir>/model/ (the server\n' +
    'model, for bsq eval), <dir>/report.json and <dir>/report.html (charts, opens offline).\n' +
    'Features are every column except the target unless --features lists them. --bits takes one\n' +
    `width for all features, or name=bits pairs (a bare number among them is the default, else ${DEFAULT_BITS}).\n` +
    'Columns holding text are categorical features (a dictionary, code = index; --bits is their\n' +
    'budget, rare categories beyond it share the unknown code); --categorical / --numeric override.\n' +
    `Baselines: ${BASELINE_NAMES.join(', ')} (default: FP).\n` +
    '--bits-per-row N chooses each feature\'s width (0..the search width, --bits, default 4; 0 = the\n' +
    'feature is left out) for the best validation loss within N bits per row; baselines then train at\n' +
    'floor(N / features) bits on every feature. --frontier adds validation accuracy against row size.',
  options: {
    target: { type: 'string', short: 't', arg: '<col>', help: 'the column to predict (required)' },
    output: { type: 'string', short: 'o', arg: '<dir>', help: 'output directory (required)' },
    task: { type: 'string', arg: '<regression|classification>', help: 'default: inferred from the target' },
    features: { type: 'string', arg: '<a,b,...>', help: 'feature columns (default: all but the target)' },
    bits: { type: 'string', arg: '<N | name=N,...>', help: `bits per feature, 1..${MAX_TRAIN_BITS} (default ${DEFAULT_BITS})` },
    categorical: { type: 'string', arg: '<a,b,...>', help: 'features to treat as categories (default: columns holding text)' },
    numeric: { type: 'string', arg: '<a,b,...>', help: 'features to read as numbers even if they hold text (a text cell is an error)' },
    'unknown-category': { type: 'string', arg: '<auto|error|code>', help: "a category not seen in training: reserve a code ('auto': when it costs no bit)" },
    'bits-sweep': { type: 'string', arg: '<2,4,8>', help: 'also train these uniform bit widths (error-against-bits curve)' },
    'bits-per-row': { type: 'string', arg: '<N | entropy:N>', help: 'a row budget: choose each feature\'s width 0..8 (0 = left out) for the best validation loss; entropy:N = mean entropy-coded bits per row' },
    frontier: { type: 'boolean', help: 'with --bits-per-row: validation accuracy against row size, F to (search width) x F bits, in the report' },
    epochs: { type: 'string', arg: '<N>', help: `soft-quantization epochs (default ${D.epochs})` },
    'hard-epochs': { type: 'string', arg: '<N>', help: `final epochs on hard codes, thresholds frozen (default ${D.hardEpochs})` },
    seed: { type: 'string', arg: '<N>', help: `seed of splits, initialisation and shuffling (default ${D.seed})` },
    test: { type: 'string', arg: '<file>', help: 'a separate test table (same columns)' },
    'test-fraction': { type: 'string', arg: '<F>', help: `fraction of rows held out for testing (default ${D.testFraction})` },
    'validation-fraction': { type: 'string', arg: '<F>', help: `fraction of training rows for validation (default ${D.validationFraction})` },
    split: { type: 'string', arg: '<random|ordered>', help: 'random (default): seeded random splits; ordered: rows are in time order, test = the last rows, validation the rows before them' },
    baselines: { type: 'string', arg: '<all|none|list>', help: 'comparison methods to train on the same splits (default FP)' },
    'hidden-layers': { type: 'string', arg: '<N>', help: `hidden layers of the MLP (default ${D.hiddenLayers})` },
    'hidden-units': { type: 'string', arg: '<N>', help: `units per hidden layer (default ${D.hiddenUnits})` },
    dropout: { type: 'string', arg: '<p>', help: `dropout after each hidden layer (default ${D.dropout})` },
    'regularized-candidate': { type: 'string', arg: '<auto|on|off>', help: 'also train bsq with dropout 0.2 and no level path, keep it if validation favours it by > 1 standard error (default auto: on small data, when --dropout is not given)' },
    'batch-size': { type: 'string', arg: '<N>', help: `mini-batch size (default ${D.batchSize})` },
    'learning-rate': { type: 'string', arg: '<lr>', help: `Adam learning rate (default ${D.learningRate})` },
    backend: { type: 'string', arg: '<auto|wasm|cpu>', help: 'TensorFlow.js backend (default auto: wasm, else cpu)' },
    'no-entropy-model': { type: 'boolean', help: 'do not fit the entropy model (for encode --entropy) on the training codes' },
    json: { type: 'boolean', help: 'print the summary as JSON on stdout' },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'bsq train fixtures/occupancy_train.csv --target Occupancy --test fixtures/occupancy_test.csv --bits 4 -o out',
    'bsq train wine.csv --target quality --bits alcohol=6,4 --baselines FP,Pr-QQ,LSQ --bits-sweep 2,3,4,6 -o wine-out',
    'bsq train wine.csv --target quality --bits-per-row 24 --frontier -o wine-24',
  ],
};

interface BitsSpec {
  uniform?: number;
  perFeature: Record<string, number>;
}

function parseBitsValue(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what}: '${text}' is not a bit width (an integer 1..${MAX_TRAIN_BITS})`);
  const b = Number(text);
  if (b < 1 || b > MAX_TRAIN_BITS) throw new UsageError(`${what}: bit width must be 1..${MAX_TRAIN_BITS}, got ${text}`);
  return b;
}

export function parseBits(text: string | undefined): BitsSpec {
  const out: BitsSpec = { perFeature: {} };
  if (text === undefined) return out;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new UsageError("option '--bits' is empty");
  for (const item of items) {
    const eq = item.lastIndexOf('=');
    if (eq < 0) {
      if (out.uniform !== undefined) throw new UsageError("option '--bits' has more than one default width");
      out.uniform = parseBitsValue(item, "option '--bits'");
    } else {
      const name = item.slice(0, eq).trim();
      if (!name) throw new UsageError(`option '--bits': missing feature name in '${item}'`);
      if (name in out.perFeature) throw new UsageError(`option '--bits' names '${name}' twice`);
      out.perFeature[name] = parseBitsValue(item.slice(eq + 1).trim(), `option '--bits' for '${name}'`);
    }
  }
  return out;
}

/** --bits-per-row N (bits per row) or entropy:N (mean entropy-coded bits per row). */
export function parseBitsPerRow(text: string | undefined): number | { entropy: number } | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^\d+$/.test(t) && Number(t) >= 1) return Number(t);
  const m = /^entropy:(\d+(?:\.\d+)?)$/.exec(t);
  if (m && Number(m[1]) > 0) return { entropy: Number(m[1]) };
  throw new UsageError(`option '--bits-per-row': '${text}' is not a budget (an integer >= 1, or entropy:N with N > 0 entropy-coded bits per row)`);
}

function parseBaselines(values: OptionValues): BaselineName[] | 'all' {
  const v = stringOption(values, 'baselines');
  if (v === undefined) return ['FP'];
  if (v === 'all') return 'all';
  if (v === 'none' || v === '') return [];
  const list = listOption(values, 'baselines') ?? [];
  for (const b of list) {
    if (!(BASELINE_NAMES as readonly string[]).includes(b)) {
      throw new UsageError(`option '--baselines': unknown method '${b}' (known: ${BASELINE_NAMES.join(', ')}, all, none)`);
    }
  }
  return list as BaselineName[];
}

/**
 * A feature read as text: numbers (missing cells NaN) when every cell parses as one (or the column is
 * in --numeric, where a text cell is then INVALID_DATA), else the strings (a categorical feature; in
 * --categorical always).
 */
function featureColumn(label: string, name: string, cells: string[], kind: { categorical: boolean; numeric: boolean }): Float64Array | string[] {
  if (kind.categorical) return cells;
  const out = new Float64Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const v = parseCell(cells[r]);
    if (v === undefined) {
      if (!kind.numeric) return cells;
      const c = cells[r];
      throw new BsqError('INVALID_DATA', `${label}: column '${name}' row ${r + 1}: '${c.length > 40 ? c.slice(0, 40) + '...' : c}' is not a number (--numeric)`, { column: name, row: r });
    }
    out[r] = v;
  }
  return out;
}

/** Training data for trainCodec: the feature columns and the target (numbers when every label is one). */
function columnsRecord(t: WholeTable, target: string, label: string, kinds: { categorical?: string[]; numeric?: string[] }): Record<string, Float64Array | string[] | (string | number)[]> {
  const out: Record<string, Float64Array | string[] | (string | number)[]> = {};
  t.names.forEach((n, i) => (out[n] = t.columns[i]));
  t.textNames.forEach((n, i) => {
    if (n !== target) {
      out[n] = featureColumn(label, n, t.text[i], { categorical: kinds.categorical?.includes(n) ?? false, numeric: kinds.numeric?.includes(n) ?? false });
      return;
    }
    const labels = t.text[i].map(labelValue);
    out[n] = labels.every((v) => typeof v === 'number') ? Float64Array.from(labels as number[]) : labels;
  });
  return out;
}

export interface MostlyNumeric {
  feature: string;
  /** Non-empty cells, and how many of them read as decimal numbers. */
  cells: number;
  numbers: number;
  /** The first cell that is not a number, and its data row (0-based). */
  first: string;
  row: number;
}

/**
 * Categorical features that were detected (not named in --categorical) although at least 90% of
 * their non-empty cells are numbers: most likely a numeric column with a few typos.
 */
export function mostlyNumeric(columns: Record<string, ArrayLike<unknown>>, features: string[], named: string[] | undefined): MostlyNumeric[] {
  const out: MostlyNumeric[] = [];
  for (const f of features) {
    if (named?.includes(f)) continue;
    const col = columns[f];
    if (!col || ArrayBuffer.isView(col)) continue;
    let cells = 0;
    let numbers = 0;
    let first: string | undefined;
    let row = -1;
    for (let r = 0; r < col.length; r++) {
      const v = col[r];
      if (typeof v !== 'string' || v.trim() === '') continue;
      cells++;
      if (numberFromText(v) !== undefined) numbers++;
      else if (first === undefined) {
        first = v;
        row = r;
      }
    }
    if (first !== undefined && numbers >= 0.9 * cells) out.push({ feature: f, cells, numbers, first, row });
  }
  return out;
}

/** Human-readable summary printed after training. */
export function summaryText(
  r: TrainReport,
  opts: {
    codecBits: number;
    features: number;
    sweep: BitsRun[];
    outDir: string;
    trainFile: string;
    testSource: string;
    trainRows: number;
    totalSeconds: number;
    entropy?: ReportData['compression']['entropy'];
    /** Categorical features whose cells are mostly numbers (mostlyNumeric). */
    mostlyNumeric?: MostlyNumeric[];
  },
): string {
  const lines: string[] = [];
  const F = opts.features;
  lines.push(`trained on ${opts.trainFile}: ${r.task} of '${r.target}', ${F} features, ${int(opts.trainRows)} rows (train ${int(r.splits.train)}, validation ${int(r.splits.validation)}, test ${int(r.splits.test)} from ${opts.testSource})`);
  if (r.data?.inferredTask) {
    const other = r.task === 'regression' ? 'classification' : 'regression';
    lines.push(`task: ${r.task}, inferred from '${r.target}': ${r.data.inferredTask.reason}; pass --task ${other} to override`);
  }
  const missing = Object.entries(r.data?.missing ?? {});
  const testMissing = Object.entries(r.data?.testMissing ?? {});
  if (r.data && (r.data.droppedRows > 0 || missing.length > 0 || testMissing.length > 0 || (r.data.testDroppedRows ?? 0) > 0)) {
    const counts = (m: [string, number][]) => m.map(([f, k]) => `${f} ${int(k)}`).join(', ');
    lines.push(
      `missing values: ${int(r.data.droppedRows)} rows without a target dropped${r.data.testDroppedRows ? ` (and ${int(r.data.testDroppedRows)} in the test file)` : ''}` +
        `${missing.length || testMissing.length ? `; missing feature values sent as code ${r.data.nanCode} (encode with --nan-code ${r.data.nanCode}): ${missing.length ? counts(missing) : 'none in training'}${testMissing.length ? ` (test file: ${counts(testMissing)})` : ''}` : ''}`,
    );
  }
  const cats = Object.entries(r.data?.categorical ?? {});
  if (cats.length > 0) {
    lines.push(`categorical: ${cats.map(([f, c]) => `${f} (${c.categories.length} categories${c.unknown === 'code' ? ' + unknown code' : ''}${c.merged ? `; ${c.merged} rare ones share the unknown code` : ''}, ${r.bits[r.features.indexOf(f)]} bit${r.bits[r.features.indexOf(f)] === 1 ? '' : 's'})`).join(', ')}`);
  }
  for (const m of opts.mostlyNumeric ?? []) {
    lines.push(
      `note: '${m.feature}' is coded as categories because ${int(m.cells - m.numbers)} of its ${int(m.cells)} cells are not numbers ` +
        `(the first, ${JSON.stringify(m.first)}, in row ${int(m.row + 1)}); if it is a numeric column, fix those cells, or pass --numeric ${m.feature} to have them reported as errors`,
    );
  }
  if (r.data?.lossless.length) lines.push(`coded without loss (at most 2^bits distinct training values): ${r.data.lossless.join(', ')}`);
  const rc = r.candidates?.[1];
  if (rc) {
    const first = r.candidates![0]!;
    lines.push(
      `regularized candidate (dropout ${rc.dropout}, no level path): ${rc.kept ? 'kept' : 'not kept'}; validation loss ${num(rc.validationLoss)} against ${num(first.validationLoss)} ` +
        `(per-row difference ${num(rc.meanDifference ?? NaN)}, standard error ${num(rc.standardError ?? NaN)}); --regularized-candidate off skips it`,
    );
  }
  const uniform = r.bits.every((b) => b === r.bits[0]);
  const bitsText = uniform ? `${r.bits[0]} bits per feature` : r.features.map((f, i) => `${f}=${r.bits[i]}`).join(', ');
  lines.push(`codec: ${bitsText}; ${opts.codecBits} bits per row instead of ${32 * F} as float32: ${sizeChange((32 * F) / opts.codecBits)}`);
  const al = r.allocation;
  if (al) {
    lines.push(
      (al.entropy
        ? `entropy budget: ${num(al.entropy.budget)} entropy-coded bits per row; estimate ${num(al.entropy.estimate, 3)}, measured ${num(al.entropy.measured, 3)} (encoding 2 on the training file in order, data records); codec ${al.usedBits} bits per row`
        : `bit budget: ${al.usedBits} of ${al.bitsPerRow} bits per row used`) +
        `, widths searched from a training at ${al.searchBits} bits` +
        `${al.dropped.length ? `; left out (0 bits: not sent, not in the codec or the model): ${al.dropped.join(', ')}` : ''}` +
        `${al.uniform ? `; baselines at the uniform ${al.uniform.bits} bits` : ''}`,
    );
    if (al.uniform) lines.push(`every feature at ${al.uniform.bits} bits instead (bsq, same splits): ${Object.entries(al.uniform.test).map(([k, v]) => `${k} ${num(v as number)}`).join(', ')}`);
  }
  if (opts.entropy) {
    lines.push(
      `entropy coding (bsq encode --entropy) on the training data in file order: ${num(opts.entropy.bitsPerValue, 3)} bits per value (model record included), ` +
        `${int(opts.entropy.bytes)} bytes instead of ${int(opts.entropy.rawBytes)} packed: ${sizeChange(opts.entropy.factor)} than float32`,
    );
  }
  const keys = r.task === 'regression' ? ['stdMse', 'mse', 'mae', 'r2'] : ['accuracy', 'macroF1', 'logLoss'];
  const rows: string[][] = [['method', ...keys]];
  const line = (name: string, m: Record<string, number>) => [name, ...keys.map((k) => num(m[k]))];
  rows.push(line('bsq', r.test as unknown as Record<string, number>));
  for (const [name, b] of Object.entries(r.baselines ?? {})) rows.push(line(name, b.test as unknown as Record<string, number>));
  lines.push('test metrics:');
  lines.push(table(rows));
  if (opts.sweep.length > 0) {
    const metric = headlineMetric(r.task);
    const main = runOf(r);
    const runs = [main, ...opts.sweep.filter((s) => s.bits !== main.bits)].sort((a, b) => a.bits - b.bits);
    const methods = [...new Set(runs.flatMap((x) => Object.keys(x.baselines)))].sort((a, b) => (a === 'FP' ? -1 : b === 'FP' ? 1 : 0));
    // FP does not depend on the bit width: its one value stands in every row.
    const at = (x: BitsRun, m: string) => x.baselines[m] ?? (m === 'FP' ? main.baselines.FP : undefined);
    lines.push(`${metric.name} against bits:`);
    lines.push(
      table([
        ['bits', 'bsq', ...methods],
        ...runs.map((x) => [String(x.bits), num(metric.of(x.test)), ...methods.map((m) => num(at(x, m) ? metric.of(at(x, m)!) : null))]),
      ]),
    );
  }
  lines.push(
    `training time: ${formatDuration(opts.totalSeconds)} (${num(opts.totalSeconds, 3)} s; bsq ${num(r.timings.trainSeconds, 3)} s, baselines ${num(r.timings.baselinesSeconds, 3)} s` +
      `${opts.sweep.length ? `, other bit widths ${num(opts.sweep.reduce((a, x) => a + (x.seconds ?? 0), 0), 3)} s` : ''}), backend ${r.backend}`,
  );
  lines.push(`wrote ${join(opts.outDir, 'codec.bsq')}, ${join(opts.outDir, 'model')}/, ${join(opts.outDir, 'report.json')}, ${join(opts.outDir, 'report.html')}`);
  return lines.join('\n') + '\n';
}

/** The command line, checked: every usage error surfaces before any file is read. */
function parseArgs(values: OptionValues) {
  const target = requireString(values, 'target');
  const outDir = requireString(values, 'output');
  const task = choiceOption(values, 'task', ['regression', 'classification'] as const);
  const bitsSpec = parseBits(stringOption(values, 'bits'));
  const sweep = (listOption(values, 'bits-sweep') ?? []).map((b) => parseBitsValue(b, "option '--bits-sweep'"));
  const epochs = intOption(values, 'epochs', { min: 1, max: 100000 });
  const hardEpochs = intOption(values, 'hard-epochs', { min: 0, max: 100000 });
  const seed = intOption(values, 'seed', { min: 0, max: 2 ** 32 - 1 });
  const testFile = stringOption(values, 'test');
  const testFraction = floatOption(values, 'test-fraction', { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  if (testFile !== undefined && testFraction !== undefined) throw new UsageError('use either --test or --test-fraction, not both');
  const validationFraction = floatOption(values, 'validation-fraction', { min: 0, max: 1, exclusiveMax: true });
  const split = choiceOption(values, 'split', SPLIT_ORDERS);
  const baselines = parseBaselines(values);
  const features = listOption(values, 'features');
  const categorical = listOption(values, 'categorical');
  const numeric = listOption(values, 'numeric');
  const unknownCategory = choiceOption(values, 'unknown-category', ['auto', 'error', 'code'] as const);
  for (const n of categorical ?? []) if (numeric?.includes(n)) throw new UsageError(`'${n}' is in both --categorical and --numeric`);
  if (features?.includes(target)) throw new UsageError(`--features lists the target '${target}'; the target cannot also be a feature`);
  const hiddenLayers = intOption(values, 'hidden-layers', { min: 0, max: 64 });
  const hiddenUnits = intOption(values, 'hidden-units', { min: 1, max: 65536 });
  const dropout = floatOption(values, 'dropout', { min: 0, max: 1, exclusiveMax: true });
  const rc = choiceOption(values, 'regularized-candidate', ['auto', 'on', 'off'] as const);
  const regularizedCandidate = rc === undefined ? undefined : rc === 'auto' ? 'auto' as const : rc === 'on';
  const batchSize = intOption(values, 'batch-size', { min: 1 });
  const learningRate = floatOption(values, 'learning-rate', { min: 0, exclusiveMin: true });
  const backend = choiceOption(values, 'backend', ['auto', 'wasm', 'cpu'] as const);
  const bitsPerRow = parseBitsPerRow(stringOption(values, 'bits-per-row'));
  const frontier = values.frontier === true;
  if (frontier && bitsPerRow === undefined) throw new UsageError('--frontier needs --bits-per-row (the budget the codec is trained for)');
  if (bitsPerRow !== undefined && Object.keys(bitsSpec.perFeature).length > 0) {
    throw new UsageError('--bits-per-row chooses the widths; --bits with it is one number, the widest width the search considers (1..8)');
  }
  if (bitsPerRow !== undefined && bitsSpec.uniform !== undefined && bitsSpec.uniform > 8) {
    throw new UsageError(`--bits with --bits-per-row is the search width, 1..8; got ${bitsSpec.uniform}`);
  }
  if (sweep.length > 0 && Object.keys(bitsSpec.perFeature).length > 0) {
    throw new UsageError('--bits-sweep trains uniform bit widths; combine it with a single --bits N, not per-feature widths');
  }

  return { categorical, numeric, unknownCategory, target, outDir, task, bitsSpec, bitsPerRow, frontier, sweep, epochs, hardEpochs, seed, testFile, testFraction, validationFraction, split, baselines, features, hiddenLayers, hiddenUnits, dropout, regularizedCandidate, batchSize, learningRate, backend };
}

type TrainArgs = ReturnType<typeof parseArgs>;

/** The training table (and a separate test table), with the bit width of every feature. */
async function readData(ctx: CommandContext, positionals: string[], a: TrainArgs) {
  const { target, outDir, features, bitsSpec, testFile } = a;
  const outAbs = resolvePath(ctx.io, outDir);
  await checkDirTarget(outAbs, outDir); // an existing file there: fail now, not after training
  const trainFile = positionals[0];
  // Features and target are read as text: a feature column whose cells all parse as numbers becomes
  // numbers (missing cells NaN), any other is categorical; the target's labels become numbers when
  // every label is numeric (columnsRecord).
  const targetColumn = (all: string[]) => {
    if (!all.includes(target)) {
      throw new BsqError('INVALID_DATA', `${trainFile}: target column '${target}' not found (columns: ${columnList(all)})`, { column: target });
    }
    return [target];
  };
  let header: string[] = [];
  const trainTable = await readWholeTable(
    // Missing cells are allowed: rows without a target are dropped, missing features sent as code 0.
    await openTable(ctx.io, trainFile, { select: [], text: (all) => ((header = all), [...(features ?? all.filter((n) => n !== target)), ...targetColumn(all)]), allowMissing: true }),
  );
  const featureNames = trainTable.textNames.filter((n) => n !== target);
  const unnamed = header.indexOf('');
  if (featureNames.includes('')) {
    // e.g. the index column pandas writes with an empty header cell
    throw new BsqError(
      'INVALID_DATA',
      `${trainFile}: column ${unnamed + 1} of the header has no name; name it, or list the features to use with --features`,
      { column: '' },
    );
  }
  for (const [opt, list] of [['--categorical', a.categorical], ['--numeric', a.numeric]] as const) {
    for (const n of list ?? []) {
      if (!featureNames.includes(n)) throw new BsqError('INVALID_DATA', `${opt} names '${n}', which is not a feature (features: ${columnList(featureNames)})`, { column: n });
    }
  }
  let testTable: WholeTable | undefined;
  if (testFile !== undefined) {
    testTable = await readWholeTable(await openTable(ctx.io, testFile, { select: [], text: [...featureNames, target], allowMissing: true }));
  }
  let bits: TrainOptions['bits'];
  const per = bitsSpec.perFeature;
  for (const name of Object.keys(per)) {
    if (!featureNames.includes(name)) {
        throw new BsqError('INVALID_DATA', `--bits names '${name}', which is not a feature (features: ${featureNames.join(', ')})`, { column: name });
    }
  }
  if (a.bitsPerRow !== undefined) bits = bitsSpec.uniform; // the search width (undefined: the search's default)
  else if (Object.keys(per).length === 0) bits = bitsSpec.uniform ?? DEFAULT_BITS;
  else bits = Object.fromEntries(featureNames.map((f) => [f, per[f] ?? bitsSpec.uniform ?? DEFAULT_BITS]));

  return { outAbs, trainFile, trainTable, testTable, featureNames, bits };
}

type TrainInput = Awaited<ReturnType<typeof readData>>;

/** The main training (with its baselines) and the other bit widths of --bits-sweep, with progress. */
async function trainAll(ctx: CommandContext, a: TrainArgs, input: TrainInput) {
  const { categorical, numeric, unknownCategory, target, task, epochs, hardEpochs, seed, testFraction, validationFraction, split, hiddenLayers, hiddenUnits, dropout, regularizedCandidate, batchSize, learningRate, backend, baselines, sweep } = a;
  const { trainTable, testTable, featureNames, bits } = input;
  const { trainCodec, saveModel } = await import('../../train/index.js');
  const data = columnsRecord(trainTable, target, input.trainFile, { ...(categorical ? { categorical } : {}), ...(numeric ? { numeric } : {}) });
  const base: TrainOptions = {
    target,
    features: featureNames,
    ...(task ? { task } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(hardEpochs !== undefined ? { hardEpochs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(testFraction !== undefined ? { testFraction } : {}),
    ...(validationFraction !== undefined ? { validationFraction } : {}),
    ...(split !== undefined ? { split } : {}),
    // The test table's categorical columns are the training data's (strings), whatever its cells look like.
    ...(testTable ? { testData: columnsRecord(testTable, target, a.testFile!, { categorical: featureNames.filter((n) => Array.isArray(data[n])), ...(numeric ? { numeric } : {}) }) } : {}),
    ...(categorical ? { categorical } : {}),
    ...(numeric ? { numeric } : {}),
    ...(unknownCategory ? { unknownCategory } : {}),
    ...(hiddenLayers !== undefined ? { hiddenLayers } : {}),
    ...(hiddenUnits !== undefined ? { hiddenUnits } : {}),
    ...(dropout !== undefined ? { dropout } : {}),
    ...(regularizedCandidate !== undefined ? { regularizedCandidate } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(learningRate !== undefined ? { learningRate } : {}),
    ...(backend ? { backend } : {}),
    baselines,
  };
  const softEpochs = epochs ?? D.epochs;
  const totalEpochs = softEpochs + (hardEpochs ?? D.hardEpochs);
  const t0 = performance.now();

  const trainOnce = async (b: TrainOptions['bits'], label: string, extra: Partial<TrainOptions> = {}): Promise<TrainResult> => {
    let method = '';
    try {
      return await trainCodec(data, {
        ...base,
        ...extra,
        ...(b !== undefined ? { bits: b } : {}),
        callbacks: {
          onTrainBegin: ({ method: m }) => {
            method = m;
            ctx.progress.start(`${label}${m}`, m.startsWith('bsq') ? totalEpochs : softEpochs);
          },
          onEpochEnd: (epoch, logs) => {
            if (logs.method !== method) {
              method = logs.method;
              ctx.progress.start(`${label}${method}`, method.startsWith('bsq') ? totalEpochs : softEpochs);
            }
            const e = epoch + 1;
            const total = method.startsWith('bsq') ? totalEpochs : Math.max(e, softEpochs);
            const val = Number.isFinite(logs.valLoss) ? ` val ${num(logs.valLoss)}` : '';
            const text = `epoch ${e}/${total} (${logs.phase}) loss ${num(logs.loss)}${val}`;
            ctx.progress.update(e, text, { step: method.startsWith('bsq') || e % 10 === 0 });
          },
          onTrainEnd: ({ method: m }) => {
            ctx.progress.clear();
            ctx.note(`${label}${m}: done in ${num(ctx.progress.elapsed(), 3)} s`);
          },
        },
      });
    } catch (err) {
      throw withRowFromOne(err); // data rows from 1, as the rest of the command line counts them
    }
  };
  const main = await trainOnce(bits, '', a.bitsPerRow !== undefined ? { bitsPerRow: a.bitsPerRow, ...(a.frontier ? { frontier: true } : {}) } : {});
  const sweepRuns: BitsRun[] = [];
  const mainBits = typeof bits === 'number' && a.bitsPerRow === undefined ? bits : undefined;
  for (const b of [...new Set(sweep)].sort((x, y) => x - y)) {
    if (b === mainBits) continue;
    // FP does not depend on the bit width: train it once, in the main run.
    const sweepBaselines = (baselines === 'all' ? [...BASELINE_NAMES] : baselines).filter((x) => x !== 'FP');
    const r = await trainOnce(b, `[${b} bits] `, { baselines: sweepBaselines });
    sweepRuns.push(runOf(r.report));
    r.model.network.dispose();
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  ctx.progress.finish();

  return { main, sweepRuns, totalSeconds, saveModel, data };
}

/** codec.bsq, the model, report.json and report.html, written atomically; then the summary. */
async function writeOutputs(ctx: CommandContext, a: TrainArgs, input: TrainInput, trained: Awaited<ReturnType<typeof trainAll>>): Promise<void> {
  const values = ctx.args.values;
  const { target, outDir, testFile, testFraction, seed } = a;
  const { outAbs, trainFile, trainTable, featureNames } = input;
  const { main, sweepRuns, totalSeconds, saveModel, data } = trained;
  const { model, report } = main;
  let codec = main.codec;
  // Training columns in codec order; a categorical feature's strings become its category indices.
  const featureColsInOrder = codec.features.map((f, i) => {
    const col = data[f.name]!;
    return f.categories ? codec.categoryIndices(i, col as string[]) : (col as Float64Array);
  });
  let entropy: ReportData['compression']['entropy'];
  if (values['no-entropy-model'] !== true) {
    // The entropy model of encoding 2, fitted on the training codes in file order (sensor logs change
    // slowly from row to row); measured by writing the training data both ways.
    // Missing feature values are coded as in training (report.data.nanCode; encode --nan-code).
    const nan = { code: report.data.nanCode };
    codec = codec.fitEntropyModelFromCodes(codec.encodeColumnsToCodes(featureColsInOrder, { nan }));
    const rawBytes = writeBsq(codec.withEntropyModel(undefined), { columns: featureColsInOrder, nan }).length;
    const bytes = writeBsq(codec, { columns: featureColsInOrder, encoding: 'entropy', nan }).length;
    const float32Bytes = trainTable.rowCount * codec.featureCount * 4;
    entropy = { bytes, rawBytes, float32Bytes, factor: float32Bytes / bytes, bitsPerValue: (bytes * 8) / (trainTable.rowCount * codec.featureCount) };
  }
  const testSource = testFile ?? (a.split === 'ordered'
    ? `the last ${Math.round((testFraction ?? D.testFraction) * 100)}% of the rows`
    : `${Math.round((testFraction ?? D.testFraction) * 100)}% random split (seed ${seed ?? D.seed})`);
  const reportData = buildReportData({
    report,
    codec,
    trainColumns: featureColsInOrder,
    ...(entropy ? { entropy } : {}),
    trainFile,
    trainRows: trainTable.rowCount,
    testRows: report.splits.test,
    testSource,
    sweep: sweepRuns,
    bsqVersion: version(),
  });
  const targetTrainSd =
    report.task === 'regression' && 'stdMse' in report.test && report.test.stdMse > 0 ? Math.sqrt(report.test.mse / report.test.stdMse) : undefined;
  const reportJson = {
    bsqVersion: version(),
    command: ['bsq', 'train', ...ctx.args.positionals, ...Object.entries(values).flatMap(([k, v]) => (v === true ? [`--${k}`] : typeof v === 'string' ? [`--${k}`, v] : []))],
    data: { file: trainFile, rows: trainTable.rowCount, features: featureNames, target, test: testSource },
    compression: reportData.compression,
    ...(targetTrainSd !== undefined ? { targetTrainSd } : {}),
    report,
    sweep: sweepRuns,
  };
  await writeDirAtomic(
    outAbs,
    async (dir) => {
    await writeStagedFile(join(dir, 'codec.bsq'), writeBsq(codec));
    await saveModel(model, join(dir, 'model'));
    await writeStagedFile(join(dir, 'report.json'), JSON.stringify(reportJson, null, 2) + '\n');
    await writeStagedFile(join(dir, 'report.html'), renderReportHtml(reportData));
    },
    outDir,
  );
  model.network.dispose();
  if (values.json === true) {
    await ctx.out(
      JSON.stringify(
        {
          output: outDir,
          task: report.task,
          target,
          features: featureNames,
          bits: report.bits,
          compression: reportData.compression,
          test: report.test,
          baselines: Object.fromEntries(Object.entries(report.baselines ?? {}).map(([k, b]) => [k, b.test])),
          sweep: sweepRuns,
          ...(report.allocation ? { allocation: report.allocation } : {}),
          seconds: totalSeconds,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    await ctx.out(
      summaryText(report, {
        codecBits: codec.bitsPerRow,
        features: report.allocation ? report.allocation.features.length : codec.featureCount,
        sweep: sweepRuns,
        outDir,
        trainFile,
        testSource,
        trainRows: trainTable.rowCount,
        totalSeconds,
        ...(entropy ? { entropy } : {}),
        mostlyNumeric: mostlyNumeric(data, codec.features.filter((f) => f.categories).map((f) => f.name), a.categorical),
      }),
    );
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const a = parseArgs(ctx.args.values);
  const input = await readData(ctx, ctx.args.positionals, a);
  const trained = await trainAll(ctx, a, input);
  await writeOutputs(ctx, a, input, trained);
  return 0;
}

export const command: Command = { spec, run };
