// bsq/train in browsers (package.json "browser" condition of ./train): everything bsq/train exports
// except the Node directory helpers saveModel/loadModel, plus the browser pieces: WebGL -> WASM -> CPU
// backend choice, setWasmPaths for the WASM binaries, and a model as in-memory files.
// test/package/browser-bundle.test.ts keeps this list equal to index.ts's minus the Node helpers.

export { trainCodec, type CandidateReport, type TrainReport, type TrainResult } from './train-codec.js';
export { BASELINES, DEFAULT_BITS, MAX_TRAIN_BITS, type BaselineName, type ResolvedSettings, type TrainCallbacks, type TrainOptions } from './options.js';
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

export { useBrowserBackend, webglInfo, type BrowserBackendName, type WebGLInfo } from './browser-backend.js';
export { modelFromFiles, modelToFiles, type ModelFiles } from './browser-files.js';
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
