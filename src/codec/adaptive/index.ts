// Adaptive context-model coding of codes (encoding 3, spec/FORMAT.md 4.5): integer squash/stretch
// tables, the carry-less binary range coder, the model state and its RAM formula, and the coding
// loop. Pure TypeScript, integer arithmetic only; the format layer frames it (encoding-adaptive.ts)
// and the device layer generates the same coder in C.

export { SQUASH_KNOTS, SQUASH, STRETCH, squashInt } from './tables.js';
export { BinaryEncoder, BinaryDecoder } from './range-coder.js';
export {
  ADAPTIVE_MAX_MODELLED_BITS,
  ADAPTIVE_CONTEXT_BITS,
  E2_SIZE,
  E_INPUTS,
  G_INPUTS,
  GM_INPUTS,
  COUNTER_INIT,
  WEIGHT_ONE,
  WEIGHT_INIT,
  WEIGHT_LIMIT,
  adaptiveLayout,
  adaptiveStateBytes,
  AdaptiveState,
  type AdaptiveLayout,
  type FeatureLayout,
} from './model.js';
export { RATES, MIX_SHIFT, BIAS, encodeAdaptiveCodes, decodeAdaptiveCodes, AdaptiveDecoder } from './block.js';
