// Unit tests of the CLI building blocks: argument parsing, the streaming CSV reader (values across
// chunk boundaries, line-numbered errors), atomic writes, progress output, text formatting.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parseCommandArgs, intOption, floatOption, formatHelp, listOption, type CommandSpec } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { openCsv, parseCell } from '../../src/cli/csv-input.js';
import { readWholeTable } from '../../src/cli/table.js';
import { AtomicFile, writeDirAtomic, writeFileAtomic } from '../../src/cli/atomic.js';
import { Progress } from '../../src/cli/progress.js';
import { float32Text, sizeChange, table } from '../../src/cli/format-text.js';
import { parseBits } from '../../src/cli/commands/train.js';
import { sniffFormat } from '../../src/cli/input.js';
import { BsqError } from '../../src/codec/errors.js';
import { listing, tempDir } from './helpers.js';

const spec: CommandSpec = {
  name: 'x',
  summary: 'test',
  usage: ['x <in>'],
  options: { output: { type: 'string', short: 'o', help: 'out' }, flag: { type: 'boolean', help: 'f' }, n: { type: 'string', help: 'n' } },
  positionals: { min: 1, max: 1 },
};

describe('argument parsing', () => {
  it('parses options, short options and "-" as a value or positional', () => {
    const a = parseCommandArgs(spec, ['-', '-o', '-', '--flag', '--n=3']);
    expect(a.positionals).toEqual(['-']);
    expect(a.values).toMatchObject({ output: '-', flag: true, n: '3' });
  });
  it('turns unknown options, missing values, extra or missing positionals into UsageError', () => {
    expect(() => parseCommandArgs(spec, ['a', '--nope'])).toThrow(UsageError);
    expect(() => parseCommandArgs(spec, ['a', '--output'])).toThrow(/needs a value|argument missing/);
    expect(() => parseCommandArgs(spec, ['a', '--output', '-5'])).toThrow("option '--output' is followed by a value that starts with a dash; write --output=<value> (e.g. --output=-5)");
    expect(parseCommandArgs(spec, ['a', '--output=-5']).values.output).toBe('-5');
    expect(listOption({ features: 'a, b,,c' }, 'features')).toEqual(['a', 'b', 'c']);
    expect(() => listOption({ features: 'a,b,a' }, 'features')).toThrow("option '--features' lists 'a' twice");
    expect(() => parseCommandArgs(spec, ['a', 'b'])).toThrow(/unexpected argument 'b'/);
    expect(() => parseCommandArgs(spec, [])).toThrow(/missing input/);
    expect(parseCommandArgs(spec, ['a', '--n', '1', '--n', '2']).values.n).toBe('2'); // the last one wins
  });
  it('--help skips the positional checks', () => {
    expect(parseCommandArgs(spec, ['--help']).values.help).toBe(true);
    expect(formatHelp(spec)).toMatch(/--output <value>/);
  });
  it('checks integers and numbers', () => {
    expect(intOption({ n: '12' }, 'n', { min: 1 })).toBe(12);
    expect(() => intOption({ n: '1.5' }, 'n')).toThrow(/integer/);
    expect(() => intOption({ n: '0' }, 'n', { min: 1 })).toThrow(/at least 1/);
    expect(floatOption({ n: '0.25' }, 'n', { min: 0, max: 1 })).toBe(0.25);
    expect(() => floatOption({ n: 'abc' }, 'n')).toThrow(/number/);
    expect(() => floatOption({ n: '1' }, 'n', { max: 1, exclusiveMax: true })).toThrow(/less than 1/);
  });
  it('parses --bits: one width, per-feature widths, a default among them', () => {
    expect(parseBits('4')).toEqual({ uniform: 4, perFeature: {} });
    expect(parseBits('temp=2, co2=6')).toEqual({ perFeature: { temp: 2, co2: 6 } });
    expect(parseBits('3,co2=6')).toEqual({ uniform: 3, perFeature: { co2: 6 } });
    expect(() => parseBits('0')).toThrow(UsageError);
    expect(() => parseBits('13')).toThrow(UsageError);
    expect(() => parseBits('a=2,a=3')).toThrow(/twice/);
    expect(() => parseBits('x')).toThrow(/not a bit width/);
    expect(() => parseBits('=3')).toThrow(/missing feature name/);
  });
});

async function readCsv(text: string | Buffer[], opts: Parameters<typeof openCsv>[2] = {}) {
  const stream = Readable.from(typeof text === 'string' ? [Buffer.from(text)] : text);
  return readWholeTable(await openCsv(stream, 'in.csv', opts));
}

