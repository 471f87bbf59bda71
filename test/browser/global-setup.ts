// Once per `npm run test:browser`: build dist/ (the CLI the tests run on the page's downloads) and
// the playground (which also builds the library's browser bundles into playground/dist/lib/).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}`);
  const { buildPlayground } = (await import(`${root}playground/build.mjs`)) as { buildPlayground(o: { quiet: boolean }): Promise<string> };
  await buildPlayground({ quiet: true });
}
