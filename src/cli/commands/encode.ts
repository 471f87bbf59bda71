// bsq encode: quantize a CSV/TSV/Arrow/Parquet table (file or stdin) with a trained codec into a .bsq
// file (or stdout), streaming: rows are read in chunks (Parquet: row groups), packed into blocks of
// --block-rows and written as DATA records as they fill, so memory stays bounded whatever the input
// size. Several inputs (files, directories, globs) encode to a directory on --jobs worker threads.
import { choiceOption, intOption, requireString, type CommandSpec } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import { bytes, int, sizeChange } from '../format-text.js';
import { nanPolicyOf, openCodecTable, substitutedText } from '../codec-table.js';
import { isMultiInput, runMultiFile } from '../multi-file.js';
import { assertOutputNotInput, openOutput, resolvePath } from '../io.js';
import { stat } from 'node:fs/promises';
import { readCodecFile } from '../bsq-input.js';
import {
  encodeCodecRecord,
  formatMinorFor,
  encodeDataRecord,
  encodeDataRecordBest,
  encodingNameOf,
  encodeEndRecord,
  encodeEntropyModelRecord,
  encodeHeader,
  DEFAULT_BLOCK_ROWS,
  type BlockEncoding,
} from '../../format/index.js';

const spec: CommandSpec = {
  name: 'encode',
  summary: 'quantize a table to a .bsq file with a trained codec (streaming)',
  usage: [
    'encode --codec <codec.bsq> <in.csv|in.arrow|in.parquet|-> -o <out.bsq|-> [options]',
    'encode --codec <codec.bsq> <file|dir|glob>... -o <dir> [--jobs N] [options]',
  ],
  description:
    'Reads the codec\'s feature columns by name (other columns, such as the target, are ignored),\n' +
    'encodes each value to its code and writes bit-packed blocks. "-" reads stdin / writes stdout.\n' +
    'Parquet inputs are recognised by their PAR1 signature whatever their name.\n' +
    'Several inputs, a directory (its table files, recursively) or a quoted glob write one .bsq each\n' +
    'under the -o directory, keeping relative paths (hive-style partitions survive), on --jobs\n' +
    'worker threads; the outputs are the same whatever --jobs.',
  options: {
    codec: { type: 'string', short: 'c', arg: '<file.bsq>', help: 'the codec (codec.bsq from bsq train, or any .bsq file)' },
    output: { type: 'string', short: 'o', arg: '<out.bsq|->', help: 'output file, or - for stdout (required)' },
    'block-rows': { type: 'string', arg: '<N>', help: `rows per DATA block (default ${DEFAULT_BLOCK_ROWS})` },
    deflate: { type: 'boolean', help: 'compress blocks with DEFLATE (encoding 1)' },
    entropy: {
      type: 'boolean',
      help: "entropy-code blocks: by default each block gets the smaller of encoding 3 (adaptive, needs no model) and encoding 2 (the codec's static model, if it has one)",
    },
    'entropy-encoding': {
      type: 'string',
      arg: '<auto|adaptive|entropy>',
      help: "with --entropy: auto (default, best per block), adaptive (encoding 3 only) or entropy (encoding 2 only; fits a model on the first block when the codec has none)",
    },
    format: { type: 'string', arg: '<csv|tsv|arrow|parquet>', help: 'input format (default: sniffed signature, else the extension)' },
    jobs: { type: 'string', short: 'j', arg: '<N>', help: 'worker threads for several inputs (default: the number of cores)' },
    'nan-code': { type: 'string', arg: '<code>', help: 'send missing values (empty, NA, NaN) as this code instead of failing' },
  },
  positionals: { min: 1, max: Infinity },
  examples: [
    'bsq encode --codec out/codec.bsq fixtures/occupancy_test.csv -o test.bsq',
    "bsq encode --codec out/codec.bsq 'lake/**/*.parquet' -o archive/ --jobs 2 --entropy",
    'cat data.csv | bsq encode --codec codec.bsq - -o - --deflate > data.bsq',
  ],
};

