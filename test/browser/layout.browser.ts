// The playground is usable from the keyboard and readable at phone width: every form control has a
// label, the tabs follow the ARIA tabs pattern (arrow keys, Home, End), and at 390 px no view
// scrolls sideways (wide tables scroll inside their own box).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlayground, type Session } from './harness.js';

let s: Session;
beforeAll(async () => {
  s = await openPlayground({ viewport: { width: 390, height: 844 } });
  await s.page.click('#load-sample');
  await s.page.waitForSelector('#data-summary:not([hidden])');
});
afterAll(async () => {
  await s?.close();
});

const views = ['tab-data', 'tab-train', 'tab-report', 'tab-bsq', 'tab-stream'];

describe('playground accessibility and layout', () => {
  it('labels every input, select and button', async () => {
    const unlabeled = await s.page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')]
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !(el instanceof HTMLButtonElement && el.textContent!.trim()))
        .map((el) => el.id || el.outerHTML.slice(0, 60)),
    );
    expect(unlabeled).toEqual([]);
  });

  it('moves between the tabs with the keyboard', async () => {
    const { page } = s;
    await page.focus('#tab-data');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('tab-train');
    expect(await page.isHidden('#view-data')).toBe(true);
    expect(await page.isVisible('#view-train')).toBe(true);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('tab-stream');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('tab-data');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('tab-stream');
    await page.keyboard.press('Home');
    expect(await page.getAttribute('#tab-data', 'aria-selected')).toBe('true');
    // Tab from the tab list reaches the view's controls.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('file-data');
  });

  it('has no sideways scrolling at 390 px in any view', async () => {
    for (const id of views) {
      await s.page.click(`#${id}`);
      const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
      expect({ view: id, width }).toEqual({ view: id, width: 390 });
    }
  });
});
