// Messages between the playground page and its training worker (structured-clone data only).
import type { ReportData } from '../../src/cli/report/render.js';

export interface TrainRequest {
  type: 'train';
  fileName: string;
  /** Feature columns (numbers) and the target column (numbers or labels), by name. */
  columns: Record<string, Float64Array | string[]>;
  target: string;
  features: string[];
  task: 'auto' | 'classification' | 'regression';
  /** Bits per feature, in `features` order. */
  bits: number[];
  epochs: number;
  hardEpochs: number;
  hiddenLayers: number;
  hiddenUnits: number;
  seed: number;
  fp: boolean;
  /** Extra uniform bit widths for the error-against-bits curve. */
  sweep: number[];
  backend: 'auto' | 'webgl' | 'wasm' | 'cpu';
  /** Base URL of the tfjs WASM binaries. */
  wasmBase: string;
}

export type WorkerMessage =
  | { type: 'backend'; name: string; note: string }
  | { type: 'phase'; label: string; totalEpochs: number }
  | { type: 'epoch'; label: string; method: string; epoch: number; totalEpochs: number; loss: number; valLoss: number; phase: string; seconds: number }
  | {
      type: 'done';
      seconds: number;
      backend: string;
      reportData: ReportData;
      /** codec.bsq as `bsq train` writes it (with the entropy model fitted on the training data). */
      codecBytes: Uint8Array;
      modelJson: string;
      weights: Uint8Array;
      /** The loaded rows' features encoded with the codec (raw blocks), for `bsq eval` and the .bsq view. */
      datasetBytes: Uint8Array;
      cFiles: Record<string, string>;
      test: Record<string, number>;
      baselines: Record<string, Record<string, number>>;
    }
  | { type: 'error'; code: string; message: string }
  | { type: 'cancelled' };
