// bsq train and bsq eval in-process with tiny settings (a few epochs, a small MLP, 200-row
// fixtures): the output directory's contents, report.json/report.html, the printed summary, eval on
// raw, decoded and .bsq inputs giving the same metrics as the training report, and failures that
// leave no output directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBsq } from '../../src/index.js';
import { FIXTURES, listing, run, tempDir } from './helpers.js';

const FAST = ['--epochs', '2', '--hard-epochs', '1', '--hidden-layers', '1', '--hidden-units', '16', '--batch-size', '64'];
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  copyFileSync(join(FIXTURES, 'occupancy_tiny.csv'), join(dir, 'occ.csv'));
  copyFileSync(join(FIXTURES, 'wine_red_tiny.csv'), join(dir, 'wine.csv'));
  // a test file: every 40th row starting at row 21 of the full training file
  const full = readFileSync(join(FIXTURES, 'occupancy_train.csv'), 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'occ_test.csv'), [full[0], ...full.slice(1).filter((_, i) => i % 40 === 20)].join('\n') + '\n');
});
afterAll(() => cleanup());

describe('bsq train (classification, explicit test file)', () => {
  let summary = '';
  it('writes codec.bsq, model/, report.json, report.html and prints the summary', async () => {
    const r = await run(['train', 'occ.csv', '--target', 'Occupancy', '--test', 'occ_test.csv', '--bits', '3,CO2=5', '-o', 'out', ...FAST], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    summary = r.stdout.toString();
    expect(listing(join(dir, 'out'))).toEqual(['codec.bsq', 'model', 'report.html', 'report.json']);
    expect(listing(join(dir, 'out', 'model'))).toEqual(['codec.bsq', 'model.json', 'weights.bin']);
    const codec = readBsq(new Uint8Array(readFileSync(join(dir, 'out', 'codec.bsq')))).codec;
    expect(codec.features.map((f) => [f.name, f.bits])).toEqual([
      ['Temperature', 3],
      ['Humidity', 3],
      ['Light', 3],
      ['CO2', 5],
      ['HumidityRatio', 3],
    ]);
    expect(summary).toMatch(/classification of 'Occupancy', 5 features, 204 rows/);
    expect(summary).toMatch(/task: classification, inferred from 'Occupancy': integer target with 2 distinct values in 204 rows .*; pass --task regression to override/);
    expect(summary).toMatch(/17 bits per row instead of 160 as float32: 9\.41x smaller/);
    expect(summary).toMatch(/entropy coding \(bsq encode --entropy\) on the training data in file order: [\d.]+ bits per value/);
    expect(codec.entropyModel?.features).toHaveLength(5);
    expect(summary).toMatch(/\n  bsq\s+[\d.]+\s+[\d.]+\s+[\d.]+\n  FP\s+[\d.]+/);
    // 204 rows: every epoch is a full pass, so the regularized candidate trained and the summary says what it decided.
    expect(summary).toMatch(/regularized candidate \(dropout 0\.2, no level path\): (kept|not kept); validation loss [\d.]+ against [\d.]+ \(per-row difference -?[\d.e-]+, standard error [\d.e-]+\); --regularized-candidate off skips it/);
    expect(r.stderr.match(/^bsq \(regularized\): epoch \d\/3/gm)).toHaveLength(3);
    // progress went to stderr as plain lines (not a terminal), one per bsq epoch
    expect(r.stderr.match(/^bsq: epoch \d\/3/gm)).toHaveLength(3);
  });

  it('report.json holds the training report; report.html is self-contained with the charts data', async () => {
    const rep = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(rep.report.task).toBe('classification');
    expect(rep.report.history).toHaveLength(3);
    expect(rep.report.candidates.map((c: { name: string }) => c.name)).toEqual(['bsq', 'bsq (regularized)']);
    expect(rep.report.candidates.filter((c: { kept: boolean }) => c.kept)).toHaveLength(1);
    expect(Object.keys(rep.report.baselines)).toEqual(['FP']);
    expect(rep.compression.factor).toBeCloseTo(160 / 17, 10);
    expect(rep.data).toMatchObject({ rows: 204, target: 'Occupancy', test: 'occ_test.csv' });
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import/i); // nothing loaded from elsewhere
    expect(html).toMatch(/Chart\.js v4/);
    const data = JSON.parse(html.match(/<script id="bsq-data" type="application\/json">(.*?)<\/script>/s)![1]);
    expect(data.features.map((f: { name: string }) => f.name)).toEqual(['Temperature', 'Humidity', 'Light', 'CO2', 'HumidityRatio']);
    expect(data.features[3].thresholds).toHaveLength(31);
    expect(data.features[0].histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(204);
    expect(data.errorVsBits.series.map((s: { name: string }) => s.name)).toEqual(['bsq', 'FP']);
    expect(data.history).toHaveLength(3);
  });

  it('eval: raw CSV, .bsq with --labels and decoded values all give the training report\'s test metrics', async () => {
    const rep = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    const raw = await run(['eval', '--model', 'out', 'occ_test.csv', '--json'], { cwd: dir });
    expect(raw.code).toBe(0);
    const m = JSON.parse(raw.stdout.toString());
    expect(m.rows).toBe(rep.report.splits.test);
    expect(m.metrics.accuracy).toBeCloseTo(rep.report.test.accuracy, 12);
    expect(m.metrics.logLoss).toBeCloseTo(rep.report.test.logLoss, 6);

    expect((await run(['encode', '--codec', 'out/codec.bsq', 'occ_test.csv', '-o', 't.bsq'], { cwd: dir })).code).toBe(0);
    const viaBsq = await run(['eval', '--model', 'out', 't.bsq', '--labels', 'occ_test.csv', '--target', 'Occupancy', '--json'], { cwd: dir });
    expect(viaBsq.code).toBe(0);
    expect(JSON.parse(viaBsq.stdout.toString()).metrics).toEqual(m.metrics);

    expect((await run(['decode', 't.bsq', '-o', 't.decoded.csv'], { cwd: dir })).code).toBe(0);
    const decoded = await run(['eval', '--model', 'out', 't.decoded.csv', '--labels', 'occ_test.csv'], { cwd: dir });
    expect(decoded.code).toBe(0);
    expect(decoded.stdout.toString()).toMatch(/accuracy/);
    expect(decoded.stdout.toString()).toContain(String(Number(m.metrics.accuracy.toPrecision(4))));

    const stdin = await run(['eval', '--model', 'out', '-', '--json'], { cwd: dir, stdin: readFileSync(join(dir, 'occ_test.csv')) });
    expect(stdin.code).toBe(0);
    expect(JSON.parse(stdin.stdout.toString()).metrics).toEqual(m.metrics);

    // entropy-coded with the model fitted at training time: same codes, same metrics
    const ent = await run(['encode', '--codec', 'out/codec.bsq', 'occ_test.csv', '-o', 't.ent.bsq', '--entropy'], { cwd: dir });
    expect(ent.code).toBe(0);
    expect(ent.stderr).toMatch(/\(best per block: (adaptive|entropy|raw) \d+/);
    const viaEnt = await run(['eval', '--model', 'out', 't.ent.bsq', '--labels', 'occ_test.csv', '--json'], { cwd: dir });
    expect(JSON.parse(viaEnt.stdout.toString()).metrics).toEqual(m.metrics);

    const noLabels = await run(['eval', '--model', 'out', 't.bsq'], { cwd: dir });
    expect(noLabels.code).toBe(1);
    expect(noLabels.stderr).toMatch(/has no 'Occupancy' column; give the labels with --labels/);
  });

  it('eval refuses a .bsq encoded with another codec and a model directory without a model', async () => {
    writeFileSync(join(dir, 'other.csv'), 'Temperature,Humidity,Light,CO2,HumidityRatio,Occupancy\n1,2,3,4,5,1\n');
    const r1 = await run(['train', 'occ.csv', '--target', 'Occupancy', '-o', 'out2', '--baselines', 'none', '--seed', '3', '--no-entropy-model', ...FAST], { cwd: dir });
    expect(r1.code).toBe(0);
    expect(r1.stdout.toString()).not.toMatch(/entropy coding/);
    expect(readBsq(new Uint8Array(readFileSync(join(dir, 'out2', 'codec.bsq')))).codec.entropyModel).toBeUndefined();
    expect((await run(['encode', '--codec', 'out2/codec.bsq', 'occ_test.csv', '-o', 't2.bsq'], { cwd: dir })).code).toBe(0);
    const wrong = await run(['eval', '--model', 'out', 't2.bsq', '--labels', 'occ_test.csv'], { cwd: dir });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/encoded with a different codec/);
    const feature = await run(['eval', '--model', 'out', 'occ_test.csv', '--target', 'Light'], { cwd: dir });
    expect(feature.code).toBe(2);
    expect(feature.stderr).toMatch(/--target 'Light' is one of the model's features; the labels must be another column \(the model was trained for 'Occupancy'\)/);
    const none = await run(['eval', '--model', '.', 'occ_test.csv'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/holds no trained model/);
    // a truncated model/codec.bsq: the error names the model directory
    const codecPath = join(dir, 'out2', 'model', 'codec.bsq');
    const whole = readFileSync(codecPath);
    writeFileSync(codecPath, whole.subarray(0, whole.length - 20));
    const cut = await run(['eval', '--model', 'out2', 'occ_test.csv'], { cwd: dir });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/^bsq eval: error: model in .*out2[/\\]model: .*\[TRUNCATED\]\n$/);
  });
});

describe('bsq train (regression, sweep) and failures', () => {
  it('trains a regression with a bits sweep and prints the error-against-bits table', async () => {
    // quality is an integer 3..8: inferred as classification unless --task says otherwise
    const r = await run(['train', 'wine.csv', '-t', 'quality', '--task', 'regression', '--bits', '2', '--bits-sweep', '1,2', '--baselines', 'FP,Pr-QQ', '--split', 'ordered', '-o', 'wine-out', '--json', ...FAST], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout.toString());
    expect(j.task).toBe('regression');
    expect(j.sweep).toHaveLength(1);
    expect(j.sweep[0].bits).toBe(1);
    expect(Object.keys(j.sweep[0].baselines)).toEqual(['Pr-QQ']); // FP is trained once
    expect(Object.keys(j.baselines)).toEqual(['FP', 'Pr-QQ']);
    const rep = JSON.parse(readFileSync(join(dir, 'wine-out', 'report.json'), 'utf8'));
    expect(rep.targetTrainSd).toBeGreaterThan(0);
    expect(rep.data.test).toBe('the last 10% of the rows');
    expect(rep.report.settings.split).toBe('ordered');
    const html = readFileSync(join(dir, 'wine-out', 'report.html'), 'utf8');
    const data = JSON.parse(html.match(/<script id="bsq-data" type="application\/json">(.*?)<\/script>/s)![1]);
    expect(data.errorVsBits.bits).toEqual([1, 2]);
    expect(data.metricName).toMatch(/MSE/);
    const ev = await run(['eval', '--model', 'wine-out', 'wine.csv', '--json'], { cwd: dir });
    expect(ev.code).toBe(0);
    expect(Object.keys(JSON.parse(ev.stdout.toString()).metrics)).toEqual(['nmse', 'mse', 'mae', 'r2', 'stdMse']);
  });

  it('class labels may be words: train and eval on "occupied"/"empty"', async () => {
    const lines = readFileSync(join(dir, 'occ.csv'), 'utf8').trim().split('\n');
    const words = (ls: string[]) => [ls[0], ...ls.slice(1).map((l) => l.replace(/,1$/, ',occupied').replace(/,0$/, ',empty'))].join('\n') + '\n';
    writeFileSync(join(dir, 'occ_words.csv'), words(lines));
    writeFileSync(join(dir, 'occ_words_test.csv'), words(readFileSync(join(dir, 'occ_test.csv'), 'utf8').trim().split('\n')));
    const r = await run(['train', 'occ_words.csv', '--target', 'Occupancy', '--test', 'occ_words_test.csv', '--baselines', 'none', '-o', 'words-out', ...FAST], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'words-out', 'report.json'), 'utf8'));
    expect([...rep.report.classes].sort()).toEqual(['empty', 'occupied']);
    const ev = await run(['eval', '--model', 'words-out', 'occ_words_test.csv', '--json'], { cwd: dir });
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.stdout.toString()).metrics.accuracy).toBeCloseTo(rep.report.test.accuracy, 12);
    writeFileSync(join(dir, 'occ_words_bad.csv'), words(lines.slice(0, 5)).replace(/empty\n$/, 'maybe\n').replace(/occupied\n$/, 'maybe\n'));
    const bad = await run(['eval', '--model', 'words-out', 'occ_words_bad.csv'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/row 4: label maybe is not one of the model's classes/);
  });

  it('missing feature values: train codes them as code 0 (entropy model included) and counts them; eval --nan-code 0 gives the report\'s test metrics', async () => {
    const blank = (file: string, rows: number[], col: number) => {
      const ls = readFileSync(join(dir, file), 'utf8').trim().split('\n');
      for (const r of rows) {
        const cells = ls[r].split(',');
        cells[col] = r % 2 ? '' : 'NA';
        ls[r] = cells.join(',');
      }
      return ls.join('\n') + '\n';
    };
    writeFileSync(join(dir, 'occ_gaps.csv'), blank('occ.csv', [3, 10, 11, 50], 1));
    writeFileSync(join(dir, 'occ_gaps_test.csv'), blank('occ_test.csv', [2, 7], 3));
    const r = await run(['train', 'occ_gaps.csv', '--target', 'Occupancy', '--test', 'occ_gaps_test.csv', '--baselines', 'none', '-o', 'gaps-out', ...FAST], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/missing values: 0 rows without a target dropped; missing feature values sent as code 0 \(encode with --nan-code 0\): Humidity 4 \(test file: CO2 2\)/);
    const rep = JSON.parse(readFileSync(join(dir, 'gaps-out', 'report.json'), 'utf8'));
    expect(rep.report.data.missing).toEqual({ Humidity: 4 });
    expect(rep.report.data.testMissing).toEqual({ CO2: 2 });
    // the entropy model was fitted on the training codes, missing values as code 0
    const codec = readBsq(new Uint8Array(readFileSync(join(dir, 'gaps-out', 'codec.bsq')))).codec;
    expect(codec.entropyModel?.features).toHaveLength(5);
    const refused = await run(['eval', '--model', 'gaps-out', 'occ_gaps_test.csv'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/occ_gaps_test\.csv line 3: column 'CO2': missing value \[INVALID_DATA\]/);
    const ev = await run(['eval', '--model', 'gaps-out', 'occ_gaps_test.csv', '--nan-code', '0', '--json'], { cwd: dir });
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.stdout.toString()).substituted).toEqual({ CO2: { missing: 2, unseen: 0 } });
    const m = JSON.parse(ev.stdout.toString()).metrics;
    expect(m.accuracy).toBeCloseTo(rep.report.test.accuracy, 12);
    expect(m.logLoss).toBeCloseTo(rep.report.test.logLoss, 6);
    const wide = await run(['eval', '--model', 'gaps-out', 'occ_gaps_test.csv', '--nan-code', '300'], { cwd: dir });
    expect(wide.code).toBe(2);
    expect(wide.stderr).toMatch(/--nan-code 300 does not fit the narrowest feature/);
  });

  it('a 0x-style literal in a numeric training column is an error naming the column, not the number it spells in JavaScript', async () => {
    const ls = readFileSync(join(dir, 'occ.csv'), 'utf8').trim().split('\n');
    const cells = ls[10].split(',');
    cells[1] = '0x10';
    ls[10] = cells.join(',');
    writeFileSync(join(dir, 'occ_hex.csv'), ls.join('\n') + '\n');
    const r = await run(['train', 'occ_hex.csv', '--target', 'Occupancy', '--baselines', 'none', '-o', 'hex-out', '--no-entropy-model', ...FAST], { cwd: dir });
    expect(r.code).toBe(1);
    // line 11 of the file is data row 10, counted from 1 as everywhere on the command line
    expect(r.stderr).toMatch(/column 'Humidity' row 10 is not a finite number \("0x10"\).*\[INVALID_DATA\]/);
    expect(existsSync(join(dir, 'hex-out'))).toBe(false);
  });

  it('trains from an Arrow file (decoded values plus the target column)', async () => {
    // the training CSV (5 features + target) as an Arrow IPC file
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    const lines = readFileSync(join(dir, 'occ.csv'), 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const cols: Record<string, Float64Array> = {};
    header.forEach((n, j) => (cols[n] = Float64Array.from(lines.slice(1).map((l) => Number(l.split(',')[j])))));
    writeFileSync(join(dir, 'occ.arrow'), tableToIPC(tableFromArrays(cols), 'file'));
    const r = await run(['train', 'occ.arrow', '--target', 'Occupancy', '--baselines', 'none', '-o', 'arrow-out', ...FAST], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/trained on occ\.arrow: classification of 'Occupancy', 5 features, 204 rows/);
  });

  it('a missing target, an unknown --bits feature, bad arguments: documented exit codes, no output directory', async () => {
    const cases: [string[], number, RegExp][] = [
      [['train', 'occ.csv', '--target', 'nope', '-o', 'bad'], 1, /target column 'nope' not found/],
      [['train', 'occ.csv', '--target', 'Occupancy', '--bits', 'Pressure=3', '-o', 'bad'], 1, /--bits names 'Pressure', which is not a feature/],
      [['train', 'occ.csv', '--target', 'Occupancy', '--bits', '20', '-o', 'bad'], 2, /bit width must be 1..12/],
      [['train', 'occ.csv', '--target', 'Occupancy', '--baselines', 'XYZ', '-o', 'bad'], 2, /unknown method 'XYZ'/],
      [['train', 'occ.csv', '--target', 'Occupancy', '--test', 'occ_test.csv', '--test-fraction', '0.2', '-o', 'bad'], 2, /either --test or --test-fraction/],
      [['train', 'occ.csv', '-o', 'bad'], 2, /option '--target' is required/],
      [['train', 'occ.csv', '--target', 'Occupancy', '--split', 'sideways', '-o', 'bad'], 2, /--split/],
      [['train', 'missing.csv', '--target', 'y', '-o', 'bad'], 1, /cannot read 'missing.csv': no such file/],
      [['train', 'other.csv', '--target', 'Occupancy', '-o', 'bad', ...FAST], 1, /too few rows/],
      [['train', 'occ.csv', '--target', 'Occupancy', '-o', 'other.csv', ...FAST], 1, /^bsq train: error: cannot write 'other.csv': not a directory \[ENOTDIR\]\n$/],
    ];
    for (const [args, code, msg] of cases) {
      const r = await run(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(join(dir, 'bad')), args.join(' ')).toBe(false);
    }
    expect(listing(dir).filter((f) => f.startsWith('.bsq-tmp'))).toEqual([]);
  });

  it('a failed run keeps the previous good output directory intact', async () => {
    const before = readFileSync(join(dir, 'out', 'codec.bsq'));
    const r = await run(['train', 'other.csv', '--target', 'Occupancy', '-o', 'out', ...FAST], { cwd: dir });
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'out', 'codec.bsq')).equals(before)).toBe(true);
    expect(listing(join(dir, 'out'))).toEqual(['codec.bsq', 'model', 'report.html', 'report.json']);
  });
});
