// Public API of the codec layer: features, the Codec class (encode/decode/pack), and BsqError.
// Pure TypeScript, no dependencies; every other layer builds on it.

export { BsqError, isBsqError, type BsqErrorCode } from './errors.js';
export { Codec, type Codes, type EncodeOptions, type NanPolicy } from './codec.js';
export { defaultLevels, type Feature, type FeatureSpec } from './feature.js';
export * from './entropy/index.js';
