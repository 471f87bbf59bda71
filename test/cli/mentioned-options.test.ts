// Every `bsq <command> --option` that an error message, a help text, README.md or docs/*.md tells a
// user to type names a command and options that exist (an error once told users to run
// `bsq train --entropy`, an option that never existed).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMON_OPTIONS, type CommandSpec } from '../../src/cli/args.js';

const root = new URL('../../', import.meta.url).pathname;
const COMMANDS = ['train', 'encode', 'decode', 'inspect', 'eval', 'export-c', 'bench'];

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

/**
 * Command lines a user is told to type: `bsq ...` in inline code, 'bsq ...' string literals in the
 * sources (help examples, messages), and `$ bsq ...` / `bsq ...` lines of fenced blocks in Markdown.
 */
function mentions(text: string, markdown: boolean): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/`(?:npx )?bsq ([a-z][^`\n]*)`/g)) out.push(m[1]!);
  if (markdown) {
    for (const block of text.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)) {
      for (const m of block[1]!.matchAll(/^\s*(?:\$ )?(?:npx )?bsq ([a-z][^\n]*)$/gm)) out.push(m[1]!);
    }
  } else {
    for (const m of text.matchAll(/'(?:npx )?bsq ([a-z][a-z-]* [^'\n]*)'/g)) out.push(m[1]!);
  }
  return out;
}

describe('bsq commands and options mentioned to users exist', () => {
  it('in src/, README.md and docs/', async () => {
    const specs = new Map<string, CommandSpec>();
    for (const c of COMMANDS) specs.set(c, ((await import(`../../src/cli/commands/${c}.ts`)) as { command: { spec: CommandSpec } }).command.spec);
    const sources = [...files(join(root, 'src'), '.ts'), ...files(join(root, 'docs'), '.md'), join(root, 'README.md')];
    const problems: string[] = [];
    let checked = 0;
    for (const file of sources) {
      for (const line of mentions(readFileSync(file, 'utf8'), file.endsWith('.md'))) {
        const [cmd, ...rest] = line.trim().split(/\s+/);
        const spec = specs.get(cmd!);
        if (spec === undefined) {
          // (output lines such as 'bsq encode: error: ...' and templates are not commands to type)
          if (!/^[a-z][a-z-]*$/.test(cmd!) || line.includes('${')) continue;
          problems.push(`${file.slice(root.length)}: 'bsq ${line}': no command '${cmd}'`);
          continue;
        }
        checked++;
        for (const word of rest) {
          const m = /^--(no-)?([a-z][a-z0-9-]*)/.exec(word);
          if (!m) continue;
          const name = m[2]!;
          if (!(name in spec.options) && !(name in COMMON_OPTIONS) && !(m[1] && `no-${name}` in spec.options) && !(`${m[1] ?? ''}${name}` in spec.options)) {
            problems.push(`${file.slice(root.length)}: 'bsq ${line.trim()}': ${cmd} has no option --${m[1] ?? ''}${name}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 60_000);
});
