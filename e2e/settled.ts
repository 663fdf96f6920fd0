import type { Page } from '@playwright/test';

/**
 * Resolves once the page has settled enough to look at: fonts loaded, nothing marked
 * `aria-busy="true"` (a simulation or study still pending), then two rendered frames so that
 * charts sized by their ResizeObserver have drawn. A wait on state, not a fixed sleep.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.fonts.status === 'loaded' && !document.querySelector('[aria-busy="true"]'));
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      }),
  );
}
