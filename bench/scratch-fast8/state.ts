// Scratch (issue 12 feasibility study): model state bytes for 16 features of 2, 4 and 8 bits:
// encoding 3 (adaptiveStateBytes, the generated C's RAM formula) against the prototypes' stated
// C layouts (kernels.ts msStateBytes, lw4.ts lw4StateBytes). Run: npx tsx bench/scratch-fast8/state.ts

import { adaptiveStateBytes } from '../../src/codec/adaptive/index.js';
import { msStateBytes } from './kernels.js';
import { lw4StateBytes } from './lw4.js';

for (const b of [2, 4, 8]) {
  const bits = Array<number>(16).fill(b);
  console.log(`16 x ${b} bits: enc3 ${adaptiveStateBytes(bits)} B, ms-lin2 ${msStateBytes(bits)} B, lw4 ${lw4StateBytes(bits)} B`);
}
