// The library in a real browser (the bundles in playground/dist/lib, built for platform browser)
// gives the same bytes as in Node: writeBsq with every block encoding, the WHATWG stream encoder
// and decoder fed in odd chunk sizes, bsq/arrow's tableFromBsq; hostile .bsq bytes give BsqError with
// the same code as in Node, in the library and in the page's .bsq view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_ENCODERS } from '../../src/internals.js';
import { BsqError, Codec, createDecoderStream, createEncoderStream, readBsq, writeBsq, type Codec as CodecT, type DecodedRows } from '../../src/index.js';
import { tableFromBsq } from '../../src/arrow/index.js';
import { openPlayground, type Session } from './harness.js';

// A slowly changing 4-feature sensor log (the entropy coder's favourite) with mixed bit widths.
const ROWS = 3001;
const F = 4;
function sensorRows(): number[] {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: number[] = [];
  const x = [20, 50, 400, 0.5];
  for (let r = 0; r < ROWS; r++) {
    x[0] += (rnd() - 0.5) * 0.2;
    x[1] += (rnd() - 0.5) * 1.5;
    x[2] = r % 500 < 250 ? 420 + rnd() * 30 : rnd() * 10;
    x[3] = rnd();
    out.push(...x.map((v) => Math.fround(v)));
  }
  return out;
}
const specs = [
  { name: 'temp', thresholds: [19, 19.5, 20, 20.5, 21, 21.5, 22] }, // 3 bits
  { name: 'humidity', thresholds: Array.from({ length: 15 }, (_, k) => 30 + k * 3) }, // 4 bits
  { name: 'light', thresholds: [200] }, // 1 bit
  { name: 'noise', thresholds: Array.from({ length: 255 }, (_, k) => (k + 1) / 256) }, // 8 bits
];
const rows = sensorRows();

function nodeCodec(): CodecT {
  const c = Codec.fromThresholds(specs);
  return c.fitEntropyModelFromCodes(c.encodeRowsToCodes(Float64Array.from(rows)));
}

function result<T>(f: () => T): { ok: T } | { code: string } {
  try {
    return { ok: f() };
  } catch (err) {
    if (err instanceof BsqError) return { code: err.code };
    throw err;
  }
}

let s: Session;
beforeAll(async () => {
  s = await openPlayground();
  await s.page.addScriptTag({
    type: 'module',
    content: `import * as bsq from '/lib/bsq.js'; import * as arrow from '/lib/arrow.js'; window.bsqLib = bsq; window.bsqArrow = arrow;`,
  });
  await s.page.waitForFunction(() => 'bsqLib' in window && 'bsqArrow' in window);
});
afterAll(async () => {
  await s?.close();
});

