// Under CI the C compile tests must not skip silently: .ci/run installs a C compiler, and this test
// fails the run when none is found (locally, without a compiler, those suites skip and say so).
import { describe, expect, it } from 'vitest';
import { findCompiler } from './harness.js';

describe('C compiler for the device tests', () => {
  it.runIf(process.env['CI'])('is present under CI ($CC or cc)', () => {
    expect(findCompiler(), 'no C compiler found: the generated-C tests would be skipped').not.toBeNull();
  });
});
