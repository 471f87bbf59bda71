// Small generated datasets and a fixture loader for the training tests (kept tiny: 2 cores in CI).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Deterministic uniform [0,1) generator. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** y = 2 sin(2 x0) + x1^2 + 0.5 x2 + small noise; x uniform in [-2, 2]. */
export function regressionData(n: number, seed = 1): { x0: Float64Array; x1: Float64Array; x2: Float64Array; y: Float64Array } {
  const r = lcg(seed);
  const x0 = new Float64Array(n), x1 = new Float64Array(n), x2 = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = r() * 4 - 2;
    x1[i] = r() * 4 - 2;
    x2[i] = r() * 4 - 2;
    y[i] = 2 * Math.sin(2 * x0[i]!) + x1[i]! ** 2 + 0.5 * x2[i]! + 0.1 * (r() - 0.5);
  }
  return { x0, x1, x2, y };
}

/** Three classes by region of (a, b); labels are strings. */
export function classificationData(n: number, seed = 2): { a: Float64Array; b: Float64Array; label: string[] } {
  const r = lcg(seed);
  const a = new Float64Array(n), b = new Float64Array(n);
  const label: string[] = [];
  for (let i = 0; i < n; i++) {
    a[i] = r() * 2 - 1;
    b[i] = r() * 2 - 1;
    label.push(a[i]! > 0.3 ? 'high' : b[i]! > 0 ? 'left' : 'low');
  }
  return { a, b, label };
}

/** A numeric CSV from the repository's fixtures/ as columns. */
export function fixtureColumns(name: string): Record<string, Float64Array> {
  const text = readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = lines[0]!.split(',');
  const cols = names.map(() => new Float64Array(lines.length - 1));
  lines.slice(1).forEach((l, r) => l.split(',').forEach((v, c) => { cols[c]![r] = Number(v); }));
  return Object.fromEntries(names.map((n, i) => [n, cols[i]!]));
}

/** Small, fast settings for tests. */
export const TINY = { hiddenLayers: 2, hiddenUnits: 32, batchSize: 64, epochs: 12, hardEpochs: 2, learningRate: 3e-3 } as const;