describe('the library in chromium matches Node byte for byte', () => {
  it('writeBsq with every block encoding, and readBsq of the Node bytes', async () => {
    const names = BLOCK_ENCODERS.map((e) => e.name);
    expect(names).toContain('entropy');
    const codec = nodeCodec();
    const node = names.map((encoding) => result(() => Array.from(writeBsq(codec, { rows: Float64Array.from(rows), encoding, blockRows: 1000 }))));
    const page = await s.page.evaluate(
      ({ rows, specs, names }) => {
        const b = (window as any).bsqLib;
        const c0 = b.Codec.fromThresholds(specs);
        const codec = c0.fitEntropyModelFromCodes(c0.encodeRowsToCodes(Float64Array.from(rows)));
        return names.map((encoding: string) => {
          try {
            return { ok: Array.from(b.writeBsq(codec, { rows: Float64Array.from(rows), encoding, blockRows: 1000 }) as Uint8Array) };
          } catch (e: any) {
            if (e instanceof b.BsqError) return { code: e.code };
            throw e;
          }
        });
      },
      { rows, specs, names },
    );
    expect(page.length).toBe(names.length);
    for (let i = 0; i < names.length; i++) expect({ encoding: names[i], ...page[i] }).toEqual({ encoding: names[i], ...node[i] });
    expect(node.filter((x) => 'ok' in x).length).toBeGreaterThanOrEqual(3);
    // And the page decodes Node's bytes to the same values.
    const bytes = writeBsq(codec, { rows: Float64Array.from(rows), encoding: 'entropy', blockRows: 1000 });
    const values = await s.page.evaluate((bytes) => Array.from((window as any).bsqLib.readBsq(Uint8Array.from(bytes)).values() as Float32Array), Array.from(bytes));
    expect(values).toEqual(Array.from(readBsq(bytes).values()));
  });

  it('stream encoder and decoder with odd chunking give the same bytes and codes as in Node', async () => {
    const codec = nodeCodec();
    const rowChunks = [1, 7, 13, 100, 2, 999, 31];
    const byteChunks = [1, 3, 17, 250, 4096, 5];
    const encodings = ['raw', 'deflate', 'entropy'];
    // Node: the same stream code on Node's WHATWG streams.
    const nodeOut: { bytes: number[]; codes: number[] }[] = [];
    for (const encoding of encodings) {
      const data = Float64Array.from(rows);
      let at = 0, k = 0;
      const src = new ReadableStream<Float64Array>({
        pull(ctl) {
          if (at >= ROWS) return ctl.close();
          const n = Math.min(rowChunks[k++ % rowChunks.length]!, ROWS - at);
          ctl.enqueue(data.slice(at * F, (at + n) * F));
          at += n;
        },
      });
      const parts: number[] = [];
      for await (const b of src.pipeThrough(createEncoderStream(codec, { blockRows: 333, encoding: encoding as 'raw' })) as unknown as AsyncIterable<Uint8Array>) parts.push(...b);
      const bytes = Uint8Array.from(parts);
      let pos = 0;
      k = 0;
      const bsrc = new ReadableStream<Uint8Array>({
        pull(ctl) {
          if (pos >= bytes.length) return ctl.close();
          const n = byteChunks[k++ % byteChunks.length]!;
          ctl.enqueue(bytes.slice(pos, pos + n));
          pos += n;
        },
      });
      const codes: number[] = [];
      for await (const blk of bsrc.pipeThrough(createDecoderStream({ output: 'codes' })) as unknown as AsyncIterable<DecodedRows>) codes.push(...blk.codes!);
      nodeOut.push({ bytes: parts, codes });
    }
    const pageOut = await s.page.evaluate(
      async ({ rows, specs, rowChunks, byteChunks, encodings, ROWS, F }) => {
        const b = (window as any).bsqLib;
        const c0 = b.Codec.fromThresholds(specs);
        const codec = c0.fitEntropyModelFromCodes(c0.encodeRowsToCodes(Float64Array.from(rows)));
        const out: { bytes: number[]; codes: number[] }[] = [];
        for (const encoding of encodings) {
          const data = Float64Array.from(rows);
          let at = 0, k = 0;
          const src = new ReadableStream({
            pull(ctl) {
              if (at >= ROWS) return ctl.close();
              const n = Math.min(rowChunks[k++ % rowChunks.length], ROWS - at);
              ctl.enqueue(data.slice(at * F, (at + n) * F));
              at += n;
            },
          });
          const parts: number[] = [];
          const r1 = src.pipeThrough(b.createEncoderStream(codec, { blockRows: 333, encoding })).getReader();
          for (;;) {
            const { done, value } = await r1.read();
            if (done) break;
            parts.push(...(value as Uint8Array));
          }
          const bytes = Uint8Array.from(parts);
          let pos = 0;
          k = 0;
          const bsrc = new ReadableStream({
            pull(ctl) {
              if (pos >= bytes.length) return ctl.close();
              const n = byteChunks[k++ % byteChunks.length];
              ctl.enqueue(bytes.slice(pos, pos + n));
              pos += n;
            },
          });
          const codes: number[] = [];
          const r2 = bsrc.pipeThrough(b.createDecoderStream({ output: 'codes' })).getReader();
          for (;;) {
            const { done, value } = await r2.read();
            if (done) break;
            codes.push(...(value as { codes: Uint8Array }).codes);
          }
          out.push({ bytes: parts, codes });
        }
        return out;
      },
      { rows, specs, rowChunks, byteChunks, encodings, ROWS, F },
    );
    expect(pageOut.length).toBe(encodings.length);
    for (let i = 0; i < encodings.length; i++) {
      expect(pageOut[i]!.bytes.length).toBe(nodeOut[i]!.bytes.length);
      expect(pageOut[i]!.bytes).toEqual(nodeOut[i]!.bytes);
      expect(pageOut[i]!.codes).toEqual(nodeOut[i]!.codes);
      expect(pageOut[i]!.codes.length).toBe(ROWS * F);
    }
    // Same stream bytes as the whole-file writer with the same blocks.
    expect(Uint8Array.from(nodeOut[0]!.bytes)).toEqual(writeBsq(codec, { rows: Float64Array.from(rows), blockRows: 333 }));
  });

  it('bsq/arrow: tableFromBsq gives the same columns in the page as in Node', async () => {
    const bytes = writeBsq(nodeCodec(), { rows: Float64Array.from(rows), blockRows: 700 });
    const table = tableFromBsq(bytes);
    const node = table.schema.fields.map((f) => ({ name: f.name, values: Array.from(table.getChild(f.name)!.toArray() as Float32Array) }));
    const page = await s.page.evaluate((bytes) => {
      const t = (window as any).bsqArrow.tableFromBsq(Uint8Array.from(bytes));
      return t.schema.fields.map((f: any) => ({ name: f.name, values: Array.from(t.getChild(f.name).toArray() as Float32Array) }));
    }, Array.from(bytes));
    expect(page.map((c: { name: string }) => c.name)).toEqual(specs.map((x) => x.name));
    expect(page).toEqual(node);
  });
});

