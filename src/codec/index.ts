// Public API of the codec layer: features, the Codec class (encode/decode/pack), and BsqError.
// Pure TypeScript, no dependencies; every other layer builds on it. entropy/: encoding 2 (static
// model, rANS); adaptive/: encoding 3 (adaptive context mixing, binary range coder).

export { BsqError, isBsqError, type BsqErrorCode } from './errors.js';
export { Codec, type Codes, type EncodeOptions, type NanPolicy } from './codec.js';
export { defaultLevels, type Feature, type FeatureSpec, type CategoricalFeatureSpec, type UnknownPolicy } from './feature.js';
export { isCategorical, categoricalBits, type CategoryOptions } from './categorical.js';
export * from './entropy/index.js';
export * from './adaptive/index.js';
