// Small DOM helpers of the playground: element lookup, status and error lines, file downloads,
// number formatting, tables and summary cards.
import { BsqError } from '../../src/index.js';

export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}

export function status(text: string): void {
  $('status').textContent = text;
}

export function showError(err: unknown): void {
  const box = $('error');
  if (err === undefined) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  const text =
    err instanceof BsqError
      ? `${err.message} [${err.code}]`
      : typeof err === 'object' && err !== null && 'code' in err && 'message' in err
        ? `${String((err as { message: unknown }).message)} [${String((err as { code: unknown }).code)}]`
        : err instanceof Error
          ? err.message
          : String(err);
  box.textContent = text;
  box.hidden = false;
}

export function download(name: string, data: Uint8Array | string, type = 'application/octet-stream'): void {
  const blob = new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The same number formatting as the CLI (browser-safe: format-text.ts imports nothing).
import { int, num } from '../../src/cli/format-text.js';
export { int, num };

/** Fill a table: a header row and body rows of text cells (numbers right-aligned). */
export function fillTable(table: HTMLTableElement, head: string[], rows: (string | number)[][]): void {
  table.replaceChildren();
  const thead = table.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    thead.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) {
      const td = tr.insertCell();
      td.textContent = typeof c === 'number' ? num(c, 6) : c;
      if (typeof c === 'number') td.className = 'num';
    }
  }
}

export function cards(el: HTMLElement, items: [label: string, value: string, note?: string][]): void {
  el.replaceChildren(
    ...items.map(([l, v, n]) => {
      const d = document.createElement('div');
      d.className = 'card';
      d.innerHTML = `<div class="l"></div><div class="v"></div>${n ? '<div class="note"></div>' : ''}`;
      (d.querySelector('.l') as HTMLElement).textContent = l;
      (d.querySelector('.v') as HTMLElement).textContent = v;
      if (n) (d.querySelector('.note') as HTMLElement).textContent = n;
      return d;
    }),
  );
}

/** Make a label (or any element) accept dropped files. */
export function dropTarget(el: HTMLElement, onFile: (f: File) => void): void {
  el.addEventListener('dragover', (e) => {
    e.preventDefault();
    el.classList.add('over');
  });
  el.addEventListener('dragleave', () => el.classList.remove('over'));
  el.addEventListener('drop', (e) => {
    e.preventDefault();
    el.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) onFile(f);
  });
}

/** The Chart.js UMD build, loaded by index.html as a global. */
export type ChartCtor = typeof import('chart.js').Chart;
export function chartLib(): ChartCtor {
  return (globalThis as unknown as { Chart: ChartCtor }).Chart;
}
