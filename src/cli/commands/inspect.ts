// bsq inspect: what a .bsq file holds (format version, codec metadata, features with bits,
// thresholds and levels, blocks, rows, sizes and the compression factor against float32), reading
// it as a stream so every record's CRC-32C is verified and every block is decoded (padding checked).
import type { CommandSpec } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { bytes, float32Text, int, num, ratio, table } from '../format-text.js';
import { bsqEvents } from '../bsq-input.js';
import type { Codec } from '../../codec/index.js';
import { BsqError } from '../../codec/errors.js';

const spec: CommandSpec = {
  name: 'inspect',
  summary: 'show what a .bsq file holds and verify every checksum',
  usage: ['inspect <file.bsq|-> [--json] [--all]'],
  options: {
    json: { type: 'boolean', help: 'print the result as JSON on stdout' },
    all: { type: 'boolean', help: 'print every threshold and level, exactly (default: at most 16 per feature, 6 digits)' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['bsq inspect out/codec.bsq', 'bsq inspect test.bsq --json | jq .compression'],
};

export interface InspectResult {
  file: string;
  version: string;
  fileBytes: number;
  metadata: Record<string, unknown> | null;
  features: { name: string; bits: number; thresholds: number[]; levels: number[] }[];
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

function listText(v: readonly number[], all: boolean): string {
  // 6 significant digits keep the table readable; --json (and --all) give the exact binary32 values.
  const t = v.map((x) => (all ? float32Text(x) : num(x, 6)));
  if (all || t.length <= 16) return t.join(' ');
  return `${t.slice(0, 8).join(' ')} ... ${t.slice(-8).join(' ')} (${t.length} values)`;
}

/** "all 4 bits", or the mixed widths: per feature up to 16 features, else a count per width. */
function widthsText(codec: Codec): string {
  const w = codec.features.map((f) => f.bits);
  const lo = Math.min(...w);
  const hi = Math.max(...w);
  if (lo === hi) return `all ${lo} bit${lo === 1 ? '' : 's'}`;
  if (w.length <= 16) return `mixed ${lo}..${hi} bits: ${codec.features.map((f) => `${f.name} ${f.bits}`).join(', ')}`;
  const count = new Map<number, number>();
  for (const b of w) count.set(b, (count.get(b) ?? 0) + 1);
  return `mixed ${lo}..${hi} bits: ${[...count].sort((a, b) => a[0] - b[0]).map(([b, n]) => `${n} x ${b}`).join(', ')}`;
}

async function run(ctx: CommandContext): Promise<number> {
  const path = ctx.args.positionals[0];
  const json = ctx.args.values.json === true;
  let codec: Codec | undefined;
  let version = '';
  let fileBytes = 0;
  let rows = 0;
  let blocks = 0;
  let dataBytes = 0;
  let minRows = Infinity;
  let maxRows = 0;
  const encodings: Record<string, number> = {};
  ctx.progress.start('inspect');
  const reader = { codec: undefined as Codec | undefined };
  for await (const e of bsqEvents(ctx.io, path, { onBytes: (b) => (fileBytes = b), reader })) {
    if (e.type === 'codec') {
      codec = e.codec;
      version = `${e.version.major}.${e.version.minor}`;
    } else if (e.type === 'block') {
      if (!codec) throw new BsqError('CORRUPT_FILE', `${path}: DATA before CODEC`);
      codec.decodeCodes(e.packed, e.rowCount); // checks the length and the padding bits
      rows += e.rowCount;
      blocks++;
      dataBytes += e.packed.byteLength;
      encodings[e.encoding] = (encodings[e.encoding] ?? 0) + 1;
      minRows = Math.min(minRows, e.rowCount);
      maxRows = Math.max(maxRows, e.rowCount);
      ctx.progress.update(rows, `${int(rows)} rows, ${blocks} blocks verified`);
    }
  }
  ctx.progress.finish();
  if (!codec) throw new BsqError('CORRUPT_FILE', `${path}: no CODEC record`);
  const em = reader.codec?.entropyModel;
  const entropyModel = em
    ? {
        scaleBits: em.scaleBits,
        features: em.features.map((f, i) => ({
          name: codec!.features[i].name,
          mode: f.mode === 2 ? `order1 (${f.contextBits} context bits)` : f.mode === 1 ? 'order0' : 'uniform',
          frequencies: f.freqs.length,
        })),
      }
    : null;
  const F = codec.featureCount;
  const float32Bytes = rows * F * 4;
  const result: InspectResult = {
    file: path,
    version,
    fileBytes,
    metadata: (codec.metadata as Record<string, unknown> | undefined) ?? null,
    features: codec.features.map((f) => ({
      name: f.name,
      bits: f.bits,
      thresholds: Array.from(f.thresholds),
      levels: Array.from(f.levels),
    })),
    widths: codec.features.map((f) => f.bits),
    bitsPerRow: codec.bitsPerRow,
    rows,
    blocks,
    encodings,
    blockRows: blocks > 0 ? { min: minRows, max: maxRows } : null,
    dataBytes,
    compression: {
      packedFactor: (32 * F) / codec.bitsPerRow,
      fileFactor: rows > 0 ? float32Bytes / fileBytes : 0,
      float32Bytes,
    },
    entropyModel,
    checksums: { verified: true, blocksDecoded: blocks },
  };
  if (json) {
    await ctx.out(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }
  const all = ctx.args.values.all === true;
  const lines: string[] = [];
  lines.push(`${path}: bsq format ${version}, ${int(fileBytes)} bytes`);
  if (result.metadata && Object.keys(result.metadata).length > 0) {
    const md = Object.entries(result.metadata)
      .filter(([, v]) => v === null || typeof v !== 'object')
      .map(([k, v]) => `${k}=${typeof v === 'number' ? num(v) : String(v)}`);
    if (md.length) lines.push(`metadata: ${md.join(', ')}`);
  }
  lines.push(`features: ${F}, ${codec.bitsPerRow} bits per row (float32: ${32 * F}) -> ${ratio(result.compression.packedFactor)} smaller packed`);
  lines.push(`bit widths: ${widthsText(codec)}`);
  lines.push(table([['feature', 'bits', 'thresholds'], ...codec.features.map((f) => [f.name, String(f.bits), listText(Array.from(f.thresholds), all)])]));
  lines.push(table([['feature', 'levels'], ...codec.features.map((f) => [f.name, listText(Array.from(f.levels), all)])]));
  if (entropyModel) {
    lines.push(`entropy model (encoding 2): ${entropyModel.features.map((f) => `${f.name} ${f.mode}`).join(', ')}; ${entropyModel.scaleBits}-bit frequencies`);
  }
  if (rows > 0) {
    const enc = Object.entries(encodings)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    lines.push(
      `rows: ${int(rows)} in ${blocks} block${blocks === 1 ? '' : 's'} (${enc}; ${minRows === maxRows ? `${int(maxRows)} rows each` : `${int(minRows)}..${int(maxRows)} rows per block`})`,
    );
    lines.push(
      `size: ${int(fileBytes)} bytes (${bytes(fileBytes)}); as float32: ${int(float32Bytes)} bytes -> ${ratio(result.compression.fileFactor)} smaller`,
    );
  } else {
    lines.push('rows: none (a codec-only file)');
  }
  lines.push(`checksums: header and every record verified OK; ${blocks === 0 ? 'no DATA blocks' : blocks === 1 ? 'the block decodes' : `all ${int(blocks)} blocks decode`}`);
  await ctx.out(lines.join('\n') + '\n');
  return 0;
}

export const command: Command = { spec, run };
