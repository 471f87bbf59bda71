// Expands the inputs of a multi-file job: files, directories (walked recursively, hidden files and
// Spark's _SUCCESS-style markers skipped) and globs (`*`, `?` within a path segment, `**` across
// directories). Each input gets the relative path its output keeps under the output directory, so
// hive-style partitions (`date=2024-06-01/part-0.parquet`) carry over. Sorted, so deterministic.
import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { BsqError } from '../codec/errors.js';

export interface ExpandedInput {
  /** Absolute path of the input file. */
  path: string;
  /** Path of its output under the output directory, before the extension is replaced. */
  rel: string;
}

export interface ExpandOptions {
  /** Working directory for relative inputs (default process.cwd()). */
  cwd?: string;
  /** File extensions (lower case, without the dot) a directory or glob picks up; files given by name are always taken. */
  extensions?: readonly string[];
}

const GLOB = /[*?[]/;

function hidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

function extOk(name: string, exts: readonly string[] | undefined): boolean {
  if (!exts) return true;
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m !== null && exts.includes(m[1].toLowerCase());
}

async function walk(dir: string, exts: readonly string[] | undefined): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (hidden(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, exts)));
    else if (e.isFile() && extOk(e.name, exts)) out.push(p);
  }
  return out;
}

function segmentRegExp(seg: string): RegExp {
  let re = '';
  for (const ch of seg) re += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

async function globFiles(base: string, segs: readonly string[], exts: readonly string[] | undefined): Promise<string[]> {
  if (segs.length === 0) {
    const st = await stat(base).catch(() => undefined);
    return st?.isFile() && extOk(base, exts) ? [base] : [];
  }
  const [seg, ...rest] = segs;
  if (!GLOB.test(seg)) return globFiles(join(base, seg), rest, exts);
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  if (seg === '**') {
    out.push(...(await globFiles(base, rest, exts))); // zero directories
    for (const e of entries) if (e.isDirectory() && !hidden(e.name)) out.push(...(await globFiles(join(base, e.name), segs, exts)));
    return out;
  }
  const re = segmentRegExp(seg);
  for (const e of entries) {
    if (hidden(e.name) && !seg.startsWith('.')) continue;
    if (!re.test(e.name)) continue;
    if (rest.length === 0 ? e.isFile() && extOk(e.name, exts) : e.isDirectory()) out.push(...(await globFiles(join(base, e.name), rest, exts)));
  }
  return out;
}

/**
 * Expand files, directories and globs to the input files, each with the relative path of its output.
 * An input that matches nothing is an INVALID_ARGUMENT error naming it.
 */
export async function expandInputs(patterns: readonly string[], options: ExpandOptions = {}): Promise<ExpandedInput[]> {
  const cwd = options.cwd ?? process.cwd();
  const out: ExpandedInput[] = [];
  for (const pattern of patterns) {
    const full = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
    if (GLOB.test(pattern)) {
      const segs = full.split(sep);
      const firstGlob = segs.findIndex((s) => GLOB.test(s));
      const base = segs.slice(0, firstGlob).join(sep) || sep;
      const files = await globFiles(base, segs.slice(firstGlob), options.extensions);
      if (files.length === 0) throw new BsqError('INVALID_ARGUMENT', `no input file matches '${pattern}'`, { input: pattern });
      for (const f of files) out.push({ path: f, rel: relative(base, f) });
      continue;
    }
    const st = await stat(full).catch(() => undefined);
    if (st === undefined) throw new BsqError('INVALID_ARGUMENT', `cannot read '${pattern}': no such file or directory`, { input: pattern });
    if (st.isDirectory()) {
      const files = await walk(full, options.extensions);
      if (files.length === 0) throw new BsqError('INVALID_ARGUMENT', `the directory '${pattern}' holds no input files${options.extensions ? ` (${options.extensions.map((e) => '.' + e).join(', ')})` : ''}`, { input: pattern });
      for (const f of files) out.push({ path: f, rel: relative(full, f) });
    } else {
      out.push({ path: full, rel: basename(full) });
    }
  }
  return out;
}

/** The output path of each input under `outDir`, with its extension replaced; two inputs mapping to one output is an error. */
export function outputPaths(inputs: readonly ExpandedInput[], outDir: string, ext: string): string[] {
  const seen = new Map<string, string>();
  return inputs.map((inp) => {
    // part-0.snappy.parquet -> part-0.<ext>; data.csv -> data.<ext>
    const stem = inp.rel.replace(/\.[a-z0-9]+$/i, '').replace(/\.(snappy|gz|zst|zstd|lz4)$/i, '');
    const out = join(outDir, `${stem}.${ext}`);
    const prev = seen.get(out);
    if (prev !== undefined) throw new BsqError('INVALID_ARGUMENT', `'${prev}' and '${inp.path}' would both write '${out}'`, { output: out });
    seen.set(out, inp.path);
    return out;
  });
}
