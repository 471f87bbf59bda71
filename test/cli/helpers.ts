// Shared helpers of the CLI tests: run the CLI in-process with captured streams, or as a subprocess
// (node + tsx on the sources), in a fresh temporary directory.
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'fixtures');
/** tsx's loader by absolute URL, so subprocesses work from any working directory. */
const TSX_LOADER = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bsq-cli-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run `bsq <args>` in-process. */
export async function run(args: string[], opts: { cwd: string; stdin?: Buffer | string; tty?: boolean }): Promise<RunResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (parts: Buffer[]) =>
    new Writable({
      write(chunk, _enc, cb) {
        parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
        cb();
      },
    });
  const io: CliIO = {
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    stdout: sink(out),
    stderr: sink(err),
    stderrIsTTY: opts.tty === true,
    columns: 100,
    cwd: opts.cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}

/** Run `bsq <args>` as a child process (node with tsx on src/cli/main.ts). */
export function runProcess(args: string[], opts: { cwd: string; stdin?: Buffer | string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Files left in a directory (to check that failures leave nothing behind). */
export function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}
