// report.html: a self-contained page (no network: Chart.js 4's UMD build is inlined) showing a
// training run. The page itself is built in render.ts (browser-safe, shared with the playground);
// this file adds the Node part: reading Chart.js's UMD bundle from node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderReportPage, type ReportData } from './render.js';

export { escapeHtml, fmt, jsonForScript, renderReportPage, type ReportData, type ReportSeries } from './render.js';

let chartJsCache: string | undefined;

/** The Chart.js UMD bundle shipped in node_modules/chart.js. */
export function chartJsSource(): string {
  if (chartJsCache === undefined) {
    const require = createRequire(import.meta.url);
    const main = require.resolve('chart.js'); // .../chart.js/dist/chart.cjs
    chartJsCache = readFileSync(join(dirname(main), 'chart.umd.js'), 'utf8');
  }
  return chartJsCache;
}

/** Render the whole self-contained page. */
export function renderReportHtml(data: ReportData, opts: { chartJs?: string } = {}): string {
  return renderReportPage(data, opts.chartJs ?? chartJsSource());
}
