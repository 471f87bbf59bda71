// The encode paths of a codec, chunk by chunk over its layout: fused search + pack for uniform 1, 2,
// 4 or 8 bits (uniform.ts), search straight into bit fields for every other layout (field.ts), and
// search into unpacked codes for rows or columns (search.ts). Arguments are checked by the caller;
// a NaN under the default policy is reported with its row and feature.
import { firstNaN, nanError, checkFirstRow } from './checks.js';
import type { Codes, EncodeOptions } from './codec.js';
import type { CodecLayout } from './layout.js';
import type { Source } from './search.js';
import { encodeUniform } from './uniform.js';

/** Fused search + pack over the row-major stream (uniform 1, 2, 4 or 8 bits). */
export function encodeUniformRows(L: CodecLayout, rows: Float32Array | Float64Array, n: number, nanCode: number, opts: EncodeOptions | undefined): Uint8Array {
  checkFirstRow(opts);
  const F = L.featureCount;
  const out = new Uint8Array(Math.ceil((n * L.bitsPerRow) / 8));
  const bad = encodeUniform(L.uniform, L.uTables(), F, rows, n * F, out, nanCode);
  if (bad >= 0) nanError(L.features, Math.floor(bad / F), bad % F, opts);
  return out;
}

/**
 * Search and pack through the field kernels, chunk by chunk: each feature's codes are ORed into
 * their fields of a zeroed chunk buffer, which is then copied out (a chunk is a multiple of 8
 * rows, so it starts on a byte boundary). `src` is the row-major array, or the columns.
 */
export function encodeFields(L: CodecLayout, src: Source | Source[], rowMajor: boolean, n: number, nanCode: number, opts: EncodeOptions | undefined): Uint8Array {
  checkFirstRow(opts);
  const F = L.featureCount;
  const bpr = L.bitsPerRow;
  const out = new Uint8Array(Math.ceil((n * bpr) / 8));
  const R = L.chunkRows;
  const { bytes, dv } = L.fieldBuf();
  const tables = L.tables();
  const enc = L.fieldEncoders;
  const off = L.bitOffsets;
  for (let s = 0; s < n; s += R) {
    const m = Math.min(R, n - s);
    const len = Math.ceil((m * bpr) / 8);
    bytes.fill(0, 0, len + 3);
    for (let f = 0; f < F; f++) {
      const bad = rowMajor
        ? enc[f](tables[f], src as Source, s * F + f, F, dv, off[f], bpr, m, nanCode)
        : enc[f](tables[f], (src as Source[])[f], s, 1, dv, off[f], bpr, m, nanCode);
      if (bad >= 0) {
        const get = rowMajor ? (r: number, g: number) => (src as Source)[r * F + g] : (r: number, g: number) => (src as Source[])[g][r];
        firstNaN(L.features, get, s, opts);
      }
    }
    out.set(bytes.subarray(0, len), (s * bpr) / 8);
  }
  return out;
}

/**
 * Values to unpacked row-major codes, chunk by chunk: `src` is the row-major array (`rowMajor`) or
 * one array per feature.
 */
export function encodeToCodes(L: CodecLayout, src: Source | ArrayLike<number>[], rowMajor: boolean, n: number, nanCode: number, opts: EncodeOptions | undefined): Codes {
  checkFirstRow(opts);
  const F = L.featureCount;
  const codes = L.allocCodes(n * F);
  const tables = L.tables();
  const kernels = L.kernels;
  const R = L.chunkRows;
  for (let s = 0; s < n; s += R) {
    const m = Math.min(R, n - s);
    for (let f = 0; f < F; f++) {
      const bad = rowMajor
        ? kernels[f](tables[f], src as Source, s * F + f, F, codes, s * F + f, F, m, nanCode)
        : kernels[f](tables[f], (src as Source[])[f], s, 1, codes, s * F + f, F, m, nanCode);
      if (bad >= 0) {
        const get = rowMajor ? (r: number, g: number) => (src as Source)[r * F + g] : (r: number, g: number) => (src as Source[])[g][r];
        firstNaN(L.features, get, s, opts);
      }
    }
  }
  return codes;
}
