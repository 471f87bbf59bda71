// What `bsq inspect` reports about a .bsq file, independent of where the bytes come from: fed the
// BsqReader's events (every CRC already verified by the reader), it decodes each block (checking
// length and padding), counts rows, blocks and encodings, and renders the result as the command's
// text. Browser-safe (no Node imports): the playground's .bsq view shows the same summary.
import type { BsqEvent } from '../format/index.js';
import type { Codec } from '../codec/index.js';
import { BsqError } from '../codec/errors.js';
import { bytes, float32Text, int, num, sizeChange, table } from './format-text.js';

export interface InspectResult {
  file: string;
  version: string;
  fileBytes: number;
  metadata: Record<string, unknown> | null;
  features: { name: string; bits: number; thresholds: number[]; levels: number[]; categories?: string[]; unknown?: 'error' | 'code' }[];
  /** Bit width of each feature, in codec order (features that are not sent are not in the codec). */
  widths: number[];
  bitsPerRow: number;
  rows: number;
  blocks: number;
  encodings: Record<string, number>;
  blockRows: { min: number; max: number } | null;
  dataBytes: number;
  compression: {
    /** 32 x features / bitsPerRow: the packed size against float32, before framing. */
    packedFactor: number;
    /** float32 bytes of all rows / the whole file's bytes (0 for a codec-only file). */
    fileFactor: number;
    float32Bytes: number;
  };
  /** The entropy model of encoding 2 the file carries (ENTROPY_MODEL record), per feature. */
  entropyModel: { scaleBits: number; features: { name: string; mode: string; frequencies: number }[] } | null;
  checksums: { verified: boolean; blocksDecoded: number };
}

/** Accumulates the reader's events of one file; `result()` once the reader has ended without error. */
export class InspectSummary {
  #codec: Codec | undefined;
  #version = '';
  #rows = 0;
  #blocks = 0;
  #dataBytes = 0;
  #minRows = Infinity;
  #maxRows = 0;
  readonly #encodings: Record<string, number> = {};

  constructor(readonly file: string) {}

  get rows(): number {
    return this.#rows;
  }

  get blocks(): number {
    return this.#blocks;
  }

