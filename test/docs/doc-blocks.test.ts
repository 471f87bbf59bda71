// Docs that run: every TypeScript / JavaScript block of README.md and docs/*.md is type-checked under
// --strict as a module of its own (against the sources, as a user's import of 'bsq' would see them),
// and blocks marked `<!-- doc-test: run -->` are executed from the repository root on the shipped
// fixtures. A doc that drifts from the API fails here, naming the file and line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, docBlocks } from './extract.js';

const OUT = join(ROOT, 'test/docs/.blocks');

describe('code blocks in README.md and docs/', () => {
  const blocks = docBlocks();

  it('are found', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it('type-check under --strict', () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const names = blocks.map((b, i) => {
      const name = `b${String(i).padStart(3, '0')}.${b.lang.startsWith('j') || b.lang === 'mjs' ? 'mts' : 'ts'}`;
      writeFileSync(join(OUT, name), `// ${b.where}\n${b.code}\nexport {};\n`);
      return name;
    });
    writeFileSync(
      join(OUT, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.json',
        compilerOptions: { noEmit: true, strict: true, noUnusedLocals: false, allowJs: true, checkJs: false },
        include: ['./*.ts', './*.mts', '../ambient.d.ts'],
      }),
    );
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', OUT], { cwd: ROOT, encoding: 'utf8' });
    const problems = (r.stdout + r.stderr)
      .split('\n')
      .filter((l) => /error TS/.test(l))
      .map((l) => {
        const m = /\.blocks\/b(\d+)\.m?ts\((\d+),(\d+)\): (.*)$/.exec(l);
        if (!m) return l;
        const b = blocks[Number(m[1])]!;
        return `${b.file}:${b.line + Number(m[2]) - 1}: ${m[4]}`;
      });
    expect(names.length).toBe(blocks.length);
    expect(problems).toEqual([]);
  }, 120_000);

  for (const b of blocks.filter((x) => x.run)) {
    it(`${b.where} runs`, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', b.code], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }, 150_000);
  }
});
