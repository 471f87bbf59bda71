// bsq encode / decode / inspect / export-c, in-process, on the tiny occupancy fixture with a codec
// built from thresholds: round trips (values re-encode to the same codes), stdin/stdout, Arrow,
// deflate, block sizes, and failures that leave no output file and give the documented exit code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Codec, readBsq, writeBsq } from '../../src/index.js';
import { FIXTURES, listing, run, tempDir } from './helpers.js';

const FEATURES = ['Temperature', 'Humidity', 'Light', 'CO2', 'HumidityRatio'];
let dir: string;
let cleanup: () => void;
let codec: Codec;

function csvColumns(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trim().split(/\r?\n/);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  codec = Codec.fromThresholds(
    [
      { name: 'Temperature', thresholds: [19.5, 20, 20.5, 21, 21.5, 22, 23] },
      { name: 'Humidity', thresholds: [20, 25, 30] },
      { name: 'Light', thresholds: [5, 100, 300, 450, 600, 800, 1000] },
      { name: 'CO2', thresholds: [450, 500, 600, 700, 900, 1100, 1400] },
      { name: 'HumidityRatio', thresholds: [0.003, 0.004, 0.005] },
    ],
    { metadata: { note: 'test codec' } },
  );
  writeFileSync(join(dir, 'codec.bsq'), writeBsq(codec));
  copyFileSync(join(FIXTURES, 'occupancy_tiny.csv'), join(dir, 'tiny.csv'));
});
afterAll(() => cleanup());

