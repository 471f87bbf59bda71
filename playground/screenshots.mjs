// Screenshots of every playground view for docs/playground.md, taken from the built site in
// Debian's chromium (playwright-core): 1280x800 and phone width (390x844). Regenerate with
// `npm run playground:screenshots` (builds first). WebGL is off, as in the tests (WASM backend).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlayground } from './build.mjs';
import { servePlayground } from './serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/playground');
mkdirSync(out, { recursive: true });

await buildPlayground({ quiet: true });
const server = await servePlayground({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-software-rasterizer', '--hide-scrollbars', '--font-render-hinting=none'],
});
const shots = [];
const notes = [];
async function shot(page, name, opts = {}) {
  const path = join(out, `${name}.png`);
  await page.screenshot({ path, ...opts });
  shots.push(name);
  console.log(`wrote docs/playground/${name}.png`);
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.bsqPlaygroundReady === true);
  await shot(page, 'start');
  await page.click('#load-sample');
  await page.waitForSelector('#data-summary:not([hidden])');
  await shot(page, 'data');

  await page.click('#go-train');
  await page.fill('#opt-epochs', '15');
  await page.fill('#opt-hard', '3');
  await page.fill('#opt-sweep', '2,3');
  await page.fill('#bits-3', '6');
  await shot(page, 'train-options');
  await page.click('#train-start');
  await page.waitForFunction(() => /^bsq: epoch (9|1\d)\//.test(document.getElementById('train-epoch').textContent));
  await page.evaluate(() => document.getElementById('train-live').scrollIntoView());
  await shot(page, 'train-live');
  await page.waitForSelector('#train-result:not([hidden])', { timeout: 600_000 });
  notes.push(`desktop training: ${await page.textContent('#status')}`);
  await page.evaluate(() => document.getElementById('train-live').scrollIntoView());
  await shot(page, 'train-done');

  await page.click('#go-report');
  const frame = page.frameLocator('#report-frame');
  await frame.locator('#chart-bits').waitFor();
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'report');
  await shot(page, 'report-full', { fullPage: true });

  await page.click('#open-dataset');
  await page.waitForSelector('#bsq-body:not([hidden])');
  await shot(page, 'bsq');
  const bad = new Uint8Array(await page.evaluate(() => fetch('sample/occupancy_train.csv').then((r) => r.arrayBuffer()).then((b) => Array.from(new Uint8Array(b).subarray(0, 200)))));
  await page.setInputFiles('#file-bsq', { name: 'not-a-bsq.bsq', mimeType: 'application/octet-stream', buffer: Buffer.from(bad) });
  await page.waitForSelector('#error:not([hidden])');
  await shot(page, 'bsq-error');

  await page.click('#tab-stream');
  await page.selectOption('#st-rate', '2000');
  await page.click('#st-start');
  await page.waitForFunction(() => Number((document.querySelector('#stream-cards .card:nth-child(2) .v')?.textContent ?? '0').replace(/,/g, '')) > 1500);
  await shot(page, 'stream');
  notes.push(`stream: ${(await page.innerText('#stream-cards')).replace(/\s*\n\s*/g, ' · ')}`);
  await page.click('#st-stop');
  await page.waitForFunction(() => /stream stopped/.test(document.getElementById('status').textContent));

  // Phone width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const p2 = await phone.newPage();
  await p2.goto(server.url);
  await p2.waitForFunction(() => window.bsqPlaygroundReady === true);
  await p2.click('#load-sample');
  await p2.waitForSelector('#data-summary:not([hidden])');
  await shot(p2, 'phone-data');
  await p2.click('#go-train');
  await p2.fill('#opt-epochs', '4');
  await p2.fill('#opt-hard', '1');
  await p2.evaluate(() => document.activeElement.blur());
  await shot(p2, 'phone-train', { fullPage: true });
  await p2.click('#train-start');
  await p2.waitForSelector('#train-result:not([hidden])', { timeout: 600_000 });
  notes.push(`phone training: ${await p2.textContent('#status')}`);
  await p2.click('#go-report');
  await p2.frameLocator('#report-frame').locator('#chart-bits').waitFor();
  await p2.waitForTimeout(500);
  await shot(p2, 'phone-report');
  writeFileSync(
    join(out, 'README.md'),
    `Screenshots for ../playground.md, written by \`npm run playground:screenshots\` (playground/screenshots.mjs): ${shots.join(', ')}.\n\n` +
      `The run that took them (${new Date().toISOString().slice(0, 16)}Z, chromium ${browser.version()}):\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`,
  );
} finally {
  await browser.close();
  await server.close();
}
