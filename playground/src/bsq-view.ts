// The .bsq view: what `bsq inspect` says about a file (the CLI's InspectSummary over the reader's
// events, so every checksum is verified and every block decoded), a table of decoded rows and a
// CSV download of all of them. Hostile bytes end in the error line with their BsqError code.
import { BsqReader, readBsq } from '../../src/index.js';
import { InspectSummary, inspectText } from '../../src/cli/inspect-summary.js';
import { $, download, dropTarget, fillTable, int, showError, status } from './ui.js';

const SHOWN_ROWS = 50;
let csv: { name: string; text: () => string } | undefined;

export function openBsqBytes(name: string, bytes: Uint8Array): void {
  showError(undefined);
  $('bsq-body').hidden = true;
  try {
    const summary = new InspectSummary(name);
    const reader = new BsqReader();
    // Fed in 64 KiB pieces, as a file arrives.
    for (let i = 0; i < bytes.length; i += 65536) for (const e of reader.push(bytes.subarray(i, i + 65536))) summary.add(e);
    for (const e of reader.end()) summary.add(e);
    const result = summary.result(bytes.length, reader.codec);
    $('bsq-inspect').textContent = inspectText(result);
    const file = readBsq(bytes);
    const names = file.codec.features.map((f) => f.name);
    const F = names.length;
    const values = file.rowCount > 0 ? file.values() : new Float32Array(0);
    const rows: number[][] = [];
    for (let r = 0; r < Math.min(file.rowCount, SHOWN_ROWS); r++) rows.push(Array.from(values.subarray(r * F, r * F + F)));
    fillTable($<HTMLTableElement>('bsq-table'), names, rows);
    $('bsq-rows-title').textContent =
      file.rowCount === 0 ? 'Decoded rows: none (a codec-only file)' : `Decoded rows: the first ${Math.min(file.rowCount, SHOWN_ROWS)} of ${int(file.rowCount)} (each value is its code's level)`;
    $<HTMLButtonElement>('bsq-csv').disabled = file.rowCount === 0;
    csv = {
      name: name.replace(/\.bsq$/i, '') + '.decoded.csv',
      text: () => {
        const lines = [names.map((n) => (/[",\n]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n)).join(',')];
        for (let r = 0; r < file.rowCount; r++) lines.push(Array.from(values.subarray(r * F, r * F + F), (v) => String(v)).join(','));
        return lines.join('\n') + '\n';
      },
    };
    $('bsq-body').hidden = false;
    status(`${name}: ${int(file.rowCount)} rows, every checksum verified`);
  } catch (err) {
    status('');
    showError(err);
  }
}

async function openFile(f: File): Promise<void> {
  openBsqBytes(f.name, new Uint8Array(await f.arrayBuffer()));
}

export function initBsqView(): void {
  $<HTMLInputElement>('file-bsq').addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void openFile(f);
  });
  dropTarget($('drop-bsq'), (f) => void openFile(f));
  $('bsq-csv').addEventListener('click', () => {
    if (csv) download(csv.name, csv.text(), 'text/csv');
  });
}
