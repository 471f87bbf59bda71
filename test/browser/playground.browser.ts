// The playground end to end in chromium: the occupancy sample, a short training in the Web Worker
// (on the WASM backend: WebGL is off in these tests) with live loss points and progress, Cancel,
// then the downloads: Node reads the page's codec.bsq and encodes the sample to exactly the bytes of
// the page's dataset.bsq, loadModel reads the downloaded model, and `bsq eval` evaluates it on that
// file. Also: the .bsq view says what `bsq inspect` says; the stream view round-trips every row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BsqReader, readBsq, writeBsq } from '../../src/index.js';
import { loadModel, predict } from '../../src/train/index.js';
import { classificationMetrics } from '../../src/train/metrics.js';
import { downloadOf, openPlayground, root, type Session } from './harness.js';

const sampleCsv = join(root, 'fixtures/occupancy_train.csv');
function sample(): { names: string[]; cols: Float64Array[] } {
  const lines = readFileSync(sampleCsv, 'utf8').trim().split('\n');
  const names = lines[0]!.split(',');
  const cols = names.map(() => new Float64Array(lines.length - 1));
  lines.slice(1).forEach((l, r) => l.split(',').forEach((v, c) => (cols[c]![r] = Number(v))));
  return { names, cols };
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd: root, encoding: 'utf8' });
}

let s: Session;
const dir = mkdtempSync(join(tmpdir(), 'bsq-playground-'));
beforeAll(async () => {
  s = await openPlayground();
});
afterAll(async () => {
  await s?.close();
});

