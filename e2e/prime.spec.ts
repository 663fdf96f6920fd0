import { expect, test } from './fixtures';
import { trainTiny } from './prime-steps';

test('PRIME trains on a tiny logged dataset, reports its model, proposes k verified designs, opens one', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(150_000);
  await trainTiny(page);
  const report = page.getByTestId('prime-report');
  const mape = Number(await report.getAttribute('data-mape'));
  const tau = Number(await report.getAttribute('data-tau'));
  expect(Number.isFinite(mape) && mape >= 0).toBe(true);
  expect(tau).toBeGreaterThanOrEqual(-1);
  expect(tau).toBeLessThanOrEqual(1);
  // Training curves were drawn from streamed progress, and the scatter has a point per feasible held-out design.
  await expect(page.getByTestId('prime-curves').locator('path.line[data-series="PRIME MSE"]')).toHaveCount(1);
  const scatter = page.getByTestId('prime-scatter').locator('svg');
  await expect.poll(async () => Number(await scatter.getAttribute('data-count'))).toBeGreaterThan(0);
  await expect(scatter.locator('circle[data-point]')).toHaveCount(Number(await scatter.getAttribute('data-count')));

  await page.getByTestId('prime-propose').click();
  const rows = page.getByTestId('prime-proposals').locator('[data-proposal]');
  await expect(rows).toHaveCount(4, { timeout: 60_000 });
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'done');
  // Every proposal has a simulated area; feasible ones a finite latency.
  for (const r of await rows.all()) {
    const cells = await r.locator('td').allTextContents();
    expect(Number(cells[4])).toBeGreaterThan(0);
    if ((await r.getAttribute('data-feasible')) === 'true') expect(Number(cells[2])).toBeGreaterThan(0);
  }
  await rows.first().getByTestId('prime-open').click();
  await expect(page.getByTestId('tab-explorer')).toHaveAttribute('aria-current', 'page');
  expect(pageErrors).toEqual([]);
});

test('cancelling a training releases the worker and leaves the panel usable', async ({ page, pageErrors }) => {
  await page.goto('/#view=prime');
  await page.getByTestId('prime-count').fill('240');
  await page.getByTestId('prime-steps').fill('2000');
  await page.getByTestId('prime-train').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'training', { timeout: 30_000 });
  await page.getByTestId('prime-cancel').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'cancelled');
  await expect(page.getByTestId('prime-propose')).toBeDisabled();
  await expect(page.getByTestId('prime-train')).toBeEnabled();
  expect(pageErrors).toEqual([]);
});
