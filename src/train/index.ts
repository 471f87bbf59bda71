// bsq/train: learn a codec (per-feature thresholds) and the server model that reads its codes, by
// bitwise soft quantization, with the paper's baselines in the same harness. The only part of bsq
// that imports TensorFlow.js (tfjs-core + tfjs-layers; wasm backend, cpu fallback).

export { trainCodec, type CandidateReport, type TrainReport, type TrainResult } from './train-codec.js';
export { BASELINES, DEFAULT_BITS, MAX_TRAIN_BITS, type BaselineName, type ResolvedSettings, type SplitOrder, type TrainCallbacks, type TrainOptions } from './options.js';
export { explainTask, fromMatrix, inferTask, MAX_INFERRED_CLASSES, type ClassLabel, type TaskInference, type ColumnData, type ColumnValues, type RowObjects, type Task, type TrainData } from './data.js';
export { BitwiseSoftQuantization, bitwiseSoftQuantize, tauAt, thermometerIndex, thermometerWidth, type BitwiseSoftQuantizationArgs } from './bsq-layer.js';
export { predict, predictClasses, predictRaw, toRawModel, type BsqModel, type PredictInput } from './model.js';
export { classificationMetrics, regressionMetrics, type ClassificationMetrics, type Metrics, type RegressionMetrics } from './metrics.js';
export { ensureBackend, type BackendChoice, type BackendName } from './backend.js';
export type { BaselineReport } from './baselines.js';
export type { EpochLogs } from './loop.js';
export type { Allocation, FrontierPoint } from './budget.js';
export type { Score } from './allocation.js';
export { modelFromArtifacts, modelToArtifacts, type ModelArtifactsBundle } from './serialize.js';
export { loadModel, saveModel } from './node-io.js';
