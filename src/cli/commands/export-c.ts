// bsq export-c: generate the C99 device encoder of a codec (src/device exportC) into a directory:
// <prefix>.h and <prefix>.c (plus <prefix>_entropy.h/.c with --entropy, <prefix>_adaptive.h/.c with
// --adaptive), written atomically.
import { choiceOption, intOption, requireString, stringOption, type CommandSpec } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { writeFileAtomic } from '../atomic.js';
import { readCodecFile } from '../bsq-input.js';
import { resolvePath } from '../io.js';
import { int } from '../format-text.js';
import { fileError, UsageError } from '../errors.js';
import { BsqError } from '../../codec/errors.js';
import { exportC, deviceFlashBytes, adaptiveCStateBytes, type ExportCOptions } from '../../device/index.js';
import { entropyCFlashBytes } from '../../device/index.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const spec: CommandSpec = {
  name: 'export-c',
  summary: 'generate a C99 encoder for a device from a codec',
  usage: ['export-c <codec.bsq> -o <dir> [--prefix name] [--compare float|integer] [--crc bitwise|table16|table256] [--entropy] [--adaptive]'],
  description: 'Writes <dir>/<prefix>.h and <dir>/<prefix>.c: a dependency-free encoder byte-exact with bsq encode.',
  options: {
    output: { type: 'string', short: 'o', arg: '<dir>', help: 'output directory (created if missing; required)' },
    prefix: { type: 'string', arg: '<name>', help: 'C identifier prefix and file name (default bsq_codec)' },
    compare: { type: 'string', arg: '<float|integer>', help: 'float comparisons (FPU) or integer keys (no FPU); default float' },
    crc: { type: 'string', arg: '<bitwise|table16|table256>', help: 'CRC-32C implementation size (default table16)' },
    'nan-code': { type: 'string', arg: '<code>', help: 'send NaN as this code (default: refuse rows with NaN)' },
    'file-helpers': { type: 'boolean', help: 'also emit helpers that write a whole .bsq file on the device' },
    entropy: { type: 'boolean', help: 'also emit <prefix>_entropy.h/.c: recode DATA records with the entropy model (encoding 2; needs a codec file holding one)' },
    adaptive: { type: 'boolean', help: 'also emit <prefix>_adaptive.h/.c: recode DATA records with the adaptive context model (encoding 3; no model needed)' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['bsq export-c out/codec.bsq -o device/ --prefix occupancy'],
};

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = ctx.args;
  const outDir = requireString(values, 'output');
  const compare = choiceOption(values, 'compare', ['float', 'integer'] as const);
  const crc = choiceOption(values, 'crc', ['bitwise', 'table16', 'table256'] as const);
  const nanCode = intOption(values, 'nan-code', { min: 0, max: 65535 });
  const opts: ExportCOptions = {
    prefix: stringOption(values, 'prefix'),
    compare,
    crc,
    nan: nanCode === undefined ? undefined : { code: nanCode },
    fileHelpers: values['file-helpers'] === true,
    entropy: values.entropy === true,
    adaptive: values.adaptive === true,
  };
  const { codec } = await readCodecFile(ctx.io, positionals[0]);
  let files: ReturnType<typeof exportC>;
  try {
    files = exportC(codec, opts); // validates the options before anything is written
  } catch (err) {
    // A bad --prefix or --nan-code for this codec is a usage error (exit 2), as for other options;
    // a codec file that cannot serve an option (--entropy without a model) stays a data error.
    if (err instanceof BsqError && err.code === 'INVALID_ARGUMENT' && (err.details?.prefix !== undefined || /^exportC: nan/.test(err.message))) {
      throw new UsageError(err.message.replace(/^exportC: /, ''));
    }
    throw err;
  }
  const dir = resolvePath(ctx.io, outDir);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw fileError(err, 'create directory', outDir);
  }
  for (const [name, text] of Object.entries(files)) await writeFileAtomic(join(dir, name), text);
  const flash = deviceFlashBytes(codec, { crc });
  const entropyFlash =
    (opts.entropy ? `, ${int(entropyCFlashBytes(codec))} bytes of entropy model tables` : '') +
    (opts.adaptive ? `, adaptive coder state ${int(adaptiveCStateBytes(codec))} bytes of RAM` : '');
  ctx.note(
    `wrote ${Object.keys(files)
      .map((n) => join(outDir, n))
      .join(', ')}: ${codec.featureCount} features, ${codec.bitsPerRow} bits per row, ${int(flash.total)} bytes of constant tables${entropyFlash}`,
  );
  return 0;
}

export const command: Command = { spec, run };
