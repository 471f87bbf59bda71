// The guarded `bsq/arrow` entry (index.ts) re-exports exactly what the converters module (api.ts)
// exports, so the guard cannot silently drop a function.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/arrow/api.js';
import * as entry from '../../src/arrow/index.js';

describe('bsq/arrow entry', () => {
  it('exports every runtime name of the converters module, the same objects', () => {
    expect(Object.keys(entry).sort()).toEqual(Object.keys(api).sort());
    for (const k of Object.keys(api)) expect((entry as Record<string, unknown>)[k]).toBe((api as Record<string, unknown>)[k]);
  });
});
