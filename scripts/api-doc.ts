// Generates docs/api.md: the public surface of every package entry point (package.json "exports"),
// each runtime export with its kind and the first sentence of its doc comment, and the exported
// types. `npx tsx scripts/api-doc.ts` rewrites the file; test/package/api-doc.test.ts fails when the
// committed file differs from what the current exports give, so the list cannot drift.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Descriptions of names re-exported from other packages (no doc comment in our sources). */
const REEXPORTED: Record<string, string> = {
  setWasmPaths: "tfjs-backend-wasm's `setWasmPaths`, re-exported: where the WASM backend loads its `.wasm` files from (docs/playground.md).",
};

const STABILITY: Record<string, string> = {
  'bsq/internals': '**Unstable**: everything the layers export, for tests, tools and custom framing; may change in any release.',
};

/** package.json "exports" subpaths (without ./package.json and browser-only conditions), as entry name -> source file. */
export function entryPoints(): { name: string; source: string }[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const out: { name: string; source: string }[] = [];
  for (const [sub, target] of Object.entries(pkg.exports)) {
    if (sub === './package.json') continue;
    const t = target as Record<string, unknown> | string;
    const dist = typeof t === 'string' ? t : ((t['node'] as string | undefined) ?? (t['default'] as string | undefined) ?? (t['import'] as string));
    if (typeof dist !== 'string' || !dist.startsWith('./dist/')) continue;
    const source = 'src/' + dist.slice('./dist/'.length).replace(/\.js$/, '.ts');
    const name = sub === '.' ? pkg.name : pkg.name + sub.slice(1);
    out.push({ name, source });
    // A "browser" condition is an entry of its own for bundlers that target browsers.
    const browser = typeof t === 'string' ? undefined : (t['browser'] as Record<string, string> | string | undefined);
    const browserDist = typeof browser === 'string' ? browser : browser?.['default'];
    if (typeof browserDist === 'string' && browserDist.startsWith('./dist/')) {
      out.push({ name: `${name} (browser condition)`, source: 'src/' + browserDist.slice('./dist/'.length).replace(/\.js$/, '.ts') });
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** name -> first sentence of the doc comment right above its declaration, from all sources. */
function docComments(): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|type|interface|enum)\s+([A-Za-z_$][\w$]*)/g;
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(re)) {
      const text = m[1]!.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).filter((l) => !l.startsWith('@')).join(' ').trim();
      let sentence = /^(.*?\.)(\s|$)/.exec(text)?.[1] ?? text;
      if (sentence.length > 160) sentence = sentence.slice(0, sentence.lastIndexOf(' ', 157)) + ' ...';
      sentence = sentence.replace(/\|/g, '\\|');
      if (!out.has(m[2]!)) out.set(m[2]!, sentence);
    }
  }
  return out;
}

/** Type-only names an entry's source exports (export type {...}, export { type X }, type/interface declarations). */
function typeExports(source: string, seen = new Set<string>()): string[] {
  const path = join(ROOT, source);
  if (seen.has(path)) return [];
  seen.add(path);
  const text = readFileSync(path, 'utf8');
  const names: string[] = [];
  for (const m of text.matchAll(/export\s+type\s*\{([^}]*)\}/g)) names.push(...m[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/).pop()!).filter(Boolean));
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) for (const part of m[1]!.split(',')) {
    const t = /^\s*type\s+([\w$]+)(?:\s+as\s+([\w$]+))?/.exec(part);
    if (t) names.push(t[2] ?? t[1]!);
  }
  for (const m of text.matchAll(/export\s+(?:type|interface)\s+([\w$]+)/g)) names.push(m[1]!);
  for (const m of text.matchAll(/export\s+(type\s+)?\*\s+from\s+'([^']+)'/g)) {
    const target = join(source, '..', m[2]!.replace(/\.js$/, '.ts'));
    names.push(...typeExports(relative(ROOT, join(ROOT, target)), seen));
  }
  return [...new Set(names)].sort();
}

function kindOf(v: unknown): string {
  if (typeof v === 'function') return /^class\s/.test(Function.prototype.toString.call(v)) ? 'class' : 'function';
  return typeof v === 'object' && v !== null ? 'object' : typeof v;
}

export async function renderApiDoc(): Promise<string> {
  const docs = docComments();
  const lines: string[] = [
    '# Public API',
    '',
    'Generated by `npx tsx scripts/api-doc.ts` from the package entry points (package.json "exports");',
    '`test/package/api-doc.test.ts` fails when this file and the exports differ. The guides in `docs/`',
    'explain each name; this page is the complete list. Names not listed here are not part of the API.',
  ];
  for (const { name, source } of entryPoints()) {
    const mod = (await import(pathToFileURL(join(ROOT, source)).href)) as Record<string, unknown>;
    lines.push('', `## \`${name}\``, '', `Source: \`${source}\`.${STABILITY[name] ? ' ' + STABILITY[name] : ''}`, '');
    lines.push('| name | kind | what it is |', '|---|---|---|');
    for (const key of Object.keys(mod).sort()) lines.push(`| \`${key}\` | ${kindOf(mod[key])} | ${docs.get(key) ?? REEXPORTED[key] ?? ''} |`);
    const types = typeExports(source).filter((t) => !(t in mod));
    if (types.length > 0) lines.push('', `Types: ${types.map((t) => `\`${t}\``).join(', ')}.`);
  }
  return lines.join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(join(ROOT, 'docs/api.md'), await renderApiDoc());
  console.log('wrote docs/api.md');
}
