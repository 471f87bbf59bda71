// From a training run (trainCodec's report, the codec, the training columns and any extra bit-width
// runs) to the ReportData that report.html renders: the headline metric per method and bit width,
// the loss history, per-feature histograms with thresholds, and the compression factor.
import type { Codec } from '../../codec/index.js';
import type { TrainReport } from '../../train/index.js';
import { histogram } from './histogram.js';
import type { ReportAllocation, ReportData, ReportSeries } from './render.js';

/** Test metrics of one bit width: bsq and each baseline. */
export interface BitsRun {
  /** Mean bits per feature of the run. */
  bits: number;
  test: Record<string, number>;
  baselines: Record<string, Record<string, number>>;
  /** Wall time of the run (training + baselines). */
  seconds?: number;
}

export function runOf(report: TrainReport): BitsRun {
  // A budget run: bits per candidate feature (left-out features count, at 0 bits).
  const a = report.allocation;
  const bits = a ? a.usedBits / a.features.length : report.bits.reduce((x, b) => x + b, 0) / report.bits.length;
  const baselines: Record<string, Record<string, number>> = {};
  for (const [name, b] of Object.entries(report.baselines ?? {})) baselines[name] = { ...b.test } as Record<string, number>;
  return { bits, test: { ...report.test } as Record<string, number>, baselines, seconds: report.timings.totalSeconds };
}

/** The metric plotted against bits: standardized MSE (regression) or error rate (classification). */
export function headlineMetric(task: 'regression' | 'classification'): { name: string; lowerIsBetter: boolean; of(m: Record<string, number>): number | null } {
  if (task === 'regression') {
    return { name: 'test MSE (standardized target)', lowerIsBetter: true, of: (m) => (Number.isFinite(m.stdMse) ? m.stdMse : null) };
  }
  return { name: 'test error rate (1 - accuracy)', lowerIsBetter: true, of: (m) => (Number.isFinite(m.accuracy) ? 1 - m.accuracy : null) };
}

export interface ReportInput {
  report: TrainReport;
  codec: Codec;
  /** Training columns (codec feature order) for the histograms. */
  trainColumns: ArrayLike<number>[];
  trainFile: string;
  trainRows: number;
  testRows: number;
  testSource: string;
  /** Runs at other bit widths (--bits-sweep), besides the main one. */
  sweep: BitsRun[];
  bsqVersion: string;
  generated?: string;
  entropy?: ReportData['compression']['entropy'];
}

export function buildReportData(inp: ReportInput): ReportData {
  const r = inp.report;
  const codec = inp.codec;
  const F = codec.featureCount;
  const metric = headlineMetric(r.task);
  const main = runOf(r);
  const runs = [main, ...inp.sweep.filter((s) => s.bits !== main.bits)].sort((a, b) => a.bits - b.bits);
  const methods = [...new Set(runs.flatMap((x) => Object.keys(x.baselines)))];
  const series: ReportSeries[] = [{ name: 'bsq', kind: 'bsq', values: runs.map((x) => metric.of(x.test)) }];
  for (const m of methods) {
    series.push({
      name: m,
      kind: m === 'FP' ? 'fp' : 'baseline',
      values: runs.map((x) => (x.baselines[m] ? metric.of(x.baselines[m]) : null)),
    });
  }
  const alloc = r.allocation;
  const metrics: ReportData['metrics'] = [{ name: alloc ? `bsq (${alloc.usedBits} bits per row, widths chosen)` : `bsq (${fmtBits(main.bits)} bits)`, kind: 'bsq', values: main.test }];
  if (alloc?.uniform) metrics.push({ name: `bsq, every feature at ${alloc.uniform.bits} bits`, kind: 'baseline', values: { ...alloc.uniform.test } as Record<string, number> });
  for (const m of Object.keys(main.baselines)) {
    metrics.push({ name: m, kind: m === 'FP' ? 'fp' : 'baseline', values: main.baselines[m] });
  }
  const settings: ReportData['settings'] = {};
  for (const [k, v] of Object.entries(r.settings)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') settings[k] = v;
    else if (Array.isArray(v) && k !== 'features') settings[k] = v.join(',');
  }
  settings.backend = r.backend;
  return {
    title: `bsq training report: ${r.target} (${r.task})`,
    generated: inp.generated ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    bsqVersion: inp.bsqVersion,
    dataset: {
      file: inp.trainFile,
      target: r.target,
      task: r.task,
      trainRows: inp.trainRows,
      testRows: inp.testRows,
      features: F,
      testSource: inp.testSource,
    },
    metricName: metric.name,
    lowerIsBetter: metric.lowerIsBetter,
    compression: {
      bitsPerRow: codec.bitsPerRow,
      // A budget run compares with sending every candidate feature (left-out ones included) as float32.
      float32BitsPerRow: 32 * (alloc ? alloc.features.length : F),
      factor: (32 * (alloc ? alloc.features.length : F)) / codec.bitsPerRow,
      ...(inp.entropy ? { entropy: inp.entropy } : {}),
    },
    errorVsBits: { bits: runs.map((x) => x.bits), series },
    metrics,
    history: r.history.map((h, i) => ({
      epoch: i + 1,
      loss: h.loss,
      ...(Number.isFinite(h.valLoss) ? { valLoss: h.valLoss } : {}),
    })),
    features: codec.features.map((f, i) => {
      if (f.categories) {
        // Category frequencies instead of a threshold histogram (the code is the category index).
        const names = f.unknown === 'code' ? [...f.categories, '(unknown)'] : f.categories.slice();
        const counts = names.map(() => 0);
        const col = inp.trainColumns[i] ?? [];
        for (let r = 0; r < col.length; r++) if (col[r]! >= 0 && col[r]! < counts.length) counts[col[r]!]!++;
        return { name: f.name, bits: f.bits, thresholds: [], histogram: { edges: [0, 1], counts: [0] }, categories: { names, counts } };
      }
      const thresholds = Array.from(f.thresholds);
      return { name: f.name, bits: f.bits, thresholds, histogram: histogram(inp.trainColumns[i] ?? [], 60, thresholds) };
    }),
    trainingSeconds: r.timings.totalSeconds + inp.sweep.reduce((a, s) => a + (s.seconds ?? 0), 0),
    settings,
    ...(r.allocation ? { allocation: allocationOf(r) } : {}),
  };
}

/** The budget search for the report: validation metrics (stdMse or error rate) per width and per budget. */
function allocationOf(r: TrainReport): ReportAllocation {
  const a = r.allocation!;
  return {
    bitsPerRow: a.bitsPerRow,
    searchBits: a.searchBits,
    usedBits: a.usedBits,
    metricName: r.task === 'regression' ? 'validation MSE (standardized target)' : 'validation error rate',
    features: a.features.map((name) => ({ name, width: a.widths[name]!, curve: a.curveMetrics[name]! })),
    ...(a.entropy ? { entropy: { budget: a.entropy.budget, estimate: a.entropy.estimate, measured: a.entropy.measured } } : {}),
    frontier: (a.frontier ?? []).map((p) => ({
      bitsPerRow: p.bitsPerRow, metric: p.validation.metric,
      uniformBits: p.uniform?.bits ?? null, uniformMetric: p.uniform?.validation.metric ?? null,
    })),
  };
}

function fmtBits(b: number): string {
  return Number.isInteger(b) ? String(b) : b.toFixed(2);
}
