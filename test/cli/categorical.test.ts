// The CLI with categorical features: train detects text columns (steel_energy-like rows), encode
// reads them as categories, decode writes the category strings back exactly, inspect lists the
// dictionaries, and a category outside the dictionary or an empty cell fails with the row and column
// and leaves no output file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { readBsq } from '../../src/index.js';
import { run, tempDir } from './helpers.js';
import { mulberry32 } from '../support/prng.js';

const FAST = ['--epochs', '2', '--hard-epochs', '1', '--hidden-layers', '1', '--hidden-units', '16', '--batch-size', '64'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
let dir: string;
let cleanup: () => void;
let rows: string[][];

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  const rnd = mulberry32(5);
  rows = [];
  for (let i = 0; i < 300; i++) {
    const d = Math.floor(i / 12) % 7;
    const usage = (d >= 5 ? 5 : 40) * rnd();
    rows.push([usage.toFixed(2), String((i % 96) * 900), d >= 5 ? 'Weekend' : 'Weekday', DAYS[d]!, usage > 20 ? 'High, "busy"' : 'Light']);
  }
  const csv = (rs: string[][]) => ['Usage_kWh,NSM,WeekStatus,Day_of_week,Load_Type', ...rs.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\n') + '\n';
  writeFileSync(join(dir, 'steel.csv'), csv(rows));
  const unknown = rows.slice(0, 5).map((r) => r.slice());
  unknown[3]![2] = 'Holiday';
  writeFileSync(join(dir, 'unknown-status.csv'), csv(unknown));
  const unknownDay = rows.slice(0, 5).map((r) => r.slice());
  unknownDay[2]![3] = 'Caturday';
  writeFileSync(join(dir, 'unknown-day.csv'), csv(unknownDay));
  const empty = rows.slice(0, 5).map((r) => r.slice());
  empty[1]![2] = '';
  writeFileSync(join(dir, 'empty.csv'), csv(empty));
});
afterAll(() => cleanup());

