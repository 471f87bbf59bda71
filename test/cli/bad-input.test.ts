// Bad input through the CLI, in-process: every case fails with one line on stderr ending in a code
// ([BsqError code] or the system code of a file error), exit 1 for data errors and 2 for usage, and
// leaves a pre-existing output file untouched. Includes the regressions found by the bad-input audit:
// a corrupt Arrow file whose value buffer is shorter than its row count (was read as zeros), 0x/0b/0o
// cells in CSV (were read as JavaScript number literals), file errors without a code, and a target
// listed among --features (was a confusing "number and text" message), a stray quote in a CSV field
// (was csv-parse's own error without the file name), and a binary file read as CSV (its garbage
// header was printed whole), and an output that is the input file (encode x.csv -o x.csv replaced
// the float CSV with its quantized .bsq), and an output that is a FIFO or device (the temporary file
// was renamed over it: as root, `-o /dev/full` replaced the device node and reported success).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, createReadStream, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { Codec, writeBsq } from '../../src/index.js';
import { parseCell } from '../../src/cli/csv-input.js';
import { FIXTURES, run, tempDir } from './helpers.js';

const NAMES = ['Temperature', 'Humidity', 'Light', 'CO2', 'HumidityRatio'];
const HEADER = [...NAMES, 'Occupancy'].join(',');
const SENTINEL = 'previous good output\n';
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  const codec = Codec.fromThresholds(NAMES.map((name, i) => ({ name, thresholds: [i, i + 10, i + 100] })));
  writeFileSync(join(dir, 'codec.bsq'), writeBsq(codec));
  copyFileSync(join(FIXTURES, 'occupancy_tiny.csv'), join(dir, 'tiny.csv'));
  const good = writeBsq(codec, { rows: new Float32Array(50 * 5).map((_, i) => i % 17), blockRows: 20 });
  writeFileSync(join(dir, 'good.bsq'), good);
  writeFileSync(join(dir, 'cut.bsq'), good.subarray(0, good.length - 30));
  const flipped = good.slice();
  flipped[Math.floor(good.length * 0.7)]! ^= 0x10;
  writeFileSync(join(dir, 'flipped.bsq'), flipped);
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'unnamed.csv'), `,${HEADER}\n0,1,2,3,4,5,1\n1,1,2,3,4,6,0\n2,2,2,3,4,5,1\n`);
  writeFileSync(join(dir, 'nan.csv'), `${HEADER}\n1,2,3,4,5,1\n1,2,NaN,4,5,0\n`);
  writeFileSync(join(dir, 'text.csv'), `${HEADER}\n1,2,3,4,5,1\n1,2,abc,4,5,0\n`);
  writeFileSync(join(dir, 'hex.csv'), `${HEADER}\n1,2,3,4,5,1\n1,2,0x10,4,5,0\n`);
  writeFileSync(join(dir, 'bin.csv'), `${HEADER}\n1,2, 0b11,4,5,0\n`);
  writeFileSync(join(dir, 'short.csv'), `${HEADER}\n1,2,3,4,5,1\n1,2,3,4,0\n`);
  writeFileSync(join(dir, 'nocol.csv'), 'Temperature,Humidity,CO2,HumidityRatio\n1,2,4,5\n');
  writeFileSync(join(dir, 'quote.csv'), `${HEADER}\n1,2,4"26,4,5,0\n`);
  // Binary junk read as CSV: its "header" is one huge garbage column name.
  const junk = new Uint8Array(3000);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24 === 10 ? 65 : ((i * 2654435761) >>> 24) | 1;
  writeFileSync(join(dir, 'junk.csv'), junk);
  mkdirSync(join(dir, 'adir'));
  // An Arrow file whose Float64 column 'Light' carries the buffers of a Utf8 vector: its value
  // buffer is too short for the row count, which apache-arrow does not check.
  const t = tableFromArrays(Object.fromEntries(NAMES.map((n) => [n, Float64Array.from([20, 21, 22, 23])])));
  writeFileSync(join(dir, 'shortbuf.arrow'), tableToIPC(t.setChild('Light', vectorFromArray(['a', 'b', 'c', 'd'], new Utf8())), 'file'));
});
afterAll(() => cleanup());

const ENCODE = ['encode', '--codec', 'codec.bsq'];

