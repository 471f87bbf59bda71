// The generated C for a codec with categorical features: the header lists each dictionary as
// comments and #defines of the category indices, and a device that passes those indices produces
// the bytes of the TypeScript encoder (compiled with the strict flags when a C compiler is present).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Codec, exportC } from '../../src/index.js';
import { compile, findCompiler, STRICT_FLAGS } from './harness.js';

const codec = Codec.fromThresholds([
  { name: 'temp', thresholds: [10, 20, 30] },
  { name: 'Day of week', categories: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], unknown: 'code' },
  { name: 'status', categories: ['ok', 'OK!', '*/ ??= "x"'] },
]);

describe('C export of categorical features', () => {
  const files = exportC(codec, { prefix: 'cat' });
  const h = files['cat.h']!;

  it('the header names the dictionary as comments and #defines (unique C identifiers)', () => {
    expect(h).toMatch(/#define CAT_DAY_OF_WEEK_INDEX 1u/);
    expect(h).toMatch(/#define CAT_DAY_OF_WEEK_CATEGORIES 7u/);
    expect(h).toMatch(/#define CAT_DAY_OF_WEEK_UNKNOWN 7\n/);
    expect(h).toMatch(/#define CAT_DAY_OF_WEEK_SUN 6 \/\* "Sun" \*\//);
    expect(h).toMatch(/#define CAT_STATUS_OK 0 /);
    expect(h).toMatch(/#define CAT_STATUS_OK_2 1 /);
    expect(h).toMatch(/#define CAT_STATUS_X 2 /);
    expect(h).not.toMatch(/CAT_STATUS_UNKNOWN/);
    // a comment delimiter inside a category cannot end the comment early
    expect(h).not.toMatch(/"\*\/ \?\?=/);
  });

  const cc = findCompiler();
  it.runIf(cc !== null)('a device passing the #defined indices encodes what the TypeScript encoder does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsq-cat-c-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, 'main.c'), `#include "cat.h"
#include <stdio.h>
int main(void) {
  const float rows[3 * CAT_FEATURES] = {
    25.0f, (float)CAT_DAY_OF_WEEK_SUN, (float)CAT_STATUS_OK_2,
    5.0f, (float)CAT_DAY_OF_WEEK_UNKNOWN, (float)CAT_STATUS_X,
    31.0f, (float)CAT_DAY_OF_WEEK_MON, (float)CAT_STATUS_OK,
  };
  uint8_t out[CAT_ENCODED_SIZE(3)];
  size_t n = cat_encode_rows(rows, 3, out), i;
  for (i = 0; i < n; i++) printf("%02x", out[i]);
  printf("\\n");
  return 0;
}
`);
      compile(cc!, dir, ['main.c', 'cat.c'], 'main', STRICT_FLAGS);
      const r = spawnSync(join(dir, 'main'), { encoding: 'utf8' });
      const want = codec.encodeColumns([[25, 5, 31], codec.categoryIndices(1, ['Sun', 'Caturday', 'Mon']), codec.categoryIndices(2, ['OK!', '*/ ??= "x"', 'ok'])]);
      expect(r.stdout.trim()).toBe(Buffer.from(want).toString('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
