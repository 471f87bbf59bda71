// One prefix rule for every C generator (exportC, entropyCSource, adaptiveCSource): the same
// identifiers are accepted and refused, with the same message, whichever generator is asked.
import { describe, expect, it } from 'vitest';
import { Codec } from '../../src/index.js';
import { adaptiveCSource, entropyCSource, exportC } from '../../src/internals.js';

const codec = Codec.fromThresholds([{ name: 'a', thresholds: [1, 2, 3] }]).fitEntropyModelFromCodes(Uint8Array.of(0, 1, 2, 3, 3, 2));

describe('C generator prefixes', () => {
  const generators: [string, (prefix: string) => unknown][] = [
    ['exportC', (prefix) => exportC(codec, { prefix, entropy: true, adaptive: true })],
    ['entropyCSource', (prefix) => entropyCSource(codec, { prefix })],
    ['adaptiveCSource', (prefix) => adaptiveCSource(codec, { prefix })],
  ];

  it('accept the same identifiers', () => {
    for (const [, gen] of generators) for (const ok of ['dev', 'Sensor_1', 'x'.repeat(40)]) expect(() => gen(ok)).not.toThrow();
  });

  it('refuse the same identifiers, naming the generator and the rule', () => {
    for (const badPrefix of ['_dev', '9x', 'a-b', '', 'int', 'x'.repeat(41)]) {
      const messages = generators.map(([who, gen]) => {
        try {
          gen(badPrefix);
        } catch (e) {
          expect((e as { code: string }).code).toBe('INVALID_ARGUMENT');
          expect((e as Error).message.startsWith(`${who}: `)).toBe(true);
          return (e as Error).message.slice(who.length);
        }
        return `${who} accepted ${JSON.stringify(badPrefix)}`;
      });
      expect(new Set(messages).size, `${JSON.stringify(badPrefix)}: ${messages.join(' | ')}`).toBe(1);
    }
  });
});
