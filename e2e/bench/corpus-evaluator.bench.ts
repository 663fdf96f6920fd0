import { type Page, test } from '@playwright/test';

/**
 * The Network study in the browser with each evaluator (docs/corpus.md §6): trains a cost model per
 * class in the page (CORPUS_TRAIN networks, default 400), then runs the same CORPUS_COUNT-network
 * study (default 10,000) × V1/V2/V3 with the simulator and with the learned models, and prints
 * networks/s of each and the predicted study's error on its simulated sample. A figure, never a
 * pass/fail: `E2E_PORT=… npx playwright test -c playwright.bench.config.ts e2e/bench/corpus-evaluator.bench.ts`.
 */

/** Runs the form's study; done when the progress line is 'done' and says (or not) "predicted". */
async function runStudy(page: Page, predicted: boolean): Promise<number> {
  const t0 = Date.now();
  await page.getByTestId('ns-run').click();
  await page.waitForFunction(
    (p) => {
      const e = document.querySelector('[data-testid="ns-progress"]');
      return e?.getAttribute('data-state') === 'done' && (e.textContent ?? '').includes('predicted') === p;
    },
    predicted,
    { timeout: 1_700_000, polling: 100 },
  );
  return (Date.now() - t0) / 1000;
}

test('network study: simulator vs learned-model evaluator, networks/s', async ({ page }) => {
  test.setTimeout(1_800_000);
  const count = Number(process.env.CORPUS_COUNT ?? 10_000);
  const train = process.env.CORPUS_TRAIN ?? '400';
  await page.goto('/#view=netstudy');
  for (const c of ['v1', 'v2', 'v3']) {
    await page.getByTestId('ns-model-class').selectOption(c);
    await page.getByTestId('ns-model-train').fill(train);
    await page.getByTestId('ns-model-run').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="ns-cost-state"]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 600_000, polling: 250 },
    );
  }
  await page.getByTestId('ns-count').fill(String(count));
  const simulator = await runStudy(page, false);
  await page.getByTestId('ns-evaluator').selectOption('model');
  const model = await runStudy(page, true);
  const check = await page.locator('[data-testid="ns-check"] tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      id: r.getAttribute('data-class'),
      checked: Number(r.getAttribute('data-checked')),
      latencyMape: Number(r.getAttribute('data-mape')),
    })),
  );
  const workers = await page.evaluate(() => Math.max(1, navigator.hardwareConcurrency - 1));
  console.log(
    JSON.stringify({
      bench: 'network-study-evaluator',
      count,
      train: Number(train),
      workers,
      simulatorNetworksPerSecond: Math.round(count / simulator),
      modelNetworksPerSecond: Math.round(count / model),
      speedup: Number((simulator / model).toFixed(2)),
      check,
    }),
  );
});