describe('encode -> inspect -> decode', () => {
  it('encodes a CSV, prints a summary on stderr, and the file holds the codec and every row', async () => {
    const r = await run(['encode', '--codec', 'codec.bsq', 'tiny.csv', '-o', 'tiny.bsq', '--block-rows', '50'], { cwd: dir });
    expect(r.stderr).toMatch(/encoded 204 rows x 5 features \(13 bits\/row\) in 5 blocks: \d[\d,]* bytes; float32 would be 4,080 bytes/);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    const f = readBsq(new Uint8Array(readFileSync(join(dir, 'tiny.bsq'))));
    expect(f.rowCount).toBe(204);
    expect(f.blockCount).toBe(5);
    expect(f.codec.features.map((x) => x.name)).toEqual(FEATURES);
    // codes equal the codec applied to the CSV's columns directly
    const { header, rows } = csvColumns(readFileSync(join(dir, 'tiny.csv'), 'utf8'));
    const cols = FEATURES.map((n) => Float64Array.from(rows.map((r) => r[header.indexOf(n)])));
    expect(Array.from(f.codes())).toEqual(Array.from(codec.encodeColumnsToCodes(cols)));
  });

  it('inspect --json reports features, rows, blocks and the compression factor; text mode verifies checksums', async () => {
    const j = await run(['inspect', 'tiny.bsq', '--json'], { cwd: dir });
    expect(j.code).toBe(0);
    const res = JSON.parse(j.stdout.toString());
    const size = readFileSync(join(dir, 'tiny.bsq')).length;
    expect(res).toMatchObject({ version: '1.0', rows: 204, blocks: 5, bitsPerRow: 13, fileBytes: size, encodings: { raw: 5 } });
    expect(res.metadata).toEqual({ note: 'test codec' });
    expect(res.features[0]).toMatchObject({ name: 'Temperature', bits: 3 });
    expect(res.widths).toEqual([3, 2, 3, 3, 2]);
    expect(res.features[0].thresholds).toEqual([19.5, 20, 20.5, 21, 21.5, 22, 23]);
    expect(res.features[0].levels).toHaveLength(8);
    expect(res.compression.packedFactor).toBe(160 / 13);
    expect(res.compression.fileFactor).toBeCloseTo((204 * 5 * 4) / size, 10);
    const t = await run(['inspect', 'tiny.bsq'], { cwd: dir });
    expect(t.stdout.toString()).toMatch(/rows: 204 in 5 blocks \(5 raw; 4..50 rows per block\)/);
    expect(t.stdout.toString()).toMatch(/bit widths: mixed 2\.\.3 bits: Temperature 3, Humidity 2, Light 3, CO2 3, HumidityRatio 2\n/);
    expect(t.stdout.toString()).toMatch(/checksums: header and every record verified OK; all 5 blocks decode/);
  });

  it('decodes to values that re-encode to the same codes, and to codes', async () => {
    const v = await run(['decode', 'tiny.bsq', '-o', 'values.csv'], { cwd: dir });
    expect(v.code).toBe(0);
    const { header, rows } = csvColumns(readFileSync(join(dir, 'values.csv'), 'utf8'));
    expect(header).toEqual(FEATURES);
    expect(rows).toHaveLength(204);
    const original = readBsq(new Uint8Array(readFileSync(join(dir, 'tiny.bsq')))).codes();
    const again = codec.encodeColumnsToCodes(FEATURES.map((_, j) => Float64Array.from(rows.map((r) => r[j]))));
    expect(Array.from(again)).toEqual(Array.from(original));
    // every value is one of the feature's levels
    rows.forEach((r) => r.forEach((x, j) => expect(Array.from(codec.features[j].levels)).toContain(Math.fround(x))));

    const c = await run(['decode', 'tiny.bsq', '-o', '-', '--as', 'codes'], { cwd: dir });
    expect(c.code).toBe(0);
    const codes = csvColumns(c.stdout.toString());
    expect(codes.rows.flat()).toEqual(Array.from(original));
  });

  it('streams stdin to stdout (encode - -o -, decode - -o -) with deflate blocks', async () => {
    const csv = readFileSync(join(dir, 'tiny.csv'));
    const e = await run(['encode', '-c', 'codec.bsq', '-', '-o', '-', '--deflate', '--block-rows', '64'], { cwd: dir, stdin: csv });
    expect(e.code).toBe(0);
    const f = readBsq(new Uint8Array(e.stdout));
    expect(f.blocks.map((b) => b.encoding)).toEqual(['deflate', 'deflate', 'deflate', 'deflate']);
    expect(f.blocks.map((b) => b.rowCount)).toEqual([64, 64, 64, 12]);
    const d = await run(['decode', '-', '-o', '-', '--as', 'codes'], { cwd: dir, stdin: e.stdout });
    expect(d.code).toBe(0);
    expect(csvColumns(d.stdout.toString()).rows.flat()).toEqual(Array.from(f.codes()));
  });

  it('round-trips through Arrow: decode to .arrow, encode the .arrow again -> the same codes', async () => {
    const d = await run(['decode', 'tiny.bsq', '-o', 'values.arrow'], { cwd: dir });
    expect(d.code).toBe(0);
    const head = readFileSync(join(dir, 'values.arrow')).subarray(0, 6).toString();
    expect(head).toBe('ARROW1');
    const e = await run(['encode', '--codec', 'codec.bsq', 'values.arrow', '-o', 'again.bsq'], { cwd: dir });
    expect(e.code).toBe(0);
    const a = readBsq(new Uint8Array(readFileSync(join(dir, 'again.bsq')))).codes();
    const b = readBsq(new Uint8Array(readFileSync(join(dir, 'tiny.bsq')))).codes();
    expect(Array.from(a)).toEqual(Array.from(b));
    const codesArrow = await run(['decode', 'tiny.bsq', '-o', 'codes.arrow', '--as', 'codes'], { cwd: dir });
    expect(codesArrow.code).toBe(0);
  });

  it('--entropy --entropy-encoding entropy: fits a model on the first block when the codec has none; same codes as raw packing', async () => {
    const r = await run(['encode', '--codec', 'codec.bsq', 'tiny.csv', '-o', 'tiny.ent.bsq', '--entropy', '--entropy-encoding', 'entropy', '--block-rows', '100'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/in 3 blocks \((entropy|raw) \d(, (entropy|raw) \d)?, model fitted on the first block\)/);
    const f = readBsq(new Uint8Array(readFileSync(join(dir, 'tiny.ent.bsq'))));
    expect(f.codec.entropyModel).toBeDefined();
    const raw = readBsq(new Uint8Array(readFileSync(join(dir, 'tiny.bsq'))));
    expect(Array.from(f.codes())).toEqual(Array.from(raw.codes()));
    const i = JSON.parse((await run(['inspect', 'tiny.ent.bsq', '--json'], { cwd: dir })).stdout.toString());
    expect(i.entropyModel.features).toHaveLength(5);
    expect(Object.keys(i.encodings).every((e) => e === 'entropy' || e === 'raw')).toBe(true);
    const both = await run(['encode', '--codec', 'codec.bsq', 'tiny.csv', '-o', 'x.bsq', '--entropy', '--deflate'], { cwd: dir });
    expect(both.code).toBe(2);
  });

  it('--entropy (auto): encoding 3 per block without a model, the better of 2 and 3 with one; says which; inspect lists them', async () => {
    const r = await run(['encode', '--codec', 'codec.bsq', 'tiny.csv', '-o', 'tiny.auto.bsq', '--entropy', '--block-rows', '100'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/in 3 blocks \(best per block: (adaptive|raw) \d(, (adaptive|raw) \d)?\)/);
    const f = readBsq(new Uint8Array(readFileSync(join(dir, 'tiny.auto.bsq'))));
    expect(f.codec.entropyModel).toBeUndefined();
    expect(Array.from(f.codes())).toEqual(Array.from(readBsq(new Uint8Array(readFileSync(join(dir, 'tiny.bsq')))).codes()));
    const i = JSON.parse((await run(['inspect', 'tiny.auto.bsq', '--json'], { cwd: dir })).stdout.toString());
    expect(Object.keys(i.encodings).every((e) => e === 'adaptive' || e === 'raw')).toBe(true);
    // with a model on the codec: both candidates; the model record travels only when a block picked
    // encoding 2 (and paid for it), so the file is never larger than the same blocks all in encoding 3
    for (const rows of ['100', '20']) {
      const m = await run(['encode', '--codec', 'tiny.ent.bsq', 'tiny.csv', '-o', 'tiny.both.bsq', '--entropy', '--block-rows', rows], { cwd: dir });
      expect(m.code).toBe(0);
      expect(m.stderr).toMatch(/best per block: /);
      const bothBytes = new Uint8Array(readFileSync(join(dir, 'tiny.both.bsq')));
      const both = readBsq(bothBytes);
      const bi = JSON.parse((await run(['inspect', 'tiny.both.bsq', '--json'], { cwd: dir })).stdout.toString());
      expect(both.codec.entropyModel !== undefined).toBe((bi.encodings.entropy ?? 0) > 0);
      expect(Array.from(both.codes())).toEqual(Array.from(f.codes()));
      const a3 = await run(['encode', '--codec', 'tiny.ent.bsq', 'tiny.csv', '-o', 'tiny.a3.bsq', '--entropy', '--entropy-encoding', 'adaptive', '--block-rows', rows], { cwd: dir });
      expect(a3.code).toBe(0);
      const a3Bytes = readFileSync(join(dir, 'tiny.a3.bsq'));
      expect(readBsq(new Uint8Array(a3Bytes)).codec.entropyModel).toBeUndefined();
      expect(bothBytes.length).toBeLessThanOrEqual(a3Bytes.length);
    }
    const a = await run(['encode', '--codec', 'codec.bsq', 'tiny.csv', '-o', 'x.bsq', '--entropy-encoding', 'adaptive'], { cwd: dir });
    expect(a.code).toBe(2);
  });

  it('--nan-code sends missing values as that code instead of failing', async () => {
    writeFileSync(join(dir, 'gaps.csv'), `${FEATURES.join(',')}\n20,25,0,500,0.004\n,NA,10,,0.003\n`);
    const fail = await run(['encode', '--codec', 'codec.bsq', 'gaps.csv', '-o', 'gaps.bsq'], { cwd: dir });
    expect(fail.code).toBe(1);
    expect(fail.stderr).toBe("bsq encode: error: gaps.csv line 3: column 'Temperature': missing value [INVALID_DATA]\n");
    const ok = await run(['encode', '--codec', 'codec.bsq', 'gaps.csv', '-o', 'gaps.bsq', '--nan-code', '0'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stderr + ok.stdout.toString()).toMatch(/cells not coded as their own value: Temperature 1 missing \(code 0\), Humidity 1 missing \(code 0\), CO2 1 missing \(code 0\)\n/);
    const f = readBsq(new Uint8Array(readFileSync(join(dir, 'gaps.bsq'))));
    expect(Array.from(f.codes()).slice(5)).toEqual([0, 0, 1, 0, 0]);
    const big = await run(['encode', '--codec', 'codec.bsq', 'gaps.csv', '-o', 'x.bsq', '--nan-code', '4'], { cwd: dir });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/does not fit the narrowest feature \(2 bits/);
  });
});

describe('failures: exit codes, one-line messages, no output left behind', () => {
  it('usage errors exit 2 with a hint; --help exits 0 for every command', async () => {
    const before = listing(dir);
    for (const args of [
      ['encode', 'tiny.csv', '-o', 'x.bsq'],
      ['encode', '--codec', 'codec.bsq', 'tiny.csv'],
      ['encode', '--codec', 'codec.bsq', 'tiny.csv', '-o', 'x.bsq', '--block-rows', '0'],
      ['decode', 'tiny.bsq', '-o', 'x.csv', '--as', 'floats'],
      ['inspect'],
      ['inspect', 'a.bsq', 'b.bsq'],
      ['encode', '--bogus'],
      ['frobnicate'],
    ]) {
      const r = await run(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Run 'bsq( [a-z-]+)? --help'/);
    }
    expect(listing(dir)).toEqual(before);
    for (const cmd of ['train', 'encode', 'decode', 'inspect', 'eval', 'export-c', 'bench']) {
      const h = await run([cmd, '--help'], { cwd: dir });
      expect(h.code).toBe(0);
      expect(h.stdout.toString()).toMatch(new RegExp(`^bsq ${cmd}: `));
    }
    const g = await run(['--help'], { cwd: dir });
    expect(g.stdout.toString()).toMatch(/Exit codes: 0 success, 1 runtime or data error, 2 usage error/);
    expect((await run([], { cwd: dir })).code).toBe(2);
  });

  it('a missing input, a missing column or bad data exits 1 with one line and leaves no output', async () => {
    const before = listing(dir);
    const missing = await run(['encode', '--codec', 'codec.bsq', 'nope.csv', '-o', 'x.bsq'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("bsq encode: error: cannot read 'nope.csv': no such file or directory [ENOENT]\n");
    writeFileSync(join(dir, 'wrong.csv'), 'a,b\n1,2\n');
    const col = await run(['encode', '--codec', 'codec.bsq', 'wrong.csv', '-o', 'x.bsq'], { cwd: dir });
    expect(col.code).toBe(1);
    expect(col.stderr).toBe("bsq encode: error: wrong.csv: column 'Temperature' not found (columns: a, b) [INVALID_DATA]\n");
    // a bad cell far into the file: earlier blocks were already written to the temporary file
    const lines = readFileSync(join(dir, 'tiny.csv'), 'utf8').trim().split('\n');
    lines[150] = lines[150].replace(/^[^,]+/, 'hot');
    writeFileSync(join(dir, 'late.csv'), lines.join('\n') + '\n');
    const late = await run(['encode', '--codec', 'codec.bsq', 'late.csv', '-o', 'x.bsq', '--block-rows', '10'], { cwd: dir });
    expect(late.code).toBe(1);
    expect(late.stderr).toBe("bsq encode: error: late.csv line 151: column 'Temperature': 'hot' is not a number [INVALID_DATA]\n");
    expect(listing(dir)).toEqual([...before, 'late.csv', 'wrong.csv'].sort());
  });

  it('an output that is a directory, and an input with a header only', async () => {
    const r = await run(['decode', 'tiny.bsq', '-o', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("bsq decode: error: cannot write '.': is a directory [EISDIR]\n");
    writeFileSync(join(dir, 'header.csv'), `${FEATURES.join(',')}\n`);
    const e = await run(['encode', '--codec', 'codec.bsq', 'header.csv', '-o', 'empty.bsq'], { cwd: dir });
    expect(e.code).toBe(0);
    expect(e.stderr).toMatch(/encoded 0 rows \(the input has a header and no data\): a codec-only file/);
    expect(readBsq(new Uint8Array(readFileSync(join(dir, 'empty.bsq')))).rowCount).toBe(0);
  });

  it('a failed run never overwrites a good output file', async () => {
    writeFileSync(join(dir, 'keep.bsq'), 'good');
    const r = await run(['encode', '--codec', 'codec.bsq', 'late.csv', '-o', 'keep.bsq'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'keep.bsq'), 'utf8')).toBe('good');
  });

  it('corrupt and truncated .bsq files: exit 1 naming the problem, no decoded file', async () => {
    const good = readFileSync(join(dir, 'tiny.bsq'));
    const flipped = Buffer.from(good);
    flipped[good.length - 30] ^= 0x10;
    writeFileSync(join(dir, 'flipped.bsq'), flipped);
    writeFileSync(join(dir, 'short.bsq'), good.subarray(0, good.length - 7));
    writeFileSync(join(dir, 'notbsq.bsq'), 'hello, world');
    const before = listing(dir);
    for (const [file, code] of [
      ['flipped.bsq', 'CHECKSUM_MISMATCH'],
      ['short.bsq', 'TRUNCATED'],
      ['notbsq.bsq', 'BAD_MAGIC'],
    ]) {
      const d = await run(['decode', file, '-o', 'out.csv'], { cwd: dir });
      expect(d.code, file).toBe(1);
      expect(d.stderr).toMatch(new RegExp(`^bsq decode: error: ${file.replace('.', '\\.')}: .*\\[${code}\\]\\n$`));
      const i = await run(['inspect', file], { cwd: dir });
      expect(i.code).toBe(1);
      expect(i.stderr).toMatch(new RegExp(`\\[${code}\\]\\n$`));
      const e = await run(['encode', '--codec', file, 'tiny.csv', '-o', 'x.bsq'], { cwd: dir });
      if (file !== 'short.bsq' && file !== 'flipped.bsq') expect(e.code).toBe(1); // the codec record itself is intact in those two
    }
    expect(listing(dir).filter((f) => !before.includes(f) && f !== 'x.bsq')).toEqual([]);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });

  it('--verbose adds the stack trace; without it the message is one line', async () => {
    const quiet = await run(['inspect', 'flipped.bsq'], { cwd: dir });
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    const loud = await run(['inspect', 'flipped.bsq', '--verbose'], { cwd: dir });
    expect(loud.stderr).toMatch(/\n\s+at /);
  });
});

describe('export-c', () => {
  it('writes the C encoder files with the prefix', async () => {
    const r = await run(['export-c', 'codec.bsq', '-o', 'device', '--prefix', 'occ'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(listing(join(dir, 'device'))).toEqual(['occ.c', 'occ.h']);
    expect(readFileSync(join(dir, 'device', 'occ.h'), 'utf8')).toMatch(/OCC_/);
    const bad = await run(['export-c', 'codec.bsq', '-o', 'device2', '--prefix', '9x'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bsq export-c: prefix must be a C identifier/);
    expect(existsSync(join(dir, 'device2'))).toBe(false);
    const header = await run(['export-c', 'codec.bsq', '-o', 'device2', '--prefix', 'stdint'], { cwd: dir });
    expect(header.code).toBe(2);
    expect(header.stderr).toMatch(/prefix "stdint" would write stdint\.h, which hides the C standard header <stdint\.h>/);
    const main = await run(['export-c', 'codec.bsq', '-o', 'device2', '--prefix', 'main'], { cwd: dir });
    expect(main.code).toBe(2);
    expect(main.stderr).toMatch(/prefix "main" would clash with the program's main\(\)/);
    const wide = await run(['export-c', 'codec.bsq', '-o', 'device2', '--nan-code', '99'], { cwd: dir });
    expect(wide.code).toBe(2);
    expect(wide.stderr).toMatch(/^bsq export-c: nan\.code must be an integer in 0\.\.\d+ \(it must fit the narrowest feature/);
    expect(existsSync(join(dir, 'device2'))).toBe(false);
  });

  it('--adaptive adds the encoding-3 coder and reports its RAM', async () => {
    const r = await run(['export-c', 'codec.bsq', '-o', 'device3', '--prefix', 'occ', '--adaptive'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(listing(join(dir, 'device3'))).toEqual(['occ.c', 'occ.h', 'occ_adaptive.c', 'occ_adaptive.h']);
    expect(r.stderr).toMatch(/adaptive coder state [\d,]+ bytes of RAM/);
  });
});

describe('bench', () => {
  it('measures every step on small synthetic data and reports sizes', async () => {
    const r = await run(['bench', '--rows', '5000', '--features', '4', '--bits', '3', '--time', '0'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = r.stdout.toString();
    expect(text).toMatch(/^bsq bench \(v\d+/);
    expect(text).toMatch(/encode columns -> packed\s+[\d,]+\s+[\d.]+\s+\d+/);
    // 5000 rows x 4 features x 3 bits = 7500 bytes packed, plus header and records
    expect(text).toMatch(/size: float32 80,000 bytes; \.bsq raw 7,\d{3} \(10\.\d+x smaller\)/);
  });
});