/** [case, args, exit code, stderr pattern] ; -o (when given) points at a file holding SENTINEL. */
const CASES: [string, string[], number, RegExp][] = [
  ['truncated .bsq', ['decode', 'cut.bsq', '-o', 'out.csv'], 1, /cut\.bsq: .*\[TRUNCATED\]$/],
  ['flipped byte in .bsq', ['decode', 'flipped.bsq', '-o', 'out.csv'], 1, /flipped\.bsq: .*CRC-32C mismatch.*\[CHECKSUM_MISMATCH\]$/],
  ['CSV given as the codec', [...ENCODE.slice(0, 2), 'tiny.csv', 'tiny.csv', '-o', 'out.bsq'], 1, /tiny\.csv: not a \.bsq file.*\[BAD_MAGIC\]$/],
  ['empty CSV (0 bytes)', [...ENCODE, 'empty.csv', '-o', 'out.bsq'], 1, /empty\.csv: empty input.*\[INVALID_DATA\]$/],
  ['NaN cell', [...ENCODE, 'nan.csv', '-o', 'out.bsq'], 1, /nan\.csv line 3: column 'Light': missing value \[INVALID_DATA\]$/],
  ['non-numeric cell', [...ENCODE, 'text.csv', '-o', 'out.bsq'], 1, /text\.csv line 3: column 'Light': 'abc' is not a number \[INVALID_DATA\]$/],
  ['hex literal cell', [...ENCODE, 'hex.csv', '-o', 'out.bsq'], 1, /hex\.csv line 3: column 'Light': '0x10' is not a number \[INVALID_DATA\]$/],
  ['binary literal cell', [...ENCODE, 'bin.csv', '-o', 'out.bsq'], 1, /bin\.csv line 2: column 'Light': ' 0b11' is not a number \[INVALID_DATA\]$/],
  ['row with a missing field', [...ENCODE, 'short.csv', '-o', 'out.bsq'], 1, /short\.csv line 3: 5 fields, expected 6.*\[INVALID_DATA\]$/],
  ['quote inside a field', [...ENCODE, 'quote.csv', '-o', 'out.bsq'], 1, /^bsq encode: error: quote\.csv: Invalid Opening Quote.*\[INVALID_DATA\]$/],
  ['binary file as CSV', [...ENCODE, 'junk.csv', '-o', 'out.bsq', '--format', 'csv'], 1, /^.{0,300}junk\.csv: column 'Temperature' not found \(columns: ".{0,200}\.\.\."\) \[INVALID_DATA\]$/],
  ['missing feature column', [...ENCODE, 'nocol.csv', '-o', 'out.bsq'], 1, /nocol\.csv: column 'Light' not found.*\[INVALID_DATA\]$/],
  ['Arrow value buffer shorter than the rows', [...ENCODE, 'shortbuf.arrow', '-o', 'out.bsq'], 1, /shortbuf\.arrow: column 'Light' holds 3 values for 4 rows \(corrupt Arrow data\) \[INVALID_DATA\]$/],
  ['directory as the input, a .bsq file as the output', [...ENCODE, 'adir', '-o', 'out.bsq'], 2, /'out\.bsq' names a \.bsq file, but several inputs or a directory \(adir\) write one \.bsq per input into a directory/],
  ['directory as the codec', ['encode', '--codec', 'adir', 'tiny.csv', '-o', 'out.bsq'], 1, /cannot read 'adir': is a directory \[EISDIR\]$/],
  ['missing input file', ['decode', 'nope.bsq', '-o', 'out.csv'], 1, /cannot read 'nope\.bsq': no such file or directory \[ENOENT\]$/],
  ['output in a missing directory', [...ENCODE, 'tiny.csv', '-o', 'no/such/dir/x.bsq'], 1, /cannot write 'no\/such\/dir\/x\.bsq': no such file or directory \[ENOENT\]$/],
  ['missing target column', ['train', 'tiny.csv', '--target', 'Nope', '-o', 'model'], 1, /target column 'Nope' not found.*\[INVALID_DATA\]$/],
  ['target among --features', ['train', 'tiny.csv', '--target', 'Occupancy', '--features', 'Light,Occupancy', '-o', 'model'], 2, /--features lists the target 'Occupancy'/],
  ['bad --regularized-candidate', ['train', 'tiny.csv', '--target', 'Occupancy', '--regularized-candidate', 'maybe', '-o', 'model'], 2, /option '--regularized-candidate' must be one of auto, on, off; got 'maybe'/],
  ['header-only CSV for train', ['train', 'hdr.csv', '--target', 'Occupancy', '-o', 'model'], 1, /no rows \[INVALID_DATA\]$/],
  ['an unnamed header column (a pandas index) for train', ['train', 'unnamed.csv', '--target', 'Occupancy', '-o', 'model'], 1, /unnamed\.csv: column 1 of the header has no name; name it, or list the features to use with --features \[INVALID_DATA\]$/],
  ['block rows 0', [...ENCODE, 'tiny.csv', '-o', 'out.bsq', '--block-rows', '0'], 2, /'--block-rows' must be at least 1/],
];

