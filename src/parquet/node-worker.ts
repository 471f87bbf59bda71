// The worker thread of encodeFiles / decodeFiles: runs node-file-task.ts for each task it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { fileTaskError, runFileTask, type FileTaskData } from './node-file-task.js';
import type { WorkerTask } from './node-files.js';
import { serveTasks } from './node-pool.js';

serveTasks(parentPort!, (task: WorkerTask) => runFileTask(task, (workerData ?? {}) as FileTaskData), fileTaskError);
