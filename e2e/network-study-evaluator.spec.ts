import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The Network study evaluated by the learned cost model (docs/corpus.md §4): the evaluator select
 * goes in the link, a link without the model file asks for one, a trained model evaluates the
 * study (marked predicted everywhere) with its error on the simulated sample, and the exported
 * model imported into a fresh context gives the same study.
 */

const progress = (page: Page) => page.getByTestId('ns-progress');

/** The check table's rows as class → [checked, latency MAPE]. */
function checkOf(page: Page): Promise<Record<string, [number, number]>> {
  return page
    .locator('[data-testid="ns-check"] tbody tr')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [
          r.getAttribute('data-class') ?? '',
          [Number(r.getAttribute('data-checked')), Number(r.getAttribute('data-mape'))],
        ]),
      ),
    );
}

async function expectPredictedStudy(page: Page): Promise<void> {
  await expect(progress(page)).toContainText('predicted by the learned model');
  await expect(page.getByTestId('ns-scatter-title')).toContainText('predicted by the learned model');
  await expect(page.locator('[data-testid="ns-ecdf"] figcaption')).toContainText('predicted');
  await expect(page.getByTestId('ns-wins').locator('figcaption')).toContainText('predicted');
  // Layer-level charts need the simulator: a predicted study does not draw them.
  await expect(page.getByTestId('ns-permac-type')).toHaveCount(0);
  await expect(page.getByTestId('ns-membound')).toHaveCount(0);
  const sentences = await page.locator('[data-testid="ns-insights"] li').allTextContents();
  expect(sentences.length).toBeGreaterThan(0);
  for (const s of sentences) expect(s).toMatch(/^Predicted by the learned model: /);
}

test('the learned cost model evaluates a network study; a link carries the choice, not the model', async ({
  page,
  browser,
  pageErrors,
}) => {
  test.setTimeout(500_000);
  await page.goto('/#view=netstudy');
  await page.getByTestId('ns-count').fill('500');
  await page.getByTestId('ns-class-v2').uncheck();
  await page.getByTestId('ns-class-v3').uncheck();
  await page.getByTestId('ns-evaluator').selectOption('model');
  await expect(page.getByTestId('ns-evaluator-note')).toContainText('V1 (none)');
  // No model yet: Run says which class needs one and starts nothing.
  await page.getByTestId('ns-run').click();
  await expect(page.getByTestId('ns-error')).toContainText('needs a cost model for V1');
  await expect(progress(page)).toHaveAttribute('data-state', 'idle');

  // Train V1's model here (small), then run the study with it.
  await page.getByTestId('ns-model-train').fill('50');
  await page.getByTestId('ns-model-run').click();
  await expect(page.getByTestId('ns-cost-state')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('ns-evaluator-note')).toContainText('V1 (trained in this page)');
  await page.getByTestId('ns-run').click();
  await expect(progress(page)).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  expect(Number(await progress(page).getAttribute('data-generated'))).toBe(500);
  await expectPredictedStudy(page);
  // Networks 0, 50, …, 450 were simulated as well; network 0 is one of the model's 50 training
  // networks, so nine are checked (less any the simulator finds infeasible).
  const check = await checkOf(page);
  expect(Object.keys(check)).toEqual(['v1']);
  const [checked, mape] = check.v1 ?? [0, Number.NaN];
  await expect(page.locator('[data-testid="ns-check"] tbody tr')).toHaveAttribute('data-in-training', '1');
  expect(checked).toBeGreaterThanOrEqual(8);
  expect(checked).toBeLessThanOrEqual(9);
  expect(Number.isFinite(mape)).toBe(true);
  await page.getByTestId('ns-scatter-table-toggle').click();
  await expect(page.getByTestId('ns-scatter-table').locator('thead')).toContainText('V1 ms (predicted)');

  // Export the model; the link holds the evaluator choice.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ns-model-export').click()]);
  const modelText = readFileSync((await download.path()) as string, 'utf8');
  const hash = await page.evaluate(() => location.hash);

  const ctx = await browser.newContext();
  try {
    const fresh = await ctx.newPage();
    await fresh.goto(`/${hash}`);
    await expect(fresh.getByTestId('ns-evaluator')).toHaveValue('model');
    await expect.poll(() => fresh.evaluate(() => location.hash)).toBe(hash);
    // What a link without the model file does: it says so, and Run asks for the model.
    await expect(fresh.getByTestId('ns-evaluator-note')).toContainText('cannot carry a model file');
    await expect(fresh.getByTestId('ns-evaluator-note')).toContainText('V1 (none)');
    await fresh.getByTestId('ns-run').click();
    await expect(fresh.getByTestId('ns-error')).toContainText('needs a cost model for V1');
    // A model trained on another design is held but refused at Run, naming the field.
    const other = JSON.parse(modelText) as { design: Record<string, number> };
    other.design.peMemory = (other.design.peMemory ?? 0) * 2;
    await fresh.getByTestId('ns-model-file').setInputFiles({
      name: 'other-design.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(other)),
    });
    await expect(fresh.getByTestId('ns-evaluator-note')).toContainText('V1 (other-design.json)');
    await fresh.getByTestId('ns-run').click();
    await expect(fresh.getByTestId('ns-error')).toContainText('models[0].design.peMemory');
    await expect(progress(fresh)).toHaveAttribute('data-state', 'idle');
    // Import the exported file: the same model gives the same predicted study, to the digit.
    await fresh.getByTestId('ns-model-file').setInputFiles({
      name: 'costmodel-v1.json',
      mimeType: 'application/json',
      buffer: Buffer.from(modelText),
    });
    await expect(fresh.getByTestId('ns-evaluator-note')).toContainText('V1 (costmodel-v1.json)');
    await fresh.getByTestId('ns-run').click();
    await expect(progress(fresh)).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    await expectPredictedStudy(fresh);
    expect(await checkOf(fresh)).toEqual(check);
    // A reload forgets the held model but keeps the predicted study (its spec carries the model).
    await fresh.reload();
    await expect(progress(fresh)).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(progress(fresh)).toContainText('restored');
    await expectPredictedStudy(fresh);
    expect(await checkOf(fresh)).toEqual(check);
  } finally {
    await ctx.close();
  }

  // Back to the simulator: the same form runs a simulated study, unmarked.
  await page.getByTestId('ns-evaluator').selectOption('simulator');
  await expect(page.getByTestId('ns-evaluator-note')).toHaveCount(0);
  await page.getByTestId('ns-run').click();
  await expect(progress(page)).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(progress(page)).not.toContainText('predicted');
  await expect(page.getByTestId('ns-check')).toHaveCount(0);
  await expect(page.getByTestId('ns-permac-type')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
