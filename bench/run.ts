// `npm run bench`: runs every bench/*.bench.ts one after another in its own process (so one
// benchmark's heap and JIT state never colour another's), then prints the collected Markdown results.
// Each benchmark writes bench/results/<name>.json and .md itself. `npm run bench -- codec stream`
// runs only the named ones. The accuracy benchmark (long) runs separately: `npm run bench:accuracy`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  // scale (minutes, GBs of temporary files) runs only when named: `npm run bench:scale`
  .filter((name) => (only.length === 0 ? name !== 'scale' : only.includes(name)))
  .sort();

if (benches.length === 0) {
  console.error(`no benchmark matches ${only.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of benches) {
  console.error(`\n== bench/${name}.bench.ts`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.bench.ts`)], { stdio: 'inherit' });
  console.error(`== ${name}: exit ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failed++;
  const md = join(dir, 'results', `${name}.md`);
  if (r.status === 0 && existsSync(md)) console.log(readFileSync(md, 'utf8'));
}
process.exit(failed ? 1 : 0);
