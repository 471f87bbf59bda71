// Public API of the device layer: exportC generates a dependency-free C99 encoder (thresholds as
// const arrays, branchless fixed-depth search, bit packing, DATA record framing with CRC-32C) that
// is byte-exact with the TypeScript encoder, for ESP32-class microcontrollers.

export { exportC, deviceCodecId, deviceFlashBytes, type ExportCFiles } from './export-c.js';
export { adaptiveCSource, adaptiveCStateBytes, type AdaptiveCOptions } from './adaptive-c.js';
export type { ExportCOptions, DeviceNanPolicy, DeviceCompare, DeviceCrc } from './options.js';
export { entropyCSource, entropyCFlashBytes, type EntropyCOptions } from './entropy-c.js';
