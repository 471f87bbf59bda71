// The train view: target, task, bits per feature (all, or per feature), epochs and model size, FP
// alongside and extra bit widths; training runs in a Web Worker (worker.ts) with a live loss chart,
// a progress bar and a Cancel button, so the page stays responsive.
import { $, cards, chartLib, fillTable, int, num, showError, status } from './ui.js';
import { isNumeric } from './data.js';
import { state } from './state.js';
import type { TrainRequest, WorkerMessage } from './protocol.js';
import type { Chart } from 'chart.js';

let worker: Worker | undefined;
let running = false;
let lossChart: Chart | undefined;
let done = 0;
let total = 1;
let backendNote = '';

const COLORS = ['#1f6feb', '#2da44e', '#8250df', '#bf8700', '#d1242f', '#0a7ea4'];

function features(): string[] {
  const d = state.data!;
  const target = $<HTMLSelectElement>('opt-target').value;
  return d.names.filter((n, i) => n !== target && isNumeric(d.columns[i]!) && ($<HTMLInputElement>(`use-${i}`) as HTMLInputElement).checked);
}

function bitsOf(name: string): number {
  const i = state.data!.names.indexOf(name);
  return Number($<HTMLInputElement>(`bits-${i}`).value);
}

function updateBitsPerRow(): void {
  const f = features();
  const bits = f.reduce((a, n) => a + bitsOf(n), 0);
  $('bits-per-row').textContent = f.length
    ? `${f.length} features, ${bits} bits per row instead of ${32 * f.length} as float32: ${num((32 * f.length) / bits, 3)}x smaller before framing`
    : 'no features selected';
}

function fillFeatures(): void {
  const d = state.data!;
  const target = $<HTMLSelectElement>('opt-target').value;
  const table = $<HTMLTableElement>('feature-table');
  fillTable(table, ['use', 'feature', 'bits', 'min', 'max'], []);
  const body = table.tBodies[0]!;
  const all = Number($<HTMLInputElement>('opt-bits').value) || 4;
  d.names.forEach((n, i) => {
    const c = d.columns[i]!;
    if (n === target || !isNumeric(c)) return;
    let lo = Infinity, hi = -Infinity;
    for (const v of c) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    const tr = body.insertRow();
    tr.innerHTML = `<td><input type="checkbox" id="use-${i}" checked></td><td><label for="bits-${i}"></label></td><td><input type="number" id="bits-${i}" min="1" max="8" value="${all}"></td><td class="num"></td><td class="num"></td>`;
    (tr.querySelector('label') as HTMLElement).textContent = n;
    (tr.querySelector(`#use-${i}`) as HTMLInputElement).setAttribute('aria-label', `use ${n}`);
    tr.cells[3]!.textContent = num(lo);
    tr.cells[4]!.textContent = num(hi);
  });
  table.querySelectorAll('input').forEach((el) => el.addEventListener('input', updateBitsPerRow));
  updateBitsPerRow();
}

function onData(): void {
  const d = state.data!;
  $('train-nodata').hidden = true;
  $('train-form').hidden = false;
  const sel = $<HTMLSelectElement>('opt-target');
  sel.replaceChildren(...d.names.map((n) => new Option(n, n)));
  sel.value = d.names[d.names.length - 1]!;
  fillFeatures();
}

function setRunning(on: boolean): void {
  running = on;
  $<HTMLButtonElement>('train-start').disabled = on;
  $<HTMLButtonElement>('train-cancel').disabled = !on;
}

