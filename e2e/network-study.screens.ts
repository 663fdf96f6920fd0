import { expect, test } from '@playwright/test';
import { settled } from './settled';

/** docs/screens/network-study-{light,dark}.png: a finished 2,000-network study with a trained cost model. */
for (const theme of ['light', 'dark'] as const) {
  test(`network study ${theme}`, async ({ page }) => {
    test.setTimeout(400_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/#view=netstudy');
    await page.getByTestId('ns-run').click();
    await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    await page.getByTestId('ns-model-train').fill('200');
    await page.getByTestId('ns-model-run').click();
    await expect(page.getByTestId('ns-cost-state')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    await expect(page.getByTestId('ns-scatter')).toHaveAttribute('data-drawn-rows', /\d+/);
    await settled(page);
    await page.screenshot({ path: `docs/screens/network-study-${theme}.png`, fullPage: true });
  });
}