describe('bad input through the CLI', () => {
  it.each(CASES)('%s', async (_name, args, code, pattern) => {
    writeFileSync(join(dir, 'hdr.csv'), `${HEADER}\n`);
    const out = args[args.indexOf('-o') + 1];
    const outPath = out && !out.includes('/') && out !== 'model' ? join(dir, out) : undefined;
    if (outPath) writeFileSync(outPath, SENTINEL);
    const r = await run(args, { cwd: dir });
    expect(r.code).toBe(code);
    const lines = r.stderr.trimEnd().split('\n');
    // Usage errors add one "Run 'bsq <cmd> --help'" line; data errors are exactly one line.
    expect(lines.length).toBe(code === 2 ? 2 : 1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout.length).toBe(0);
    if (outPath) expect(readFileSync(outPath, 'utf8')).toBe(SENTINEL);
  });
});

describe('parseCell and JavaScript number literals', () => {
  it('refuses 0x / 0b / 0o cells, still reads decimals that start with 0', () => {
    for (const cell of ['0x10', '0X1f', ' 0b11', '0o7', '0B1', '0O17']) expect(parseCell(cell), cell).toBeUndefined();
    expect(parseCell('0')).toBe(0);
    expect(parseCell('0.25')).toBe(0.25);
    expect(parseCell('0e3')).toBe(0);
    expect(parseCell(' 007 ')).toBe(7);
    expect(parseCell('-0')).toBe(-0);
  });
});

describe('an output that is an input file', () => {
  it.each([
    ['encode x.csv -o x.csv', (d: string) => [...ENCODE, 'same.csv', '-o', 'same.csv'], 'same.csv'],
    ['encode --codec c.bsq -o c.bsq', (d: string) => ['encode', '--codec', 'c.bsq', 'tiny.csv', '-o', 'c.bsq'], 'c.bsq'],
    ['decode x.bsq -o x.bsq --format csv', (d: string) => ['decode', 'same.bsq', '-o', 'same.bsq', '--format', 'csv'], 'same.bsq'],
    ['encode through a symlink to the input', (d: string) => [...ENCODE, 'same.csv', '-o', join(d, 'link.csv')], 'same.csv'],
  ])('%s is a usage error and leaves the input as it was', async (_name, args, file) => {
    copyFileSync(join(dir, 'tiny.csv'), join(dir, 'same.csv'));
    copyFileSync(join(dir, 'codec.bsq'), join(dir, 'c.bsq'));
    copyFileSync(join(dir, 'good.bsq'), join(dir, 'same.bsq'));
    try {
      symlinkSync(join(dir, 'same.csv'), join(dir, 'link.csv'));
    } catch {
      // exists from an earlier case
    }
    const before = readFileSync(join(dir, file));
    const r = await run(args(dir), { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bsq (en|de)code: the output '.*' is the input file '.*'; write the output to another file\n/);
    expect(readFileSync(join(dir, file)).equals(before)).toBe(true);
  });
});

describe.skipIf(process.platform === 'win32')('an output that is not a regular file, or a link', () => {
  it('through a symlink, the file it points to is replaced and the link kept', async () => {
    writeFileSync(join(dir, 'real.csv'), 'old\n');
    symlinkSync(join(dir, 'real.csv'), join(dir, 'out-link.csv'));
    const r = await run(['decode', 'good.bsq', '-o', 'out-link.csv', '--as', 'codes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'out-link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8').split('\n')[0]).toBe(NAMES.join(','));
  });

  it('a named pipe is written in place and stays a pipe', async () => {
    const fifo = join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here
    const received = new Promise<string>((resolve, reject) => {
      const parts: Buffer[] = [];
      createReadStream(fifo)
        .on('data', (c) => parts.push(c as Buffer))
        .on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
        .on('error', reject);
    });
    const r = await run(['decode', 'good.bsq', '-o', 'pipe', '--as', 'codes'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = await received;
    expect(text.trimEnd().split('\n')).toHaveLength(51); // header + 50 rows
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});
