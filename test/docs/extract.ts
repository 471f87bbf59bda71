// Test helper: the TypeScript / JavaScript code blocks of README.md and docs/*.md, with where they
// stand, and whether a `<!-- doc-test: run -->` comment right above marks one to be run.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DocBlock {
  /** e.g. "docs/stream.md:21" (the line of the opening fence). */
  where: string;
  file: string;
  line: number;
  lang: string;
  code: string;
  run: boolean;
}

export const ROOT = new URL('../../', import.meta.url).pathname;

export function docFiles(): string[] {
  return ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

export function docBlocks(): DocBlock[] {
  const out: DocBlock[] = [];
  for (const file of docFiles()) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^```(ts|typescript|js|javascript|mjs)\s*$/.exec(lines[i]!);
      if (!m) continue;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      let k = start - 1;
      while (k >= 0 && lines[k]!.trim() === '') k--;
      const run = k >= 0 && /<!--\s*doc-test:\s*run\s*-->/.test(lines[k]!);
      out.push({ where: `${file}:${start + 1}`, file, line: start + 1, lang: m[1]!, code: body.join('\n'), run });
    }
  }
  return out;
}
