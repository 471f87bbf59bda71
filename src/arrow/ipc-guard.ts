// Bounds checks of an Arrow IPC file's footer and record batch messages before apache-arrow decodes
// them. apache-arrow trusts the vector lengths inside these flatbuffers: one flipped byte in the
// length of a RecordBatch's `buffers` or of the schema's `fields` makes it build up to 2^32 objects
// (tens of seconds of CPU, or the process dies out of memory, for a 500-byte file). A table or vector
// that does not fit in its flatbuffer is corruption, refused here with a BsqError first.
import { BsqError } from '../codec/errors.js';

/** Message.header_type of a record batch (Arrow's MessageHeader enum). */
const RECORD_BATCH = 3;

/** Reads of one flatbuffer held in bytes[start, end); any position outside is `fail`. */
class Flat {
  readonly #dv: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly fail: (what: string) => never,
  ) {
    this.#dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  #at(p: number, n: number): number {
    if (!(p >= this.start && p + n <= this.end)) this.fail('an offset points outside it');
    return p;
  }
  u8(p: number): number {
    return this.bytes[this.#at(p, 1)]!;
  }
  u16(p: number): number {
    return this.#dv.getUint16(this.#at(p, 2), true);
  }
  u32(p: number): number {
    return this.#dv.getUint32(this.#at(p, 4), true);
  }
  /** The table an offset field at p points to. */
  table(p: number): number {
    return this.#at(p + this.u32(p), 4);
  }
  /** Position of field k of the table at t, or undefined when absent. */
  field(t: number, k: number): number | undefined {
    const vt = this.#at(t - this.#dv.getInt32(this.#at(t, 4), true), 4);
    if (4 + 2 * k + 2 > this.u16(vt)) return undefined;
    const off = this.u16(vt + 4 + 2 * k);
    return off === 0 ? undefined : t + off;
  }
  /** The vector an offset field at p points to: its first element and length, checked to fit. */
  vector(p: number | undefined, elementBytes: number, what: string): { first: number; length: number } {
    if (p === undefined) return { first: 0, length: 0 };
    const v = p + this.u32(p);
    const length = this.u32(v);
    if (v + 4 + length * elementBytes > this.end) this.fail(`${what} claims ${length} entries, more than it holds`);
    return { first: v + 4, length };
  }
}

/**
 * `bytes`: one IPC message where the file's footer block points (the 0xFFFFFFFF continuation and the
 * metadata length, then the flatbuffer), at least metaDataLength bytes. Throws INVALID_DATA when a
 * record batch's vectors or tables point outside the metadata.
 */
export function checkRecordBatchMessage(bytes: Uint8Array, label: string, index: number): void {
  const fail = (what: string): never => {
    throw new BsqError('INVALID_DATA', `${label}: corrupt Arrow file (the message of record batch ${index}: ${what})`);
  };
  if (bytes.length < 8) fail('shorter than its prefix');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 4;
  let len = dv.getInt32(0, true);
  if (len === -1) {
    len = dv.getInt32(4, true);
    start = 8;
  }
  if (len <= 0 || start + len > bytes.length) fail(`metadata length ${len} outside the block`);
  const fb = new Flat(bytes, start, start + len, fail);
  const message = fb.table(start);
  const typeAt = fb.field(message, 1);
  if ((typeAt === undefined ? 0 : fb.u8(typeAt)) !== RECORD_BATCH) return; // apache-arrow refuses another type itself
  const headerAt = fb.field(message, 2);
  if (headerAt === undefined) fail('no header');
  const batch = fb.table(headerAt!);
  fb.vector(fb.field(batch, 1), 16, 'the field node vector');
  fb.vector(fb.field(batch, 2), 16, 'the buffer vector');
  fb.vector(fb.field(batch, 4), 8, 'the variadic buffer counts');
}

/**
 * `footer`: the flatbuffer of an IPC file's footer (the bytes before its length and the trailing
 * ARROW1). Throws INVALID_DATA when its block vectors, the schema's fields (at any depth), their
 * names or metadata do not fit in it.
 */
export function checkFileFooter(footer: Uint8Array, label: string): void {
  const fail = (what: string): never => {
    throw new BsqError('INVALID_DATA', `${label}: corrupt Arrow file (its footer: ${what})`);
  };
  const fb = new Flat(footer, 0, footer.length, fail);
  const root = fb.table(0);
  fb.vector(fb.field(root, 2), 24, 'the dictionary block vector');
  fb.vector(fb.field(root, 3), 24, 'the record batch block vector');
  fb.vector(fb.field(root, 4), 4, 'the custom metadata');
  const schemaAt = fb.field(root, 1);
  if (schemaAt === undefined) return; // apache-arrow reports a footer without a schema itself
  const schema = fb.table(schemaAt);
  fb.vector(fb.field(schema, 2), 4, 'the schema metadata');
  fb.vector(fb.field(schema, 3), 8, 'the schema features');
  // Fields, depth first; every vector fits, so the walk is bounded by the footer's size.
  const pending: { vec: { first: number; length: number }; depth: number }[] = [{ vec: fb.vector(fb.field(schema, 1), 4, 'the field vector'), depth: 0 }];
  let visited = 0;
  while (pending.length > 0) {
    const { vec, depth } = pending.pop()!;
    if (depth > 64) fail('fields nested more than 64 deep');
    for (let i = 0; i < vec.length; i++) {
      if (++visited > footer.length) fail('more fields than bytes');
      const f = fb.table(vec.first + 4 * i);
      fb.vector(fb.field(f, 0), 1, 'a field name');
      fb.vector(fb.field(f, 6), 4, 'a field\'s metadata');
      pending.push({ vec: fb.vector(fb.field(f, 5), 4, 'a field\'s children'), depth: depth + 1 });
    }
  }
}
