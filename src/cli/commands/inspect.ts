// bsq inspect: what a .bsq file holds (format version, codec metadata, features with bits,
// thresholds and levels, blocks, rows, sizes and the compression factor against float32), reading
// it as a stream so every record's CRC-32C is verified and every block is decoded (padding checked).
// The summary and its text live in ../inspect-summary.ts (shared with the playground).
import type { CommandSpec } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { int } from '../format-text.js';
import { bsqEvents } from '../bsq-input.js';
import { InspectSummary, inspectText } from '../inspect-summary.js';
import type { Codec } from '../../codec/index.js';

const spec: CommandSpec = {
  name: 'inspect',
  summary: 'show what a .bsq file holds and verify every checksum',
  usage: ['inspect <file.bsq|-> [--json] [--all]'],
  options: {
    json: { type: 'boolean', help: 'print the result as JSON on stdout' },
    all: { type: 'boolean', help: 'print every threshold and level, exactly (default: at most 16 per feature, 6 digits)' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['bsq inspect out/codec.bsq', 'bsq inspect test.bsq --json | jq .compression'],
};

export type { InspectResult } from '../inspect-summary.js';

async function run(ctx: CommandContext): Promise<number> {
  const path = ctx.args.positionals[0];
  const json = ctx.args.values.json === true;
  let fileBytes = 0;
  const summary = new InspectSummary(path);
  ctx.progress.start('inspect');
  const reader = { codec: undefined as Codec | undefined };
  for await (const e of bsqEvents(ctx.io, path, { onBytes: (b) => (fileBytes = b), reader })) {
    summary.add(e);
    if (e.type === 'block') ctx.progress.update(summary.rows, `${int(summary.rows)} rows, ${summary.blocks} blocks verified`);
  }
  ctx.progress.finish();
  const result = summary.result(fileBytes, reader.codec);
  await ctx.out(json ? JSON.stringify(result, null, 2) + '\n' : inspectText(result, { all: ctx.args.values.all === true }));
  return 0;
}

export const command: Command = { spec, run };
