// Encoding-2 golden vectors (spec/vectors/entropy-*): the model read from each file equals the
// model in its JSON, the writer rebuilds the files byte for byte from the JSON, and the worked
// example equals the bytes listed in spec/vectors/entropy-example.md. (test/format/golden.test.ts
// also checks codes, values, chunked reading and every single-bit flip of these files.)

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Codec, readBsq, writeBsq, type Codes, type EntropyModel, type EntropyMode } from '../../src/index.js';
import { INVALID, VECTOR_DIR, VECTORS, type Expected } from '../format/vectors.js';

interface ModelJson {
  scaleBits: number;
  features: { mode: 'uniform' | 'order0' | 'order1'; contextBits: number; tables: number[][] }[];
}

const entropyVectors = VECTORS.filter((v) => v.name.startsWith('entropy-'));

function modelFromJson(e: Expected & { entropyModel: ModelJson }): EntropyModel {
  const j = e.entropyModel;
  return {
    scaleBits: j.scaleBits,
    features: j.features.map((f, i) => ({
      bits: e.codec.features[i]!.bits,
      mode: ['uniform', 'order0', 'order1'].indexOf(f.mode) as EntropyMode,
      contextBits: f.contextBits,
      freqs: Uint16Array.from(f.tables.flat()),
    })),
  };
}

function codecFromJson(e: Expected): Codec {
  return Codec.fromFeatures(
    e.codec.features.map((f) => ({ name: f.name, bits: f.bits, thresholds: Float32Array.from(f.thresholds), levels: Float32Array.from(f.levels) })),
    { metadata: e.codec.metadata ?? undefined },
  );
}

describe('encoding-2 golden vectors', () => {
  it('are present, valid and invalid ones', () => {
    expect(entropyVectors.map((v) => v.name).sort()).toEqual(['entropy-codec-only', 'entropy-example', 'entropy-sensor']);
    expect(INVALID.filter((v) => v.name.startsWith('entropy-')).length).toBeGreaterThanOrEqual(6);
  });

  for (const v of entropyVectors) {
    const e = v.expected as Expected & { entropyModel: ModelJson };
    it(`${v.name}: the codec read from the file carries the JSON model`, () => {
      const model = readBsq(v.bytes).codec.entropyModel!;
      expect(model).toBeDefined();
      const want = modelFromJson(e);
      expect(model.scaleBits).toBe(want.scaleBits);
      model.features.forEach((f, i) => {
        expect({ mode: f.mode, contextBits: f.contextBits, bits: f.bits }).toEqual({
          mode: want.features[i]!.mode,
          contextBits: want.features[i]!.contextBits,
          bits: want.features[i]!.bits,
        });
        expect(Array.from(f.freqs)).toEqual(Array.from(want.features[i]!.freqs));
      });
    });
  }

  it('the writer rebuilds entropy-sensor and entropy-codec-only byte for byte from their JSON', () => {
    for (const name of ['entropy-sensor', 'entropy-codec-only']) {
      const v = entropyVectors.find((x) => x.name === name)!;
      const e = v.expected as Expected & { entropyModel: ModelJson };
      const codec = codecFromJson(e).withEntropyModel(modelFromJson(e));
      const flat = e.codes.flat();
      const codes: Codes = e.codec.features.some((f) => f.bits > 8) ? Uint16Array.from(flat) : Uint8Array.from(flat);
      const bytes = e.rowCount > 0 ? writeBsq(codec, { codes, blockRows: e.blocks[0]!.rowCount, encoding: 'entropy' }) : writeBsq(codec);
      expect(Buffer.from(bytes).toString('hex'), name).toBe(Buffer.from(v.bytes).toString('hex'));
    }
  });

  it('entropy-sensor uses every model shape and a raw fallback block', () => {
    const v = entropyVectors.find((x) => x.name === 'entropy-sensor')!;
    const f = readBsq(v.bytes);
    expect(f.blocks.map((b) => b.encoding)).toEqual(['entropy', 'entropy', 'raw', 'entropy']);
    const m = f.codec.entropyModel!;
    const shapes = new Set(m.features.map((x) => `${x.mode}/${x.contextBits === 0 ? 0 : x.contextBits === Math.min(x.bits, 8) ? 'full' : 'reduced'}`));
    expect(shapes.has('0/0')).toBe(true);
    expect(shapes.has('2/full')).toBe(true);
    expect(shapes.has('2/reduced')).toBe(true);
    expect(m.features.some((x) => x.bits > 8)).toBe(true);
    // entropy-codec-only: the model record is non-critical (flags 0), right after CODEC
    const co = entropyVectors.find((x) => x.name === 'entropy-codec-only')!.bytes;
    const codecLen = co[18]! | (co[19]! << 8) | (co[20]! << 16) | (co[21]! << 24);
    const at = 16 + 10 + codecLen;
    expect([co[at], co[at + 1]]).toEqual([0x03, 0x00]);
  });

  it('entropy-example equals the bytes of spec/vectors/entropy-example.md', () => {
    const md = readFileSync(VECTOR_DIR + 'entropy-example.md', 'utf8');
    const hex = [...md.matchAll(/^ {4}((?:[0-9a-f]{2} )*[0-9a-f]{2})\s*(?:#.*)?$/gm)].map((m) => m[1]!.replace(/ /g, '')).join('');
    const v = entropyVectors.find((x) => x.name === 'entropy-example')!;
    expect(hex).toBe(Buffer.from(v.bytes).toString('hex'));
  });
});
