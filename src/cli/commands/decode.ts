// bsq decode: turn a .bsq file (or stdin) back into a table, streaming block by block: each
// feature's decode level ("values", the default) or its integer code ("codes"), as CSV, TSV or
// Arrow IPC. Every record's checksum is verified on the way; a corrupt or truncated input leaves no
// output file.
import { choiceOption, requireString, type CommandSpec } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import { bytes, int } from '../format-text.js';
import { formatFromPath } from '../input.js';
import { assertOutputNotInput, openOutput, resolvePath } from '../io.js';
import { stat } from 'node:fs/promises';
import { bsqEvents } from '../bsq-input.js';
import { createArrowWriter, createCsvWriter, type DecodeAs, type OutputFormat, type TableWriter } from '../table-output.js';
import { BsqError } from '../../codec/errors.js';
import type { Codec } from '../../codec/index.js';
import { codecMetadata } from '../../arrow/metadata.js';

const spec: CommandSpec = {
  name: 'decode',
  summary: 'turn a .bsq file back into a table of levels or codes',
  usage: ['decode <in.bsq|-> -o <out.csv|out.arrow|-> [--as values|codes] [--format csv|tsv|arrow]'],
  description:
    'values: each code becomes its feature\'s decode level (a float32 inside the code\'s interval, so\n' +
    'encoding the output again gives the same codes). codes: the integer codes 0..2^bits-1.\n' +
    'The output format follows the extension of -o (.csv, .tsv, .arrow/.feather/.ipc); stdout is CSV\n' +
    'unless --format says otherwise.',
  options: {
    output: { type: 'string', short: 'o', arg: '<out|->', help: 'output file, or - for stdout (required)' },
    as: { type: 'string', arg: '<values|codes>', help: 'what to write per feature (default values)' },
    format: { type: 'string', arg: '<csv|tsv|arrow>', help: 'output format (default: from the extension of -o, else csv)' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['bsq decode test.bsq -o test.decoded.csv', 'bsq decode test.bsq -o - --as codes | head'],
};

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = ctx.args;
  const outPath = requireString(values, 'output');
  const as: DecodeAs = choiceOption(values, 'as', ['values', 'codes'] as const) ?? 'values';
  let format: OutputFormat | undefined = choiceOption(values, 'format', ['csv', 'tsv', 'arrow'] as const);
  if (!format) {
    const byExt = outPath === '-' ? 'csv' : formatFromPath(outPath);
    if (byExt === 'bsq') throw new UsageError(`decode writes a table, not .bsq: '${outPath}'`);
    format = byExt ?? 'csv';
  }
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
          format === 'arrow'
            ? await createArrowWriter(sink, e.codec, as, {
                format: outPath !== '-' && /\.arrows$/i.test(outPath) ? 'stream' : 'file',
                metadata: codecMetadata(e.codec, as, e.version),
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
