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

/** docs/screens/network-study-predicted.png: the same study evaluated by the learned cost model (V1, V3). */
test('network study predicted by the learned model', async ({ page }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/#view=netstudy');
  await page.getByTestId('ns-class-v2').uncheck();
  await page.getByTestId('ns-model-train').fill('400');
  for (const c of ['v1', 'v3']) {
    await page.getByTestId('ns-model-class').selectOption(c);
    await page.getByTestId('ns-model-run').click();
    await expect(page.getByTestId('ns-cost-state')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  }
  await page.getByTestId('ns-evaluator').selectOption('model');
  await page.getByTestId('ns-run').click();
  await expect(page.getByTestId('ns-progress')).toContainText('predicted', { timeout: 30_000 });
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('ns-check')).toBeVisible();
  await settled(page);
  await page.screenshot({ path: 'docs/screens/network-study-predicted.png', fullPage: true });
});
