// Backend selection for training: the tfjs wasm backend (SIMD, single thread) by default, the pure-JS
// cpu backend as the fallback. Never requires tfjs-node, and imports nothing Node-only, so the same
// code path runs in browsers.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { BsqError } from '../codec/errors.js';

export type BackendName = 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

let pending: Promise<BackendName> | undefined;
let pendingChoice: BackendChoice | undefined;

/**
 * Make sure a tfjs backend is active and return its name. 'auto' (the default) keeps the active
 * backend if the application set one, else tries wasm, then cpu.
 * Calls with the same choice share one initialisation.
 */
export function ensureBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  if (choice !== 'auto' && choice !== 'wasm' && choice !== 'cpu') {
    return Promise.reject(new BsqError('INVALID_ARGUMENT', `backend must be 'auto', 'wasm' or 'cpu', got ${String(choice)}`));
  }
  // 'auto' keeps a backend the application already chose (for example webgl in a browser).
  const current = tf.engine().backendName as string | null | undefined;
  if (choice === 'auto' && current) return Promise.resolve(current as BackendName);
  if (pending && pendingChoice === choice && (choice === 'auto' || current === choice)) return pending;
  pendingChoice = choice;
  pending = (async (): Promise<BackendName> => {
    const order: BackendName[] = choice === 'auto' ? ['wasm', 'cpu'] : [choice];
    let lastError: unknown;
    for (const name of order) {
      try {
        if ((tf.getBackend() as string | undefined) === name) return name;
        const ok = await tf.setBackend(name);
        if (ok) {
          await tf.ready();
          return name;
        }
      } catch (err) {
        lastError = err;
      }
    }
    throw new BsqError('INVALID_ARGUMENT', `no usable tfjs backend (tried ${order.join(', ')})`, undefined, { cause: lastError });
  })();
  pending.catch(() => { pending = undefined; });
  return pending;
}
