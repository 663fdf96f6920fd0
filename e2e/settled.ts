import type { Page } from '@playwright/test';

/**
 * Resolves once the page has settled enough to look at: fonts loaded, nothing marked
 * `aria-busy="true"` (a simulation or study still pending), then two rendered frames so that
 * charts sized by their ResizeObserver have drawn. A wait on state, not a fixed sleep.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.fonts.status === 'loaded' && !document.querySelector('[aria-busy="true"]'));
  await frames(page);
}

/** Resolves after the page has rendered `n` more frames (React commits and chart redraws land by then). */
export function frames(page: Page, n = 2): Promise<void> {
  return page.evaluate(
    (k) =>
      new Promise<void>((resolve) => {
        const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(k);
      }),
    n,
  );
}
