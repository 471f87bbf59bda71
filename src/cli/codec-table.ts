// A table opened for a codec: numeric features are read as numbers, categorical features (FORMAT.md
// 1.5) as text and turned into their category indices with Codec.categoryIndices (unknown policy,
// missing cells: the unknown code when the feature has one), so every consumer sees one number
// column per feature in codec order. A category error names the file, the row and the column.
import { BsqError } from '../codec/errors.js';
import type { Codec, NanPolicy } from '../codec/index.js';
import { openTable, type DataFormat } from './input.js';
import { UsageError, withRowFromOne } from './errors.js';
import type { CliIO } from './io.js';
import type { TableChunk, TableOptions, TableSource } from './table.js';

/**
 * The NaN policy of --nan-code for this codec ('error' without it); a code wider than the narrowest
 * feature is a usage error (encode and eval).
 */
export function nanPolicyOf(codec: Codec, nanCode: number | undefined): NanPolicy {
  if (nanCode === undefined) return 'error';
  const narrowest = Math.min(...codec.features.map((f) => f.bits));
  if (nanCode > 2 ** narrowest - 1) {
    throw new UsageError(`--nan-code ${nanCode} does not fit the narrowest feature (${narrowest} bits, codes 0..${2 ** narrowest - 1})`);
  }
  return { code: nanCode };
}

/** Per feature: cells not coded as their own value (a missing number, or the unknown category code). */
export interface SubstitutedCells {
  /** Empty or missing cells (numbers: only under allowMissing; categories: sent as the unknown code). */
  missing: number;
  /** Categorical cells whose category is not in the codec's dictionary (sent as the unknown code). */
  unseen: number;
}

export type CodecTableSource = TableSource & {
  /** Filled while the chunks are read; features without substitutions are absent. */
  substituted: Map<string, SubstitutedCells>;
};

/**
 * "Light 2 missing (code 0), Room 3 unseen + 1 missing (unknown code)": the counts of a
 * CodecTableSource in codec order, or '' when there are none.
 */
export function substitutedText(codec: Codec, m: Map<string, SubstitutedCells>, nanCode: number | undefined): string {
  return codec.features
    .filter((f) => m.has(f.name))
    .map((f) => {
      const c = m.get(f.name)!;
      const what = [c.unseen ? `${c.unseen.toLocaleString('en-US')} unseen` : '', c.missing ? `${c.missing.toLocaleString('en-US')} missing` : ''].filter(Boolean).join(' + ');
      return `${f.name} ${what} (${f.categories ? 'unknown code' : `code ${nanCode}`})`;
    })
    .join(', ');
}

export async function openCodecTable(
  io: CliIO,
  path: string,
  codec: Codec,
  opts: Omit<TableOptions, 'select'> & { format?: DataFormat } = {},
): Promise<CodecTableSource> {
  const names = codec.features.map((f) => f.name);
  const substituted = new Map<string, SubstitutedCells>();
  const add = (name: string, missing: number, unseen: number) => {
    if (missing === 0 && unseen === 0) return;
    const c = substituted.get(name) ?? { missing: 0, unseen: 0 };
    c.missing += missing;
    c.unseen += unseen;
    substituted.set(name, c);
  };
  const countNaN = (name: string, col: Float64Array) => {
    let k = 0;
    for (let r = 0; r < col.length; r++) if (Number.isNaN(col[r]!)) k++;
    add(name, k, 0);
  };
  const categorical = codec.features.flatMap((f, i) => (f.categories ? [i] : []));
  if (categorical.length === 0) {
    const plain = await openTable(io, path, { ...opts, select: names });
    if (opts.allowMissing !== true) return { ...plain, substituted };
    async function* counted(): AsyncGenerator<TableChunk> {
      for await (const ch of plain.chunks()) {
        ch.columns.forEach((col, j) => countNaN(names[j]!, col));
        yield ch;
      }
    }
    return { ...plain, chunks: counted, substituted };
  }
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
          } else {
            countNaN(f.name, col);
          }
          return col;
        }
        try {
          const cells = ch.text[catPos.get(f.name)!]!;
          const index = codec.categoryIndices(i, cells, { firstRow: ch.firstRow });
          if (f.unknown === 'code') {
            const unknown = f.categories!.length;
            let missing = 0;
            let unseen = 0;
            for (let r = 0; r < index.length; r++) if (index[r] === unknown) (cells[r] === '' || cells[r] == null ? missing++ : unseen++);
            add(f.name, missing, unseen);
          }
          return index;
        } catch (err) {
          if (err instanceof BsqError) throw withRowFromOne(new BsqError(err.code, err.message, { ...err.details, column: f.name }), `${inner.label}: `);
          throw err;
        }
      });
      yield { columns, text: ch.text.slice(catNames.length), rowCount: ch.rowCount, firstRow: ch.firstRow };
    }
  }
  return { label: inner.label, allNames: inner.allNames, names, textNames: inner.textNames.slice(catNames.length), chunks, close: inner.close, substituted };
}
