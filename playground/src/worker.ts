// The playground's training worker: trains a codec with bsq/train's browser build (WebGL, else WASM,
// else CPU) off the page's main thread, posting every epoch's loss, then prepares everything the page
// shows and offers for download: the report data (the CLI's buildReportData), codec.bsq with the
// entropy model, the server model files, the generated C files and the dataset encoded as .bsq.
import { setWasmPaths, trainCodec, useBrowserBackend, webglInfo, modelToFiles, type TrainOptions, type TrainResult } from '../../src/train/browser.js';
import { exportC, writeBsq, BsqError } from '../../src/index.js';
import { buildReportData, runOf, type BitsRun } from '../../src/cli/report/report-data.js';
import type { TrainRequest, WorkerMessage } from './protocol.js';

/** package.json's version, set by playground/build.mjs. */
declare const __BSQ_VERSION__: string;

const scope = self as unknown as { postMessage(m: WorkerMessage, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };
let controller: AbortController | undefined;
let wasmSet = false;

function post(m: WorkerMessage, transfer: Transferable[] = []): void {
  scope.postMessage(m, transfer);
}

async function train(req: TrainRequest): Promise<void> {
  const t0 = performance.now();
  if (!wasmSet) {
    setWasmPaths(req.wasmBase);
    wasmSet = true;
  }
  const backend = await useBrowserBackend(req.backend === 'auto' ? ['webgl', 'wasm', 'cpu'] : [req.backend]);
  const gl = webglInfo();
  const note = !gl.available ? 'no WebGL here' : gl.software ? `WebGL is software-only here (${gl.renderer}), skipped` : `WebGL: ${gl.renderer}`;
  post({ type: 'backend', name: backend, note });
  controller = new AbortController();
  const signal = controller.signal;
  const data: Record<string, Float64Array | string[]> = {};
  for (const f of req.features) data[f] = req.columns[f]!;
  data[req.target] = req.columns[req.target]!;
  const base: TrainOptions = {
    target: req.target,
    features: req.features,
    ...(req.task !== 'auto' ? { task: req.task } : {}),
    epochs: req.epochs,
    hardEpochs: req.hardEpochs,
    hiddenLayers: req.hiddenLayers,
    hiddenUnits: req.hiddenUnits,
    seed: req.seed,
    signal,
  };
  const once = async (bits: TrainOptions['bits'], label: string, baselines: 'FP'[]): Promise<TrainResult> => {
    return trainCodec(data, {
      ...base,
      bits,
      baselines,
      callbacks: {
        onTrainBegin: ({ method }) => post({ type: 'phase', label: `${label}${method}`, totalEpochs: method === 'bsq' ? req.epochs + req.hardEpochs : req.epochs }),
        onEpochEnd: async (epoch, logs) => {
          post({
            type: 'epoch',
            label: `${label}${logs.method}`,
            method: logs.method,
            epoch: epoch + 1,
            totalEpochs: logs.method === 'bsq' ? req.epochs + req.hardEpochs : req.epochs,
            loss: logs.loss,
            valLoss: logs.valLoss,
            phase: logs.phase,
            seconds: logs.seconds,
          });
          // Let a Cancel message in between epochs.
          await new Promise((r) => setTimeout(r, 0));
        },
      },
    });
  };
  const bitsByName = Object.fromEntries(req.features.map((f, i) => [f, req.bits[i]!]));
  const uniform = req.bits.every((b) => b === req.bits[0]) ? req.bits[0]! : undefined;
  const main = await once(uniform ?? bitsByName, '', req.fp ? ['FP'] : []);
  const sweep: BitsRun[] = [];
  for (const b of [...new Set(req.sweep)].sort((x, y) => x - y)) {
    if (b === uniform) continue;
    const r = await once(b, `[${b} bits] `, []);
    sweep.push(runOf(r.report));
    r.model.network.dispose();
  }

  // Outputs, as `bsq train` writes them.
  const { model, report } = main;
  const cols = main.codec.features.map((f) => req.columns[f.name] as Float64Array);
  const codec = main.codec.fitEntropyModelFromCodes(main.codec.encodeColumnsToCodes(cols));
  const rows = cols[0]!.length;
  const rawBytes = writeBsq(codec.withEntropyModel(undefined), { columns: cols }).length;
  const entropyBytes = writeBsq(codec, { columns: cols, encoding: 'entropy' }).length;
  const float32Bytes = rows * codec.featureCount * 4;
  const reportData = buildReportData({
    report,
    codec,
    trainColumns: cols,
    entropy: { bytes: entropyBytes, rawBytes, float32Bytes, factor: float32Bytes / entropyBytes, bitsPerValue: (entropyBytes * 8) / (rows * codec.featureCount) },
    trainFile: req.fileName,
    trainRows: rows,
    testRows: report.splits.test,
    testSource: `10% random split (seed ${req.seed})`,
    sweep,
    bsqVersion: `${__BSQ_VERSION__} (playground)`,
  });
  const files = await modelToFiles(model);
  model.network.dispose();
  const codecBytes = writeBsq(codec);
  const datasetBytes = writeBsq(codec.withEntropyModel(undefined), { columns: cols });
  const baselines: Record<string, Record<string, number>> = {};
  for (const [k, b] of Object.entries(report.baselines ?? {})) baselines[k] = { ...b.test } as Record<string, number>;
  post(
    {
      type: 'done',
      seconds: (performance.now() - t0) / 1000,
      backend,
      reportData,
      codecBytes,
      modelJson: files['model.json'],
      weights: files['weights.bin'],
      datasetBytes,
      cFiles: exportC(codec, { prefix: 'bsq_codec' }),
      test: { ...report.test } as Record<string, number>,
      baselines,
    },
    [codecBytes.buffer, datasetBytes.buffer] as Transferable[],
  );
}

scope.onmessage = (e: MessageEvent) => {
  const msg = e.data as TrainRequest | { type: 'cancel' };
  if (msg.type === 'cancel') {
    controller?.abort('cancelled by the user');
    return;
  }
  if (msg.type !== 'train') return;
  train(msg).catch((err: unknown) => {
    if (err instanceof BsqError && err.code === 'ABORTED') post({ type: 'cancelled' });
    else if (err instanceof BsqError) post({ type: 'error', code: err.code, message: err.message });
    else post({ type: 'error', code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
  });
};