async function csvError(text: string, opts: Parameters<typeof openCsv>[2] = {}): Promise<BsqError> {
  try {
    await readCsv(text, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(BsqError);
    return err as BsqError;
  }
  throw new Error('expected an error');
}

describe('CSV reader', () => {
  it('reads selected columns in the requested order, skipping others (even non-numeric ones)', async () => {
    const t = await readCsv('date,a,b,c\nmon,1,2,3\ntue,4,5,6\n', { select: ['c', 'a'] });
    expect(t.names).toEqual(['c', 'a']);
    expect(Array.from(t.columns[0])).toEqual([3, 6]);
    expect(Array.from(t.columns[1])).toEqual([1, 4]);
  });
  it('handles a BOM, CRLF line ends, quoted cells, blank lines and exponents', async () => {
    const t = await readCsv('\ufeffa,"b"\r\n1e3,"-2.5"\r\n\r\n 7 ,1.6e1\r\n');
    expect(t.names).toEqual(['a', 'b']);
    expect(Array.from(t.columns[0])).toEqual([1000, 7]);
    expect(Array.from(t.columns[1])).toEqual([-2.5, 16]);
  });
  it('gives the same table whatever the input buffer and chunk sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 }), { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 17 }),
        async (rows, cut, chunkRows) => {
          const text = 'x,y,z\n' + rows.map((r) => r.map((v) => String(v)).join(',')).join('\n') + (rows.length ? '\n' : '');
          const buf = Buffer.from(text);
          const parts: Buffer[] = [];
          for (let o = 0; o < buf.length; o += cut) parts.push(buf.subarray(o, o + cut));
          const t = await readCsv(parts, { chunkRows });
          expect(t.rowCount).toBe(rows.length);
          for (let j = 0; j < 3; j++) expect(Array.from(t.columns[j])).toEqual(rows.map((r) => Number(String(r[j]))));
        },
      ),
      { numRuns: 60 },
    );
  });
  it('reports a wrong field count with its line number', async () => {
    const e = await csvError('a,b\n1,2\n\n3\n');
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toBe('in.csv line 4: 1 field, expected 2 (as in the header)');
  });
  it('reports a non-numeric cell with line and column', async () => {
    const e = await csvError('a,b\n1,2\n3,abc\n');
    expect(e.message).toBe("in.csv line 3: column 'b': 'abc' is not a number");
    expect(e.details).toMatchObject({ line: 3, column: 'b' });
  });
  it('reports missing values, or delivers NaN when allowed', async () => {
    expect((await csvError('a,b\n1,\n')).message).toBe("in.csv line 2: column 'b': missing value");
    expect((await csvError('a,b\n1,NA\n')).message).toMatch(/line 2: column 'b': missing value/);
    const t = await readCsv('a,b\n1,\n2,NaN\n', { allowMissing: true });
    expect(Array.from(t.columns[1]).every(Number.isNaN)).toBe(true);
  });
  it('reports an unclosed quote, an empty input, a missing or duplicate column', async () => {
    expect((await csvError('a,b\n1,"2\n')).message).toMatch(/^in\.csv: Quote Not Closed/);
    expect((await csvError('')).message).toBe('in.csv: empty input (expected a header row)');
    expect((await csvError('a,b\n1,2\n', { select: ['c'] })).message).toBe("in.csv: column 'c' not found (columns: a, b)");
    expect((await csvError('a,a\n1,2\n')).message).toMatch(/duplicate column name 'a'/);
  });
  it('delivers text columns (labels) as strings and refuses an empty one', async () => {
    const src = await openCsv(Readable.from([Buffer.from('a,label,b\n1, yes ,2\n3,no,4\n')]), 'in.csv', { select: ['b', 'a'], text: ['label'] });
    const t = await readWholeTable(src);
    expect(t.textNames).toEqual(['label']);
    expect(t.text).toEqual([['yes', 'no']]);
    expect(Array.from(t.columns[0])).toEqual([2, 4]);
    expect((await csvError('a,label\n1,\n', { select: ['a'], text: ['label'] })).message).toBe("in.csv line 2: column 'label': missing value");
    expect((await csvError('a,b\n1,2\n', { select: ['a'], text: ['a'] })).message).toMatch(/both as a number and as text/);
  });

  it('parseCell: numbers, blanks and markers', () => {
    expect(parseCell('  3.5 ')).toBe(3.5);
    expect(parseCell('')).toBeNaN();
    expect(parseCell('  ')).toBeNaN();
    expect(parseCell('NA')).toBeNaN();
    expect(parseCell('-Infinity')).toBe(-Infinity);
    expect(parseCell('1,5')).toBeUndefined();
  });
});

