import { loadavg } from 'node:os';
import { expect, test } from '@playwright/test';

/**
 * Learned cost model in the page (Network study tab → Train, tfjs cpu in a worker): per class,
 * microseconds per network to predict (cost features from the Layer IR + the MLP forward pass)
 * and to compile + simulate the same network, as the cost-model report gives them (best of 3
 * interleaved passes over the held-out networks, src/core/corpus/cost-study.ts). A figure, never a
 * pass/fail. COSTMODEL_TRAIN sets the training size (default 400, the tab's default).
 */
test('cost model in the page: predict vs simulate µs per network', async ({ page }) => {
  test.setTimeout(900_000);
  const train = process.env.COSTMODEL_TRAIN ?? '400';
  await page.goto('/#view=netstudy');
  const rows: Record<string, unknown>[] = [];
  for (const cls of ['v1', 'v2', 'v3']) {
    await page.getByTestId('ns-model-class').selectOption(cls);
    await page.getByTestId('ns-model-train').fill(train);
    await page.getByTestId('ns-model-run').click();
    await expect(page.getByTestId('ns-cost-state')).toHaveAttribute('data-state', /training/);
    await expect(page.getByTestId('ns-cost-state')).toHaveAttribute('data-state', /done|failed/, {
      timeout: 600_000,
    });
    const row = page.locator(`[data-testid="ns-cost-timing"] tr[data-class="${cls}"]`);
    const predictUs = Number.parseFloat((await row.locator('[data-metric="predict"]').textContent()) ?? '');
    const simulateUs = Number.parseFloat((await row.locator('[data-metric="simulate"]').textContent()) ?? '');
    rows.push({ cls, predictUs, simulateUs, speedUp: Math.round((10 * simulateUs) / predictUs) / 10 });
  }
  console.log(
    JSON.stringify({ bench: 'costmodel-page', train: Number(train), loadAverage1m: loadavg()[0], classes: rows }),
  );
});
