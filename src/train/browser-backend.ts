// Backend choice in browsers: tfjs's WebGL backend where the page (or worker, via OffscreenCanvas)
// can create a WebGL context, else WASM, else the pure-JS CPU backend. The WASM backend fetches its
// .wasm binaries at run time: point it at them once with setWasmPaths (see docs/playground.md).

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { BsqError } from '../codec/errors.js';

export type BrowserBackendName = 'webgl' | 'wasm' | 'cpu';

/**
 * Activate the first backend of `order` that initialises (default webgl, wasm, cpu) and return its
 * name. trainCodec's default backend ('auto') then keeps it.
 */
export async function useBrowserBackend(order: readonly BrowserBackendName[] = ['webgl', 'wasm', 'cpu']): Promise<BrowserBackendName> {
  if (order.length === 0) throw new BsqError('INVALID_ARGUMENT', 'useBrowserBackend: the backend list is empty');
  const errors: string[] = [];
  for (const name of order) {
    if (name !== 'webgl' && name !== 'wasm' && name !== 'cpu') {
      throw new BsqError('INVALID_ARGUMENT', `useBrowserBackend: unknown backend '${String(name)}' (webgl, wasm or cpu)`);
    }
    try {
      if ((await tf.setBackend(name)) === true) {
        await tf.ready();
        // A WebGL context can exist yet fail on first use (software GL without float textures).
        if (name === 'webgl') tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
        return name;
      }
      errors.push(`${name}: not available`);
    } catch (err) {
      errors.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new BsqError('INVALID_ARGUMENT', `no usable tfjs backend (${errors.join('; ')})`);
}
