// Every single-byte corruption of a small Arrow IPC file (file format, three bit patterns per byte),
// read as the CLI reads a file (through a file handle): every batch is delivered or a BsqError is
// thrown, and the read ends. Regression: one flipped byte in a message header made apache-arrow's
// file iterator re-read the same footer block forever (the CLI hung at 100% CPU), and a flipped
// vector length in the footer or a record batch message made it build billions of objects (the
// process died out of memory).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { BsqError } from '../../src/index.js';
import { openIpcColumns } from '../../src/arrow/ipc-columns.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'bsq-arrow-corrupt-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const t = await openIpcColumns(handle, 'x.arrow');
    // every column has a name (a corrupt footer could leave it null, which reached the CLI as a TypeError)
    expect(t.allNames.every((n) => typeof n === 'string')).toBe(true);
    // as the CLI selects columns: by name (a corrupt schema may have renamed or lost them)
    const index = ['a', 'b'].map((n) => t.allNames.indexOf(n));
    if (index.some((i) => i < 0)) throw new BsqError('INVALID_DATA', `columns a, b not found among ${t.allNames.join(', ')}`);
    let rows = 0;
    for await (const b of t.batches(index)) rows += b.rowCount;
    return rows;
  } finally {
    await handle.close();
  }
}

describe('corrupt Arrow IPC files', () => {
  it('the flipped continuation marker of the first message is an error, not a hang', async () => {
    const good = tableToIPC(tableFromArrays({ a: Float64Array.from([1, 2, 3]), b: Float64Array.from([4, 5, 6]) }), 'file');
    writeFileSync(join(dir, 'good.arrow'), good);
    expect(await readAll(join(dir, 'good.arrow'))).toBe(3);
    const bad = good.slice();
    expect([...bad.subarray(8, 12)]).toEqual([0xff, 0xff, 0xff, 0xff]);
    bad[8] = 0xfe;
    writeFileSync(join(dir, 'bad.arrow'), bad);
    const err = await readAll(join(dir, 'bad.arrow')).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BsqError);
    expect((err as BsqError).code).toBe('INVALID_DATA');
  });

  it('a schema field without a name (its vtable slot zeroed in the footer) is INVALID_DATA naming the column', async () => {
    const good = tableToIPC(tableFromArrays({ a: Float64Array.from([1, 2, 3]), b: Float64Array.from([4, 5, 6]) }), 'file');
    const bad = good.slice();
    const dv = new DataView(bad.buffer, bad.byteOffset, bad.byteLength);
    // footer flatbuffer: Footer.schema (field 1) -> Schema.fields (field 1) -> fields[1] -> its vtable slot 0 (name)
    const footerLength = dv.getInt32(bad.length - 10, true);
    const base = bad.length - 10 - footerLength;
    const table = (p: number) => p + dv.getUint32(p, true);
    const slot = (t: number, k: number) => t - dv.getInt32(t, true) + 4 + 2 * k;
    const field = (t: number, k: number) => t + dv.getUint16(slot(t, k), true);
    const root = table(base);
    const schema = table(field(root, 1));
    const fieldsAt = field(schema, 1);
    const vec = fieldsAt + dv.getUint32(fieldsAt, true);
    const second = table(vec + 4 + 4);
    dv.setUint16(slot(second, 0), 0, true);
    writeFileSync(join(dir, 'noname.arrow'), bad);
    const err = await readAll(join(dir, 'noname.arrow')).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BsqError);
    // (the fields may share one vtable, so the first field loses its name too)
    expect((err as BsqError).message).toMatch(/^x\.arrow: corrupt Arrow schema \(column [12] has no name\)$/);
  });

  it('every flipped byte gives the rows or a BsqError', async () => {
    const good = tableToIPC(tableFromArrays({ a: Float64Array.from([1, 2, 3, 4]), b: Float64Array.from([5, 6, 7, 8]) }), 'file');
    const path = join(dir, 'flip.arrow');
    const seen = new Map<string, number>();
    for (let i = 0; i < good.length; i++) {
      for (const x of [0x01, 0x80, 0xff]) {
        const bad = good.slice();
        bad[i]! ^= x;
        writeFileSync(path, bad);
        let outcome = 'ok';
        try {
          await readAll(path);
        } catch (err) {
          if (!(err instanceof BsqError)) throw new Error(`byte ${i} ^ 0x${x.toString(16)}: ${String(err)}`, { cause: err });
          outcome = err.code;
        }
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }
    }
    expect(seen.get('INVALID_DATA') ?? 0).toBeGreaterThan(good.length / 10);
  }, 120_000);
});
