import { test } from '@playwright/test';
import { linkTo, studyState } from '../states';
import { traceMainThread } from './main-thread';

/**
 * Streams 100,000 random-search evaluations into the exploration view and reports the main thread's tasks from a
 * Chrome trace (the longest, the count over 50 ms, and what ran in the worst ones), the page's own long-task
 * observer and frame times while the Pareto plot and convergence plot redraw. A figure, never a pass/fail.
 */
test('stream 100,000 evaluations: long tasks and frame times', async ({ browser, page }) => {
  test.setTimeout(600_000);
  const budget = Number(process.env.STREAM_BUDGET ?? 100_000);
  const state = studyState(budget, ['random'], 1, false);
  await page.goto(linkTo(state));
  await page.getByTestId('study-run').waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __frames: number[] };
    w.__long = [];
    w.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const { result: seconds, figures } = await traceMainThread(browser, page, async () => {
    const t0 = Date.now();
    await page.getByTestId('study-run').click();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="study-progress"]')?.getAttribute('data-evaluations')) >= n,
      budget,
      { timeout: 590_000, polling: 200 },
    );
    const s = (Date.now() - t0) / 1000;
    // Until the plot has drawn every point: the last batch's frame belongs to the stream.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="pareto"]')?.getAttribute('data-count')) >= n,
      budget,
      { timeout: 60_000 },
    );
    return s;
  });
  const r = await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __frames: number[] };
    const f = [...w.__frames].sort((a, b) => a - b);
    const q = (p: number) => f[Math.min(f.length - 1, Math.floor(p * f.length))] ?? 0;
    return {
      observedLongTasks: w.__long.length,
      observedMaxMs: Math.round(Math.max(0, ...w.__long)),
      frames: f.length,
      frameMedianMs: Math.round(q(0.5) * 10) / 10,
      frameP95Ms: Math.round(q(0.95) * 10) / 10,
      drawn: document.querySelector('[data-testid="pareto"]')?.getAttribute('data-count'),
    };
  });
  console.log(
    JSON.stringify({
      bench: 'stream-evaluations',
      budget,
      seconds,
      evalsPerSecond: Math.round(budget / seconds),
      ...figures,
      ...r,
    }),
  );
});