describe('categorical features on the command line', () => {
  it('train detects the text columns; encode/decode round-trip the categories exactly; inspect lists them', async () => {
    const t = await run(['train', 'steel.csv', '--target', 'Load_Type', '-o', 'out', '--baselines', 'FP', ...FAST], { cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout.toString()).not.toMatch(/is coded as categories because/);
    expect(t.stdout.toString()).toMatch(/categorical: WeekStatus \(2 categories, 1 bit\), Day_of_week \(7 categories \+ unknown code, 3 bits\)/);
    const codec = readBsq(readFileSync(join(dir, 'out', 'codec.bsq'))).codec;
    expect(codec.features.map((f) => f.categories?.length ?? 0)).toEqual([0, 0, 2, 7]);
    expect(new Set(codec.features[3]!.categories)).toEqual(new Set(DAYS));
    // report.html: category frequencies instead of a threshold histogram
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    const weekend = rows.filter((r) => r[2] === 'Weekend').length;
    const order = codec.features[2]!.categories!;
    const counts = order.map((c) => rows.filter((r) => r[2] === c).length);
    expect(counts).toContain(weekend);
    expect(html).toContain(`"categories":{"names":${JSON.stringify(order)},"counts":${JSON.stringify(counts)}}`);
    expect(html).toContain('training rows per category');

    const e = await run(['encode', '--codec', 'out/codec.bsq', 'steel.csv', '-o', 'steel.bsq'], { cwd: dir });
    expect(e.code, e.stderr).toBe(0);
    const file = readBsq(readFileSync(join(dir, 'steel.bsq')));
    expect(file.version).toEqual({ major: 1, minor: 1 });
    expect(file.codec.categoryNames(3, file.codes(), { stride: 4, offset: 3 })).toEqual(rows.map((r) => r[3]));

    const d = await run(['decode', 'steel.bsq', '-o', 'back.csv'], { cwd: dir });
    expect(d.code, d.stderr).toBe(0);
    const back = readFileSync(join(dir, 'back.csv'), 'utf8').trim().split('\n');
    expect(back[0]).toBe('Usage_kWh,NSM,WeekStatus,Day_of_week');
    expect(back.slice(1).map((l) => l.split(',').slice(2).join(','))).toEqual(rows.map((r) => `${r[2]},${r[3]}`));
    // Arrow: the categories as a Dictionary<Utf8> column; train and encode from Arrow give the same file
    const da = await run(['decode', 'steel.bsq', '-o', 'back.arrow'], { cwd: dir });
    expect(da.code, da.stderr).toBe(0);
    const table = tableFromIPC(readFileSync(join(dir, 'back.arrow')));
    expect(table.getChild('Day_of_week')!.toArray()).toEqual(rows.map((r) => r[3]));
    const ea = await run(['encode', '--codec', 'out/codec.bsq', 'back.arrow', '-o', 'from-arrow.bsq'], { cwd: dir });
    expect(ea.code, ea.stderr).toBe(0);
    expect(Array.from(readBsq(readFileSync(join(dir, 'from-arrow.bsq'))).codes())).toEqual(Array.from(file.codes()));
    const codes = await run(['decode', 'steel.bsq', '-o', '-', '--as', 'codes'], { cwd: dir });
    expect(codes.stdout.toString().split('\n')[1]!.split(',')[3]).toBe(String(codec.features[3]!.categories!.indexOf(rows[0]![3]!)));

    const i = await run(['inspect', 'steel.bsq'], { cwd: dir });
    expect(i.stdout.toString()).toMatch(/bsq format 1\.1/);
    expect(i.stdout.toString()).toMatch(/WeekStatus\s+1\s+error\s+"Weekday" "Weekend"/);
    expect(i.stdout.toString()).toMatch(/Day_of_week\s+3\s+code 7\s+"/);

    // the unknown code (Day_of_week reserves one): an unseen day encodes, and decodes to an empty cell
    const u = await run(['encode', '--codec', 'out/codec.bsq', 'unknown-day.csv', '-o', 'unknown-day.bsq'], { cwd: dir });
    expect(u.code, u.stderr).toBe(0);
    expect(u.stderr + u.stdout.toString()).toMatch(/cells not coded as their own value: Day_of_week 1 unseen \(unknown code\)\n/);
    const ud = await run(['decode', 'unknown-day.bsq', '-o', 'unknown-day.out.csv'], { cwd: dir });
    expect(ud.code, ud.stderr).toBe(0);
    expect(readFileSync(join(dir, 'unknown-day.out.csv'), 'utf8').split('\n')[3]!.split(',')[3]).toBe('');
    // ... and the empty cell encodes back to the unknown code: the same file
    const again = await run(['encode', '--codec', 'out/codec.bsq', 'unknown-day.out.csv', '-o', 'again.bsq'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr + again.stdout.toString()).toMatch(/cells not coded as their own value: Day_of_week 1 missing \(unknown code\)\n/);
    expect(Array.from(readBsq(readFileSync(join(dir, 'again.bsq'))).codes())).toEqual(Array.from(readBsq(readFileSync(join(dir, 'unknown-day.bsq'))).codes()));
  });

  it('a numeric column with a typo becomes categorical, and the summary says which cell did it', async () => {
    const typo = rows.map((r) => r.slice());
    typo[10]![1] = '9OO';
    writeFileSync(join(dir, 'typo.csv'), ['Usage_kWh,NSM,WeekStatus,Day_of_week,Load_Type', ...typo.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\n') + '\n');
    const t = await run(['train', 'typo.csv', '--target', 'Load_Type', '-o', 'typo-out', '--baselines', 'none', ...FAST], { cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout.toString()).toMatch(/note: 'NSM' is coded as categories because 1 of its 300 cells are not numbers \(the first, "9OO", in row 11\); if it is a numeric column, fix those cells, or pass --numeric NSM to have them reported as errors/);
    // WeekStatus and Day_of_week are words: no note for them
    expect(t.stdout.toString()).not.toMatch(/note: '(WeekStatus|Day_of_week)'/);
    const strict = await run(['train', 'typo.csv', '--target', 'Load_Type', '-o', 'typo-out2', '--numeric', 'NSM', '--baselines', 'none', ...FAST], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/column 'NSM' row 11: '9OO' is not a number \(--numeric\)/);
  });

  it('a category outside a dictionary without an unknown code, or an empty cell, fails naming row and column; nothing is written', async () => {
    const u = await run(['encode', '--codec', 'out/codec.bsq', 'unknown-status.csv', '-o', 'bad.bsq'], { cwd: dir });
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/unknown-status\.csv: row 4, feature "WeekStatus" \(index 2\): "Holiday" is not one of its 2 categories.*\[UNKNOWN_CATEGORY\]/);
    expect(existsSync(join(dir, 'bad.bsq'))).toBe(false);
    const m = await run(['encode', '--codec', 'out/codec.bsq', 'empty.csv', '-o', 'bad.bsq'], { cwd: dir });
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/empty\.csv: row 2, feature "WeekStatus" \(index 2\): missing value.*\[INVALID_DATA\]/);
    expect(existsSync(join(dir, 'bad.bsq'))).toBe(false);
    const n = await run(['train', 'steel.csv', '--target', 'Load_Type', '--numeric', 'WeekStatus', '-o', 'out3', ...FAST], { cwd: dir });
    expect(n.code).toBe(1);
    expect(n.stderr).toMatch(/column 'WeekStatus' row 1: 'Weekday' is not a number/);
  });
});
