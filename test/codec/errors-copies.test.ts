// isBsqError and instanceof BsqError hold for an error thrown by another copy of the package (two
// versions side by side, or a bundle next to a Node import): a second, separately loaded instance of
// the errors module stands in for the other copy.
import { describe, expect, it } from 'vitest';
import { BsqError, isBsqError } from '../../src/codec/errors.js';

describe('BsqError across copies of the package', () => {
  it('a second module instance has its own class, and both recognise each other', async () => {
    const copy = new URL('../../src/codec/errors.ts?second-copy', import.meta.url).href;
    const other = (await import(/* @vite-ignore */ copy)) as typeof import('../../src/codec/errors.js');
    expect(other.BsqError).not.toBe(BsqError); // really another copy
    const foreign = new other.BsqError('CORRUPT_BLOCK', 'from the other copy');
    expect(isBsqError(foreign)).toBe(true);
    expect(isBsqError(foreign, 'CORRUPT_BLOCK')).toBe(true);
    expect(isBsqError(foreign, 'TRUNCATED')).toBe(false);
    expect(foreign instanceof BsqError).toBe(true);
    expect(other.isBsqError(new BsqError('TRUNCATED', 'ours'), 'TRUNCATED')).toBe(true);
  });

  it('plain errors and look-alikes are not BsqErrors', () => {
    expect(isBsqError(new Error('x'))).toBe(false);
    expect(isBsqError({ name: 'BsqError', code: 'TRUNCATED', message: 'fake' })).toBe(false);
    expect(isBsqError(null)).toBe(false);
    expect(isBsqError('TRUNCATED')).toBe(false);
    const e = new BsqError('TRUNCATED', 'ours');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('BsqError');
  });
});
