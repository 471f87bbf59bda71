// The BitwiseSoftQuantization layer: gradient to the thresholds (finite differences), hard mode
// equal to the codec's encode, tfjs serialisation round trip, temperature schedule.

import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Codec } from 'bsq';
import { BitwiseSoftQuantization, ensureBackend, tauAt, thermometerWidth } from 'bsq/train';
import { lcg } from './helpers.js';

beforeAll(async () => {
  await ensureBackend();
});

function builtLayer(bits: number[], thresholds: Float32Array, tau = 1): BitwiseSoftQuantization {
  const layer = new BitwiseSoftQuantization({ bits, tau });
  layer.build([null, bits.length]);
  layer.setWeights([tf.tensor1d(thresholds)]);
  return layer;
}

describe('BitwiseSoftQuantization', () => {
  it('has 2^bits - 1 thresholds per feature and outputs sigmoid((x - t) / tau), concatenated', () => {
    const bits = [1, 2];
    const t = Float32Array.from([0.5, -1, 0, 1]);
    const layer = builtLayer(bits, t, 0.5);
    expect(layer.width).toBe(thermometerWidth(bits));
    const x = tf.tensor2d([[1, 0.25]]);
    const y = (layer.apply(x) as tf.Tensor).dataSync();
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const want = [sig((1 - 0.5) / 0.5), sig((0.25 + 1) / 0.5), sig((0.25 - 0) / 0.5), sig((0.25 - 1) / 0.5)];
    want.forEach((w, i) => expect(y[i]).toBeCloseTo(w, 5));
  });

  it('passes the gradient to the thresholds (matches central finite differences)', () => {
    const bits = [2, 3];
    const r = lcg(7);
    const t0 = Float32Array.from({ length: thermometerWidth(bits) }, () => r() * 2 - 1);
    const layer = builtLayer(bits, t0, 0.7);
    const xs = tf.tensor2d(Float32Array.from({ length: 6 * 2 }, () => r() * 3 - 1.5), [6, 2]);
    const w = tf.tensor2d(Float32Array.from({ length: 6 * t0.length }, () => r() * 2 - 1), [6, t0.length]);
    const v = layer.thresholdsVariable();
    const loss = () => tf.sum(tf.mul(layer.apply(xs) as tf.Tensor, w)) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [v]);
    const g = grads[v.name]!.dataSync();
    expect(Array.from(g).some((x) => Math.abs(x) > 1e-3)).toBe(true);
    // Finite differences in float64 on the same formula.
    const xv = xs.dataSync(), wv = w.dataSync();
    const f = (t: Float64Array) => {
      let s = 0;
      let col = 0;
      bits.forEach((b, feat) => {
        for (let k = 0; k < 2 ** b - 1; k++, col++) {
          for (let i = 0; i < 6; i++) s += wv[i * t.length + col]! / (1 + Math.exp(-(xv[i * 2 + feat]! - t[col]!) / 0.7));
        }
      });
      return s;
    };
    const h = 1e-5;
    for (let j = 0; j < t0.length; j++) {
      const p = Float64Array.from(t0), m = Float64Array.from(t0);
      p[j]! += h;
      m[j]! -= h;
      const fd = (f(p) - f(m)) / (2 * h);
      expect(g[j]).toBeCloseTo(fd, 3);
    }
  });

  it('hard mode equals the codec encode exactly (thermometer of the codes), including ties', () => {
    const r = lcg(11);
    const bits = [1, 3, 4];
    const specs = bits.map((b, f) => {
      const t = Float32Array.from({ length: 2 ** b - 1 }, () => Math.fround(r() * 4 - 2)).sort();
      if (b === 4) t[5] = t[4]!; // a tie
      return { name: `f${f}`, thresholds: t };
    });
    const codec = Codec.fromThresholds(specs);
    const flat = new Float32Array(codec.thermometerWidth);
    let p = 0;
    for (const s of specs) { flat.set(s.thresholds, p); p += s.thresholds.length; }
    const layer = builtLayer(bits, flat);
    layer.hard = true;
    const n = 500;
    const rows = Float32Array.from({ length: n * 3 }, () => Math.fround(r() * 5 - 2.5));
    // Put some values exactly on thresholds: equal must not exceed.
    for (let i = 0; i < 30; i++) rows[i * 3 + 2] = specs[2]!.thresholds[i % 15]!;
    const out = (layer.apply(tf.tensor2d(rows, [n, 3])) as tf.Tensor).dataSync();
    const thermo = codec.codesToThermometer(codec.encodeRowsToCodes(rows));
    expect(Array.from(out)).toEqual(Array.from(thermo));
  });

  it('serialises and deserialises with tfjs (registered class), keeping bits, tau, mode and thresholds', async () => {
    const bits = [2, 1];
    const m = tfl.sequential();
    m.add(new BitwiseSoftQuantization({ bits, tau: 0.25, inputShape: [2] }));
    m.add(tfl.layers.dense({ units: 1 }));
    (m.layers[0] as BitwiseSoftQuantization).setWeights([tf.tensor1d([-0.5, 0, 0.5, 0.1])]);
    let saved: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
    const back = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const layer = back.layers[0] as BitwiseSoftQuantization;
    expect(layer).toBeInstanceOf(BitwiseSoftQuantization);
    expect(layer.bits).toEqual(bits);
    expect(layer.tau).toBe(0.25);
    const x = tf.tensor2d([[0.2, -1], [-0.7, 0.3]]);
    expect(Array.from((back.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((m.predict(x) as tf.Tensor).dataSync()));
  });

  it('rejects bad bits', () => {
    expect(() => new BitwiseSoftQuantization({ bits: [0] })).toThrow(/bits/);
    expect(() => new BitwiseSoftQuantization({ bits: [] })).toThrow(/bits/);
  });

  it('decays tau geometrically from 1 towards r, floored at 1e-4', () => {
    expect(tauAt(0, 50, 1e-3)).toBe(1);
    expect(tauAt(25, 50, 1e-3)).toBeCloseTo(Math.sqrt(1e-3), 10);
    expect(tauAt(49, 50, 1e-3)).toBeGreaterThan(1e-3);
    expect(tauAt(49, 50, 1e-8)).toBe(1e-4);
    for (let e = 1; e < 50; e++) expect(tauAt(e, 50, 1e-3)).toBeLessThan(tauAt(e - 1, 50, 1e-3));
  });
});
