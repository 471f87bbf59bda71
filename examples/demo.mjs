#!/usr/bin/env node
// npm run demo: the whole bsq story on a real sensor dataset, through the real CLI (dist/cli/main.js,
// built by `npm ci` / `npm run build`):
//   1. train a 4-bit codec + server model on fixtures/occupancy_train.csv (FP baseline alongside),
//   2. encode the test split (fixtures/occupancy_test.csv) to .bsq, as a device would (bit-packed,
//      and entropy coded),
//   3. inspect the .bsq (checksums, compression), decode it back to a table,
//   4. evaluate the server model on the decoded data and compare with FP on float32 inputs.
// Outputs go to demo-out/ (the report: demo-out/occupancy/report.html). Set BSQ_DEMO_EPOCHS to change
// the number of training epochs (default 30).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'main.js');
const out = join(root, 'demo-out');
const rel = (p) => relative(process.cwd(), p) || '.';
const epochs = process.env.BSQ_DEMO_EPOCHS ?? '30';

if (!existsSync(bin)) {
  console.error(`demo: ${rel(bin)} is missing; build first with: npm ci   (or: npm run build)`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });

/** Run `bsq ...` (the built CLI); progress goes straight to our stderr, stdout is returned. */
function bsq(args, { echo = true } = {}) {
  console.log(`\n$ bsq ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const parts = [];
    child.stdout.on('data', (c) => {
      parts.push(c);
      if (echo) process.stdout.write(c);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(parts).toString('utf8'));
      else reject(new Error(`bsq ${args[0]} failed with exit code ${code}`));
    });
  });
}

const fmtBytes = (n) => n.toLocaleString('en-US');
const pct = (x) => `${(100 * x).toFixed(2)}%`;

async function main() {
  const t0 = performance.now();
  const train = join('fixtures', 'occupancy_train.csv');
  const test = join('fixtures', 'occupancy_test.csv');
  const modelDir = join('demo-out', 'occupancy');
  const bsqFile = join('demo-out', 'occupancy_test.bsq');
  const decoded = join('demo-out', 'occupancy_test.decoded.csv');

  console.log('bsq demo: occupancy detection from 5 room sensors (temperature, humidity, light, CO2, humidity ratio)');
  console.log(`training a 4-bit codec and its server model (${epochs} epochs), with the FP model (float32 inputs) for comparison`);
  await bsq(['train', train, '--target', 'Occupancy', '--test', test, '--bits', '4', '--epochs', epochs, '--baselines', 'FP', '-o', modelDir]);

  await bsq(['encode', '--codec', join(modelDir, 'codec.bsq'), test, '-o', bsqFile]);
  const entropyFile = join('demo-out', 'occupancy_test.entropy.bsq');
  await bsq(['encode', '--codec', join(modelDir, 'codec.bsq'), test, '-o', entropyFile, '--entropy']);
  await bsq(['inspect', bsqFile]);
  await bsq(['decode', bsqFile, '-o', decoded]);
  const evalOut = await bsq(['eval', '--model', modelDir, decoded, '--labels', test, '--json'], { echo: false });
  const ev = JSON.parse(evalOut);

  const report = JSON.parse(readFileSync(join(root, modelDir, 'report.json'), 'utf8'));
  const fp = report.report.baselines?.FP?.test;
  const trainTime = report.report.timings.totalSeconds;
  const rows = ev.rows;
  const features = report.data.features.length;
  const csvBytes = statSync(join(root, test)).size;
  const floatBytes = rows * features * 4;
  const bsqBytes = statSync(join(root, bsqFile)).size;
  const entropyBytes = statSync(join(root, entropyFile)).size;

  console.log('\n=== comparison on the test split (' + rows + ' rows, never seen in training) ===');
  const line = (name, bits, acc, f1, ll) =>
    `  ${name.padEnd(44)}${String(bits).padStart(9)}  ${acc.padStart(9)}  ${f1.padStart(8)}  ${ll.padStart(8)}`;
  console.log(line('model input', 'bits/row', 'accuracy', 'macroF1', 'logLoss'));
  if (fp) console.log(line('FP: float32 sensor values', 32 * features, pct(fp.accuracy), fp.macroF1.toFixed(4), fp.logLoss.toFixed(4)));
  console.log(
    line('bsq: 4-bit codes, sent as .bsq and decoded', ev.bitsPerRow, pct(ev.metrics.accuracy), ev.metrics.macroF1.toFixed(4), ev.metrics.logLoss.toFixed(4)),
  );
  console.log(
    `  (bsq on the raw test CSV during training: accuracy ${pct(report.report.test.accuracy)}; ` +
      `${report.report.test.accuracy === ev.metrics.accuracy ? 'identical after encode -> .bsq -> decode' : 'DIFFERENT after the round trip'})`,
  );
  console.log('\n=== size of the test split ===');
  console.log(`  CSV text            ${fmtBytes(csvBytes).padStart(9)} bytes (all 6 columns)`);
  console.log(`  float32 features    ${fmtBytes(floatBytes).padStart(9)} bytes`);
  console.log(`  .bsq (4 bits)       ${fmtBytes(bsqBytes).padStart(9)} bytes: ${(floatBytes / bsqBytes).toFixed(2)}x smaller than float32, checksummed`);
  console.log(
    `  .bsq, entropy coded ${fmtBytes(entropyBytes).padStart(9)} bytes: ${(floatBytes / entropyBytes).toFixed(2)}x smaller ` +
      '(same codes; --entropy picks the smaller of the adaptive and the trained static coding per block; the codec travels in the file)',
  );
  const secs = (performance.now() - t0) / 1000;
  console.log(`\ntraining took ${trainTime.toFixed(1)} s; the whole demo ${secs.toFixed(1)} s`);
  console.log(`report: ${rel(join(root, modelDir, 'report.html'))} (open it in a browser; it works offline)`);
}

main().catch((err) => {
  console.error(`demo failed: ${err.message}`);
  process.exit(1);
});
