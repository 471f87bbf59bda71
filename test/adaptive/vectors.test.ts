// Encoding-3 golden vectors (spec/vectors/adaptive-*): every encoding-3 block of the files decodes
// with the independent reference decoder to the JSON's codes, the writer rebuilds the files byte
// for byte from the JSON, and the record chain of adaptive-chain.json decodes record by record
// (library and reference decoder) and is re-encoded byte for byte. (test/format/golden.test.ts
// also checks codes, values, chunked reading and every single-bit flip of these files.)

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AdaptiveChainDecoder, AdaptiveChainEncoder, Codec, readBsq, writeBsq, BsqReader, type Codes } from '../../src/index.js';
import { INVALID, VECTOR_DIR, VECTORS, type Expected } from '../format/vectors.js';
import { ReferenceAdaptiveState, referenceDecode } from './reference-decoder.js';

const vectors = VECTORS.filter((v) => v.name.startsWith('adaptive-'));

function codecFromJson(e: Expected): Codec {
  return Codec.fromFeatures(e.codec.features.map((f) => ({ name: f.name, bits: f.bits, thresholds: Float32Array.from(f.thresholds), levels: Float32Array.from(f.levels) })));
}

function flat(e: Expected, rows: number[][]): Codes {
  return e.codec.features.some((f) => f.bits > 8) ? Uint16Array.from(rows.flat()) : Uint8Array.from(rows.flat());
}

describe('encoding-3 golden vectors', () => {
  it('are present, valid and invalid ones', () => {
    expect(vectors.map((v) => v.name).sort()).toEqual(['adaptive-example', 'adaptive-sensor']);
    expect(INVALID.filter((v) => v.name.startsWith('adaptive-')).map((v) => v.error)).toEqual(['CORRUPT_BLOCK', 'CORRUPT_BLOCK', 'CORRUPT_BLOCK']);
  });

  for (const v of vectors) {
    const e = v.expected;
    it(`${v.name}: the reference decoder decodes every encoding-3 block to the JSON codes`, () => {
      const reader = new BsqReader();
      const blocks = [...reader.push(v.bytes)].filter((ev) => ev.type === 'block');
      reader.end();
      expect(blocks.length).toBe(e.blockCount);
      let coded = 0;
      for (const [i, b] of e.blocks.entries()) {
        if (b.encoding !== 'adaptive') continue;
        coded++;
        // find the block's body in the file: walk the records
        const bodies = dataBodies(v.bytes);
        const body = bodies[i]!;
        expect(body.encoding).toBe(3);
        expect(body.bytes[0] | (body.bytes[1]! << 8)).toBe(0);
        const got = referenceDecode(new ReferenceAdaptiveState(e.codec.features.map((f) => f.bits)), body.bytes.subarray(2), b.rowCount);
        expect(got).toEqual(e.codes.slice(b.firstRow, b.firstRow + b.rowCount).flat());
      }
      expect(coded).toBeGreaterThan(0);
    });
  }

  it('adaptive-sensor: writeBsq rebuilds the file byte for byte from the JSON', () => {
    const v = vectors.find((x) => x.name === 'adaptive-sensor')!;
    const e = v.expected;
    const bytes = writeBsq(codecFromJson(e), { codes: flat(e, e.codes), blockRows: 64, encoding: 'adaptive' });
    expect(Buffer.from(bytes).equals(Buffer.from(v.bytes))).toBe(true);
  });

  it('adaptive-chain.json: decodes record by record (library and reference decoder) and re-encodes byte for byte', () => {
    const chain = JSON.parse(readFileSync(VECTOR_DIR + 'adaptive-chain.json', 'utf8')) as {
      resetEvery: number;
      records: { seq: number; rows: number[][]; hex: string }[];
    };
    const e = vectors.find((x) => x.name === 'adaptive-sensor')!.expected;
    const codec = readBsq(vectors.find((x) => x.name === 'adaptive-sensor')!.bytes).codec;
    const bits = e.codec.features.map((f) => f.bits);
    const dec = new AdaptiveChainDecoder(codec);
    const enc = new AdaptiveChainEncoder(codec, { resetEvery: chain.resetEvery });
    let ref = new ReferenceAdaptiveState(bits);
    expect(chain.records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1]);
    for (const r of chain.records) {
      const rec = new Uint8Array(Buffer.from(r.hex, 'hex'));
      expect(Array.from(codec.decodeCodes(dec.decode(rec).packed, r.rows.length))).toEqual(r.rows.flat());
      if (r.seq === 0) ref = new ReferenceAdaptiveState(bits);
      expect(referenceDecode(ref, rec.subarray(13, rec.length - 4), r.rows.length)).toEqual(r.rows.flat());
      expect(Buffer.from(enc.encodeCodes(flat(e, r.rows), r.rows.length)).toString('hex')).toBe(r.hex);
    }
  });
});

/** The DATA record bodies of a file, in order: encoding byte and body bytes. */
function dataBodies(file: Uint8Array): { encoding: number; bytes: Uint8Array }[] {
  const out: { encoding: number; bytes: Uint8Array }[] = [];
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let p = 16; p < file.length; ) {
    const type = file[p]!;
    const len = dv.getUint32(p + 2, true);
    if (type === 0x02) out.push({ encoding: file[p + 10]!, bytes: file.subarray(p + 11, p + 6 + len) });
    p += 10 + len;
  }
  return out;
}
