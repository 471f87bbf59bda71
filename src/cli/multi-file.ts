// Many inputs on every core for `bsq encode` and `bsq decode`: expands files, directories and globs
// (src/parquet/node-inputs.ts), maps each input to an output under the -o directory (relative paths
// kept, so hive-style partitions survive; the extension replaced), and runs the single-file command
// for each on a pool of --jobs worker threads (jobs-worker.ts; --jobs 1 runs them in this thread).
// Every output is atomic and depends only on its input, so the result is the same whatever --jobs;
// the per-file lines are printed in input order. A failing input is reported and makes the exit code 1; the other outputs are whole.
import { readdirSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import type { CommandContext } from './command.js';
import { onCleanup, tmpPrefixOfProcess } from './atomic.js';
import { UsageError } from './errors.js';
import { resolvePath } from './io.js';
import { int } from './format-text.js';
import type { CliTask, CliTaskResult } from './jobs-task.js';

/** True when the positionals ask for the multi-file mode: several inputs, a directory or a glob. */
export async function isMultiInput(ctx: CommandContext, inputs: readonly string[]): Promise<boolean> {
  if (inputs.length !== 1) return true;
  const p = inputs[0];
  if (p === '-') return false;
  if (/[*?[]/.test(p)) return true;
  const { stat } = await import('node:fs/promises');
  const st = await stat(resolvePath(ctx.io, p)).catch(() => undefined);
  return st?.isDirectory() === true;
}

export interface MultiFileJob {
  command: 'encode' | 'decode';
  inputs: readonly string[];
  outDir: string;
  jobs: number | undefined;
  /** Extensions a directory or glob picks up. */
  extensions: readonly string[];
  /** Extension of the outputs. */
  outExt: string;
  /** argv (after the command name) for one input and its output. */
  argsFor(input: string, output: string): string[];
}

export async function runMultiFile(ctx: CommandContext, job: MultiFileJob): Promise<number> {
  if (job.inputs.includes('-')) throw new UsageError('stdin (-) cannot be one of several inputs');
  if (job.outDir === '-') throw new UsageError('several inputs need an output directory (-o <dir>), not stdout');
  if (job.command === 'encode' && /\.bsq$/i.test(job.outDir)) {
    throw new UsageError(`'${job.outDir}' names a .bsq file, but several inputs or a directory (${job.inputs.join(' ')}) write one .bsq per input into a directory: -o <dir>`);
  }
  const { expandInputs, outputPaths } = await import('../parquet/node-inputs.js');
  const { runFileJobs, siblingModule } = await import('../parquet/node-pool.js');
  const { BsqError } = await import('../codec/errors.js');
  const { runCliTask, cliTaskError } = await import('./jobs-task.js');
  const outDir = resolvePath(ctx.io, job.outDir);
  let files;
  let outs: string[];
  try {
    files = await expandInputs(job.inputs, { cwd: ctx.io.cwd, extensions: job.extensions });
    outs = outputPaths(files, outDir, job.outExt);
  } catch (err) {
    if (err instanceof BsqError) throw new UsageError(err.message);
    throw err;
  }
  for (const f of files) {
    if (f.path === outDir || !relative(outDir, f.path).startsWith('..')) {
      throw new UsageError(`the input '${f.path}' is inside the output directory '${job.outDir}'`);
    }
  }
  const dirs = [...new Set(outs.map((o) => dirname(o)))];
  for (const d of dirs) await mkdir(d, { recursive: true });
  // Ctrl-C: remove the temporary files the workers have in flight (their names carry our pid).
  const prefix = tmpPrefixOfProcess();
  const unhook = onCleanup(() => {
    for (const d of dirs) for (const name of readdirSync(d)) if (name.startsWith(prefix)) rmSync(join(d, name), { force: true });
  });
  const jobs = job.jobs ?? Math.max(1, availableParallelism());
  // Each task's stderr is its one-line summary (or its error line), printed below in input order.
  const tasks: CliTask[] = files.map((f, i) => ({ argv: [job.command, ...job.argsFor(f.path, outs[i])], cwd: ctx.io.cwd }));
  let finished = 0;
  ctx.progress.start(job.command, files.length);
  let results: CliTaskResult[];
  try {
    results = await runFileJobs<CliTask, CliTaskResult>(siblingModule(import.meta.url, 'jobs-worker'), tasks, {
      jobs,
      failed: (e) => ({ code: 1, stderr: `bsq ${job.command}: error: ${e.message} [${e.code}]\n` }),
      inProcess: (task) => runCliTask(task).catch(cliTaskError),
      onResult: () => {
        finished++;
        ctx.progress.update(finished, `${int(finished)} of ${int(files.length)} files`);
      },
    });
  } finally {
    unhook();
  }
  ctx.progress.finish();
  let failed = 0;
  results.forEach((r, i) => {
    if (r.code !== 0) failed++;
    const text = r.stderr.trimEnd();
    // the command's own error line; prefixed with the input when it does not name it
    if (r.code !== 0) ctx.io.stderr.write(`${text.includes(files[i].path) ? text : `bsq ${job.command}: ${files[i].path}: ${text.replace(/^bsq \w+: /, '')}`}\n`);
    else if (text) ctx.note(text);
  });
  const ok = files.length - failed;
  if (failed > 0) {
    ctx.io.stderr.write(`bsq ${job.command}: error: ${failed} of ${files.length} input${files.length === 1 ? '' : 's'} failed; the other ${int(ok)} output${ok === 1 ? '' : 's'} in ${job.outDir} are complete\n`);
    return 1;
  }
  ctx.note(`${job.command}d ${int(files.length)} file${files.length === 1 ? '' : 's'} with ${jobs} worker${jobs === 1 ? '' : 's'} -> ${job.outDir}`);
  return 0;
}
