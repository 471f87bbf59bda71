// The worker thread of the CLI's multi-file encode and decode: runs jobs-task.ts for each task.
import { parentPort } from 'node:worker_threads';
import { serveTasks } from '../parquet/node-pool.js';
import { cliTaskError, runCliTask, type CliTask, type CliTaskResult } from './jobs-task.js';

serveTasks<CliTask, CliTaskResult>(parentPort!, runCliTask, cliTaskError);
