#!/usr/bin/env node
// The `bsq` command: dispatches to one module per command (loaded on demand, so `bsq encode` never
// loads TensorFlow.js), maps failures to exit codes (1 runtime/data error with a one-line message,
// 2 usage error) and, when run as a program, wires the real process streams and signal cleanup.
// runCli() is the same thing in-process, for tests and embedding.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { formatHelp, parseCommandArgs } from './args.js';
import { cleanupPendingSync } from './atomic.js';
import { makeContext, type Command } from './command.js';
import { describeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeOf, UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { version } from './version.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  train: { summary: 'learn a codec (thresholds) and the server model from a table', load: () => import('./commands/train.js') },
  encode: { summary: 'quantize a table to a .bsq file with a trained codec (streaming)', load: () => import('./commands/encode.js') },
  decode: { summary: 'turn a .bsq file back into a table of levels or codes', load: () => import('./commands/decode.js') },
  inspect: { summary: 'show what a .bsq file holds and verify every checksum', load: () => import('./commands/inspect.js') },
  eval: { summary: 'evaluate a trained server model on new data', load: () => import('./commands/eval.js') },
  'export-c': { summary: 'generate a C99 encoder for a device from a codec', load: () => import('./commands/export-c.js') },
  bench: { summary: 'measure encode/decode throughput on this machine', load: () => import('./commands/bench.js') },
};


export function globalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  const lines = [
    `bsq ${version()}: learned bitwise soft quantization of input features`,
    '',
    'Usage: bsq <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    "Run 'bsq <command> --help' for the options of a command.",
    'Exit codes: 0 success, 1 runtime or data error, 2 usage error.',
  ];
  return lines.join('\n') + '\n';
}

function defaultIO(): CliIO {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns,
    cwd: process.cwd(),
  };
}

/** Run the CLI in-process; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(globalHelp());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && COMMANDS[rest[0]]) {
      const { command } = await COMMANDS[rest[0]].load();
      io.stdout.write(formatHelp(command.spec));
    } else {
      io.stdout.write(globalHelp());
    }
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr.write(`bsq: unknown command '${name}'\nRun 'bsq --help' for the list of commands.\n`);
    return EXIT_USAGE;
  }
  const verbose = rest.includes('--verbose');
  let command: Command;
  try {
    ({ command } = await entry.load());
  } catch (err) {
    io.stderr.write(`bsq ${name}: error: ${describeError(err)}\n`);
    if (verbose && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return EXIT_FAILURE;
  }
  let ctx;
  try {
    const args = parseCommandArgs(command.spec, rest);
    if (args.values.help) {
      io.stdout.write(formatHelp(command.spec));
      return EXIT_OK;
    }
    ctx = makeContext(io, args);
    const code = await command.run(ctx);
    return code ?? EXIT_OK;
  } catch (err) {
    ctx?.progress.clear();
    const code = exitCodeOf(err);
    io.stderr.write(`bsq ${name}: ${code === EXIT_USAGE ? '' : 'error: '}${describeError(err)}\n`);
    if (err instanceof UsageError) io.stderr.write(`Run 'bsq ${name} --help' for usage.\n`);
    if (verbose && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return code;
  }
}

function isMainModule(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// (not in a worker thread of a multi-file job, which imports this module to call runCli)
if (isMainThread && isMainModule()) {
  const onSignal = (sig: NodeJS.Signals, code: number) => {
    process.on(sig, () => {
      cleanupPendingSync();
      process.stderr.write(`\nbsq: interrupted (${sig}); partial outputs removed\n`);
      process.exit(code);
    });
  };
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      // The reader went away (`bsq decode x.bsq -o - | head`): stop quietly.
      cleanupPendingSync();
      process.exit(0);
    }
  });
  let settled = false;
  process.on('beforeExit', () => {
    // The event loop ran dry while a command was still waiting (a bug: an input that never ends).
    if (!settled) {
      cleanupPendingSync();
      process.stderr.write('bsq: internal error: the command stopped before finishing (no pending input or output)\n');
      process.exit(EXIT_FAILURE);
    }
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      settled = true;
      // Flush stdout before leaving; exit explicitly so lingering handles (thread pools) do not hang.
      process.stdout.write('', () => process.exit(code));
    },
    (err: unknown) => {
      settled = true;
      cleanupPendingSync();
      process.stderr.write(`bsq: internal error: ${describeError(err)}\n`);
      process.exit(EXIT_FAILURE);
    },
  );
}
