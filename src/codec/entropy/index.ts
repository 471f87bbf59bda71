// Entropy coding kernel of encoding 2: a static per-feature model (uniform / order 0 / order 1 on
// the previous row's code), its byte form, and a byte-wise rANS block coder over code arrays.
// Pure TypeScript, integer arithmetic in the coder; the format layer frames it (spec/FORMAT.md 4.4).
// Also the C99 source of the same coder for the generated device encoder (c-source.ts).

export {
  RANS_L,
  MAX_MODELLED_BITS,
  MIN_SCALE_BITS,
  MAX_SCALE_BITS,
  DEFAULT_SCALE_BITS,
  MODE_UNIFORM,
  MODE_ORDER0,
  MODE_ORDER1,
  modelledBits,
  tableCount,
  validateEntropyModel,
  uniformEntropyModel,
  type EntropyMode,
  type EntropyModel,
  type EntropyFeatureModel,
} from './model.js';
export { quantizeFrequencies } from './quantize.js';
export { fitEntropyModelToCodes, type FitEntropyOptions } from './fit.js';
export { encodeEntropyModel, decodeEntropyModel, entropyModelByteLength } from './serialize.js';
export { encodeEntropyBlock } from './encode.js';
export { decodeEntropyBlock, EntropyBlockDecoder, maxSymbolsForBody } from './decode.js';
export { orderZeroEntropy, orderOneEntropy } from './stats.js';
export { entropyCSource, entropyCFlashBytes, type EntropyCOptions } from './c-source.js';
