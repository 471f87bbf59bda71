// The data view loads what a user brings: a CSV through the file picker, an Arrow IPC file, a file
// dropped on the drop zone, and a text target (a classification label column); a broken file ends
// in the error line, not in a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { openPlayground, type Session } from './harness.js';

let s: Session;
beforeAll(async () => {
  s = await openPlayground();
});
afterAll(async () => {
  await s?.close();
});

const csv = ['temp,door,state', '20.5,0,idle', '21.25,1,busy', '22,1,busy', '19.75,0,idle', ''].join('\n');

describe('playground data view', () => {
  it('loads a CSV from the picker, with a text column as the target', async () => {
    const { page } = s;
    await page.setInputFiles('#file-data', { name: 'mini.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => document.getElementById('data-title')!.textContent!.startsWith('mini.csv'));
    expect(await page.textContent('#data-title')).toBe('mini.csv: 4 rows, 3 columns (2 numeric)');
    expect(await page.locator('#data-table tbody tr').count()).toBe(4);
    expect(await page.textContent('#data-table tbody tr:nth-child(2)')).toBe('21.251busy');
    await page.click('#tab-train');
    expect(await page.inputValue('#opt-target')).toBe('state');
    expect(await page.locator('#feature-table tbody tr').count()).toBe(2);
    expect(await page.textContent('#bits-per-row')).toContain('2 features, 8 bits per row instead of 64');
    await page.click('#tab-data');
  });

  it('loads an Arrow IPC file', async () => {
    const table = tableFromArrays({ a: Float32Array.from([1.5, 2.5, 3.5]), b: Int32Array.from([7, 8, 9]), label: ['x', 'y', 'x'] });
    await s.page.setInputFiles('#file-data', { name: 'mini.arrow', mimeType: 'application/vnd.apache.arrow.file', buffer: Buffer.from(tableToIPC(table, 'file')) });
    await s.page.waitForFunction(() => document.getElementById('data-title')!.textContent!.startsWith('mini.arrow'));
    expect(await s.page.textContent('#data-title')).toBe('mini.arrow: 3 rows, 3 columns (2 numeric)');
    expect(await s.page.textContent('#data-table tbody tr:nth-child(3)')).toBe('3.59x');
  });

  it('loads a file dropped on the drop zone', async () => {
    const { page } = s;
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return d;
    }, csv);
    await page.dispatchEvent('#drop-data', 'dragover', { dataTransfer: dt });
    await page.dispatchEvent('#drop-data', 'drop', { dataTransfer: dt });
    await page.waitForFunction(() => document.getElementById('data-title')!.textContent!.startsWith('dropped.csv'));
    expect(await page.textContent('#data-title')).toBe('dropped.csv: 4 rows, 3 columns (2 numeric)');
  });

  it('reports a broken file in the error line', async () => {
    await s.page.setInputFiles('#file-data', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3\n') });
    await s.page.waitForSelector('#error:not([hidden])');
    expect(await s.page.textContent('#error')).toContain('broken.csv: not a valid CSV file');
    await s.page.setInputFiles('#file-data', { name: 'broken.arrow', mimeType: 'application/octet-stream', buffer: Buffer.from('ARROW1\0\0garbage') });
    await s.page.waitForFunction(() => document.getElementById('error')!.textContent!.includes('broken.arrow'));
    expect(await s.page.textContent('#error')).toContain('broken.arrow: not an Arrow IPC file');
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
