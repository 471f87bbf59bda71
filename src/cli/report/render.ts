// report.html's page (browser-safe: no Node imports, so the playground renders the same page): the
// compression factor, error against bits for bsq, FP and the baselines, training and validation loss
// per epoch, and per feature the histogram of the training data with the learned thresholds drawn over
// it. Key numbers are also plain HTML tables, readable without JavaScript. html.ts adds the Node part
// (reading Chart.js from node_modules).
import type { Histogram } from './histogram.js';

export interface ReportSeries {
  name: string;
  kind: 'bsq' | 'fp' | 'baseline';
  /** One value per entry of `bits` (null where not measured). */
  values: (number | null)[];
}

export interface ReportData {
  title: string;
  generated: string;
  bsqVersion: string;
  dataset: {
    file: string;
    target: string;
    task: 'regression' | 'classification';
    trainRows: number;
    testRows: number;
    features: number;
    testSource: string;
  };
  /** The headline metric plotted against bits, e.g. "test MSE (standardized target)". */
  metricName: string;
  lowerIsBetter: boolean;
  compression: {
    bitsPerRow: number;
    float32BitsPerRow: number;
    factor: number;
    /** Entropy coding (encoding 2) measured on the training data in file order, when a model was fitted. */
    entropy?: { bytes: number; rawBytes: number; float32Bytes: number; factor: number; bitsPerValue: number };
  };
  errorVsBits: { bits: number[]; series: ReportSeries[] };
  /** Rows of the metrics table: method name and its test metrics. */
  metrics: { name: string; kind: 'bsq' | 'fp' | 'baseline'; values: Record<string, number> }[];
  history: { epoch: number; loss: number; valLoss?: number }[];
  /** Per feature: the histogram with the thresholds; a categorical feature has its category frequencies instead. */
  features: { name: string; bits: number; thresholds: number[]; histogram: Histogram; categories?: { names: string[]; counts: number[] } }[];
  trainingSeconds: number;
  /** Free-form notes shown at the bottom (settings used). */
  settings: Record<string, string | number | boolean>;
  /** A run with a row budget (bsq train --bits-per-row): the chosen widths and the frontier. */
  allocation?: ReportAllocation;
}