function resetChart(): void {
  lossChart?.destroy();
  const Chart = chartLib();
  Chart.defaults.animation = false;
  lossChart = new Chart($<HTMLCanvasElement>('loss-chart'), {
    type: 'line',
    data: { datasets: [] },
    options: {
      maintainAspectRatio: false,
      parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } }, y: { title: { display: true, text: 'loss' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function addPoint(label: string, epoch: number, loss: number, valLoss: number): void {
  const c = lossChart!;
  const find = (name: string, dashed: boolean) => {
    let ds = c.data.datasets.find((x) => x.label === name);
    if (!ds) {
      const color = COLORS[Math.floor(c.data.datasets.length / 2) % COLORS.length];
      ds = { label: name, data: [], borderColor: color, backgroundColor: color, pointRadius: 2, borderDash: dashed ? [6, 4] : [] };
      c.data.datasets.push(ds);
    }
    return ds.data as { x: number; y: number }[];
  };
  find(`${label} training`, false).push({ x: epoch, y: loss });
  if (Number.isFinite(valLoss)) find(`${label} validation`, true).push({ x: epoch, y: valLoss });
  c.update('none');
}

function request(): TrainRequest {
  const d = state.data!;
  const target = $<HTMLSelectElement>('opt-target').value;
  const f = features();
  const columns: Record<string, Float64Array | string[]> = {};
  for (const n of [...f, target]) columns[n] = d.columns[d.names.indexOf(n)]!;
  const sweep = $<HTMLInputElement>('opt-sweep').value.split(/[ ,]+/).filter(Boolean).map(Number);
  return {
    type: 'train',
    fileName: d.name,
    columns,
    target,
    features: f,
    task: $<HTMLSelectElement>('opt-task').value as TrainRequest['task'],
    bits: f.map(bitsOf),
    epochs: Number($<HTMLInputElement>('opt-epochs').value),
    hardEpochs: Number($<HTMLInputElement>('opt-hard').value),
    hiddenLayers: Number($<HTMLInputElement>('opt-layers').value),
    hiddenUnits: Number($<HTMLInputElement>('opt-units').value),
    seed: Number($<HTMLInputElement>('opt-seed').value),
    fp: $<HTMLInputElement>('opt-fp').checked,
    sweep,
    backend: $<HTMLSelectElement>('opt-backend').value as TrainRequest['backend'],
    wasmBase: new URL('wasm/', location.href).href,
  };
}

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker('worker.js', { type: 'module' });
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => onMessage(e.data);
    worker.onerror = (e) => {
      setRunning(false);
      showError(new Error(`training worker failed: ${e.message}`));
    };
  }
  return worker;
}

function onMessage(m: WorkerMessage): void {
  if (m.type === 'backend') {
    backendNote = m.note;
    status(`training on tfjs's ${m.name} backend (${m.note}) ...`);
  }
  else if (m.type === 'phase') $('train-epoch').textContent = `${m.label}: starting`;
  else if (m.type === 'epoch') {
    done++;
    const p = $<HTMLProgressElement>('train-progress');
    p.value = Math.min(done / total, 1);
    $('train-progress-label').textContent = `Progress: ${Math.round(p.value * 100)}%`;
    $('train-epoch').textContent = `${m.label}: epoch ${m.epoch}/${m.totalEpochs} (${m.phase}) loss ${num(m.loss)}${Number.isFinite(m.valLoss) ? `, validation ${num(m.valLoss)}` : ''}, ${num(m.seconds, 3)} s`;
    addPoint(m.label, m.epoch, m.loss, m.valLoss);
  } else if (m.type === 'done') {
    setRunning(false);
    $<HTMLProgressElement>('train-progress').value = 1;
    $('train-progress-label').textContent = 'Progress: done';
    state.trained = m;
    const r = m.reportData;
    const head = r.dataset.task === 'classification' ? (['accuracy', 'macroF1'] as const) : (['r2', 'nmse'] as const);
    const items: [string, string, string?][] = [
      ['compression vs float32', `${num(r.compression.factor, 3)}x`, `${r.compression.bitsPerRow} bits per row instead of ${r.compression.float32BitsPerRow}`],
    ];
    if (r.compression.entropy) items.push(['with entropy coding', `${num(r.compression.entropy.factor, 3)}x`, `${num(r.compression.entropy.bitsPerValue, 3)} bits per value`]);
    for (const k of head) items.push([`bsq test ${k}`, num(m.test[k]!)]);
    if (m.baselines.FP) for (const k of head) items.push([`FP test ${k}`, num(m.baselines.FP[k]!)]);
    items.push(['training time', `${num(m.seconds, 3)} s`, `tfjs backend ${m.backend}; ${backendNote}`]);
    cards($('train-cards'), items);
    $('train-result').hidden = false;
    status(`trained in ${num(m.seconds, 3)} s on the ${m.backend} backend`);
    for (const f of state.onTrained) f();
  } else if (m.type === 'cancelled') {
    setRunning(false);
    status('training cancelled');
  } else if (m.type === 'error') {
    setRunning(false);
    status('');
    showError(m);
  }
}

function cancel(): void {
  if (!running || !worker) return;
  const w = worker;
  w.postMessage({ type: 'cancel' });
  // A worker busy inside an epoch answers only between epochs; stop it outright after a moment.
  setTimeout(() => {
    if (running && worker === w) {
      w.terminate();
      worker = undefined;
      setRunning(false);
      status('training cancelled (worker stopped)');
    }
  }, 800);
}

export function initTrainView(selectTab: (id: string) => void): void {
  state.onData.push(onData);
  $('opt-target').addEventListener('change', fillFeatures);
  $('opt-bits').addEventListener('input', () => {
    const v = $<HTMLInputElement>('opt-bits').value;
    document.querySelectorAll<HTMLInputElement>('#feature-table input[type=number]').forEach((el) => (el.value = v));
    updateBitsPerRow();
  });
  $('train-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (running || !state.data) return;
    showError(undefined);
    let req: TrainRequest;
    try {
      req = request();
      if (req.features.length === 0) throw new Error('select at least one numeric feature');
    } catch (err) {
      showError(err);
      return;
    }
    const soft = req.epochs, all = req.epochs + req.hardEpochs;
    total = all + (req.fp ? soft : 0) + req.sweep.filter((b) => !(req.bits.every((x) => x === b))).length * all;
    done = 0;
    $('train-live').hidden = false;
    $('train-result').hidden = true;
    $<HTMLProgressElement>('train-progress').value = 0;
    resetChart();
    setRunning(true);
    status(`starting: ${int(state.data.rowCount)} rows, ${req.features.length} features ...`);
    getWorker().postMessage(req);
  });
  $('train-cancel').addEventListener('click', cancel);
  $('go-report').addEventListener('click', () => {
    selectTab('tab-report');
    $('dl-codec').focus();
  });
}
