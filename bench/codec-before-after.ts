// Side-by-side speed of the codec kernels at another git revision and now, in one process, for
// refactors that must not slow the kernels: `npx tsx bench/codec-before-after.ts [REF]` (default
// HEAD). It extracts REF's src/codec into bench/.old-codec (removed afterwards), runs each case 9
// times alternating old and new, and prints new/old speed (best of 9; 1.00 = unchanged).
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const ref = process.argv[2] ?? 'HEAD';
const oldDir = `${root}bench/.old-codec`;
rmSync(oldDir, { recursive: true, force: true });
mkdirSync(oldDir, { recursive: true });
execSync(`git archive ${ref} src/codec | tar -x -C ${oldDir}`, { cwd: root });
try {
  const { Codec: NewCodec } = await import(pathToFileURL(`${root}src/codec/index.ts`).href);
  const { Codec: OldCodec } = await import(pathToFileURL(`${oldDir}/src/codec/index.ts`).href);
  const make = (C: typeof NewCodec, widths: number[]) =>
    C.fromThresholds(widths.map((b, i) => ({ name: `f${i}`, thresholds: Array.from({ length: (1 << b) - 1 }, (_, k) => k + 1) })));
  const layouts: Record<string, number[]> = { 'uniform 8x4': [4, 4, 4, 4, 4, 4, 4, 4], 'uniform 8x2': [2, 2, 2, 2, 2, 2, 2, 2], 'mixed 1..8': [1, 2, 3, 4, 5, 6, 7, 8], 'uniform 4x12': [12, 12, 12, 12] };
  const N = 1 << 19;
  console.log(`new/old speed against ${ref} (best of 9, ${N} rows per case)`);
  for (const [name, w] of Object.entries(layouts)) {
    const rows = new Float64Array(N * w.length);
    for (let i = 0; i < rows.length; i++) rows[i] = ((i * 7919) % 300) / 2;
    const res: Record<string, number[]> = {};
    for (let round = 0; round < 9; round++) {
      const order = round % 2 ? [['old', OldCodec], ['new', NewCodec]] : [['new', NewCodec], ['old', OldCodec]];
      for (const [label, C] of order as [string, typeof NewCodec][]) {
        const c = make(C, w);
        const time = (op: string, f: () => unknown) => {
          const t = performance.now();
          const r = f();
          (res[`${label} ${op}`] ??= []).push(performance.now() - t);
          return r;
        };
        const p = time('encode', () => c.encodeRows(rows)) as Uint8Array;
        const codes = time('codes', () => c.decodeCodes(p, N)) as Uint8Array;
        time('values', () => c.decodeValues(p, N));
        time('toCodes', () => c.encodeRowsToCodes(rows));
        time('thermo', () => c.codesToThermometer(codes.subarray(0, (N >> 3) * w.length)));
      }
    }
    const best = (k: string) => Math.min(...res[k]!);
    console.log(name.padEnd(13), ['encode', 'codes', 'values', 'toCodes', 'thermo'].map((op) => `${op} ${(best(`old ${op}`) / best(`new ${op}`)).toFixed(2)}`).join('  '));
  }
} finally {
  rmSync(oldDir, { recursive: true, force: true });
}
