// The report view: the same page `bsq train` writes as report.html (render.ts, shared with the CLI),
// shown in an iframe, and the downloads: codec.bsq, the server model (model.json + weights.bin), the
// generated C files and the dataset encoded as .bsq.
import { renderReportPage } from '../../src/cli/report/render.js';
import { $, download } from './ui.js';
import { state } from './state.js';
import { openBsqBytes } from './bsq-view.js';

let chartJs: Promise<string> | undefined;
let rendered: unknown;

function fitHeight(): void {
  const frame = $<HTMLIFrameElement>('report-frame');
  const doc = frame.contentDocument;
  if (doc?.body && !$('view-report').hidden) frame.style.height = `${doc.documentElement.scrollHeight + 4}px`;
}

/** Rendered when the view is shown (a hidden iframe has no layout for the charts). */
async function render(): Promise<void> {
  const t = state.trained;
  if (!t || $('view-report').hidden) return;
  if (rendered === t) {
    fitHeight();
    return;
  }
  rendered = t;
  chartJs ??= fetch('chart.umd.js').then((r) => r.text());
  const frame = $<HTMLIFrameElement>('report-frame');
  $('report-none').hidden = true;
  $('report-body').hidden = false;
  // Grow the frame to the report's height, so the page scrolls as one.
  frame.onload = fitHeight;
  frame.srcdoc = renderReportPage(t.reportData, await chartJs);
}

export function initReportView(selectTab: (id: string) => void): void {
  state.onTrained.push(() => void render());
  $('view-report').addEventListener('bsq:show', () => void render());
  const t = () => state.trained!;
  $('dl-codec').addEventListener('click', () => download('codec.bsq', t().codecBytes));
  $('dl-model-json').addEventListener('click', () => download('model.json', t().modelJson, 'application/json'));
  $('dl-weights').addEventListener('click', () => download('weights.bin', t().weights));
  $('dl-c-h').addEventListener('click', () => download('bsq_codec.h', t().cFiles['bsq_codec.h']!, 'text/x-c'));
  $('dl-c-c').addEventListener('click', () => download('bsq_codec.c', t().cFiles['bsq_codec.c']!, 'text/x-c'));
  $('dl-dataset').addEventListener('click', () => download('dataset.bsq', t().datasetBytes));
  $('open-dataset').addEventListener('click', () => {
    selectTab('tab-bsq');
    openBsqBytes('dataset.bsq', t().datasetBytes);
  });
}
