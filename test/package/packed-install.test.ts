// What a user gets from `npm pack` + `npm install <tarball>` in an empty project: every entry point
// of package.json "exports" imports, the `bsq` bin runs, and the files README links to ship.
// (No release is published yet; README's install section documents exactly this route.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
  peerDependencies?: Record<string, string>;
};
const built = existsSync(join(root, 'dist/index.js'));

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

describe.runIf(built)('the packed tarball installed into an empty project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsq-packed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs, imports every entry point and runs the bin', () => {
    const tgz = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], root).trim().split('\n').pop()!;
    const files = run('tar', ['-tzf', join(dir, tgz)], dir).split('\n');
    for (const shipped of ['package/LICENSE', 'package/README.md', 'package/dist/index.js', 'package/spec/FORMAT.md', 'package/docs/codec.md', 'package/fixtures/occupancy_train.csv', 'package/examples/demo.mjs']) {
      expect(files, `${shipped} is not in the tarball`).toContain(shipped);
    }
    // Source maps point at files that ship.
    for (const map of files.filter((f) => f.endsWith('.js.map')).slice(0, 20)) {
      const text = run('tar', ['-xzOf', join(dir, tgz), map], dir);
      for (const src of (JSON.parse(text) as { sources: string[] }).sources) {
        const target = join('package', map.slice('package/'.length).split('/').slice(0, -1).join('/'), src).replace(/\\/g, '/');
        expect(files, `${map} points at ${src}, which does not ship`).toContain(target);
      }
    }

    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const peers = Object.keys(pkg.peerDependencies ?? {});
    run('npm', ['install', `./${tgz}`, ...peers, '--prefer-offline', '--no-audit', '--no-fund', '--silent'], dir);

    const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? pkg.name : pkg.name + k.slice(1)));
    const script = `
      const out = {};
      for (const name of ${JSON.stringify(entries)}) out[name] = Object.keys(await import(name)).length;
      console.log(JSON.stringify(out));`;
    const counts = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], dir)) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([...entries].sort());
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);

    // The shipped types check under --strict in a consumer project (skipLibCheck, as docs/train.md says:
    // tfjs's own .d.ts files do not pass strict checks).
    const imports = entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n');
    writeFileSync(join(dir, 'consumer.ts'), `${imports}\nexport const all = [${entries.map((_, i) => `m${i}`).join(', ')}];\n`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] },
        files: ['consumer.ts'],
      }),
    );
    run(join(root, 'node_modules/.bin/tsc'), ['-p', dir], dir);

    // Without the optional peer, bsq/arrow says what to install (a BsqError, not ERR_MODULE_NOT_FOUND).
    run('npm', ['uninstall', 'apache-arrow', '--no-audit', '--no-fund', '--silent'], dir);
    const missing = `
      try { await import('bsq/arrow'); console.log('loaded'); }
      catch (e) { const { isBsqError } = await import('bsq'); console.log(isBsqError(e, 'MISSING_DEPENDENCY') + ' ' + e.message); }`;
    expect(run(process.execPath, ['--input-type=module', '-e', missing], dir).trim()).toMatch(/^true .*npm install apache-arrow/);
    expect(run(process.execPath, ['--input-type=module', '-e', "const m = await import('bsq'); console.log(typeof m.readBsq)"], dir).trim()).toBe('function');

    const bins = readdirSync(join(dir, 'node_modules/.bin'));
    expect(bins).toContain('bsq');
    expect(run(join(dir, 'node_modules/.bin/bsq'), ['--help'], dir)).toMatch(/Usage: bsq <command>/);
  }, 300_000);
});