describe('hostile .bsq bytes in the page', () => {
  const good = () => writeBsq(nodeCodec(), { rows: Float64Array.from(rows.slice(0, 40 * F)), encoding: 'entropy', blockRows: 16 });
  const cases: [string, () => Uint8Array][] = [
    ['truncated', () => good().subarray(0, 60)],
    ['flipped byte in a record', () => {
      const b = good().slice();
      b[b.length - 30] ^= 0x40;
      return b;
    }],
    ['garbage', () => Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 255)],
    ['empty', () => new Uint8Array(0)],
    ['header only', () => good().subarray(0, 16)],
  ];

  it('readBsq and the stream decoder throw BsqError with the same codes as in Node', async () => {
    for (const [name, make] of cases) {
      const bytes = make();
      const node = result(() => readBsq(bytes).rowCount);
      expect(node, name).toHaveProperty('code');
      const page = await s.page.evaluate(async (bytes) => {
        const b = (window as any).bsqLib;
        const out: { read?: string; stream?: string; isBsq: boolean[] } = { isBsq: [] };
        try {
          b.readBsq(Uint8Array.from(bytes));
        } catch (e: any) {
          out.read = e.code;
          out.isBsq.push(e instanceof b.BsqError);
        }
        try {
          const src = new ReadableStream({ start(c) { if (bytes.length) c.enqueue(Uint8Array.from(bytes)); c.close(); } });
          const r = src.pipeThrough(b.createDecoderStream()).getReader();
          for (;;) if ((await r.read()).done) break;
        } catch (e: any) {
          out.stream = e.code;
          out.isBsq.push(e instanceof b.BsqError);
        }
        return out;
      }, Array.from(bytes));
      expect({ name, read: page.read }).toEqual({ name, read: (node as { code: string }).code });
      expect(page.stream, name).toBeTruthy();
      expect(page.isBsq, name).toEqual([true, true]);
    }
  });

  it('the .bsq view shows the error with its code and no decoded rows', async () => {
    const { page } = s;
    await page.click('#tab-bsq');
    const bytes = cases[1]![1]();
    const code = (result(() => readBsq(bytes)) as { code: string }).code;
    await page.setInputFiles('#file-bsq', { name: 'hostile.bsq', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error')).toContain(`[${code}]`);
    expect(await page.isHidden('#bsq-body')).toBe(true);
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
