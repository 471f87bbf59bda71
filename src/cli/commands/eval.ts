// bsq eval: metrics of a trained server model on new labeled data. Raw tables (CSV/Arrow) are
// encoded with the model's codec first, exactly as a device would; .bsq files are decoded (their
// codec must be the model's). Labels come from the input's target column or from --labels.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { choiceOption, intOption, requireString, stringOption, type CommandSpec } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command, CommandContext } from '../command.js';
import { int, num, table } from '../format-text.js';
import { nanPolicyOf, openCodecTable, substitutedText, type SubstitutedCells } from '../codec-table.js';
import { detectFormat, openTable, type DataFormat } from '../input.js';
import { resolvePath } from '../io.js';
import { labelValue, readWholeTable } from '../table.js';
import { bsqEvents } from '../bsq-input.js';
import { BsqError } from '../../codec/errors.js';
import type { Codec, Codes, NanPolicy } from '../../codec/index.js';
import { sameCodecRecord } from '../../format/index.js';
import type { BsqModel, Metrics } from '../../train/index.js';

const spec: CommandSpec = {
  name: 'eval',
  summary: 'evaluate a trained server model on new data',
  usage: ['eval --model <dir> <test.csv|test.arrow|test.parquet|test.bsq> [--target <col>] [--labels <file>] [--nan-code <code>] [--json]'],
  description:
    'Raw tables are encoded with the model\'s codec (as the device would) and the codes fed to the\n' +
    'model; .bsq files are decoded. The target column (default: the one the model was trained for)\n' +
    'is read from the input, or from --labels (a CSV/Arrow/Parquet table with that column, same row order)\n' +
    'when the input has none (a .bsq file, or a decoded table).',
  options: {
    model: { type: 'string', short: 'm', arg: '<dir>', help: 'the output directory of bsq train (or its model/ folder); required' },
    target: { type: 'string', short: 't', arg: '<col>', help: 'the label column (default: the model\'s target)' },
    labels: { type: 'string', arg: '<file>', help: 'table holding the label column, when the input has none' },
    format: { type: 'string', arg: '<csv|tsv|arrow|parquet|bsq>', help: 'input format (default: from the extension, else sniffed)' },
    'nan-code': { type: 'string', arg: '<code>', help: 'code missing feature values (empty, NA, NaN) as this code, as bsq train did (its summary names the code); without it they are an error' },
    json: { type: 'boolean', help: 'print the result as JSON on stdout' },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'bsq eval --model out fixtures/occupancy_test.csv --target Occupancy',
    'bsq eval --model out test.bsq --labels fixtures/occupancy_test.csv --json',
  ],
};

async function loadCodes(ctx: CommandContext, input: string, format: DataFormat, codec: Codec, target: string, nan: NanPolicy): Promise<{ codes: Codes; rows: number; labels: string[] | undefined; substituted?: Map<string, SubstitutedCells> }> {
  if (format === 'bsq') {
    const parts: Codes[] = [];
    let rows = 0;
    for await (const e of bsqEvents(ctx.io, input)) {
      if (e.type === 'codec') {
        if (!sameCodecRecord(e.codec, codec)) {
          throw new BsqError('INVALID_DATA', `${input} was encoded with a different codec than the model's (thresholds or features differ)`);
        }
      } else if (e.type === 'block') {
        parts.push(codec.decodeCodes(e.packed, e.rowCount));
        rows += e.rowCount;
      }
    }
    const F = codec.featureCount;
    const all = codec.features.every((f) => f.bits <= 8) ? new Uint8Array(rows * F) : new Uint16Array(rows * F);
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    return { codes: all, rows, labels: undefined };
  }
  // The target column (labels, read as text) comes along when the input has it; one pass, so stdin works.
  // Categorical features are read as text and become their category indices (codec-table.ts).
  const source = await openCodecTable(ctx.io, input, codec, { format, allowMissing: nan !== 'error', text: (all) => (all.includes(target) ? [target] : []) });
  const t = await readWholeTable(source);
  const codes = codec.encodeColumnsToCodes(t.columns, { nan });
  return { codes, rows: t.rowCount, labels: t.text[0], substituted: source.substituted };
}

