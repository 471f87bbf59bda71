// exportC(codec, { entropy: true }) and `bsq export-c --entropy`: the entropy recoder files come in
// the same set, compile with the device encoder under the harness's strict flags, and records made
// on the "device" (rows -> incremental block -> DATA record -> recode) decode with decodeDataRecord
// and the stream decoder to the codes the TypeScript encoder gives. Codecs without a model, or an
// option of the wrong type, are INVALID_ARGUMENT before anything is generated or written.
// The compile part is skipped, with a message, when no C compiler is found.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Codec, createDecoderStream, decodeDataRecord, encodeDataRecord, exportC, writeBsq, type ExportCOptions } from '../../src/index.js';
import { run } from '../cli/helpers.js';
import { compile, compilerAccepts, EXTRA_FLAGS, findCompiler, floatPayload, STRICT_FLAGS } from './harness.js';
import { xorshift32 as rng } from '../support/prng.js';

const cc = findCompiler();
if (!cc) console.warn('[test/device] no C compiler found: SKIPPING the compile test of exportC({ entropy: true })');


/** A 4-feature codec (widths 3, 4, 10, 1) and slowly drifting sensor-like float rows. */
function codecAndRows(rows: number, seed: number): { codec: Codec; data: Float32Array } {
  const codec = Codec.fromThresholds([
    { name: 'temp', thresholds: Array.from({ length: 7 }, (_, k) => 18 + k) },
    { name: 'hum', thresholds: Array.from({ length: 15 }, (_, k) => 20 + 2 * k) },
    { name: 'co2', thresholds: Array.from({ length: 1023 }, (_, k) => 400 + k) },
    { name: 'light', thresholds: [100] },
  ]);
  const r = rng(seed);
  const data = new Float32Array(rows * 4);
  let t = 21, h = 35, c = 800, l = 0;
  for (let i = 0; i < rows; i++) {
    t += (r() - 0.5) * 0.2;
    h += (r() - 0.5) * 0.5;
    c += (r() - 0.5) * 8;
    if (r() < 0.02) l = 1 - l;
    data.set([t, h, c, l ? 300 : 10], i * 4);
  }
  return { codec, data };
}

/** Driver: u32 rows, u32 block rows, floats; answers the recoded records back to back. */
function driver(p: string): string {
  const P = p.toUpperCase();
  return `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "${p}_entropy.h"

int main(void)
{
    uint8_t head[8];
    uint32_t n, per, r;
    float *rows;
    uint8_t *buf, *scratch;
    size_t cap;
    ${p}_block blk;
    if (fread(head, 1, 8, stdin) != 8u) return 2;
    n = (uint32_t)head[0] | ((uint32_t)head[1] << 8) | ((uint32_t)head[2] << 16) | ((uint32_t)head[3] << 24);
    per = (uint32_t)head[4] | ((uint32_t)head[5] << 8) | ((uint32_t)head[6] << 16) | ((uint32_t)head[7] << 24);
    rows = (float *)malloc((size_t)n * ${P}_FEATURES * sizeof(float) + 1u);
    cap = ${P}_BLOCK_BUFFER_SIZE(per);
    buf = (uint8_t *)malloc(cap);
    scratch = (uint8_t *)malloc(${P}_ENCODED_SIZE(per));
    if (rows == NULL || buf == NULL || scratch == NULL) return 3;
    if (fread(rows, sizeof(float), (size_t)n * ${P}_FEATURES, stdin) != (size_t)n * ${P}_FEATURES) return 4;
    ${p}_block_init(&blk, buf, cap);
    for (r = 0u; r < n; ++r) {
        const float *row = rows + (size_t)r * ${P}_FEATURES;
        int st = ${p}_block_add_row(&blk, row);
        if (st == ${P}_ERR_FULL) {
            size_t len = ${p}_entropy_recode(buf, ${p}_block_finish(&blk), scratch, ${P}_ENCODED_SIZE(per));
            fwrite(buf, 1, len, stdout);
            st = ${p}_block_add_row(&blk, row);
        }
        if (st != ${P}_OK) return 5;
    }
    if (${p}_block_rows(&blk) > 0u) {
        size_t len = ${p}_entropy_recode(buf, ${p}_block_finish(&blk), scratch, ${P}_ENCODED_SIZE(per));
        fwrite(buf, 1, len, stdout);
    }
    free(rows);
    free(buf);
    free(scratch);
    return 0;
}
`;
}

describe('exportC entropy option', () => {
  const { codec, data } = codecAndRows(500, 1);
  const modelled = codec.fitEntropyModel(data);

  it('adds <prefix>_entropy.h/.c to the set only when asked', () => {
    expect(Object.keys(exportC(modelled, { prefix: 'dev' })).sort()).toEqual(['dev.c', 'dev.h']);
    const files = exportC(modelled, { prefix: 'dev', entropy: true });
    expect(Object.keys(files).sort()).toEqual(['dev.c', 'dev.h', 'dev_entropy.c', 'dev_entropy.h']);
    expect(files['dev_entropy.h']).toContain('#include "dev.h"');
    expect(files['dev_entropy.c']).toContain('dev_entropy_recode');
  });

  it('refuses a codec without a model, a bad flag and a prefix the recoder cannot take', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as { code?: string; message: string };
      }
      throw new Error('expected a throw');
    };
    const e1 = err(() => exportC(codec, { entropy: true }));
    expect(e1.code).toBe('INVALID_ARGUMENT');
    expect(e1.message).toMatch(/entropy needs a codec with an entropy model/);
    expect(err(() => exportC(modelled, { entropy: 'yes' } as unknown as ExportCOptions)).code).toBe('INVALID_ARGUMENT');
    const long = 'p'.repeat(41);
    expect(Object.keys(exportC(modelled, { prefix: long }))).toHaveLength(2);
    const e3 = err(() => exportC(modelled, { prefix: long, entropy: true }));
    expect(e3.code).toBe('INVALID_ARGUMENT');
    expect(e3.message).toMatch(/1\.\.40 characters/);
  });
});

