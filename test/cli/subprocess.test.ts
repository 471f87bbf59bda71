// The CLI as a real process (node + tsx on src/cli/main.ts, and the built dist/cli/main.js when it
// exists): exit codes, stderr messages without stack traces, pipes through stdin/stdout, and a tiny
// train -> encode -> decode -> eval chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Codec, readBsq, writeBsq } from '../../src/index.js';
import { FIXTURES, listing, ROOT, runProcess, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  copyFileSync(join(FIXTURES, 'occupancy_tiny.csv'), join(dir, 'tiny.csv'));
  const codec = Codec.fromThresholds(
    ['Temperature', 'Humidity', 'Light', 'CO2', 'HumidityRatio'].map((name, i) => ({ name, thresholds: [[20, 21, 22], [20, 25, 30], [10, 100, 400], [500, 700, 1000], [0.003, 0.004, 0.005]][i] })),
  );
  writeFileSync(join(dir, 'codec.bsq'), writeBsq(codec));
});
afterAll(() => cleanup());

describe('bsq as a subprocess', () => {
  it('help, version, usage errors', async () => {
    const h = await runProcess(['--help'], { cwd: dir });
    expect(h.code).toBe(0);
    expect(h.stdout.toString()).toMatch(/^bsq \d+\.\d+\.\d+: /);
    const u = await runProcess(['decode', 'x.bsq'], { cwd: dir });
    expect(u.code).toBe(2);
    expect(u.stderr).toBe("bsq decode: option '--output' is required\nRun 'bsq decode --help' for usage.\n");
  });

  it('pipes: encode stdin -> stdout | decode stdin -> stdout', async () => {
    const e = await runProcess(['encode', '--codec', 'codec.bsq', '-', '-o', '-'], { cwd: dir, stdin: readFileSync(join(dir, 'tiny.csv')) });
    expect(e.code).toBe(0);
    expect(e.stderr).toMatch(/^encoded 204 rows x 5 features \(10 bits\/row\)/);
    const f = readBsq(new Uint8Array(e.stdout));
    expect(f.rowCount).toBe(204);
    const d = await runProcess(['decode', '-', '-o', '-', '--as', 'codes', '-q'], { cwd: dir, stdin: e.stdout });
    expect(d.code).toBe(0);
    expect(d.stderr).toBe('');
    const lines = d.stdout.toString().trim().split('\n');
    expect(lines).toHaveLength(205);
    expect(lines.slice(1).join(',').split(',').map(Number)).toEqual(Array.from(f.codes()));
  });

  it('a corrupt file: exit 1, one line on stderr, no stack trace, no output file', async () => {
    const good = readFileSync(join(dir, 'codec.bsq'));
    const bad = Buffer.from(good);
    bad[40] ^= 1; // inside the CODEC payload
    writeFileSync(join(dir, 'bad.bsq'), bad);
    const before = listing(dir);
    const r = await runProcess(['decode', 'bad.bsq', '-o', 'out.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bsq decode: error: bad\.bsq: .*\[CHECKSUM_MISMATCH\]\n$/);
    expect(listing(dir)).toEqual(before);
  });

  it('inspect, export-c and bench', async () => {
    const i = await runProcess(['inspect', 'codec.bsq', '--json'], { cwd: dir });
    expect(i.code).toBe(0);
    expect(JSON.parse(i.stdout.toString())).toMatchObject({ rows: 0, blocks: 0, bitsPerRow: 10 });
    const x = await runProcess(['export-c', 'codec.bsq', '-o', 'dev', '--prefix', 'room'], { cwd: dir });
    expect(x.code).toBe(0);
    expect(listing(join(dir, 'dev'))).toEqual(['room.c', 'room.h']);
    const b = await runProcess(['bench', '--rows', '2000', '--features', '3', '--time', '0', '--json'], { cwd: dir });
    expect(b.code).toBe(0);
    const res = JSON.parse(b.stdout.toString());
    expect(res).toMatchObject({ rows: 2000, features: 3, bits: 4 });
    expect(res.steps.map((s: { name: string }) => s.name)).toContain('encode columns -> packed');
    for (const s of res.steps) expect(s.rowsPerSecond).toBeGreaterThan(0);
  });

  it('train -> encode -> decode -> eval with tiny settings', async () => {
    const t = await runProcess(
      ['train', 'tiny.csv', '--target', 'Occupancy', '--epochs', '1', '--hard-epochs', '0', '--hidden-layers', '1', '--hidden-units', '8', '--baselines', 'none', '-o', 'm'],
      { cwd: dir },
    );
    expect(t.stderr).not.toMatch(/error/i);
    expect(t.code).toBe(0);
    expect(t.stdout.toString()).toMatch(/codec: 4 bits per feature; 20 bits per row instead of 160 as float32: 8\.00x smaller/);
    expect((await runProcess(['encode', '--codec', 'm/codec.bsq', 'tiny.csv', '-o', 'tiny.bsq'], { cwd: dir })).code).toBe(0);
    expect((await runProcess(['decode', 'tiny.bsq', '-o', 'tiny.arrow'], { cwd: dir })).code).toBe(0);
    const ev = await runProcess(['eval', '--model', 'm', 'tiny.arrow', '--labels', 'tiny.csv', '--json'], { cwd: dir });
    expect(ev.code).toBe(0);
    const res = JSON.parse(ev.stdout.toString());
    expect(res).toMatchObject({ rows: 204, task: 'classification', target: 'Occupancy', format: 'arrow' });
    expect(res.metrics.accuracy).toBeGreaterThan(0);
  });
});

describe('the built bin (dist/cli/main.js)', () => {
  const bin = join(ROOT, 'dist/cli/main.js');
  it.runIf(existsSync(bin))('starts with a shebang and runs', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