describe('playground end to end', () => {
  it('loads the sample, trains in the worker on WASM with live progress, and Node uses the downloads', async () => {
    const { page } = s;
    await page.click('#load-sample');
    await page.waitForSelector('#data-summary:not([hidden])');
    expect(await page.textContent('#data-title')).toContain('8,143 rows');
    await page.click('#go-train');
    expect(await page.getAttribute('#tab-train', 'aria-selected')).toBe('true');
    expect(await page.inputValue('#opt-target')).toBe('Occupancy');
    await page.fill('#opt-epochs', '3');
    await page.fill('#opt-hard', '1');
    await page.fill('#opt-units', '32');
    await page.fill('#bits-3', '6'); // CO2 at 6 bits, the others at 4
    expect(await page.textContent('#bits-per-row')).toContain('22 bits per row');
    await page.click('#train-start');
    await page.waitForSelector('#train-result:not([hidden])', { timeout: 150_000 });
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.textContent('#status')).toContain('on the wasm backend');
    expect(await page.getAttribute('#train-progress', 'value')).toBe('1');
    const points = await page.evaluate(() => {
      const c = (window as any).Chart.getChart(document.getElementById('loss-chart'));
      return c.data.datasets.map((d: any) => [d.label, d.data.length]);
    });
    expect(points).toEqual(
      expect.arrayContaining([
        ['bsq training', 4],
        ['FP training', 3],
      ]),
    );
    expect(await page.textContent('#train-cards')).toMatch(/bsq test accuracy\d/);

    await page.click('#go-report');
    await page.waitForSelector('#report-body:not([hidden])');
    const frame = page.frameLocator('#report-frame');
    await frame.locator('#chart-bits').waitFor();
    expect(await frame.locator('header h1').textContent()).toContain('Occupancy');
    expect(await frame.locator('.hist canvas').count()).toBe(5);

    const files: Record<string, Buffer> = {};
    for (const id of ['dl-codec', 'dl-model-json', 'dl-weights', 'dl-c-h', 'dl-c-c', 'dl-dataset']) {
      const d = await downloadOf(page, `#${id}`);
      files[d.name] = d.bytes;
      writeFileSync(join(dir, d.name), d.bytes);
    }
    expect(Object.keys(files).sort()).toEqual(['bsq_codec.c', 'bsq_codec.h', 'codec.bsq', 'dataset.bsq', 'model.json', 'weights.bin']);
    expect(files['bsq_codec.h']!.toString()).toContain('bsq_codec_write_data_record');

    // The page's codec encodes like the same codec in Node.
    const codec = readBsq(new Uint8Array(files['codec.bsq']!)).codec;
    expect(codec.features.map((f) => [f.name, f.bits])).toEqual([['Temperature', 4], ['Humidity', 4], ['Light', 4], ['CO2', 6], ['HumidityRatio', 4]]);
    const { names, cols } = sample();
    const featureCols = codec.features.map((f) => cols[names.indexOf(f.name)]!);
    expect(new Uint8Array(files['dataset.bsq']!)).toEqual(writeBsq(codec.withEntropyModel(undefined), { columns: featureCols }));
    const reader = new BsqReader();
    reader.push(new Uint8Array(files['codec.bsq']!));
    reader.end();
    expect(reader.codec!.entropyModel).toBeDefined();

    // The downloaded server model loads in Node and evaluates the page-encoded file.
    const model = await loadModel(dir);
    const data = readBsq(new Uint8Array(files['dataset.bsq']!));
    expect(data.rowCount).toBe(8143);
    const out = predict(model, data.codes());
    const y = cols[names.indexOf('Occupancy')]!;
    const m = classificationMetrics(out, y, 2);
    expect(m.accuracy).toBeGreaterThan(0.8);
    model.network.dispose();
    const r = cli(['eval', '--model', dir, join(dir, 'dataset.bsq'), '--labels', sampleCsv, '--json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const ev = JSON.parse(r.stdout) as { rows: number; metrics: { accuracy: number } };
    expect(ev.rows).toBe(8143);
    expect(ev.metrics.accuracy).toBeCloseTo(m.accuracy, 10);
  });

  it('the .bsq view says what `bsq inspect` says and downloads the decoded rows as CSV', async () => {
    const { page } = s;
    await page.click('#tab-report');
    await page.click('#open-dataset');
    await page.waitForSelector('#bsq-body:not([hidden])');
    expect(await page.getAttribute('#tab-bsq', 'aria-selected')).toBe('true');
    const shown = (await page.textContent('#bsq-inspect'))!;
    const r = cli(['inspect', join(dir, 'dataset.bsq')]);
    expect(r.status).toBe(0);
    expect(shown).toBe(r.stdout.replace(join(dir, 'dataset.bsq'), 'dataset.bsq'));
    expect(await page.locator('#bsq-table tbody tr').count()).toBe(50);
    const csv = await downloadOf(page, '#bsq-csv');
    expect(csv.name).toBe('dataset.decoded.csv');
    const lines = csv.bytes.toString().trim().split('\n');
    expect(lines.length).toBe(8144);
    const values = readBsq(new Uint8Array(readFileSync(join(dir, 'dataset.bsq')))).values();
    expect(lines[0]).toBe('Temperature,Humidity,Light,CO2,HumidityRatio');
    expect(lines[8143]!.split(',').map(Number)).toEqual(Array.from(values.subarray(8142 * 5, 8143 * 5)));
    // The picker path: the codec-only file.
    await page.setInputFiles('#file-bsq', join(dir, 'codec.bsq'));
    await page.waitForFunction(() => document.getElementById('bsq-inspect')!.textContent!.startsWith('codec.bsq'));
    expect(await page.textContent('#bsq-inspect')).toContain('rows: none (a codec-only file)');
    expect(await page.textContent('#bsq-inspect')).toContain('entropy model (encoding 2)');
  });

  it('the live stream view sends every row through the encoder and decoder streams', async () => {
    const { page } = s;
    await page.click('#tab-stream');
    await page.selectOption('#st-rate', '0');
    await page.fill('#st-block', '500');
    await page.click('#st-start');
    await page.waitForFunction(() => /stream finished/.test(document.getElementById('status')!.textContent!), undefined, { timeout: 60_000 });
    const cardsText = (await page.textContent('#stream-cards'))!;
    expect(cardsText).toContain('rows decoded8,143');
    expect(cardsText).toMatch(/compression\d+(\.\d+)?x/);
    expect(await page.isHidden('#error')).toBe(true);
  });

  it('Cancel stops a running training and the page can train again', async () => {
    const { page } = s;
    await page.click('#tab-train');
    await page.fill('#opt-epochs', '200');
    await page.click('#train-start');
    await page.waitForFunction(() => /epoch \d+\//.test(document.getElementById('train-epoch')!.textContent!));
    // While the worker trains, the page answers: a tab switch takes effect with training still running.
    await page.click('#tab-data');
    expect(await page.getAttribute('#tab-data', 'aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-train', 'aria-selected')).toBe('true');
    expect(await page.isDisabled('#train-cancel')).toBe(false);
    expect(await page.isHidden('#train-result')).toBe(true);
    await page.click('#train-cancel');
    await page.waitForFunction(() => /training cancelled/.test(document.getElementById('status')!.textContent!));
    expect(await page.isDisabled('#train-start')).toBe(false);
    expect(await page.isDisabled('#train-cancel')).toBe(true);
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    // Offline: nothing in the whole session asked for anything but the local server.
    expect(s.external).toEqual([]);
  });
});