describe.skipIf(!cc)('exportC({ entropy: true }) compiled: device records decode like TypeScript (system C compiler)', () => {
  let dir: string;
  let exe: string;
  const { codec: plain, data: fitRows } = codecAndRows(3000, 7);
  const codec = plain.fitEntropyModel(fitRows);
  const { data } = codecAndRows(1000, 8); // other rows than the fit
  const blockRows = 128;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bsq-device-entropy-'));
    const files = exportC(codec, { prefix: 'sens', compare: 'integer', entropy: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'main.c'), driver('sens'));
    const san = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-g'];
    const flags = [...STRICT_FLAGS, ...EXTRA_FLAGS, '-O1', ...(compilerAccepts(cc!, san) ? san : [])];
    compile(cc!, dir, ['sens.c', 'sens_entropy.c', 'main.c'], 'dev', flags);
    exe = join(dir, 'dev');
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rows -> block -> recode gives encoding-2 records equal to encodeDataRecord(..., "entropy") and decoding to the TS codes', async () => {
    const rows = data.length / 4;
    const head = new Uint8Array(8);
    new DataView(head.buffer).setUint32(0, rows, true);
    new DataView(head.buffer).setUint32(4, blockRows, true);
    const r = spawnSync(exe, [], { input: Buffer.concat([head, floatPayload(data)]), maxBuffer: 1 << 24, timeout: 60_000 });
    expect(r.status, r.stderr?.toString()).toBe(0);
    const out = new Uint8Array(r.stdout);
    const want = codec.encodeRowsToCodes(data);

    // Record by record: byte-exact with the TS encoder, smaller than raw, and decodeDataRecord gives the codes.
    const got: number[] = [];
    let pos = 0;
    let k = 0;
    let rawBytes = 0;
    for (let first = 0; first < rows; first += blockRows, k++) {
      const n = Math.min(blockRows, rows - first);
      const packed = codec.packCodes(want.subarray(first * 4, (first + n) * 4), n);
      const expected = encodeDataRecord(codec, packed, n, 'entropy');
      rawBytes += encodeDataRecord(codec, packed, n, 'raw').length;
      const len = 6 + new DataView(out.buffer, out.byteOffset + pos + 2).getUint32(0, true) + 4;
      const rec = out.subarray(pos, pos + len);
      expect(Buffer.from(rec).equals(Buffer.from(expected)), `record ${k}`).toBe(true);
      expect(rec[10], `record ${k} encoding`).toBe(2);
      const block = decodeDataRecord(codec, rec);
      got.push(...codec.decodeCodes(block.packed, block.rowCount));
      pos += len;
    }
    expect(pos).toBe(out.length);
    expect(got).toEqual(Array.from(want));
    expect(out.length).toBeLessThan(rawBytes);

    // The same bytes through the stream decoder in odd chunks (headerless records with the codec).
    const stream = createDecoderStream({ codec, output: 'codes' });
    const writer = stream.writable.getWriter();
    const streamed: number[] = [];
    const reading = (async () => {
      for await (const b of stream.readable) {
        expect(b.encoding).toBe('entropy');
        streamed.push(...Array.from(b.codes!));
      }
    })();
    for (let p = 0; p < out.length; p += 37) await writer.write(out.slice(p, p + 37));
    await writer.close();
    await reading;
    expect(streamed).toEqual(Array.from(want));
  });
});

describe('bsq export-c --entropy', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bsq-cli-entropy-'));
    const { codec, data } = codecAndRows(500, 3);
    writeFileSync(join(dir, 'plain.bsq'), writeBsq(codec));
    writeFileSync(join(dir, 'model.bsq'), writeBsq(codec.fitEntropyModel(data)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the recoder files next to the encoder for a codec file with a model', async () => {
    const r = await run(['export-c', 'model.bsq', '-o', 'dev', '--prefix', 'room', '--entropy'], { cwd: dir });
    expect(r.stderr).toMatch(/room_entropy\.c.*bytes of entropy model tables/);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'dev')).sort()).toEqual(['room.c', 'room.h', 'room_entropy.c', 'room_entropy.h']);
    expect(readFileSync(join(dir, 'dev', 'room_entropy.h'), 'utf8')).toMatch(/ROOM_ENTROPY_FLASH_BYTES/);
  });

  it('fails with INVALID_ARGUMENT and writes nothing for a codec file without a model', async () => {
    const r = await run(['export-c', 'plain.bsq', '-o', 'dev2', '--entropy'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/entropy model.*\[INVALID_ARGUMENT\]/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'dev2'))).toBe(false);
  });
});
