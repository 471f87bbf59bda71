// The browser tests' harness: serves playground/dist on a free localhost port and launches Debian's
// chromium headless through playwright-core. WebGL is switched off (--disable-gpu and no software
// rasterizer) so that bsq/train's fallback from WebGL to WASM is what runs, as on a machine without
// a GPU; BSQ_BROWSER_GPU=1 leaves WebGL on.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  throw new Error('chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
}

export interface Session {
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  /** Requests the page tried to send anywhere but the local server (blocked: the site must work offline). */
  external: string[];
  close(): Promise<void>;
}

export async function openPlayground(opts: { viewport?: { width: number; height: number }; gpu?: boolean } = {}): Promise<Session> {
  const { servePlayground } = (await import(`${root}playground/serve.mjs`)) as {
    servePlayground(o: { port: number }): Promise<{ url: string; close(): Promise<void> }>;
  };
  const server = await servePlayground({ port: 0 });
  const gpu = opts.gpu ?? process.env.BSQ_BROWSER_GPU === '1';
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', ...(gpu ? [] : ['--disable-gpu', '--disable-software-rasterizer'])],
  });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, acceptDownloads: true });
  const external: string[] = [];
  await context.route(
    (url) => url.origin !== new URL(server.url).origin,
    (route) => {
      external.push(route.request().url());
      return route.abort();
    },
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(server.url);
  await page.waitForFunction(() => (window as unknown as { bsqPlaygroundReady?: boolean }).bsqPlaygroundReady === true);
  return {
    url: server.url,
    browser,
    context,
    page,
    errors,
    external,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Click a button that triggers a download; returns the downloaded bytes. */
export async function downloadOf(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await d.path();
  const { readFileSync } = await import('node:fs');
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}
