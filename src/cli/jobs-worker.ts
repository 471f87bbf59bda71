// The worker thread of the CLI's multi-file encode and decode (multi-file.ts): runs one
// `bsq <command> <input> -o <output> ...` per task in-process, with captured stdout and stderr, and
// answers with the exit code and the stderr text (the summary line, or the error line).
import { Readable, Writable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { serveTasks } from '../parquet/node-pool.js';
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

async function handle(task: CliTask): Promise<CliTaskResult> {
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

serveTasks<CliTask, CliTaskResult>(parentPort!, handle, (e) => ({ code: 1, stderr: `internal error: ${e instanceof Error ? e.message : String(e)}\n` }));
