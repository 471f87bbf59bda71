// The live stream view: the loaded rows in file order, paced at a chosen rate, through
// createEncoderStream (bytes out, counted) and back through createDecoderStream, with rows and bytes
// per second, the compression factor so far and a chart of one feature as sent and as decoded.
import { BsqReader, Codec, createDecoderStream, createEncoderStream, type BlockEncoding } from '../../src/index.js';
import { $, cards, chartLib, int, num, showError, status } from './ui.js';
import { isNumeric } from './data.js';
import { state } from './state.js';
import type { Chart } from 'chart.js';

const WINDOW = 400;
let stopRequested = false;
let chart: Chart | undefined;

/** The trained codec, else uniform 4-bit thresholds over each numeric column's range. */
function streamCodec(): { codec: Codec; cols: Float64Array[]; source: string } {
  const d = state.data!;
  if (state.trained) {
    const codec = readCodec(state.trained.codecBytes);
    const cols = codec.features.map((f) => d.columns[d.names.indexOf(f.name)] as Float64Array);
    if (cols.every((c) => c instanceof Float64Array)) return { codec, cols, source: 'the trained codec' };
  }
  const target = ($<HTMLSelectElement>('opt-target').value || d.names[d.names.length - 1])!;
  const specs: { name: string; thresholds: number[] }[] = [];
  const cols: Float64Array[] = [];
  d.names.forEach((n, i) => {
    const c = d.columns[i]!;
    if (!isNumeric(c) || n === target) return;
    let lo = Infinity, hi = -Infinity;
    for (const v of c) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (!(hi > lo)) { lo = Number.isFinite(lo) ? lo : 0; hi = lo + 1; }
    specs.push({ name: n, thresholds: Array.from({ length: 15 }, (_, k) => lo + ((hi - lo) * (k + 1)) / 16) });
    cols.push(c);
  });
  let codec = Codec.fromThresholds(specs);
  codec = codec.fitEntropyModelFromCodes(codec.encodeColumnsToCodes(cols, { nan: { code: 0 } }));
  return { codec, cols, source: 'uniform 4-bit thresholds over each column (nothing trained yet)' };
}

/** The codec of a codec-only .bsq, with its entropy model. */
function readCodec(bytes: Uint8Array): Codec {
  const reader = new BsqReader();
  reader.push(bytes);
  reader.end();
  return reader.codec!;
}

function onData(): void {
  $('stream-nodata').hidden = true;
  $('stream-form').hidden = false;
  const sel = $<HTMLSelectElement>('st-feature');
  const d = state.data!;
  sel.replaceChildren(...d.names.filter((_, i) => isNumeric(d.columns[i]!)).map((n) => new Option(n, n)));
}

function setRunning(on: boolean): void {
  $<HTMLButtonElement>('st-start').disabled = on;
  $<HTMLButtonElement>('st-stop').disabled = !on;
}

async function run(): Promise<void> {
  const { codec, cols, source } = streamCodec();
  const F = codec.featureCount;
  const n = cols[0]!.length;
  const rate = Number($<HTMLSelectElement>('st-rate').value);
  const blockRows = Number($<HTMLInputElement>('st-block').value);
  const encoding = $<HTMLSelectElement>('st-encoding').value as BlockEncoding;
  const plotName = $<HTMLSelectElement>('st-feature').value;
  const plotF = codec.features.findIndex((f) => f.name === plotName);
  const chunkRows = 32;
  stopRequested = false;
  $('stream-body').hidden = false;
  chart?.destroy();
  const Chart = chartLib();
  chart = new Chart($<HTMLCanvasElement>('stream-chart'), {
    type: 'line',
    data: {
      datasets: [
        { label: `${plotName} sent`, data: [], borderColor: '#8c96a5', backgroundColor: '#8c96a5', pointRadius: 0, borderWidth: 1 },
        { label: `${plotName} decoded (level of its code)`, data: [], borderColor: '#1f6feb', backgroundColor: '#1f6feb', pointRadius: 0, borderWidth: 1.5, stepped: true },
      ],
    },
    options: { maintainAspectRatio: false, parsing: false, animation: false, scales: { x: { type: 'linear', title: { display: true, text: 'row' } }, y: { title: { display: true, text: plotName } } }, plugins: { legend: { position: 'bottom' } } },
  });
  let rowsIn = 0, rowsOut = 0, bytesOut = 0;
  const t0 = performance.now();
  const show = () => {
    const s = Math.max((performance.now() - t0) / 1000, 1e-3);
    cards($('stream-cards'), [
      ['rows sent', int(rowsIn), `of ${int(n)}`],
      ['rows decoded', int(rowsOut)],
      ['bytes out', int(bytesOut), `float32 would be ${int(rowsIn * F * 4)}`],
      ['compression', rowsIn && bytesOut ? `${num((rowsIn * F * 4) / bytesOut, 3)}x` : '–', `${encoding} blocks of ${blockRows} rows, with framing`],
      ['bytes per second', int(bytesOut / s), `${int(rowsOut / s)} rows/s decoded`],
    ]);
    chart!.update('none');
  };
  const sent = chart.data.datasets[0]!.data as { x: number; y: number }[];
  const got = chart.data.datasets[1]!.data as { x: number; y: number }[];
  const rows = new ReadableStream<Float64Array>({
    async pull(ctl) {
      if (stopRequested || rowsIn >= n) {
        ctl.close();
        return;
      }
      const m = Math.min(chunkRows, n - rowsIn);
      const chunk = new Float64Array(m * F);
      for (let r = 0; r < m; r++) for (let f = 0; f < F; f++) chunk[r * F + f] = cols[f]![rowsIn + r]!;
      if (plotF >= 0) for (let r = 0; r < m; r++) sent.push({ x: rowsIn + r, y: cols[plotF]![rowsIn + r]! });
      if (sent.length > WINDOW) sent.splice(0, sent.length - WINDOW);
      rowsIn += m;
      ctl.enqueue(chunk);
      if (rate > 0) await new Promise((r) => setTimeout(r, (1000 * m) / rate));
    },
  });
  const count = new TransformStream<Uint8Array, Uint8Array>({
    transform(b, ctl) {
      bytesOut += b.byteLength;
      ctl.enqueue(b);
    },
  });
  const decoded = rows
    .pipeThrough(createEncoderStream(codec, { blockRows, encoding, flushAfterMs: 200, nan: { code: 0 } }))
    .pipeThrough(count)
    .pipeThrough(createDecoderStream({ output: 'values' }));
  let last = 0;
  status(`streaming with ${source}`);
  const reader = decoded.getReader();
  for (;;) {
    const { done, value: block } = await reader.read();
    if (done) break;
    const v = block.values!;
    if (plotF >= 0) for (let r = 0; r < block.rowCount; r++) got.push({ x: block.firstRow + r, y: v[r * F + plotF]! });
    if (got.length > WINDOW) got.splice(0, got.length - WINDOW);
    rowsOut += block.rowCount;
    if (performance.now() - last > 100) {
      last = performance.now();
      show();
    }
  }
  show();
  status(`stream ${stopRequested ? 'stopped' : 'finished'}: ${int(rowsOut)} rows decoded, ${int(bytesOut)} bytes`);
}

export function initStreamView(): void {
  state.onData.push(onData);
  $('stream-form').addEventListener('submit', (e) => {
    e.preventDefault();
    showError(undefined);
    setRunning(true);
    run()
      .catch((err: unknown) => showError(err))
      .finally(() => setRunning(false));
  });
  $('st-stop').addEventListener('click', () => (stopRequested = true));
}
