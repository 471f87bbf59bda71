// Encoding 2 through the Arrow adapters: entropy-coded .bsq decodes to a Table without options, the
// model travels in the Table's codec metadata, and a Table encodes back with encoding 'entropy' to
// the same bytes as writeBsq.

import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { tableFromBsq, codecFromMetadata, tableToBsq } from 'bsq/arrow';
import { Codec, readBsq, writeBsq } from 'bsq';
import { encodeEntropyModel } from 'bsq/internals';

describe('encoding 2 through Arrow', () => {
  const n = 3000;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = Math.sin(i / 100) * 5;
    b[i] = Math.floor(i / 700);
  }
  const base = Codec.fromThresholds([
    { name: 'a', thresholds: Array.from({ length: 15 }, (_, k) => -5 + k * 0.7) },
    { name: 'b', thresholds: [1, 2, 3, 4, 5, 6, 7] },
  ]);
  const codec = base.fitEntropyModelFromCodes(base.encodeColumnsToCodes([a, b]));
  const bytes = writeBsq(codec, { columns: [a, b], encoding: 'entropy', blockRows: 1000 });

  it('tableFromBsq decodes entropy blocks and keeps the model in the codec metadata', () => {
    expect(readBsq(bytes).blocks.map((x) => x.encoding)).toEqual(['entropy', 'entropy', 'entropy']);
    const t = tableFromBsq(bytes);
    expect(t.numRows).toBe(n);
    const values = readBsq(bytes).values();
    const col = t.getChild('a')!.toArray() as Float32Array;
    expect(Array.from(col)).toEqual(Array.from({ length: n }, (_, i) => values[2 * i]));
    const meta = codecFromMetadata(t.schema.metadata)!;
    expect(encodeEntropyModel(meta.entropyModel!)).toEqual(encodeEntropyModel(codec.entropyModel!));
  });

  it("tableToBsq with encoding 'entropy' writes the same bytes as writeBsq", () => {
    const out = tableToBsq(tableFromArrays({ a, b }), codec, { encoding: 'entropy', blockRows: 1000 });
    expect(out).toEqual(bytes);
  });
});
