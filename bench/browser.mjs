// Training speed of bsq/train's browser backends, side by side in one chromium (playwright-core):
// the playground's worker trains the occupancy sample with the same settings on WASM, WebGL (here
// whatever GL chromium has: on a machine without a GPU that is SwiftShader, a software rasterizer)
// and the plain-JS CPU backend, alternating, each in a fresh page and worker. Writes
// bench/results/browser.md. Usage: npm run bench:browser (builds the playground first).
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlayground } from '../playground/build.mjs';
import { servePlayground } from '../playground/serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const settings = { epochs: '3', hard: '1', layers: '2', units: '64' };

await buildPlayground({ quiet: true });
const server = await servePlayground({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const times = { wasm: [], webgl: [], cpu: [] };
let renderer = '';
let version = browser.version();
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of ['wasm', 'webgl', 'cpu']) {
      await page.goto(server.url + '#data');
      await page.reload();
      await page.waitForFunction(() => window.bsqPlaygroundReady === true);
      renderer ||= await page.evaluate(() => {
        const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
        const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
        return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
      });
      await page.click('#load-sample');
      await page.waitForSelector('#data-summary:not([hidden])');
      await page.click('#go-train');
      await page.fill('#opt-epochs', settings.epochs);
      await page.fill('#opt-hard', settings.hard);
      await page.fill('#opt-layers', settings.layers);
      await page.fill('#opt-units', settings.units);
      await page.uncheck('#opt-fp');
      await page.selectOption('#opt-backend', backend);
      await page.click('#train-start');
      await page.waitForFunction(() => /trained in/.test(document.getElementById('status').textContent) || !document.getElementById('error').hidden, undefined, { timeout: 900_000 });
      const status = await page.textContent('#status');
      const m = /trained in ([\d.]+) s on the (\w+) backend/.exec(status ?? '');
      if (!m || m[2] !== backend) throw new Error(`${backend}: ${status} ${await page.textContent('#error')}`);
      times[backend].push(Number(m[1]));
      console.log(`round ${round + 1}: ${backend} ${m[1]} s`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const base = mean(times.wasm);
const rows = Object.entries(times).map(([k, v]) => `| ${k} | ${v.map((x) => x.toFixed(2)).join(', ')} | ${mean(v).toFixed(2)} | ${(mean(v) / base).toFixed(2)}x |`);
const md = `# Browser training backends (npm run bench:browser)

The playground's worker trains the occupancy sample (8,143 rows, 5 features, 4 bits, ${settings.epochs} soft + ${settings.hard} hard epochs,
${settings.layers} x ${settings.units} hidden units, no baselines) on each backend, alternating, ${ROUNDS} rounds, fresh page and worker each.
Chromium ${version} headless, WebGL renderer: ${renderer}. Times include backend start-up and the outputs
(report data, entropy model, C files). Shared 2-core machine: compare the ratios, not the seconds.

| backend | seconds per run | mean | vs wasm |
|---|---|---:|---:|
${rows.join('\n')}
`;
writeFileSync(join(root, 'bench/results/browser.md'), md);
console.log(md);