export interface EncodeSummary {
  rows: number;
  blocks: number;
  features: number;
  bitsPerRow: number;
  bytes: number;
  float32Bytes: number;
  factor: number;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = ctx.args;
  const codecPath = requireString(values, 'codec');
  const outPath = requireString(values, 'output');
  const blockRows = intOption(values, 'block-rows', { min: 1, max: 16_777_216, default: DEFAULT_BLOCK_ROWS });
  const format = choiceOption(values, 'format', ['csv', 'tsv', 'arrow', 'parquet'] as const);
  const nanCode = intOption(values, 'nan-code', { min: 0, max: 65535 });
  if (values.deflate && values.entropy) throw new UsageError('use either --deflate or --entropy, not both');
  const entropyChoice = choiceOption(values, 'entropy-encoding', ['auto', 'adaptive', 'entropy'] as const) ?? 'auto';
  if (values['entropy-encoding'] !== undefined && !values.entropy) throw new UsageError('--entropy-encoding needs --entropy');
  const auto = values.entropy === true && entropyChoice === 'auto';
  const jobs = intOption(values, 'jobs', { min: 1, max: 1024 });
  if (values.jobs !== undefined || (await isMultiInput(ctx, positionals))) {
    if (codecPath === '-') throw new UsageError('several inputs need the codec from a file, not stdin');
    const codecFile = resolvePath(ctx.io, codecPath);
    const pass: string[] = [];
    if (values['block-rows'] !== undefined) pass.push('--block-rows', String(blockRows));
    if (values.deflate) pass.push('--deflate');
    if (values.entropy) pass.push('--entropy');
    if (values['entropy-encoding'] !== undefined) pass.push('--entropy-encoding', entropyChoice);
    if (format) pass.push('--format', format);
    if (nanCode !== undefined) pass.push('--nan-code', String(nanCode));
    return runMultiFile(ctx, {
      command: 'encode',
      inputs: positionals,
      outDir: outPath,
      jobs,
      extensions: ['csv', 'tsv', 'arrow', 'feather', 'ipc', 'arrows', 'parquet', 'pq'],
      outExt: 'bsq',
      argsFor: (input, output) => ['--codec', codecFile, input, '-o', output, ...pass],
    });
  }
  const encoding: BlockEncoding = values.deflate ? 'deflate' : values.entropy ? (entropyChoice === 'entropy' ? 'entropy' : 'adaptive') : 'raw';
  const input = positionals[0];
  if (input === '-' && codecPath === '-') throw new UsageError('only one of the input and --codec can be stdin');
  await assertOutputNotInput(ctx.io, outPath, [input, codecPath]);

