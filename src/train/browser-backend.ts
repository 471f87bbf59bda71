// Backend choice in browsers: tfjs's WebGL backend where the page (or worker, via OffscreenCanvas)
// has a hardware WebGL context, else WASM, else the pure-JS CPU backend. A software rasterizer
// (SwiftShader, llvmpipe) is skipped unless WebGL is asked for alone: training on it measured ~10x
// slower than WASM (docs/playground.md). The WASM backend fetches its .wasm binaries at run time:
// point it at them once with setWasmPaths.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { BsqError } from '../codec/errors.js';

export type BrowserBackendName = 'webgl' | 'wasm' | 'cpu';

export interface WebGLInfo {
  available: boolean;
  /** The (unmasked, where the browser allows) renderer string. */
  renderer?: string;
  /** True for software rasterizers (SwiftShader, llvmpipe, softpipe). */
  software: boolean;
}

/** Whether this context (page or worker) can create a WebGL context, and whose. */
export function webglInfo(): WebGLInfo {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : typeof document !== 'undefined' ? document.createElement('canvas') : undefined;
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) as WebGLRenderingContext | null | undefined;
    if (!gl) return { available: false, software: false };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer, software: /swiftshader|llvmpipe|softpipe|software/i.test(renderer) };
  } catch {
    return { available: false, software: false };
  }
}

/**
 * Activate the first backend of `order` that initialises (default webgl, wasm, cpu) and return its
 * name. trainCodec's default backend ('auto') then keeps it. WebGL on a software rasterizer counts
 * as unavailable, unless `softwareWebGL` is set (default: only when `order` is just ['webgl']).
 */
export async function useBrowserBackend(
  order: readonly BrowserBackendName[] = ['webgl', 'wasm', 'cpu'],
  opts: { softwareWebGL?: boolean } = {},
): Promise<BrowserBackendName> {
  if (order.length === 0) throw new BsqError('INVALID_ARGUMENT', 'useBrowserBackend: the backend list is empty');
  const softwareOk = opts.softwareWebGL ?? (order.length === 1 && order[0] === 'webgl');
  const errors: string[] = [];
  for (const name of order) {
    if (name !== 'webgl' && name !== 'wasm' && name !== 'cpu') {
      throw new BsqError('INVALID_ARGUMENT', `useBrowserBackend: unknown backend '${String(name)}' (webgl, wasm or cpu)`);
    }
    if (name === 'webgl' && !softwareOk) {
      const info = webglInfo();
      if (info.available && info.software) {
        errors.push(`webgl: software rasterizer (${info.renderer ?? 'unknown'}) skipped`);
        continue;
      }
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
