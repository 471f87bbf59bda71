// A misspelt option is an INVALID_ARGUMENT naming it (and the nearest known option), not ignored:
// `writeBsq(codec, { row: rows })` wrote a valid file with 0 rows, `exportC(codec, { nanCode: 0 })`
// (once in docs/train.md) kept nan 'error' on the device, `readBsq(b, { limits: { maxFeaturez } })`
// applied no limit, `trainCodec(d, { epoch: 100 })` trained the default 50 epochs.
import { describe, expect, it } from 'vitest';
import { BsqError, Codec, createDecoderStream, createEncoderStream, readBsq, writeBsq } from '../../src/index.js';
import { exportC } from '../../src/device/index.js';
import { trainCodec } from '../../src/train/index.js';

const codec = Codec.fromThresholds([{ name: 'a', thresholds: [0, 1, 2] }]);

function refused(f: () => unknown, pattern: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(BsqError);
  expect((err as BsqError).code).toBe('INVALID_ARGUMENT');
  expect((err as BsqError).message).toMatch(pattern);
}

describe('unknown option names', () => {
  it('are refused by writeBsq, readBsq (and its limits), exportC and the stream constructors', () => {
    const rows = Float64Array.of(0.5, 1.5, 2.5);
    refused(() => writeBsq(codec, { row: rows } as never), /writeBsq: unknown option 'row' \(did you mean 'rows'\?\); options: rows, columns/);
    expect(readBsq(writeBsq(codec, { rows })).rowCount).toBe(3);
    const file = writeBsq(codec, { rows });
    refused(() => readBsq(file, { limit: {} } as never), /readBsq: unknown option 'limit' \(did you mean 'limits'\?\)/);
    refused(() => readBsq(file, { limits: { maxFeaturez: 1 } as never }), /limits: unknown option 'maxFeaturez' \(did you mean 'maxFeatures'\?\)/);
    refused(() => exportC(codec, { nanCode: 0 } as never), /exportC: unknown option 'nanCode'; options: prefix, nan, compare/);
    expect(Object.keys(exportC(codec, { nan: { code: 0 } }))).toEqual(['bsq_codec.h', 'bsq_codec.c']);
    refused(() => createEncoderStream(codec, { blokRows: 3 } as never), /createEncoderStream: unknown option 'blokRows' \(did you mean 'blockRows'\?\)/);
    refused(() => createDecoderStream({ outptu: 'codes' } as never), /createDecoderStream: unknown option 'outptu' \(did you mean 'output'\?\)/);
  });

  it('are refused by trainCodec before any training', async () => {
    const data = { a: Float64Array.from({ length: 40 }, (_, i) => i), y: Float64Array.from({ length: 40 }, (_, i) => i % 7) };
    await expect(trainCodec(data, { target: 'y', epoch: 100 } as never)).rejects.toThrow(/trainCodec: unknown option 'epoch' \(did you mean 'epochs'\?\)/);
  });
});

describe('the Node stream adapters', () => {
  it('refuse unknown option names and bad high-water marks', async () => {
    const { createNodeEncoder, createNodeDecoder } = await import('../../src/stream/node.js');
    refused(() => createNodeEncoder(codec, { blokRows: 3 } as never), /createNodeEncoder: unknown option 'blokRows' \(did you mean 'blockRows'\?\)/);
    refused(() => createNodeDecoder({ readableHighWaterMark: -5 }), /createNodeDecoder: readableHighWaterMark must be a non-negative integer, got -5/);
    refused(() => createNodeDecoder({ outptu: 'codes' } as never), /createNodeDecoder: unknown option 'outptu'/);
    createNodeDecoder({ output: 'codes', readableHighWaterMark: 4 }).destroy();
  });
});