  let { codec } = await readCodecFile(ctx.io, codecPath);
  const fitted = encoding === 'entropy' && codec.entropyModel === undefined;
  // auto: encoding 3 always, encoding 2 too when the codec brings a model; the smaller record wins per block.
  const candidates: BlockEncoding[] = auto && codec.entropyModel !== undefined ? ['adaptive', 'entropy'] : [encoding];
  const chosen: Record<string, number> = {};
  const nan = nanPolicyOf(codec, nanCode);
  const names = codec.features.map((f) => f.name);
  let inputBytes = 0;
  const table = await openCodecTable(ctx.io, input, codec, {
    format,
    allowMissing: nanCode !== undefined,
    onBytes: (b) => (inputBytes = b),
  });
  const sink = await openOutput(ctx.io, outPath);
  const F = codec.featureCount;
  let total = 0;
  let blocks = 0;
  const inputSize = input === '-' || format === 'arrow' || format === 'parquet' ? undefined : await stat(resolvePath(ctx.io, input)).then((st) => st.size, () => undefined);
  ctx.progress.start('encode', inputSize);
  let started = false;
  // Header, CODEC and (with --entropy) the ENTROPY_MODEL record: written before the first block,
  // once the model is known (fitted on the first block when the codec brought none).
  const start = async (firstBlock?: Float64Array[]) => {
    if (started) return;
    started = true;
    if (fitted && firstBlock) codec = codec.fitEntropyModelFromCodes(codec.encodeColumnsToCodes(firstBlock, { nan }));
    await sink.write(encodeHeader(formatMinorFor(codec)));
    await sink.write(encodeCodecRecord(codec));
    // The model only travels when blocks use it (a raw or deflate file stays as small as it can be).
    // With a choice per block it is written right before the first block that picked encoding 2
    // (FORMAT.md 4.4 allows it anywhere before that block), so an all-adaptive file does not carry it.
    if (candidates.length === 1 && candidates[0] === 'entropy') await writeModel();
  };
  let modelWritten = false;
  /** Size of the model record, computed once (the first blocks that would use encoding 2 weigh it). */
  let modelBytes: number | undefined;
  const writeModel = async () => {
    if (modelWritten) return;
    modelWritten = true;
    await sink.write(encodeEntropyModelRecord(codec, true));
  };
  try {
    const flush = async (cols: Float64Array[], n: number) => {
      await start(cols);
      const packed = codec.encodeColumns(cols, { nan, firstRow: total });
      let rec = candidates.length > 1 ? encodeDataRecordBest(codec, packed, n, candidates) : encodeDataRecord(codec, packed, n, encoding);
      if (candidates.length > 1 && !modelWritten && encodingNameOf(rec[10]!) === 'entropy') {
        // The first block to pick encoding 2 also pays for the model record it needs.
        const adaptive = encodeDataRecord(codec, packed, n, 'adaptive');
        modelBytes ??= encodeEntropyModelRecord(codec, true).length;
        if (adaptive.length <= rec.length + modelBytes) rec = adaptive;
      }
      const got = encodingNameOf(rec[10]!);
      chosen[got] = (chosen[got] ?? 0) + 1;
      if (got === 'entropy') await writeModel();
      await sink.write(rec);
      total += n;
      blocks++;
      ctx.progress.update(inputSize !== undefined ? inputBytes : total, `${int(total)} rows, ${blocks} block${blocks === 1 ? '' : 's'}, ${bytes(inputBytes)} read`);
    };
    const buf = Array.from({ length: F }, () => new Float64Array(Math.min(blockRows, 1 << 20)));
    let bufCap = buf[0].length;
    let fill = 0;
    for await (const chunk of table.chunks()) {
      let off = 0;
      while (off < chunk.rowCount) {
        const take = Math.min(blockRows - fill, chunk.rowCount - off);
        if (fill === 0 && take === blockRows) {
          await flush(chunk.columns.map((c) => c.subarray(off, off + take)), take);
        } else {
          if (fill + take > bufCap) {
            // grow the block buffer (only for block sizes above 1M rows)
            bufCap = Math.min(blockRows, Math.max(bufCap * 2, fill + take));
            for (let j = 0; j < F; j++) {
              const next = new Float64Array(bufCap);
              next.set(buf[j].subarray(0, fill));
              buf[j] = next;
            }
          }
          for (let j = 0; j < F; j++) buf[j].set(chunk.columns[j].subarray(off, off + take), fill);
          fill += take;
          if (fill === blockRows) {
            await flush(buf, fill);
            fill = 0;
          }
        }
        off += take;
      }
    }
    if (fill > 0) await flush(buf.map((c) => c.subarray(0, fill)), fill);
    await start();
    await sink.write(encodeEndRecord(total, blocks));
    await sink.commit();
  } catch (err) {
    table.close();
    await sink.abort();
    throw err;
  }
  const float32Bytes = total * F * 4;
  const summary: EncodeSummary = {
    rows: total,
    blocks,
    features: F,
    bitsPerRow: codec.bitsPerRow,
    bytes: sink.bytesWritten,
    float32Bytes,
    factor: sink.bytesWritten > 0 ? float32Bytes / sink.bytesWritten : 0,
  };
  ctx.progress.finish();
  if (total === 0) {
    ctx.note(`encoded 0 rows (the input has a header and no data): a codec-only file of ${int(summary.bytes)} bytes${outPath === '-' ? '' : ` -> ${outPath}`}`);
    return 0;
  }
  ctx.note(
    `encoded ${int(total)} rows x ${F} features (${codec.bitsPerRow} bits/row) in ${blocks} block${blocks === 1 ? '' : 's'}` +
      `${encoding !== 'raw' ? ` (${values.entropy === true ? `${auto ? 'best per block: ' : ''}${Object.entries(chosen).map(([e, k]) => `${e} ${k}`).join(', ')}` : encoding}${fitted ? ', model fitted on the first block' : ''})` : ''}: ${int(summary.bytes)} bytes; float32 would be ${int(float32Bytes)} bytes` +
      ` (${sizeChange(summary.factor)})${outPath === '-' ? '' : ` -> ${outPath}`}`,
  );
  const substituted = substitutedText(codec, table.substituted, nanCode);
  if (substituted) ctx.note(`cells not coded as their own value: ${substituted}`);
  return 0;
}

export const command: Command = { spec, run };
