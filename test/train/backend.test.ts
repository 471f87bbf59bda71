// The cpu fallback backend trains too (own file: vitest runs each file in its own process, so
// switching the global tfjs backend here does not affect the other training tests).

import { describe, expect, it } from 'vitest';
import { isBsqError } from 'bsq';
import { ensureBackend, trainCodec, type RegressionMetrics } from 'bsq/train';
import { regressionData } from './helpers.js';

describe('backends', () => {
  it('trains on the cpu backend when asked', async () => {
    const res = await trainCodec(regressionData(200), { target: 'y', bits: 2, backend: 'cpu', epochs: 3, hardEpochs: 1, hiddenLayers: 1, hiddenUnits: 16, batchSize: 32 });
    expect(res.report.backend).toBe('cpu');
    expect(Number.isFinite((res.report.test as RegressionMetrics).nmse)).toBe(true);
  });

  it("'auto' keeps the backend the application chose", async () => {
    expect(await ensureBackend('cpu')).toBe('cpu');
    expect(await ensureBackend('auto')).toBe('cpu');
  });

  it('rejects an unknown backend name', async () => {
    await expect(ensureBackend('webgpu' as never)).rejects.toSatisfy((e: unknown) => isBsqError(e, 'INVALID_ARGUMENT'));
  });
});
