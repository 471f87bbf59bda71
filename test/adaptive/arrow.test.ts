// Encoding 3 through the Arrow adapters: an adaptive-coded .bsq decodes to a Table without options,
// and a Table encodes back with encoding 'adaptive' to the same bytes as writeBsq.

import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { tableFromBsq, tableToBsq } from 'bsq/arrow';
import { Codec, readBsq, writeBsq } from 'bsq';

describe('encoding 3 through Arrow', () => {
  const n = 3000;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = Math.sin(i / 100) * 5;
    b[i] = Math.floor(i / 700);
  }
  const codec = Codec.fromThresholds([
    { name: 'a', thresholds: Array.from({ length: 15 }, (_, k) => -5 + k * 0.7) },
    { name: 'b', thresholds: [1, 2, 3, 4, 5, 6, 7] },
  ]);
  const bytes = writeBsq(codec, { columns: [a, b], encoding: 'adaptive', blockRows: 1000 });

  it('tableFromBsq decodes adaptive blocks', () => {
    expect(readBsq(bytes).blocks.map((x) => x.encoding)).toEqual(['adaptive', 'adaptive', 'adaptive']);
    const t = tableFromBsq(bytes);
    expect(t.numRows).toBe(n);
    const values = readBsq(bytes).values();
    expect(Array.from(t.getChild('a')!.toArray() as Float32Array)).toEqual(Array.from({ length: n }, (_, i) => values[2 * i]));
  });

  it("tableToBsq with encoding 'adaptive' writes the same bytes as writeBsq", () => {
    expect(tableToBsq(tableFromArrays({ a, b }), codec, { encoding: 'adaptive', blockRows: 1000 })).toEqual(bytes);
  });
});
