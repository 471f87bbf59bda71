// One file of the CLI's multi-file encode and decode (multi-file.ts; in a worker thread, or in the
// main thread for --jobs 1): runs `bsq <command> <input> -o <output> ...` in-process with captured
// stdout and stderr, and gives the exit code and the stderr text (the summary or the error line).
import { Readable, Writable } from 'node:stream';
import type { CliIO } from './io.js';
import { runCli } from './main.js';

export interface CliTask {
  argv: string[];
  cwd: string;
}
export interface CliTaskResult {
  code: number;
  stderr: string;
}

export async function runCliTask(task: CliTask): Promise<CliTaskResult> {
  let err = '';
  const io: CliIO = {
    stdin: Readable.from([]),
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
    stderr: new Writable({
      write(chunk: Buffer | string, _e, cb) {
        err += chunk.toString();
        cb();
      },
    }),
    stderrIsTTY: false,
    cwd: task.cwd,
  };
  const code = await runCli(task.argv, io);
  return { code, stderr: err };
}

export function cliTaskError(e: unknown): CliTaskResult {
  return { code: 1, stderr: `internal error: ${e instanceof Error ? e.message : String(e)}\n` };
}
