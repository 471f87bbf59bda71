// Many files on every core: encodeFiles (Parquet files -> .bsq) and decodeFiles (.bsq -> Parquet)
// over files, directories and globs, one file per task on a pool of worker_threads (node-pool.ts,
// node-worker.ts). Outputs go under one directory (relative paths kept, so a hive-partitioned lake
// stays partitioned) that DuckDB or Spark read as one dataset. Each output depends only on its input
// (deterministic whatever the number of workers) and is written atomically: a failing input leaves
// no output of its own and does not stop the others.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BsqError } from '../codec/errors.js';
import type { Codec, NanPolicy } from '../codec/index.js';
import type { BlockEncoding } from '../format/index.js';
import { writeBsq } from '../format/index.js';
import type { ParquetCompression, ParquetOutput } from './from-bsq.js';
import { expandInputs, outputPaths } from './node-inputs.js';
import { runFileJobs, siblingModule } from './node-pool.js';
import { fileTaskError, runFileTask, type FileTaskData } from './node-file-task.js';

export { expandInputs } from './node-inputs.js';

export type FileJobResult =
  | { input: string; output: string; ok: true; rows: number; bytes: number }
  | { input: string; output: string; ok: false; error: { code: string; message: string } };

interface CommonOptions {
  /** The output directory (created if missing). */
  outDir: string;
  /** Worker threads (default: the number of cores). */
  jobs?: number;
  /** Working directory for relative inputs and outDir (default process.cwd()). */
  cwd?: string;
  /** Called as each file finishes (completion order). */
  onResult?: (result: FileJobResult) => void;
}

export interface EncodeFilesOptions extends CommonOptions {
  blockRows?: number;
  encoding?: BlockEncoding;
  nan?: NanPolicy;
  /** Column name per feature name, where they differ. */
  columns?: Record<string, string>;
}

export interface DecodeFilesOptions extends CommonOptions {
  output?: ParquetOutput;
  compression?: ParquetCompression;
}

/** A task as the worker receives it. */
export type WorkerTask =
  | { kind: 'encode'; input: string; output: string; options: Omit<EncodeFilesOptions, 'outDir' | 'jobs' | 'cwd' | 'onResult'> }
  | { kind: 'decode'; input: string; output: string; options: Omit<DecodeFilesOptions, 'outDir' | 'jobs' | 'cwd' | 'onResult'> };

async function runTasks(tasks: WorkerTask[], opts: CommonOptions, workerData: FileTaskData): Promise<FileJobResult[]> {
  await mkdir(resolve(opts.cwd ?? process.cwd(), opts.outDir), { recursive: true });
  for (const t of tasks) await mkdir(dirname(t.output), { recursive: true });
  const fill = (i: number, r: FileJobResult): FileJobResult => (r.ok ? r : { ...r, input: tasks[i].input, output: tasks[i].output });
  const results = await runFileJobs<WorkerTask, FileJobResult>(siblingModule(import.meta.url, 'node-worker'), tasks, {
    jobs: opts.jobs,
    workerData,
    onResult: (i, r) => opts.onResult?.(fill(i, r as FileJobResult)),
    failed: (error) => ({ input: '', output: '', ok: false, error }),
    inProcess: (task) => runFileTask(task, workerData).catch(fileTaskError),
  });
  return results.map((r, i) => fill(i, r));
}

/**
 * Encode Parquet files (paths, directories holding .parquet files, globs) to .bsq files under
 * options.outDir, one worker per core. Resolves to one result per input file, in input order.
 */
export async function encodeFiles(inputs: readonly string[], codec: Codec, options: EncodeFilesOptions): Promise<FileJobResult[]> {
  if (!options || typeof options.outDir !== 'string') throw new BsqError('INVALID_ARGUMENT', 'encodeFiles needs options.outDir');
  const cwd = options.cwd ?? process.cwd();
  const files = await expandInputs(inputs, { cwd, extensions: ['parquet', 'pq'] });
  const outs = outputPaths(files, resolve(cwd, options.outDir), 'bsq');
  const { outDir: _o, jobs: _j, cwd: _c, onResult: _r, ...rest } = options;
  const tasks: WorkerTask[] = files.map((f, i) => ({ kind: 'encode', input: f.path, output: outs[i], options: rest }));
  return runTasks(tasks, options, { codec: writeBsq(codec) });
}

/**
 * Decode .bsq files (paths, directories holding .bsq files, globs) to Parquet files under
 * options.outDir, one worker per core. Resolves to one result per input file, in input order.
 */
export async function decodeFiles(inputs: readonly string[], options: DecodeFilesOptions): Promise<FileJobResult[]> {
  if (!options || typeof options.outDir !== 'string') throw new BsqError('INVALID_ARGUMENT', 'decodeFiles needs options.outDir');
  const cwd = options.cwd ?? process.cwd();
  const files = await expandInputs(inputs, { cwd, extensions: ['bsq'] });
  const outs = outputPaths(files, resolve(cwd, options.outDir), 'parquet');
  const { outDir: _o, jobs: _j, cwd: _c, onResult: _r, ...rest } = options;
  const tasks: WorkerTask[] = files.map((f, i) => ({ kind: 'decode', input: f.path, output: outs[i], options: rest }));
  return runTasks(tasks, options, {});
}
