// bsq decode: turn a .bsq file (or stdin) back into a table, streaming block by block: each
// feature's decode level ("values", the default) or its integer code ("codes"), as CSV, TSV, Arrow
// IPC or Parquet (one row group per block; "dictionary" writes dictionary-encoded levels). Every
// record's checksum is verified on the way; a corrupt or truncated input leaves no output file.
// Several inputs (files, directories, globs) decode to a directory on --jobs worker threads.
import { choiceOption, requireString, type CommandSpec } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import { bytes, int } from '../format-text.js';
import { formatFromPath } from '../input.js';
import { assertOutputNotInput, openOutput, resolvePath } from '../io.js';
import { stat } from 'node:fs/promises';
import { bsqEvents } from '../bsq-input.js';
import { isMultiInput, runMultiFile } from '../multi-file.js';
import { intOption } from '../args.js';
import { createArrowWriter, createCsvWriter, createParquetWriter, type DecodeAs, type OutputFormat, type TableWriter } from '../table-output.js';
import { BsqError } from '../../codec/errors.js';
import type { Codec } from '../../codec/index.js';
import { codecMetadata } from '../../arrow/metadata.js';

const spec: CommandSpec = {
  name: 'decode',
  summary: 'turn a .bsq file back into a table of levels or codes',
  usage: [
    'decode <in.bsq|-> -o <out.csv|out.arrow|out.parquet|-> [--as values|codes|dictionary] [--format csv|tsv|arrow|parquet]',
    'decode <in.bsq|dir|glob>... -o <dir> [--jobs N] [--format parquet|csv|tsv|arrow]',
  ],
  description:
    'values: each code becomes its feature\'s decode level (a float32 inside the code\'s interval, so\n' +
    'encoding the output again gives the same codes). codes: the integer codes 0..2^bits-1.\n' +
    'dictionary (Parquet only): FLOAT columns dictionary-encoded, the levels in the dictionary.\n' +
    'The output format follows the extension of -o (.csv, .tsv, .arrow/.feather/.ipc, .parquet/.pq);\n' +
    'stdout is CSV unless --format says otherwise. Parquet files carry the codec in their key-value\n' +
    'metadata (bsq.codec) and have one row group per block.\n' +
    'Several inputs, a directory (its .bsq files, recursively) or a quoted glob write one file each\n' +
    'under the -o directory (Parquet unless --format says otherwise), keeping relative paths, on\n' +
    '--jobs worker threads; the outputs are the same whatever --jobs.',
  options: {
    output: { type: 'string', short: 'o', arg: '<out|->', help: 'output file, or - for stdout (required)' },
    as: { type: 'string', arg: '<values|codes|dictionary>', help: 'what to write per feature (default values)' },
    format: { type: 'string', arg: '<csv|tsv|arrow|parquet>', help: 'output format (default: from the extension of -o, else csv)' },
    jobs: { type: 'string', short: 'j', arg: '<N>', help: 'worker threads for several inputs (default: the number of cores)' },
  },
  positionals: { min: 1, max: Infinity },
  examples: [
    'bsq decode test.bsq -o test.decoded.csv',
    'bsq decode test.bsq -o - --as codes | head',
    'bsq decode test.bsq -o test.parquet --as dictionary',
    "bsq decode 'archive/**/*.bsq' -o lake/ --jobs 2",
  ],
};

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = ctx.args;
  const outPath = requireString(values, 'output');
  const as: DecodeAs = choiceOption(values, 'as', ['values', 'codes', 'dictionary'] as const) ?? 'values';
  let format: OutputFormat | undefined = choiceOption(values, 'format', ['csv', 'tsv', 'arrow', 'parquet'] as const);
  const jobs = intOption(values, 'jobs', { min: 1, max: 1024 });
  if (values.jobs !== undefined || (await isMultiInput(ctx, positionals))) {
    const fmt = format ?? 'parquet';
    if (as === 'dictionary' && fmt !== 'parquet') throw new UsageError('--as dictionary writes Parquet only (--format parquet)');
    return runMultiFile(ctx, {
      command: 'decode',
      inputs: positionals,
      outDir: outPath,
      jobs,
      extensions: ['bsq'],
      outExt: fmt,
      argsFor: (input, output) => [input, '-o', output, '--as', as, '--format', fmt],
    });
  }
  if (!format) {
    const byExt = outPath === '-' ? 'csv' : formatFromPath(outPath);
    if (byExt === 'bsq') throw new UsageError(`decode writes a table, not .bsq: '${outPath}'`);
    format = byExt ?? 'csv';
  }
  if (as === 'dictionary' && format !== 'parquet') throw new UsageError('--as dictionary writes Parquet only (-o x.parquet or --format parquet)');
  const input = positionals[0];
  await assertOutputNotInput(ctx.io, outPath, [input]);
  let sink: Awaited<ReturnType<typeof openOutput>> | undefined;
  let writer: TableWriter | undefined;
  let codec: Codec | undefined;
  let rows = 0;
  let blocks = 0;
  let inBytes = 0;
  const inputSize = input === '-' ? undefined : await stat(resolvePath(ctx.io, input)).then((st) => st.size, () => undefined);
  ctx.progress.start('decode', inputSize);
  try {
    for await (const e of bsqEvents(ctx.io, input, {
      onBytes: (b) => (inBytes = b),
    })) {
      if (e.type === 'codec') {
        sink = await openOutput(ctx.io, outPath);
        writer =
          format === 'parquet'
            ? await createParquetWriter(sink, e.codec, as, e.version)
            : format === 'arrow'
            ? await createArrowWriter(sink, e.codec, as, {
                format: outPath !== '-' && /\.arrows$/i.test(outPath) ? 'stream' : 'file',
                metadata: codecMetadata(e.codec, as, e.version),
                version: e.version,
              })
            : createCsvWriter(sink, e.codec, as, format === 'tsv' ? '\t' : ',');
        codec = e.codec;
      } else if (e.type === 'block') {
        if (!writer || !codec) throw new BsqError('CORRUPT_FILE', 'DATA before CODEC');
        const codes = codec.decodeCodes(e.packed, e.rowCount);
        await writer.writeCodes(codes, e.rowCount);
        rows += e.rowCount;
        blocks++;
        ctx.progress.update(inputSize !== undefined ? inBytes : rows, `${int(rows)} rows, ${blocks} blocks, ${bytes(inBytes)} read`);
      }
    }
    if (!writer || !sink) throw new BsqError('CORRUPT_FILE', `${input}: no CODEC record`);
    await writer.finish();
    await sink.commit();
  } catch (err) {
    await sink?.abort();
    throw err;
  }
  ctx.progress.finish();
  ctx.note(
    `decoded ${int(rows)} rows x ${codec!.featureCount} features (${as}) from ${blocks} block${blocks === 1 ? '' : 's'}` +
      `${outPath === '-' ? '' : ` -> ${outPath}`} (${format})`,
  );
  return 0;
}
export const command: Command = { spec, run };
