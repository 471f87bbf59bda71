// bsq train --bits-per-row (tiny settings): the codec fits the budget and holds only the kept
// features, the summary names the left-out ones, report.json carries the allocation and report.html
// the budget section with the frontier; usage errors for the option combinations that make no sense.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBsq } from '../../src/index.js';
import { FIXTURES, run, tempDir } from './helpers.js';

const FAST = ['--epochs', '3', '--hard-epochs', '1', '--hidden-layers', '1', '--hidden-units', '16', '--batch-size', '64'];
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  copyFileSync(join(FIXTURES, 'wine_red_tiny.csv'), join(dir, 'wine.csv'));
});
afterAll(() => cleanup());

describe('bsq train --bits-per-row', () => {
  it('trains the chosen widths within the budget and reports the allocation and the frontier', async () => {
    const r = await run(['train', 'wine.csv', '--target', 'quality', '--task', 'regression', '--bits-per-row', '9', '--bits', '3', '--frontier', '--baselines', 'none', '-o', 'out', ...FAST], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const codec = readBsq(new Uint8Array(readFileSync(join(dir, 'out', 'codec.bsq')))).codec;
    expect(codec.bitsPerRow).toBeLessThanOrEqual(9);
    const rep = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    const a = rep.report.allocation;
    expect(a.bitsPerRow).toBe(9);
    expect(a.searchBits).toBe(3);
    expect(a.features).toHaveLength(11);
    expect(codec.features.map((f) => f.name)).toEqual(a.features.filter((f: string) => a.widths[f] > 0));
    expect(codec.features.map((f) => f.bits)).toEqual(codec.features.map((f) => a.widths[f.name]));
    expect(a.dropped.length).toBeGreaterThanOrEqual(11 - 9); // 9 bits cannot keep all 11 features
    expect(a.frontier.map((p: { bitsPerRow: number }) => p.bitsPerRow)).toEqual([11, 22, 33]);
    const out = r.stdout.toString();
    expect(out).toMatch(/trained on wine.csv: regression of 'quality', 11 features/);
    expect(out).toContain(`bit budget: ${a.usedBits} of 9 bits per row used, widths searched from a training at 3 bits; left out (0 bits: not sent, not in the codec or the model): ${a.dropped.join(', ')}`);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<h2>Bit budget');
    expect(html).toContain('id="chart-frontier"');
    expect(html).toContain('(left out)');
  }, 60_000);

  it('takes an entropy budget (entropy:N) and reports the estimate and the measured size', async () => {
    const r = await run(['train', 'wine.csv', '--target', 'quality', '--task', 'regression', '--bits-per-row', 'entropy:12.5', '--bits', '3', '--baselines', 'none', '-o', 'ent', ...FAST], { cwd: dir });
    expect(r.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'ent', 'report.json'), 'utf8')).report.allocation;
    expect(a.entropy.budget).toBe(12.5);
    expect(a.entropy.estimate).toBeLessThanOrEqual(12.5);
    expect(r.stdout.toString()).toMatch(/entropy budget: 12\.5 entropy-coded bits per row; estimate [\d.]+, measured [\d.]+ /);
    expect(readFileSync(join(dir, 'ent', 'report.html'), 'utf8')).toContain('12.5 entropy-coded bits per row: estimate');
  }, 60_000);

  it('rejects --frontier without a budget and per-feature --bits with one, before reading data', async () => {
    const a = await run(['train', 'wine.csv', '--target', 'quality', '--frontier', '-o', 'x1'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--frontier needs --bits-per-row/);
    const b = await run(['train', 'wine.csv', '--target', 'quality', '--bits-per-row', '20', '--bits', 'alcohol=4', '-o', 'x2'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--bits-per-row chooses the widths/);
    const c = await run(['train', 'wine.csv', '--target', 'quality', '--bits-per-row', '0', '-o', 'x3'], { cwd: dir });
    expect(c.code).toBe(2);
    const d = await run(['train', 'wine.csv', '--target', 'quality', '--bits-per-row', 'entropy:x', '-o', 'x4'], { cwd: dir });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/is not a budget/);
    expect(existsSync(join(dir, 'x1')) || existsSync(join(dir, 'x2')) || existsSync(join(dir, 'x3'))).toBe(false);
  });
});
