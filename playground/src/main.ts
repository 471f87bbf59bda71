// The playground page: tabs (keyboard: arrow keys, Home, End) and the data view (file picker,
// drag-and-drop, the shipped occupancy sample); the other views live in their own modules.
import { $, dropTarget, fillTable, int, showError, status } from './ui.js';
import { isNumeric, loadFile, parseCsv, type LoadedData } from './data.js';
import { state } from './state.js';
import { initTrainView } from './train-view.js';
import { initReportView } from './report-view.js';
import { initBsqView } from './bsq-view.js';
import { initStreamView } from './stream-view.js';

const tabs = [...document.querySelectorAll<HTMLButtonElement>('nav [role=tab]')];

export function selectTab(id: string): void {
  for (const t of tabs) {
    const on = t.id === id;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    const panel = $(t.getAttribute('aria-controls')!);
    panel.hidden = !on;
    if (on) panel.dispatchEvent(new Event('bsq:show'));
  }
  location.hash = id.replace(/^tab-/, '');
}

tabs.forEach((t, i) => {
  t.addEventListener('click', () => selectTab(t.id));
  t.addEventListener('keydown', (e) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (next < 0 && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const t2 = tabs[(next + tabs.length) % tabs.length]!;
    selectTab(t2.id);
    t2.focus();
  });
});

function setData(d: LoadedData): void {
  state.data = d;
  showError(undefined);
  $('data-summary').hidden = false;
  const numeric = d.columns.filter(isNumeric).length;
  $('data-title').textContent = `${d.name}: ${int(d.rowCount)} rows, ${d.names.length} columns (${numeric} numeric)`;
  const show = Math.min(d.rowCount, 8);
  const rows: (string | number)[][] = [];
  for (let r = 0; r < show; r++) rows.push(d.columns.map((c) => (isNumeric(c) ? c[r]! : c[r]!)));
  fillTable($<HTMLTableElement>('data-table'), d.names, rows);
  status(`loaded ${d.name}: ${int(d.rowCount)} rows`);
  for (const f of state.onData) f();
}

async function fromFile(f: File): Promise<void> {
  try {
    status(`reading ${f.name} ...`);
    setData(await loadFile(f));
  } catch (err) {
    status('');
    showError(err);
  }
}

$<HTMLInputElement>('file-data').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void fromFile(f);
});
dropTarget($('drop-data'), (f) => void fromFile(f));
$('load-sample').addEventListener('click', async () => {
  try {
    status('loading the occupancy sample ...');
    const res = await fetch('sample/occupancy_train.csv');
    if (!res.ok) throw new Error(`sample: HTTP ${res.status}`);
    setData(parseCsv('occupancy_train.csv', await res.text()));
  } catch (err) {
    showError(err);
  }
});
$('go-train').addEventListener('click', () => {
  selectTab('tab-train');
  $('opt-target').focus();
});

initTrainView(selectTab);
initReportView(selectTab);
initBsqView();
initStreamView();

const start = `tab-${location.hash.slice(1)}`;
if (tabs.some((t) => t.id === start)) selectTab(start);
(window as unknown as { bsqPlaygroundReady: boolean }).bsqPlaygroundReady = true;
