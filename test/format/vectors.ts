// Test helper: loads the committed golden vectors of spec/vectors/ and their expected JSON.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const VECTOR_DIR = fileURLToPath(new URL('../../spec/vectors/', import.meta.url));

export interface ExpectedFeature {
  name: string;
  bits: number;
  thresholds: number[];
  levels: number[];
  categories?: string[];
  unknown?: 'error' | 'code';
}
export interface Expected {
  description: string;
  version: { major: number; minor: number };
  codec: { features: ExpectedFeature[]; metadata: Record<string, unknown> | null };
  rowCount: number;
  blockCount: number;
  blocks: { firstRow: number; rowCount: number; encoding: string }[];
  codes: number[][];
  values: number[][];
  /** Categorical vectors: the category of each code (null: unknown code, or a numeric feature). */
  categoryValues?: (string | null)[][];
}

export interface Vector {
  name: string;
  bytes: Uint8Array;
  expected: Expected;
}

function load(dir: string): { name: string; bytes: Uint8Array; json: unknown }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bsq'))
    .sort()
    .map((f) => ({
      name: f.slice(0, -4),
      bytes: new Uint8Array(readFileSync(dir + f)),
      json: JSON.parse(readFileSync(dir + f.slice(0, -4) + '.json', 'utf8')),
    }));
}

export const VECTORS: Vector[] = load(VECTOR_DIR).map((v) => ({ name: v.name, bytes: v.bytes, expected: v.json as Expected }));
export const INVALID: { name: string; bytes: Uint8Array; error: string }[] = load(VECTOR_DIR + 'invalid/').map((v) => ({
  name: v.name,
  bytes: v.bytes,
  error: (v.json as { error: string }).error,
}));
