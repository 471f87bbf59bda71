// The playground's shared state: the loaded dataset and the last training result.
import type { LoadedData } from './data.js';
import type { WorkerMessage } from './protocol.js';

export type TrainDone = Extract<WorkerMessage, { type: 'done' }>;

export const state: { data?: LoadedData; trained?: TrainDone; onData: (() => void)[]; onTrained: (() => void)[] } = {
  onData: [],
  onTrained: [],
};