  add(e: BsqEvent): void {
    if (e.type === 'codec') {
      this.#codec = e.codec;
      this.#version = `${e.version.major}.${e.version.minor}`;
    } else if (e.type === 'block') {
      if (!this.#codec) throw new BsqError('CORRUPT_FILE', `${this.file}: DATA before CODEC`);
      this.#codec.decodeCodes(e.packed, e.rowCount); // checks the length and the padding bits
      this.#rows += e.rowCount;
      this.#blocks++;
      this.#dataBytes += e.packed.byteLength;
      this.#encodings[e.encoding] = (this.#encodings[e.encoding] ?? 0) + 1;
      this.#minRows = Math.min(this.#minRows, e.rowCount);
      this.#maxRows = Math.max(this.#maxRows, e.rowCount);
    }
  }

  /** `readerCodec`: the reader's codec at the end (it carries the entropy model, if any). */
  result(fileBytes: number, readerCodec: Codec | undefined): InspectResult {
    const codec = this.#codec;
    if (!codec) throw new BsqError('CORRUPT_FILE', `${this.file}: no CODEC record`);
    const em = readerCodec?.entropyModel;
    const entropyModel = em
      ? {
          scaleBits: em.scaleBits,
          features: em.features.map((f, i) => ({
            name: codec.features[i].name,
            mode: f.mode === 2 ? `order1 (${f.contextBits} context bits)` : f.mode === 1 ? 'order0' : 'uniform',
            frequencies: f.freqs.length,
          })),
        }
      : null;
    const F = codec.featureCount;
    const rows = this.#rows;
    const blocks = this.#blocks;
    const float32Bytes = rows * F * 4;
    return {
      file: this.file,
      version: this.#version,
      fileBytes,
      metadata: (codec.metadata as Record<string, unknown> | undefined) ?? null,
      features: codec.features.map((f) => ({
        name: f.name,
        bits: f.bits,
        thresholds: Array.from(f.thresholds),
        levels: Array.from(f.levels),
        ...(f.categories ? { categories: f.categories.slice(), unknown: f.unknown } : {}),
      })),
      widths: codec.features.map((f) => f.bits),
      bitsPerRow: codec.bitsPerRow,
      rows,
      blocks,
      encodings: { ...this.#encodings },
      blockRows: blocks > 0 ? { min: this.#minRows, max: this.#maxRows } : null,
      dataBytes: this.#dataBytes,
      compression: {
        packedFactor: (32 * F) / codec.bitsPerRow,
        fileFactor: rows > 0 ? float32Bytes / fileBytes : 0,
        float32Bytes,
      },
      entropyModel,
      checksums: { verified: true, blocksDecoded: blocks },
    };
  }
}

/** "all 4 bits", or the mixed widths: per feature up to 16 features, else a count per width. */
function widthsText(features: readonly { name: string; bits: number }[]): string {
  const w = features.map((f) => f.bits);
  const lo = Math.min(...w);
  const hi = Math.max(...w);
  if (lo === hi) return `all ${lo} bit${lo === 1 ? '' : 's'}`;
  if (w.length <= 16) return `mixed ${lo}..${hi} bits: ${features.map((f) => `${f.name} ${f.bits}`).join(', ')}`;
  const count = new Map<number, number>();
  for (const b of w) count.set(b, (count.get(b) ?? 0) + 1);
  return `mixed ${lo}..${hi} bits: ${[...count].sort((a, b) => a[0] - b[0]).map(([b, n]) => `${n} x ${b}`).join(', ')}`;
}

function listText(v: readonly number[], all: boolean): string {
  // 6 significant digits keep the table readable; --json (and --all) give the exact binary32 values.
  const t = v.map((x) => (all ? float32Text(x) : num(x, 6)));
  if (all || t.length <= 16) return t.join(' ');
  return `${t.slice(0, 8).join(' ')} ... ${t.slice(-8).join(' ')} (${t.length} values)`;
}

function categoryText(c: readonly string[], all: boolean): string {
  const q = c.map((s) => JSON.stringify(s));
  if (all || q.length <= 16) return q.join(' ');
  return `${q.slice(0, 8).join(' ')} ... ${q.slice(-8).join(' ')} (${q.length} categories)`;
}

/** The human-readable text of `bsq inspect` (without --json). */
export function inspectText(result: InspectResult, opts: { all?: boolean } = {}): string {
  const all = opts.all === true;
  const { rows, blocks, fileBytes } = result;
  const F = result.features.length;
  const lines: string[] = [];
  lines.push(`${result.file}: bsq format ${result.version}, ${int(fileBytes)} bytes`);
  if (result.metadata && Object.keys(result.metadata).length > 0) {
    const md = Object.entries(result.metadata)
      .filter(([, v]) => v === null || typeof v !== 'object')
      .map(([k, v]) => `${k}=${typeof v === 'number' ? num(v) : String(v)}`);
    if (md.length) lines.push(`metadata: ${md.join(', ')}`);
  }
  lines.push(`features: ${F}, ${result.bitsPerRow} bits per row (float32: ${32 * F}) -> ${sizeChange(result.compression.packedFactor)} packed`);
  lines.push(`bit widths: ${widthsText(result.features)}`);
  const numeric = result.features.filter((f) => !f.categories);
  const categorical = result.features.filter((f) => f.categories);
  if (numeric.length > 0) {
    lines.push(table([['feature', 'bits', 'thresholds'], ...numeric.map((f) => [f.name, String(f.bits), listText(f.thresholds, all)])]));
    lines.push(table([['feature', 'levels'], ...numeric.map((f) => [f.name, listText(f.levels, all)])]));
  }
  if (categorical.length > 0) {
    lines.push(table([['categorical', 'bits', 'unknown', 'categories (code order)'], ...categorical.map((f) => [f.name, String(f.bits), f.unknown === 'code' ? `code ${f.categories!.length}` : 'error', categoryText(f.categories!, all)])]));
  }
  if (result.entropyModel) {
    const em = result.entropyModel;
    lines.push(`entropy model (encoding 2): ${em.features.map((f) => `${f.name} ${f.mode}`).join(', ')}; ${em.scaleBits}-bit frequencies`);
  }
  if (rows > 0) {
    const enc = Object.entries(result.encodings)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    const br = result.blockRows!;
    lines.push(
      `rows: ${int(rows)} in ${blocks} block${blocks === 1 ? '' : 's'} (${enc}; ${br.min === br.max ? `${int(br.max)} rows each` : `${int(br.min)}..${int(br.max)} rows per block`})`,
    );
    lines.push(
      `size: ${int(fileBytes)} bytes (${bytes(fileBytes)}); as float32: ${int(result.compression.float32Bytes)} bytes -> ${sizeChange(result.compression.fileFactor)}`,
    );
  } else {
    lines.push('rows: none (a codec-only file)');
  }
  lines.push(`checksums: header and every record verified OK; ${blocks === 0 ? 'no DATA blocks' : blocks === 1 ? 'the block decodes' : `all ${int(blocks)} blocks decode`}`);
  return lines.join('\n') + '\n';
}
