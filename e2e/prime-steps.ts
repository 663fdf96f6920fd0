import { expect, type Page } from '@playwright/test';

/** A tiny run: 240 logged designs and 75 training steps keep pure-JS TensorFlow.js to a few seconds. */
export async function trainTiny(page: Page, naive = false) {
  await page.goto('/#view=prime');
  await expect(page.getByTestId('prime-panel')).toBeVisible();
  await page.getByTestId('prime-count').fill('240');
  await page.getByTestId('prime-steps').fill('75');
  await page.getByTestId('prime-k').fill('4');
  if (naive) await page.getByTestId('prime-naive').check();
  await page.getByTestId('prime-train').click();
  await expect(page.getByTestId('prime-dataset')).toHaveAttribute('data-designs', '240', { timeout: 30_000 });
  await expect(page.getByTestId('prime-report')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 90_000 });
}
