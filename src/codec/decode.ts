// The decode paths of a codec over its layout: packed rows to codes (the pack.ts unpackers for
// uniform 1/2/4/8/16 bits, the field kernels of field.ts for every other layout) or straight to
// levels, and unpacked codes to levels or to the thermometer vector (FORMAT.md 1.4). Arguments are
// checked by the caller; a code above its feature's range is reported with row and feature.
import { codeRangeError } from './checks.js';
import type { Codes } from './codec.js';
import { unpackGroup, unpackGroupLevels } from './field.js';
import type { CodecLayout } from './layout.js';
import { unpackRun } from './pack.js';

/**
 * Rows [r0, r0 + m) of a checked packed block into dst from index `o`. r0 is a multiple of 8, so
 * the rows start on a byte boundary; offsets inside the kernels stay relative to that byte.
 */
export function unpackRows(L: CodecLayout, packed: Uint8Array, r0: number, m: number, dst: Codes, o: number): void {
  const u = L.uniform;
  if (u === 1 || u === 2 || u === 4 || u === 8 || u === 16) {
    unpackRun(packed, (r0 * L.bitsPerRow) / 8, m * L.featureCount, L.widths, u, dst, o);
    return;
  }
  fieldRows(L, packed, r0, m, dst, o, false);
}

/**
 * Rows [r0, r0 + m) (r0 a multiple of 8) of a checked block through the field kernels, chunk by
 * chunk, into dst from index `o`: codes, or levels when `levels`. Bit positions are relative to the
 * chunk's first byte (they stay small); a chunk too close to the block's end for the 4-byte windows
 * is read from a copy in the padded chunk buffer (bytes past the block only reach masked-off bits).
 */
export function fieldRows(L: CodecLayout, packed: Uint8Array, r0: number, m: number, dst: Codes | Float32Array, o: number, levels: boolean): void {
  const F = L.featureCount;
  const bpr = L.bitsPerRow;
  const R = L.chunkRows;
  const off = L.bitOffsets;
  const groups = L.groups();
  const lv = L.levels();
  const end = r0 + m;
  for (let s = r0; s < end; s += R) {
    const c = Math.min(R, end - s);
    const b0 = (s * bpr) / 8;
    const len = Math.ceil((c * bpr) / 8);
    let dv: DataView;
    if (b0 + len + 3 <= packed.length) {
      dv = new DataView(packed.buffer, packed.byteOffset + b0, len + 3);
    } else {
      const buf = L.fieldBuf();
      buf.bytes.set(packed.subarray(b0, b0 + len));
      dv = buf.dv;
    }
    const os = o + (s - r0) * F;
    for (const g of groups) {
      if (levels) unpackGroupLevels(dv, off[g.f0], bpr, g, lv, c, dst as Float32Array, os + g.f0, F);
      else unpackGroup(dv, off[g.f0], bpr, g, c, dst as Codes, os + g.f0, F);
    }
  }
}

/** levels for m rows of codes (from index ci) into out from `o`. */
export function levelsInto(L: CodecLayout, codes: Codes, ci: number, m: number, out: Float32Array, o: number): void {
  const F = L.featureCount;
  for (let f = 0; f < F; f++) {
    const lv = L.features[f].levels;
    const K = lv.length - 1;
    let bad = 0;
    for (let j = 0, i = ci + f, w = o + f; j < m; j++, i += F, w += F) {
      const c = codes[i];
      bad |= c;
      out[w] = lv[c & K];
    }
    if (bad > K) codeRangeError(L.features, codes, f);
  }
}

/**
 * Thermometer bits for m rows of codes (from index ci) into out from `o`. Only the ones are
 * written unless `zeros` (out not known to be zero-filled).
 */
export function thermoInto(L: CodecLayout, codes: Codes, ci: number, m: number, out: Float32Array, o: number, zeros = false): void {
  const F = L.featureCount;
  const W = L.thermometerWidth;
  for (let f = 0; f < F; f++) {
    const K = (1 << L.widths[f]) - 1;
    let bad = 0;
    for (let j = 0, i = ci + f, base = o + L.thermoOffsets[f]; j < m; j++, i += F, base += W) {
      const c = codes[i];
      bad |= c;
      const e = base + (c < K ? c : K);
      for (let k = base; k < e; k++) out[k] = 1;
      if (zeros) for (let k = e, z = base + K; k < z; k++) out[k] = 0;
    }
    if (bad > K) codeRangeError(L.features, codes, f);
  }
}
