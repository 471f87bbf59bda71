// The stream layer outside node.ts must run in browsers unchanged: no node: imports (the layering
// test checks those) and no Node-only globals (Buffer, process, require, __dirname).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../../src/stream/', import.meta.url);

describe('stream layer is browser-safe', () => {
  it('uses no Node-only globals outside node.ts', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'node.ts');
    expect(files.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const f of files) {
      const code = readFileSync(new URL(f, dir), 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const name of ['Buffer', 'process', 'require', '__dirname', 'setImmediate']) {
        if (new RegExp(`\\b${name}\\b`).test(code)) problems.push(`${f} uses ${name}`);
      }
      if (/from\s+['"]node:/.test(code)) problems.push(`${f} imports node:`);
    }
    expect(problems).toEqual([]);
  });
});
