// Under CI the C compile tests must not skip silently: .ci/run installs a C compiler, the ARM and
// PowerPC cross compilers and QEMU user mode, and this test fails the run when any is missing
// (locally, without them, those suites skip and say so).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findCompiler } from './harness.js';

function runs(tool: string): boolean {
  return spawnSync(tool, ['--version'], { encoding: 'utf8', timeout: 10_000 }).status === 0;
}

describe('C toolchains for the device tests', () => {
  it.runIf(process.env['CI'])('a host C compiler is present under CI ($CC or cc)', () => {
    expect(findCompiler(), 'no C compiler found: the generated-C tests would be skipped').not.toBeNull();
  });

  it.runIf(process.env['CI'])('the cross compilers and QEMU of the byte-exactness tests are present under CI', () => {
    const missing = ['arm-linux-gnueabihf-gcc', 'powerpc-linux-gnu-gcc', 'qemu-arm', 'qemu-ppc'].filter((t) => !runs(t));
    expect(missing, 'missing: the ARM / PowerPC tests would be skipped').toEqual([]);
  });
});
