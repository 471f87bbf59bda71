// The package's public entry points resolve from the built dist/ through package.json "exports"
// (the self-reference a user gets from `import ... from 'bsq'`), and every import of src/ obeys
// the "may import" column of ARCHITECTURE.md's layer table, which the test reads (one source of truth).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  const out: string[] = [];
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

describe('package entry points (built dist/)', () => {
  const built = existsSync(join(root, 'dist/index.js'));
  it.runIf(built)('resolves bsq, bsq/train, bsq/arrow by package name from a subprocess', () => {
    const script = `
      const root = await import('bsq');
      const names = ['Codec', 'writeBsq', 'readBsq', 'BsqError'];
      for (const n of names) if (typeof root[n] !== 'function') throw new Error('missing export ' + n);
      const c = root.Codec.fromThresholds([{ name: 'x', thresholds: [0] }]);
      const f = root.readBsq(root.writeBsq(c, { rows: new Float64Array([-1, 1]) }));
      if (f.rowCount !== 2) throw new Error('round trip failed');
      console.log('ok');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  });
});

/** The "may import" column of ARCHITECTURE.md's layer table: layer -> allowed layers and packages. */
function architectureRules(): Map<string, string[]> {
  const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
  const rules = new Map<string, string[]>();
  for (const m of text.matchAll(/^\| (\w+) \| `src\/(\w+)\/` \|[^\n]*\| ([^|\n]+) \|$/gm)) {
    const allowed = m[3]!.replace(/\([^)]*\)/g, '').split(',').map((x) => x.trim()).filter((x) => x !== '' && x !== 'nothing');
    rules.set(m[2]!, allowed);
  }
  return rules;
}

function packageOf(spec: string): string {
  if (spec.startsWith('node:')) return 'node:';
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function allows(allowed: string[], what: string): boolean {
  return allowed.some((a) => a === what || (a.endsWith('/*') && what.startsWith(a.slice(0, -1))));
}

describe('layering (the rules of ARCHITECTURE.md, read from its table)', () => {
  const rules = architectureRules();
  const files = sourceFiles(join(root, 'src')).filter((f) => !/\/src\/[^/]+\.ts$/.test(f)); // entry files at src/ re-export layers

  it('finds the source tree and a rule for every layer folder', () => {
    expect(files.length).toBeGreaterThan(5);
    const layers = new Set(files.map((f) => f.slice(join(root, 'src').length + 1).split('/')[0]!));
    for (const l of layers) expect(rules.has(l), `ARCHITECTURE.md has no row for src/${l}/`).toBe(true);
    expect(rules.get('codec')).toEqual([]);
  });

  it('every import of src/ is allowed by its layer row', () => {
    const problems: string[] = [];
    for (const file of files) {
      const rel = file.slice(join(root, 'src').length + 1);
      const layer = rel.split('/')[0]!;
      const allowed = rules.get(layer) ?? [];
      const nodeAdapter = /(^|\/)node[-_a-z]*\.ts$/.test(rel);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = join(file, '..', spec).slice(join(root, 'src').length + 1).split('/')[0]!;
          if (target !== layer && !allows(allowed, target)) problems.push(`${rel} (${layer}) imports layer ${target}: ${spec}`);
        } else {
          const pkg = packageOf(spec);
          if (pkg === 'node:' && nodeAdapter) continue;
          if (!allows(allowed, pkg)) problems.push(`${rel} (${layer}) imports ${spec}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
