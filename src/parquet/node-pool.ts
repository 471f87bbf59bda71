// A pool of worker_threads for per-file jobs (bsq/parquet/node's encodeFiles / decodeFiles and the
// CLI's multi-file encode and decode). Each task goes to the next free worker; results come back in
// task order whatever the number of workers, so outputs and reports are deterministic. A task that
// throws, or a worker that dies, fails that task only; the others run to the end. With one job the
// tasks can run in the calling thread (the same task code, no worker to start).
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BsqError } from '../codec/errors.js';

export interface PoolOptions {
  /** Worker threads (default: the number of cores, at most the number of tasks). */
  jobs?: number;
  /** Called as each task finishes (in completion order), e.g. for progress. */
  onResult?: (index: number, result: unknown) => void;
}

/** Worker threads used when no jobs count is given: the number of cores. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** How to start a worker module: a file URL, or (from the TypeScript sources) a bootstrap to eval. */
export interface WorkerModule {
  url: URL;
  /** Source of an eval'd bootstrap that loads tsx, then the .ts module. */
  bootstrap?: string;
}

/**
 * The worker module `name` next to `base` (an import.meta.url): `name.js` from the built package;
 * from the sources (`name.ts`: tests, tsx), a bootstrap that registers tsx (a dev dependency) in the
 * worker thread first, since Node 20 workers do not take --import loaders.
 */
export function siblingModule(base: string, name: string): WorkerModule {
  if (base.endsWith('.ts')) {
    // tsx's ESM API entry (require.resolve would give its CommonJS build)
    const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(base).resolve('tsx/package.json'))).href;
    const url = new URL(`./${name}.ts`, base);
    return { url, bootstrap: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });` };
  }
  return { url: new URL(`./${name}.js`, base) };
}

/**
 * Run `tasks` on worker threads running `module` (see siblingModule). The worker module must call
 * serveTasks(). Resolves to one result per task, in task order.
 */
export async function runFileJobs<T, R>(
  module: WorkerModule,
  tasks: readonly T[],
  options: PoolOptions & {
    workerData?: unknown;
    failed?: (error: { code: string; message: string }) => R;
    /** With jobs: 1, run each task with this in the calling thread instead (no worker to start). */
    inProcess?: (task: T) => Promise<R>;
  } = {},
): Promise<R[]> {
  const jobs = options.jobs ?? defaultJobs();
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new BsqError('INVALID_ARGUMENT', `jobs must be a positive integer, got ${String(jobs)}`);
  const results = new Array<R>(tasks.length);
  if (tasks.length === 0) return results;
  const fail = options.failed ?? ((error) => ({ ok: false, error }) as R);
  if (jobs === 1 && options.inProcess) {
    for (let i = 0; i < tasks.length; i++) {
      results[i] = await options.inProcess(tasks[i]);
      options.onResult?.(i, results[i]);
    }
    return results;
  }
  let next = 0;
  let done = 0;
  return new Promise<R[]>((resolve) => {
    const finish = (index: number, result: R) => {
      results[index] = result;
      done++;
      options.onResult?.(index, result);
      if (done === tasks.length) resolve(results);
    };
    const start = () => {
      const worker = module.bootstrap
        ? new Worker(module.bootstrap, { eval: true, workerData: options.workerData })
        : new Worker(module.url, {
            workerData: options.workerData,
            // the parent's flags, less those that only apply to an eval'd main script
            execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
          });
      let current = -1;
      const feed = () => {
        if (next >= tasks.length) {
          current = -1;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ index: current, task: tasks[current] });
      };
      worker.on('message', (msg: { index: number; result: R }) => {
        finish(msg.index, msg.result);
        feed();
      });
      const died = (message: string) => {
        if (current < 0) return;
        const index = current;
        current = -1;
        finish(index, fail({ code: 'WORKER_FAILED', message }));
        if (next < tasks.length) start(); // replace the worker for the remaining tasks
      };
      worker.on('error', (err) => died(`worker failed: ${err instanceof Error ? err.message : String(err)}`));
      worker.on('exit', (code) => died(`worker exited with code ${code}`));
      feed();
    };
    for (let w = 0; w < Math.min(jobs, tasks.length); w++) start();
  });
}

/** In a worker module: answer each task message with `handle(task)` (errors become results too). */
export function serveTasks<T, R>(port: import('node:worker_threads').MessagePort, handle: (task: T) => Promise<R>, onError: (err: unknown) => R): void {
  port.on('message', (msg: { index: number; task: T }) => {
    handle(msg.task).then(
      (result) => port.postMessage({ index: msg.index, result }),
      (err: unknown) => port.postMessage({ index: msg.index, result: onError(err) }),
    );
  });
}
