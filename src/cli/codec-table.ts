// A table opened for a codec: numeric features are read as numbers, categorical features (FORMAT.md
// 1.5) as text and turned into their category indices with Codec.categoryIndices (unknown policy,
// missing cells: the unknown code when the feature has one), so every consumer sees one number
// column per feature in codec order. A category error names the file, the row and the column.
import { BsqError } from '../codec/errors.js';
import type { Codec } from '../codec/index.js';
import { openTable, type DataFormat } from './input.js';
import type { CliIO } from './io.js';
import type { TableChunk, TableOptions, TableSource } from './table.js';

export async function openCodecTable(
  io: CliIO,
  path: string,
  codec: Codec,
  opts: Omit<TableOptions, 'select'> & { format?: DataFormat } = {},
): Promise<TableSource> {
  const names = codec.features.map((f) => f.name);
  const categorical = codec.features.flatMap((f, i) => (f.categories ? [i] : []));
  if (categorical.length === 0) return openTable(io, path, { ...opts, select: names });
  const extraText = opts.text;
  const catNames = categorical.map((i) => names[i]);
  const numNames = names.filter((_, i) => !codec.features[i].categories);
  // Empty categorical cells reach Codec.categoryIndices (the unknown code, or INVALID_DATA); missing
  // numbers are refused here unless opts.allowMissing.
  const inner = await openTable(io, path, {
    ...opts,
    allowMissing: true,
    select: numNames,
    text: (all) => [...catNames, ...(typeof extraText === 'function' ? extraText(all) : extraText ?? [])],
  });
  const numPos = new Map(numNames.map((n, j) => [n, j]));
  const catPos = new Map(catNames.map((n, j) => [n, j]));
  async function* chunks(): AsyncGenerator<TableChunk> {
    for await (const ch of inner.chunks()) {
      const columns = codec.features.map((f, i) => {
        if (!f.categories) {
          const col = ch.columns[numPos.get(f.name)!];
          if (opts.allowMissing !== true) {
            const r = col.findIndex((v) => Number.isNaN(v));
            if (r >= 0) throw new BsqError('INVALID_DATA', `${inner.label} row ${ch.firstRow + r + 1}: column '${f.name}': missing value`, { row: ch.firstRow + r, column: f.name });
          }
          return col;
        }
        try {
          return codec.categoryIndices(i, ch.text[catPos.get(f.name)!], { firstRow: ch.firstRow });
        } catch (err) {
          if (err instanceof BsqError) throw new BsqError(err.code, `${inner.label}: ${err.message}`, { ...err.details, column: f.name });
          throw err;
        }
      });
      yield { columns, text: ch.text.slice(catNames.length), rowCount: ch.rowCount, firstRow: ch.firstRow };
    }
  }
  return { label: inner.label, allNames: inner.allNames, names, textNames: inner.textNames.slice(catNames.length), chunks, close: inner.close };
}
