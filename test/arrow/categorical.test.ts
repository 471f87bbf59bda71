// Arrow and categorical features: a string column (Utf8 or a Dictionary of Utf8) encodes to the
// category indices, tableFromBsq gives the categories back as a Dictionary<Utf8> column (the unknown
// code as null), and every output re-encodes to the same codes.
import { describe, expect, it } from 'vitest';
import { DataType, Dictionary, Float64, Int8, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { BsqError, Codec, readBsq } from '../../src/index.js';
import { tableFromBsq, tableToBsq } from '../../src/arrow/index.js';

const codec = Codec.fromThresholds([
  { name: 'day', categories: ['Mon', 'Tue', 'Wed'], unknown: 'code' },
  { name: 'temp', thresholds: [10, 20, 30] },
  { name: 'mode', categories: ['idle', 'run'] },
]);
const days = ['Tue', 'Mon', 'Sun', 'Wed', null, 'Mon'];
const modes = ['run', 'idle', 'idle', 'run', 'run', 'idle'];
const temps = Float64Array.of(5, 15, 25, 35, 12, 22);

describe('Arrow categorical columns', () => {
  it('Utf8 and Dictionary<Utf8> columns encode to indices; values decode to the categories, unknown as null', () => {
    const dictDay = vectorFromArray(days, new Dictionary(new Utf8(), new Int8()));
    const t1 = new Table({ day: dictDay, temp: vectorFromArray(Array.from(temps), new Float64()), mode: vectorFromArray(modes, new Utf8()) });
    const t2 = new Table({ day: vectorFromArray(days, new Utf8()), temp: vectorFromArray(Array.from(temps), new Float64()), mode: vectorFromArray(modes, new Utf8()) });
    const b1 = tableToBsq(t1, codec);
    const b2 = tableToBsq(t2, codec);
    expect(Buffer.from(b1).equals(Buffer.from(b2))).toBe(true);
    const file = readBsq(b1);
    expect(file.codec.categoryNames(0, file.codes(), { stride: 3 })).toEqual(['Tue', 'Mon', null, 'Wed', null, 'Mon']);

    const back = tableFromIPC(tableToIPC(tableFromBsq(b1)));
    expect(DataType.isDictionary(back.schema.fields[0]!.type)).toBe(true);
    expect(back.getChild('day')!.toArray()).toEqual(['Tue', 'Mon', null, 'Wed', null, 'Mon']);
    expect(back.getChild('mode')!.toArray()).toEqual(modes);
    // values, codes and dictionary tables all encode back to the same bytes
    for (const output of ['values', 'codes', 'dictionary'] as const) {
      expect(Buffer.from(tableToBsq(tableFromBsq(b1, { output }), codec)).equals(Buffer.from(b1)), output).toBe(true);
    }
  });

  it('a category outside a dictionary without an unknown code is UNKNOWN_CATEGORY naming the row', () => {
    const t = new Table({ day: vectorFromArray(days, new Utf8()), temp: vectorFromArray(Array.from(temps), new Float64()), mode: vectorFromArray(['run', 'idle', 'walk', 'run', 'run', 'idle'], new Utf8()) });
    try { tableToBsq(t, codec); expect.unreachable(); } catch (e) {
      expect((e as BsqError).code).toBe('UNKNOWN_CATEGORY');
      expect((e as BsqError).details).toMatchObject({ row: 2, feature: 'mode' });
    }
    const s = new Table({ day: vectorFromArray(days, new Utf8()), temp: vectorFromArray(['a', 'b', 'c', 'd', 'e', 'f'], new Utf8()), mode: vectorFromArray(modes, new Utf8()) });
    expect(() => tableToBsq(s, codec)).toThrow(/column "temp".*Utf8/);
  });
});
