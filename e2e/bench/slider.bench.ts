import { test } from '@playwright/test';
import { traceMainThread } from './main-thread';

/**
 * Drags design sliders on ResNet-50 (plus MobileNetV2) for a few seconds and reports main-thread
 * long tasks (PerformanceObserver 'longtask': tasks over 50 ms) and how many evaluations landed.
 */
test('slider drag on ResNet-50: main-thread long tasks', async ({ browser, page }) => {
  await page.goto('/');
  await page.getByTestId('add-workload').selectOption('resnet50');
  await page.getByTestId('workload-chips').getByRole('button', { name: 'ResNet-50', exact: true }).click();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="layer-breakdown"] [data-layer]').length === 72,
  );
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const keys = ['param-lanes', 'param-peX', 'param-dramBandwidth', 'param-peMemory'];
  const { result, figures } = await traceMainThread(browser, page, async () => {
    let moves = 0;
    const t0 = Date.now();
    for (let round = 0; round < 6; round++) {
      for (const k of keys) {
        await page.getByTestId(k).focus();
        for (let i = 0; i < 5; i++) {
          await page.keyboard.press(round % 2 ? 'ArrowRight' : 'ArrowLeft');
          moves += 1;
        }
      }
    }
    const elapsedMs = Date.now() - t0;
    // Until the last move's results are on the page (the breakdown redrawn for the final design).
    await page.waitForFunction(() => document.querySelector('.totals-panel')?.getAttribute('aria-busy') === 'false');
    return { moves, elapsedMs };
  });
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  const max = long.length ? Math.max(...long) : 0;
  console.log(
    JSON.stringify({
      bench: 'slider-drag-resnet50',
      ...result,
      ...figures,
      observedLongTasks: long.length,
      observedMaxMs: Math.round(max),
    }),
  );
});