describe('atomic writes', () => {
  it('writeFileAtomic replaces a file and leaves no temporary file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'a.txt');
      writeFileSync(p, 'old');
      await writeFileAtomic(p, 'new');
      expect(readFileSync(p, 'utf8')).toBe('new');
      expect(listing(dir)).toEqual(['a.txt']);
    } finally {
      cleanup();
    }
  });
  it('an aborted AtomicFile leaves the old file untouched and no temporary file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'a.bsq');
      writeFileSync(p, 'good');
      const f = await AtomicFile.create(p);
      await f.write('partial');
      expect(listing(dir).length).toBe(2); // the temporary file exists while writing
      await f.abort();
      expect(readFileSync(p, 'utf8')).toBe('good');
      expect(listing(dir)).toEqual(['a.bsq']);
    } finally {
      cleanup();
    }
  });
  it('writeDirAtomic: a failing fill leaves nothing; success swaps entries and keeps other files', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const out = join(dir, 'out');
      await expect(
        writeDirAtomic(out, async (d) => {
          writeFileSync(join(d, 'x'), '1');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(listing(dir)).toEqual([]);
      await writeDirAtomic(out, async (d) => {
        writeFileSync(join(d, 'x'), 'v1');
        mkdirSync(join(d, 'sub'));
        writeFileSync(join(d, 'sub', 'y'), 'v1');
      });
      writeFileSync(join(out, 'mine.txt'), 'keep');
      await expect(writeDirAtomic(out, async () => Promise.reject(new Error('again')))).rejects.toThrow('again');
      expect(readFileSync(join(out, 'x'), 'utf8')).toBe('v1');
      await writeDirAtomic(out, async (d) => {
        writeFileSync(join(d, 'x'), 'v2');
        mkdirSync(join(d, 'sub'));
        writeFileSync(join(d, 'sub', 'z'), 'v2');
      });
      expect(listing(out)).toEqual(['mine.txt', 'sub', 'x']);
      expect(readFileSync(join(out, 'x'), 'utf8')).toBe('v2');
      expect(listing(join(out, 'sub'))).toEqual(['z']);
      expect(listing(dir)).toEqual(['out']);
      expect(existsSync(join(out, 'mine.txt'))).toBe(true);
    } finally {
      cleanup();
    }
  });
});

function collector(): { w: Writable; text: () => string } {
  const parts: string[] = [];
  return {
    w: new Writable({
      write(c, _e, cb) {
        parts.push(String(c));
        cb();
      },
    }),
    text: () => parts.join(''),
  };
}

describe('progress', () => {
  it('draws a bar in place on a terminal, with ETA', () => {
    const c = collector();
    let t = 0;
    const p = new Progress(c.w, { tty: true, enabled: true, now: () => t });
    p.start('train', 10);
    t = 1000;
    p.update(5, 'epoch 5/10 loss 0.1', { step: true });
    expect(c.text()).toBe('\r\x1b[2Ktrain [##########..........]  50% epoch 5/10 loss 0.1 ETA 00:01');
    p.finish('done');
    expect(c.text().endsWith('\r\x1b[2Kdone\n')).toBe(true);
  });
  it('prints plain lines otherwise: steps always, other updates throttled', () => {
    const c = collector();
    let t = 0;
    const p = new Progress(c.w, { tty: false, enabled: true, interval: 1000, now: () => t });
    p.start('encode');
    p.update(1, 'a');
    t = 500;
    p.update(2, 'b');
    t = 1500;
    p.update(3, 'c');
    p.update(4, 'epoch', { step: true });
    expect(c.text()).toBe('encode: c\nencode: epoch\n');
  });
  it('is silent when disabled (--quiet)', () => {
    const c = collector();
    const p = new Progress(c.w, { tty: true, enabled: false });
    p.start('x', 3);
    p.update(1, 'y', { step: true });
    p.log('z');
    p.finish('w');
    expect(c.text()).toBe('');
  });
});

describe('text helpers', () => {
  it('float32Text is the shortest text that reads back as the same binary32 value', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), (v) => {
        const s = float32Text(v);
        expect(Math.fround(Number(s))).toBe(v);
        expect(Number(s) === Number(Number(s).toPrecision(9))).toBe(true); // at most 9 significant digits
      }),
    );
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Infinity)).toBe('Infinity');
  });
  it('table right-aligns numeric columns', () => {
    expect(table([['m', 'acc'], ['bsq', '0.9'], ['FP', '0.95']])).toBe('  m     acc\n  bsq   0.9\n  FP   0.95');
  });
  it('sniffs .bsq, Arrow file/stream and CSV', () => {
    expect(sniffFormat(Uint8Array.of(0x89, 0x42, 0x53, 0x51, 0x0d))).toBe('bsq');
    expect(sniffFormat(new TextEncoder().encode('ARROW1\0\0'))).toBe('arrow');
    expect(sniffFormat(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x10))).toBe('arrow');
    expect(sniffFormat(new TextEncoder().encode('a,b\n'))).toBe('csv');
  });
});

describe('sizeChange', () => {
  it('says smaller for factors of at least 1 and larger below 1, never "0.48x smaller"', () => {
    expect(sizeChange(8)).toBe('8.00x smaller');
    expect(sizeChange(1)).toBe('1.00x smaller');
    expect(sizeChange(0.48)).toBe('2.08x larger');
    expect(sizeChange(0.01)).toBe('100x larger');
    expect(sizeChange(Number.NaN)).toBe('–');
    expect(sizeChange(0)).toBe('–');
  });
});
