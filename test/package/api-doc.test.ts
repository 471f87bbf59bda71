// docs/api.md is the public surface: it must equal what scripts/api-doc.ts renders from the current
// entry points, so an export added, removed or undocumented cannot go unnoticed. The root `bsq` keeps
// coder and record internals out (they live in `bsq/internals`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiDoc } from '../../scripts/api-doc.js';
import * as root from '../../src/index.js';
import * as internals from '../../src/internals.js';

describe('docs/api.md', () => {
  it('equals the rendering of the current exports (run `npx tsx scripts/api-doc.ts` after changing them)', async () => {
    const committed = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    expect(committed).toBe(await renderApiDoc());
  }, 60_000);

  it('every runtime export of the stable entry points has a description', async () => {
    const doc = await renderApiDoc();
    const stable = doc.split('\n## `bsq/internals`')[0]!;
    const undocumented = stable.split('\n').filter((l) => /^\| `[^`]+` \| [a-z]+ \| {2}\|$/.test(l));
    expect(undocumented).toEqual([]);
  }, 60_000);

  it('the root keeps internals out, and bsq/internals has everything the root has', () => {
    for (const internal of ['RANS_L', 'quantizeFrequencies', 'maxSymbolsForBody', 'BLOCK_ENCODERS', 'peekRecord', 'encodeRecord', 'normaliseRows', 'crc32c']) {
      expect(internal in root, internal).toBe(false);
      expect(internal in internals, internal).toBe(true);
    }
    for (const name of Object.keys(root)) expect(name in internals, name).toBe(true);
    expect(Object.keys(root).length).toBeLessThan(40);
  });
});
