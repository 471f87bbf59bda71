// `bsq/internals`: everything the layers export, beyond the public API of `bsq`: the entropy
// coder's model, tables and kernels, record-level encoders and decoders (header, CODEC, END, any
// record, peekRecord), the block-encoding registry, CRC-32C, limits resolution and row
// normalisation. For tests, tools and custom framing. UNSTABLE: names and signatures may change in
// any release, unlike `bsq`.
export * from './codec/index.js';
export * from './format/index.js';
export * from './stream/index.js';
export * from './device/index.js';