/** The budget search of a run, as the report shows it (validation scores of the wide network, bins merged). */
export interface ReportAllocation {
  bitsPerRow: number;
  searchBits: number;
  usedBits: number;
  /** e.g. "validation MSE (standardized target)". */
  metricName: string;
  /** Every candidate feature: its chosen width (0 = left out) and the validation metric at widths 0..searchBits. */
  features: { name: string; width: number; curve: number[] }[];
  /** An entropy budget: bitsPerRow and the frontier's budgets are mean entropy-coded bits per row. */
  entropy?: { budget: number; estimate: number; measured: number };
  /** Budget -> validation metric of the chosen widths, and of every feature at the uniform width of that size. */
  frontier: { bitsPerRow: number; metric: number; uniformBits: number | null; uniformMetric: number | null }[];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to embed inside <script> (no "</script>", no "<!--"). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

function metricsTable(data: ReportData): string {
  const cols: string[] = [];
  for (const m of data.metrics) for (const k of Object.keys(m.values)) if (!cols.includes(k)) cols.push(k);
  const head = `<tr><th>method</th>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const rows = data.metrics
    .map(
      (m) =>
        `<tr class="${m.kind}"><td>${escapeHtml(m.name)}</td>${cols.map((c) => `<td class="num">${fmt(m.values[c])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="metrics">${head}\n${rows}</table>`;
}

function codecTable(data: ReportData): string {
  const rows = data.features
    .map((f) => {
      if (f.categories) {
        const c = f.categories.names;
        const list = c.length <= 15 ? c.join(', ') : `${c.slice(0, 7).join(', ')}, … ${c.slice(-7).join(', ')}`;
        return `<tr><td>${escapeHtml(f.name)}</td><td class="num">${f.bits}</td><td class="thr">categorical: ${escapeHtml(list)}</td></tr>`;
      }
      const t = f.thresholds;
      const shown = t.length <= 15 ? t.map((x) => fmt(x)).join(', ') : `${t.slice(0, 7).map((x) => fmt(x)).join(', ')}, … ${t.slice(-7).map((x) => fmt(x)).join(', ')}`;
      return `<tr><td>${escapeHtml(f.name)}</td><td class="num">${f.bits}</td><td class="thr">${shown}</td></tr>`;
    })
    .join('\n');
  return `<table class="codec"><tr><th>feature</th><th>bits</th><th>thresholds</th></tr>\n${rows}</table>`;
}

function allocationSection(a: ReportAllocation): string {
  const w = Array.from({ length: a.searchBits + 1 }, (_, i) => i);
  const rows = a.features
    .map((f) => `<tr${f.width === 0 ? ' class="dropped"' : ''}><td>${escapeHtml(f.name)}</td><td class="num">${f.width === 0 ? '0 (left out)' : f.width}</td>${w.map((i) => `<td class="num${i === f.width ? ' chosen' : ''}">${fmt(f.curve[i])}</td>`).join('')}</tr>`)
    .join('\n');
  const widths = `<table class="alloc"><tr><th>feature</th><th>chosen bits</th>${w.map((i) => `<th>${i} bits</th>`).join('')}</tr>\n${rows}</table>`;
  const front = a.frontier.length
    ? `<div class="row"><div class="chart"><canvas id="chart-frontier" role="img" aria-label="validation metric against bits per row"></canvas></div>` +
      `<table class="frontier"><tr><th>${a.entropy ? 'entropy-coded bits per row' : 'bits per row'}</th><th>chosen widths</th><th>uniform widths</th></tr>\n${a.frontier
        .map((p) => `<tr><td class="num">${p.bitsPerRow}</td><td class="num">${fmt(p.metric)}</td><td class="num">${p.uniformBits === null ? '–' : `${fmt(p.uniformMetric)} <span class="note">(${p.uniformBits} bits)</span>`}</td></tr>`)
        .join('\n')}</table></div>`
    : '';
  const used = a.entropy
    ? `${a.entropy.budget} entropy-coded bits per row: estimate ${fmt(a.entropy.estimate, 3)}, measured ${fmt(a.entropy.measured, 3)} on the training data in order; the codec has ${a.usedBits} bits per row`
    : `${a.usedBits} of ${a.bitsPerRow} bits per row used`;
  return `<section><h2>Bit budget <span class="note">${used}; widths searched from a training at ${a.searchBits} bits</span></h2>
<p class="note">Each cell: ${escapeHtml(a.metricName)} of the network trained at ${a.searchBits} bits with that one feature narrowed (thresholds merged, no retraining; 0 bits = the feature left out); the knapsack picks the widths with the lowest summed loss within the budget, and the codec is then trained at those widths.</p>
${widths}
${front ? `<h2>Accuracy against row size <span class="note">${escapeHtml(a.metricName)}, same network, bins merged</span></h2>\n${front}` : ''}</section>`;
}

function settingsList(data: ReportData): string {
  return Object.entries(data.settings)
    .map(([k, v]) => `<span class="kv"><b>${escapeHtml(k)}</b> ${escapeHtml(String(v))}</span>`)
    .join(' ');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
header{background:#1d2330;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:20px;font-weight:600}
header p{margin:4px 0 0;color:#b9c0cc}
main{padding:20px 28px;max-width:1280px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:18px}
.card{background:#fff;border-radius:8px;padding:12px 16px;min-width:170px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card .v{font-size:24px;font-weight:600}
.card .l{color:#5a6372;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
section{background:#fff;border-radius:8px;padding:14px 18px;margin-bottom:18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
section h2{font-size:16px;margin:0 0 10px}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:18px}
.chart{position:relative;height:300px}
.hists{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(360px,100%),1fr));gap:14px}
.hist{position:relative;height:220px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 10px;border-bottom:1px solid #e4e7ec}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.thr{font-family:ui-monospace,monospace;font-size:12px;color:#3b4350}
tr.bsq td{font-weight:600;background:#eef5ff}
tr.fp td{background:#f4f4f4}
tr.dropped td{color:#8c95a3}
td.chosen{font-weight:600;background:#eef5ff}
.kv{display:inline-block;margin:0 14px 4px 0;color:#3b4350}
.note{color:#5a6372;font-size:12px}
`;

const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('bsq-data').textContent);
  if (typeof Chart === 'undefined') return;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  Chart.defaults.animation = false;
  var colors = {bsq:'#1f6feb', fp:'#2da44e'};
  var palette = ['#d1242f','#bf8700','#8250df','#cf222e','#0a7ea4','#6e7781','#e16f24','#a40e26','#116329'];
  function color(s, i){ return colors[s.kind] || palette[i % palette.length]; }

  // Error against bits
  var ev = data.errorVsBits, bits = ev.bits;
  var lo = Math.min.apply(null, bits), hi = Math.max.apply(null, bits);
  var sets = ev.series.map(function(s, i){
    var pts;
    if (s.kind === 'fp') {
      var v = s.values.filter(function(x){ return x !== null; })[0];
      pts = [{x: lo - 0.5, y: v}, {x: hi + 0.5, y: v}];
    } else {
      pts = bits.map(function(b, j){ return {x: b, y: s.values[j]}; }).filter(function(p){ return p.y !== null; });
    }
    return {label: s.name, data: pts, showLine: true, borderColor: color(s, i), backgroundColor: color(s, i),
      borderDash: s.kind === 'fp' ? [6,4] : [], pointRadius: s.kind === 'fp' ? 0 : 4,
      borderWidth: s.kind === 'bsq' ? 3 : 1.5, pointStyle: s.kind === 'baseline' ? 'triangle' : 'circle'};
  });
  new Chart(document.getElementById('chart-bits'), {type: 'scatter', data: {datasets: sets}, options: {
    maintainAspectRatio: false,
    scales: {x: {type: 'linear', min: lo - 0.5, max: hi + 0.5, title: {display: true, text: 'bits per feature'},
                 afterBuildTicks: function(axis){ axis.ticks = bits.map(function(b){ return {value: b}; }); }},
             y: {title: {display: true, text: data.metricName}}},
    plugins: {legend: {position: 'bottom'}}}});

  // Loss per epoch
  var h = data.history;
  if (h.length) {
    var ds = [{label: 'training loss', data: h.map(function(e){ return {x: e.epoch, y: e.loss}; }), borderColor: '#1f6feb', backgroundColor: '#1f6feb', pointRadius: 2}];
    if (h.some(function(e){ return e.valLoss !== undefined && e.valLoss !== null; })) {
      ds.push({label: 'validation loss', data: h.filter(function(e){ return e.valLoss !== undefined && e.valLoss !== null; }).map(function(e){ return {x: e.epoch, y: e.valLoss}; }), borderColor: '#d1242f', backgroundColor: '#d1242f', pointRadius: 2});
    }
    new Chart(document.getElementById('chart-loss'), {type: 'line', data: {datasets: ds}, options: {
      maintainAspectRatio: false, parsing: true,
      scales: {x: {type: 'linear', title: {display: true, text: 'epoch'}, ticks: {stepSize: 1, precision: 0}}, y: {title: {display: true, text: 'loss'}}},
      plugins: {legend: {position: 'bottom'}}}});
  }

  // Frontier: validation metric against bits per row, chosen vs uniform widths
  var al = data.allocation;
  if (al && al.frontier.length && document.getElementById('chart-frontier')) {
    var fr = al.frontier;
    var fsets = [{label: 'chosen widths', data: fr.map(function(p){ return {x: p.bitsPerRow, y: p.metric}; }), showLine: true, borderColor: colors.bsq, backgroundColor: colors.bsq, borderWidth: 3, pointRadius: 4},
      {label: 'uniform widths', data: fr.filter(function(p){ return p.uniformMetric !== null; }).map(function(p){ return {x: p.bitsPerRow, y: p.uniformMetric}; }), showLine: true, borderColor: '#6e7781', backgroundColor: '#6e7781', borderDash: [6,4], pointRadius: 4}];
    new Chart(document.getElementById('chart-frontier'), {type: 'scatter', data: {datasets: fsets}, options: {
      maintainAspectRatio: false,
      scales: {x: {type: 'linear', title: {display: true, text: al.entropy ? 'entropy-coded bits per row' : 'bits per row'}}, y: {title: {display: true, text: al.metricName}}},
      plugins: {legend: {position: 'bottom'}}}});
  }

  // Histograms with thresholds
  data.features.forEach(function(f, i){
    if (f.categories) {
      // A categorical feature: training rows per category (its code), no thresholds.
      new Chart(document.getElementById('hist-' + i), {type: 'bar', data: {labels: f.categories.names, datasets: [
        {label: 'training rows per category (' + f.categories.names.length + ' codes, ' + f.bits + ' bits)', data: f.categories.counts, backgroundColor: 'rgba(31,111,235,0.45)'}
      ]}, options: {maintainAspectRatio: false,
        scales: {x: {title: {display: true, text: f.name}}, y: {beginAtZero: true, title: {display: true, text: 'rows'}}},
        plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}}}});
      return;
    }
    var hist = f.histogram, bars = [], top = 0;
    for (var k = 0; k < hist.counts.length; k++) {
      bars.push({x: (hist.edges[k] + hist.edges[k+1]) / 2, y: hist.counts[k]});
      if (hist.counts[k] > top) top = hist.counts[k];
    }
    var lines = [];
    f.thresholds.forEach(function(t){ lines.push({x: t, y: 0}, {x: t, y: top * 1.05}, {x: t, y: null}); });
    new Chart(document.getElementById('hist-' + i), {data: {datasets: [
      {type: 'bar', label: 'training values', data: bars, backgroundColor: 'rgba(31,111,235,0.45)', barPercentage: 1, categoryPercentage: 1, order: 2},
      {type: 'line', label: f.thresholds.length + ' thresholds (' + f.bits + ' bits)', data: lines, borderColor: '#d1242f', borderWidth: 1.2, pointRadius: 0, spanGaps: false, order: 1}
    ]}, options: {maintainAspectRatio: false,
      scales: {x: {type: 'linear', min: hist.edges[0], max: hist.edges[hist.edges.length-1], title: {display: true, text: f.name}},
               y: {beginAtZero: true, title: {display: true, text: 'rows'}}},
      plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}, tooltip: {filter: function(it){ return it.raw && it.raw.y !== null; }}}}});
  });
})();
`;

/** Render the whole self-contained page, with the Chart.js UMD bundle's source inlined. */
export function renderReportPage(data: ReportData, chartJsUmd: string): string {
  const chartJs = chartJsUmd.replace(/<\/script/gi, '<\\/script');
  const bsqRow = data.metrics.find((m) => m.kind === 'bsq');
  const fpRow = data.metrics.find((m) => m.kind === 'fp');
  const headline = (row: typeof bsqRow) => {
    if (!row) return '–';
    const first = Object.keys(row.values)[0];
    return first ? `${fmt(row.values[first])} <span class="note">${escapeHtml(first)}</span>` : '–';
  };
  const d = data.dataset;
  const hists = data.features
    .map((_, i) => `<div class="hist"><canvas id="hist-${i}" role="img" aria-label="histogram of ${escapeHtml(data.features[i].name)}"></canvas></div>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<p>${escapeHtml(d.file)} · target <b>${escapeHtml(d.target)}</b> (${d.task}) · ${d.features} features · ${d.trainRows} training rows · ${d.testRows} test rows (${escapeHtml(d.testSource)}) · bsq ${escapeHtml(data.bsqVersion)} · ${escapeHtml(data.generated)}</p>
</header>
<main>
<div class="cards">
<div class="card"><div class="l">compression vs float32</div><div class="v">${fmt(data.compression.factor, 3)}×</div><div class="note">${data.compression.bitsPerRow} bits per row instead of ${data.compression.float32BitsPerRow}</div></div>
${
  data.compression.entropy
    ? `<div class="card"><div class="l">with entropy coding</div><div class="v">${fmt(data.compression.entropy.factor, 3)}×</div><div class="note">${fmt(data.compression.entropy.bitsPerValue, 3)} bits per value on the training data, in file order</div></div>\n`
    : ''
}<div class="card"><div class="l">bsq test</div><div class="v">${headline(bsqRow)}</div></div>
<div class="card"><div class="l">FP (float inputs) test</div><div class="v">${headline(fpRow)}</div></div>
<div class="card"><div class="l">training time</div><div class="v">${fmt(data.trainingSeconds, 3)} s</div></div>
</div>
<div class="row">
<section><h2>Error against bits <span class="note">${escapeHtml(data.metricName)}, ${data.lowerIsBetter ? 'lower' : 'higher'} is better</span></h2><div class="chart"><canvas id="chart-bits" role="img" aria-label="test metric against bits per feature"></canvas></div></section>
<section><h2>Loss per epoch</h2><div class="chart"><canvas id="chart-loss" role="img" aria-label="training and validation loss per epoch"></canvas></div></section>
</div>
<section><h2>Test metrics</h2>${metricsTable(data)}</section>
<section><h2>Training data and learned thresholds, per feature</h2><div class="hists">
${hists}
</div></section>
${data.allocation ? allocationSection(data.allocation) + '\n' : ''}<section><h2>Codec</h2>${codecTable(data)}</section>
<section><h2>Settings</h2>${settingsList(data)}</section>
</main>
<script id="bsq-data" type="application/json">${jsonForScript(data)}</script>
<script>${chartJs}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
