// What a command module exports (its option table and run function) and the context it runs with:
// the process IO, parsed arguments, a progress reporter on stderr, and helpers to print results.
import type { CommandSpec, ParsedArgs } from './args.js';
import type { CliIO } from './io.js';
import { writeWithBackpressure } from './io.js';
import { Progress } from './progress.js';

export interface CommandContext {
  io: CliIO;
  args: ParsedArgs;
  progress: Progress;
  verbose: boolean;
  quiet: boolean;
  /** Write text to stdout (results, --json). */
  out(text: string): Promise<void>;
  /** Write a line to stderr (summaries, notes), unless --quiet. */
  note(line: string): void;
}

export interface Command {
  spec: CommandSpec;
  /** Returns the exit code (default 0). Throws UsageError (exit 2) or anything else (exit 1). */
  run(ctx: CommandContext): Promise<number | void>;
}

export function makeContext(io: CliIO, args: ParsedArgs): CommandContext {
  const quiet = args.values.quiet === true;
  const progress = new Progress(io.stderr, { tty: io.stderrIsTTY, enabled: !quiet, columns: io.columns });
  return {
    io,
    args,
    progress,
    verbose: args.values.verbose === true,
    quiet,
    out: (text) => writeWithBackpressure(io.stdout, text),
    note: (line) => {
      if (!quiet) {
        progress.clear();
        io.stderr.write(line + '\n');
      }
    },
  };
}
