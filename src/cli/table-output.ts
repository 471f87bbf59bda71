// Table outputs of `bsq decode`: CSV/TSV (csv-stringify, one block of rows at a time), Arrow IPC
// (through src/arrow/ipc-columns.ts) and Parquet (src/parquet, one row group per block), fed with decoded blocks (row-major codes) and writing to a
// ByteSink with backpressure, so memory stays bounded by one block.
import { stringify } from 'csv-stringify/sync';
import type { Codec, Codes } from '../codec/index.js';
import type { ByteSink } from './atomic.js';
import { loadArrowModule } from './arrow-input.js';
import { float32Text } from './format-text.js';

export type DecodeAs = 'values' | 'codes' | 'dictionary';

const CSV_SLICE_ROWS = 8192;
export type OutputFormat = 'csv' | 'tsv' | 'arrow' | 'parquet';

export interface TableWriter {
  /** Write `rowCount` rows given as row-major codes (codec feature order). */
  writeCodes(codes: Codes, rowCount: number): Promise<void>;
  /** Finish the output (the Arrow footer); does not commit the sink. */
  finish(): Promise<void>;
}

/**
 * Per-feature text of every code: the level (shortest binary32 text) or the code number; for a
 * categorical feature's values its category (the unknown code: an empty cell; a code past the
 * dictionary: undefined, refused when met).
 */
function cellTables(codec: Codec, as: DecodeAs): (string | undefined)[][] {
  return codec.features.map((f) => {
    const n = 2 ** f.bits;
    const out = new Array<string | undefined>(n);
    for (let c = 0; c < n; c++) {
      if (as !== 'codes' && f.categories) out[c] = c < f.categories.length ? f.categories[c] : c === f.categories.length && f.unknown === 'code' ? '' : undefined;
      else out[c] = as === 'codes' ? String(c) : float32Text(f.levels[c]);
    }
    return out;
  });
}

export function createCsvWriter(sink: ByteSink, codec: Codec, as: DecodeAs, delimiter = ','): TableWriter {
  const tables = cellTables(codec, as);
  const names = codec.features.map((f) => f.name);
  const F = names.length;
  let header = true;
  let firstRow = 0;
  return {
    async writeCodes(codes, rowCount) {
      // Stringify in slices so the text held at once stays small whatever the block size.
      for (let start = 0; start < rowCount; start += CSV_SLICE_ROWS) {
        const end = Math.min(rowCount, start + CSV_SLICE_ROWS);
        const records = new Array<string[]>(end - start);
        for (let r = start; r < end; r++) {
          const rec = new Array<string>(F);
          const base = r * F;
          for (let f = 0; f < F; f++) {
            const cell = tables[f][codes[base + f]];
            // a code past a categorical feature's dictionary: CORRUPT_BLOCK naming row and feature
            if (cell === undefined) codec.categoryNames(f, codes.subarray(base + f, base + f + 1), { firstRow: firstRow + r });
            rec[f] = cell!;
          }
          records[r - start] = rec;
        }
        const text = stringify(records, { header, columns: names, delimiter });
        header = false;
        await sink.write(text);
      }
      firstRow += rowCount;
    },
    async finish() {
      if (header) await sink.write(stringify([], { header: true, columns: names, delimiter }));
    },
  };
}

export async function createArrowWriter(
  sink: ByteSink,
  codec: Codec,
  as: DecodeAs,
  opts: { format?: 'file' | 'stream'; metadata?: Map<string, string>; version?: { major: number; minor: number } } = {},
): Promise<TableWriter> {
  const ipc = await loadArrowModule();
  const F = codec.featureCount;
  // Categorical features as Dictionary<Utf8> columns of their categories: tableFromBsq's batches.
  const builder = as !== 'codes' && codec.features.some((f) => f.categories)
    ? new (await import('../arrow/from-bsq.js')).BatchBuilder(codec, 'values', opts.version)
    : undefined;
  const batchWriter = builder ? ipc.createIpcBatchWriter({ format: opts.format ?? 'file' }) : undefined;
  let wroteAny = false;
  const writer = batchWriter ?? ipc.createIpcColumnWriter(
    codec.features.map((f) => ({
      name: f.name,
      type: as === 'values' ? 'float32' : f.bits <= 8 ? 'uint8' : 'uint16',
      metadata: new Map([['bsq.bits', String(f.bits)]]),
    })),
    { format: opts.format ?? 'file', metadata: opts.metadata },
  );
  // Pump the writer's bytes into the sink; write() waits until the pump has caught up.
  const it = writer[Symbol.asyncIterator]();
  let idle = false;
  let pumpError: unknown;
  const pump = (async () => {
    for (;;) {
      idle = true;
      const r = await it.next();
      idle = false;
      if (r.done) return;
      await sink.write(r.value);
    }
  })().catch((err: unknown) => {
    pumpError = err;
  });
  const settle = async () => {
    do {
      await new Promise<void>((res) => setImmediate(res));
      if (pumpError) throw pumpError;
    } while (!idle);
  };
  return {
    async writeCodes(codes, rowCount) {
      if (builder && batchWriter) {
        batchWriter.write(builder.build(codes, rowCount));
        wroteAny = true;
        await settle();
        return;
      }
      const cols = codec.features.map((f, j) => {
        const col = as === 'values' ? new Float32Array(rowCount) : f.bits <= 8 ? new Uint8Array(rowCount) : new Uint16Array(rowCount);
        const lv = f.levels;
        if (as === 'values') for (let r = 0; r < rowCount; r++) col[r] = lv[codes[r * F + j]];
        else for (let r = 0; r < rowCount; r++) col[r] = codes[r * F + j];
        return col;
      });
      (writer as ReturnType<typeof ipc.createIpcColumnWriter>).write(cols, rowCount);
      await settle();
    },
    async finish() {
      if (builder && batchWriter && !wroteAny) batchWriter.write(builder.build(new Uint8Array(0), 0));
      writer.close();
      await pump;
      if (pumpError) throw pumpError;
    },
  };
}

export async function createParquetWriter(
  sink: ByteSink,
  codec: Codec,
  as: DecodeAs,
  version: { major: number; minor: number },
): Promise<TableWriter> {
  const pq = await import('../parquet/index.js');
  const w = await pq.createParquetBlockWriter(codec, { output: as, version });
  return {
    async writeCodes(codes, rowCount) {
      await sink.write(w.write(codes, rowCount));
    },
    async finish() {
      await sink.write(w.finish());
    },
  };
}
