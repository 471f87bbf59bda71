// Placeholder names that code blocks in README.md and docs/ use without defining them (the data a
// reader brings). Blocks are compiled as modules, so a block that defines one of these shadows it.
import type { Codec, Codes, DecodedRows, FeatureSpec, RowChunk } from '../../src/index.js';

declare global {
  const rows: Float64Array;
  const columns: Record<string, ArrayLike<number>>;
  const bytes: Uint8Array;
  const codes: Codes;
  const codec: Codec;
  const trainRows: Float64Array;
  const sampleRows: Float64Array;
  const sensorRows: ReadableStream<RowChunk>;
  const byteStream: ReadableStream<Uint8Array>;
  const byteChunks: AsyncIterable<Uint8Array>;
  const rowSource: AsyncIterable<RowChunk>;
  const destination: WritableStream<Uint8Array>;
  const blockSink: NodeJS.WritableStream;
  const specs: FeatureSpec[];
  const source: AsyncIterable<Uint8Array>;
  const rowChunks: AsyncIterable<RowChunk>;
  const signal: AbortSignal;
  const sink: { write(bytes: Uint8Array): void };
  function use(...xs: unknown[]): void;
  function send(x: Uint8Array): void;
  function handle(block: DecodedRows): void;
}
export {};
