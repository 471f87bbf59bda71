// bsq/train's backend choice in chromium with WebGL switched on: the default order takes WebGL only
// on a hardware renderer (a software one, like the SwiftShader of a headless CI machine, falls back
// to WASM), WebGL asked for alone is used even in software, and a tiny training on it gives a codec
// that encodes exactly like the same codec in Node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBsq, writeBsq } from '../../src/index.js';
import { openPlayground, type Session } from './harness.js';

let s: Session;
beforeAll(async () => {
  s = await openPlayground({ gpu: true });
  await s.page.addScriptTag({
    type: 'module',
    content: `import * as t from '/lib/train.js'; import * as b from '/lib/bsq.js'; t.setWasmPaths('/wasm/'); window.bsqTrain = t; window.bsqLib = b;`,
  });
  await s.page.waitForFunction(() => 'bsqTrain' in window && 'bsqLib' in window);
});
afterAll(async () => {
  await s?.close();
});

const N = 400;
const x1 = Array.from({ length: N }, (_, i) => Math.sin(i / 7) * 10);
const x2 = Array.from({ length: N }, (_, i) => ((i * 37) % 101) / 10);
const y = x1.map((v, i) => (v + x2[i]! > 5 ? 1 : 0));

describe('bsq/train backends in the browser', () => {
  it('auto picks WebGL on hardware, WASM on a software renderer; WebGL alone trains a codec that encodes like Node', async () => {
    const info = (await s.page.evaluate(() => (window as any).bsqTrain.webglInfo())) as { available: boolean; software: boolean; renderer?: string };
    const auto = await s.page.evaluate(() => (window as any).bsqTrain.useBrowserBackend());
    expect(auto).toBe(info.available && !info.software ? 'webgl' : 'wasm');
    if (!info.available) {
      console.warn('no WebGL in this chromium: only the fallback was checked');
      return;
    }
    const out = await s.page.evaluate(
      async ({ x1, x2, y }) => {
        const t = (window as any).bsqTrain;
        const b = (window as any).bsqLib;
        const name = await t.useBrowserBackend(['webgl']);
        const { codec, report } = await t.trainCodec({ x1, x2, y }, { target: 'y', bits: 2, epochs: 1, hardEpochs: 0, hiddenLayers: 1, hiddenUnits: 8 });
        const rows = Float64Array.from(x1.flatMap((v: number, i: number) => [v, x2[i]]));
        return { name, backend: report.backend, codec: Array.from(b.writeBsq(codec) as Uint8Array), data: Array.from(b.writeBsq(codec, { rows }) as Uint8Array) };
      },
      { x1, x2, y },
    );
    expect(out.name).toBe('webgl');
    expect(out.backend).toBe('webgl');
    const codec = readBsq(Uint8Array.from(out.codec)).codec;
    expect(codec.features.map((f) => [f.name, f.bits])).toEqual([['x1', 2], ['x2', 2]]);
    const rows = Float64Array.from(x1.flatMap((v, i) => [v, x2[i]!]));
    expect(Uint8Array.from(out.data)).toEqual(writeBsq(codec, { rows }));
  });
});
