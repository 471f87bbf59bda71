// The package's public entry points resolve from the built dist/ through package.json "exports"
// (the self-reference a user gets from `import ... from 'bsq'`), and the layering rules hold:
// apache-arrow only under src/arrow, tfjs only under src/train, node: only in Node adapter files.
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
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2]);
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

describe('layering', () => {
  const order = ['codec', 'format', 'stream', 'arrow', 'parquet', 'device', 'train', 'cli'];
  const rank: Record<string, number> = { codec: 0, format: 1, stream: 2, arrow: 3, parquet: 3, device: 2, train: 4, cli: 5 };
  const files = sourceFiles(join(root, 'src')).filter((f) => !f.endsWith('/src/index.ts'));
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  it('lower layers never import higher ones; arrow, tfjs and node: stay in their places', () => {
    const problems: string[] = [];
    for (const file of files) {
      const rel = file.slice(join(root, 'src').length + 1);
      const layer = rel.split('/')[0];
      if (!order.includes(layer)) continue;
      for (const spec of importsOf(file)) {
        if (spec.startsWith('apache-arrow') && layer !== 'arrow' && layer !== 'cli')
          problems.push(`${rel} imports ${spec}`);
        if (spec.startsWith('hyparquet') && layer !== 'parquet') problems.push(`${rel} imports ${spec}`);
        if (spec.startsWith('@tensorflow/') && layer !== 'train') problems.push(`${rel} imports ${spec}`);
        if (spec.startsWith('node:') && !['cli'].includes(layer) && !/node[-_a-z]*\.ts$/.test(rel))
          problems.push(`${rel} imports ${spec} (only Node adapter files may)`);
        if (spec.startsWith('.')) {
          const target = join(file, '..', spec).slice(join(root, 'src').length + 1).split('/')[0];
          if (order.includes(target) && rank[target] > rank[layer] && target !== layer)
            problems.push(`${rel} (${layer}) imports higher layer ${target}: ${spec}`);
          if (layer === 'device' && target === 'stream') problems.push(`${rel} imports stream`);
          if ((layer === 'arrow' && target === 'parquet') || (layer === 'parquet' && target === 'arrow')) problems.push(`${rel} imports its peer ${target}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