async function targetTrainSd(modelDir: string): Promise<number | undefined> {
  for (const p of [join(modelDir, '..', 'report.json'), join(modelDir, 'report.json')]) {
    try {
      const j = JSON.parse(await readFile(p, 'utf8')) as { targetTrainSd?: unknown };
      if (typeof j.targetTrainSd === 'number' && j.targetTrainSd > 0) return j.targetTrainSd;
    } catch {
      // no report next to the model
    }
  }
  return undefined;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = ctx.args;
  const modelOpt = requireString(values, 'model');
  const explicit = choiceOption(values, 'format', ['csv', 'tsv', 'arrow', 'parquet', 'bsq'] as const);
  const input = positionals[0];
  const labelsFile = stringOption(values, 'labels');
  const nanCode = intOption(values, 'nan-code', { min: 0, max: 65535 });
  const format = await detectFormat(ctx.io, input, explicit);
  let modelDir = resolvePath(ctx.io, modelOpt);
  if (existsSync(join(modelDir, 'model', 'model.json'))) modelDir = join(modelDir, 'model');
  if (!existsSync(join(modelDir, 'model.json'))) {
    throw new BsqError('INVALID_DATA', `'${modelOpt}' holds no trained model (expected ${join(modelOpt, 'model', 'model.json')})`);
  }
  const train = await import('../../train/index.js');
  await train.ensureBackend('auto');
  const model: BsqModel = await train.loadModel(modelDir);
  try {
    const target = stringOption(values, 'target') ?? model.target;
    const codec = model.codec;
    if (codec.features.some((f) => f.name === target)) {
      throw new UsageError(`--target '${target}' is one of the model's features; the labels must be another column (the model was trained for '${model.target}')`);
    }
    const nan = nanPolicyOf(codec, nanCode);
    if (nanCode !== undefined && format === 'bsq') throw new UsageError('--nan-code applies to raw tables; a .bsq file already holds codes');
    ctx.progress.start('eval');
    const { codes, rows, labels: own, substituted } = await loadCodes(ctx, input, format, codec, target, nan);
    let labels = own;
    if (!labels) {
      if (!labelsFile) {
        throw new BsqError('INVALID_DATA', `${input} has no '${target}' column; give the labels with --labels <file>`, { column: target });
      }
      labels = (await readWholeTable(await openTable(ctx.io, labelsFile, { select: [], text: [target] }))).text[0];
    }
    if (labels.length !== rows) {
      throw new BsqError('INVALID_DATA', `${labelsFile ?? input} has ${int(labels.length)} labels but ${input} has ${int(rows)} rows`);
    }
    if (rows === 0) throw new BsqError('INVALID_DATA', `${input}: no rows`);
    const out = train.predict(model, codes);
    let metrics: Metrics;
    if (model.task === 'classification') {
      const classes = model.classes ?? [];
      const index = new Map<string, number>(classes.map((c, i) => [String(c), i]));
      const y = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        const k = index.get(String(labelValue(labels[r])));
        if (k === undefined) {
          throw new BsqError('INVALID_DATA', `row ${r + 1}: label ${labels[r]} is not one of the model's classes (${classes.join(', ')})`, { row: r });
        }
        y[r] = k;
      }
      metrics = train.classificationMetrics(out, y, classes.length);
    } else {
      const sd = await targetTrainSd(modelDir);
      const y = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        const v = labelValue(labels[r]);
        if (typeof v !== 'number') throw new BsqError('INVALID_DATA', `row ${r + 1}: target '${labels[r]}' is not a number`, { row: r });
        y[r] = v;
      }
      metrics = train.regressionMetrics(out, y, sd ?? NaN);
    }
    ctx.progress.finish();
    const result = {
      model: modelOpt,
      input,
      format,
      rows,
      task: model.task,
      target,
      bitsPerRow: codec.bitsPerRow,
      metrics,
      ...(substituted?.size ? { substituted: Object.fromEntries(substituted) } : {}),
    };
    if (values.json === true) {
      await ctx.out(JSON.stringify(result, null, 2) + '\n');
    } else {
      const m = metrics as unknown as Record<string, number>;
      const keys = Object.keys(m).filter((k) => Number.isFinite(m[k]));
      const via = format === 'bsq' ? 'decoded from .bsq' : `encoded with the model's codec (${codec.bitsPerRow} bits per row)`;
      await ctx.out(
        `${input === '-' ? '<stdin>' : input}: ${int(rows)} rows, ${via}; ${model.task} of '${target}'\n` +
          table([keys, keys.map((k) => num(m[k]))]) +
          '\n' +
          (substituted?.size ? `cells not coded as their own value: ${substitutedText(codec, substituted, nanCode)}\n` : ''),
      );
    }
    return 0;
  } finally {
    model.network.dispose();
  }
}

export const command: Command = { spec, run };
