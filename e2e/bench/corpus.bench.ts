import { test } from '@playwright/test';
import { traceMainThread } from './main-thread';

/**
 * Runs a Network study of CORPUS_COUNT networks (default 100,000) × V1/V2/V3 in the browser's
 * corpus workers and reports networks/s and the main thread's longest tasks (Chrome trace) while
 * the scatter, ECDF, bars and insights redraw. A figure, never a pass/fail.
 */
test('network study: networks/s and main-thread tasks', async ({ browser, page }) => {
  test.setTimeout(1_800_000);
  const count = Number(process.env.CORPUS_COUNT ?? 100_000);
  await page.goto('/#view=netstudy');
  await page.getByTestId('ns-count').fill(String(count));
  const { result: seconds, figures } = await traceMainThread(browser, page, async () => {
    const t0 = Date.now();
    await page.getByTestId('ns-run').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="ns-progress"]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 1_790_000, polling: 500 },
    );
    const s = (Date.now() - t0) / 1000;
    await page.waitForFunction(
      () => {
        const e = document.querySelector('[data-testid="ns-scatter"]') as HTMLElement | null;
        return e !== null && e.dataset.rows === e.dataset.drawnRows;
      },
      undefined,
      { timeout: 60_000 },
    );
    return s;
  });
  const workers = await page.evaluate(() => Math.max(1, navigator.hardwareConcurrency - 1));
  const unique = await page.getByTestId('ns-progress').getAttribute('data-unique');
  console.log(
    JSON.stringify({
      bench: 'network-study',
      count,
      unique: Number(unique),
      workers,
      seconds,
      networksPerSecond: Math.round(count / seconds),
      ...figures,
    }),
  );
});
