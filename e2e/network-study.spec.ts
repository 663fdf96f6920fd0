import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The Network-study tab (issue 14): a 2,000-network study on V1/V2/V3 runs in the corpus
 * workers, every chart draws what the corpus holds, a click opens the network in the explorer,
 * a reload keeps the study, the learned cost model reports finite figures, and every control
 * goes through the permalink into a fresh context.
 */

/** The study is done and its summary (sentences, chart grid) is of all its rows: the page below stops moving. */
async function finished(page: Page, timeout = 240_000): Promise<void> {
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'done', { timeout });
  const unique = await page.getByTestId('ns-progress').getAttribute('data-unique');
  await expect(page.getByTestId('ns-insights')).toHaveAttribute('data-networks', unique ?? '', { timeout: 30_000 });
  await expect(page.getByTestId('ns-insights')).toHaveAttribute('data-current', 'true');
}

const num = async (page: Page, testId: string, attr: string) =>
  Number(await page.getByTestId(testId).getAttribute(attr));

test('a 2,000-network study on three classes draws its charts, opens a network in the explorer and survives a reload', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(400_000);
  await page.goto('/#view=netstudy');
  await page.getByTestId('ns-run').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', /running|done/);
  const t0 = Date.now();
  await finished(page);
  const seconds = (Date.now() - t0) / 1000;
  const generated = await num(page, 'ns-progress', 'data-generated');
  const unique = await num(page, 'ns-progress', 'data-unique');
  expect(generated).toBe(2000);
  expect(unique).toBeGreaterThan(1900);
  expect(unique).toBeLessThanOrEqual(2000);
  console.log(
    `network study: 2000 networks × 3 classes in ${seconds.toFixed(1)} s, ${Math.round(2000 / seconds)} networks/s`,
  );

  // The scatter holds every unique network, and draws every feasible one on each class.
  const scatter = page.getByTestId('ns-scatter');
  await expect(scatter).toHaveAttribute('data-rows', String(unique));
  await expect(scatter).toHaveAttribute('data-drawn-rows', String(unique));
  const drawn = Number(await scatter.getAttribute('data-drawn'));
  expect(drawn).toBeGreaterThan(2 * unique);
  expect(drawn).toBeLessThanOrEqual(3 * unique);
  await expect(scatter.locator('.scatter-legend [data-series]')).toHaveCount(3);

  // The ECDF has a line per class whose count is that class's feasible networks; the bars have 3 × 3 bars.
  const lines = page.locator('[data-testid="ns-ecdf"] path[data-series]');
  await expect(lines).toHaveCount(3);
  const feasible = await lines.evaluateAll((ps) => ps.reduce((s, p) => s + Number(p.getAttribute('data-n')), 0));
  expect(feasible).toBe(drawn);
  await expect(page.locator('[data-testid="ns-permac-type"] rect[data-series]')).toHaveCount(9);
  await expect(page.locator('[data-testid="ns-permac-kernel"] rect[data-series]')).toHaveCount(9);
  await expect(page.locator('[data-testid="ns-membound"] rect[data-series]')).toHaveCount(6);
  await expect(page.locator('[data-testid="ns-wins"] tbody tr')).toHaveCount(3);
  // The wins add up to the feasible networks of each family.
  const insights = page.locator('[data-testid="ns-insights"] li');
  expect(await insights.count()).toBeGreaterThanOrEqual(3);
  await expect(insights.first()).toContainText(/V1|V2|V3/);
  // Each chart's Table view.
  await page.getByTestId('ns-ecdf-table-toggle').click();
  await expect(page.getByTestId('ns-ecdf-table').locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('ns-scatter-table-toggle').click();
  await expect(page.getByTestId('ns-scatter-table').locator('tbody tr')).toHaveCount(200);

  // Hover a drawn point, read which network it is, click it: the explorer shows that network on that class.
  await scatter.scrollIntoViewIfNeeded();
  const probe = (await scatter.getAttribute('data-probe'))?.split(',').map(Number) ?? [];
  const box = await scatter.boundingBox();
  if (!box) throw new Error('no scatter box');
  // Whole pixels: a click lands on whole pixels, and the points are dense enough that a fraction picks another.
  const [px0 = 0, py0 = 0] = probe;
  const at = { x: Math.round(box.x + px0), y: Math.round(box.y + py0) };
  await page.mouse.move(at.x, at.y);
  const status = page.getByTestId('ns-scatter-status');
  await expect(status).toContainText('network #');
  const text = (await status.textContent()) ?? '';
  const m = /network #(\d+) .*?: (\d+) layers, ([\d.]+) M MACs.* (V\d) ([\d.e+-]+) ms/.exec(text);
  if (!m) throw new Error(`unexpected hover text: ${text}`);
  const [, index, layers, , cls, latency] = m;
  // The status line keeps its height, so the point has not moved under the pointer.
  expect((await scatter.boundingBox())?.y).toBe(box.y);
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('tab-explorer')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('breakdown-status')).toContainText(`${layers} layers`, { timeout: 30_000 });
  await expect(page.getByText(`Per-layer latency — edgetpu-nas #${index} (seed 1)`)).toBeVisible();
  const explorerMs = Number(await page.getByTestId('total-latency').getAttribute('data-value'));
  expect(explorerMs / Number(latency)).toBeCloseTo(1, 2);
  expect(cls).toMatch(/V[123]/);

  // A reload keeps the study (IndexedDB checkpoint).
  const explorerHash = await page.evaluate(() => location.hash);
  await page.getByTestId('tab-netstudy').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'done');
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(explorerHash);
  await page.reload();
  await finished(page, 30_000);
  expect(await num(page, 'ns-progress', 'data-unique')).toBe(unique);
  await expect(page.getByTestId('ns-progress')).toContainText('restored');
  await expect(page.getByTestId('ns-scatter')).toHaveAttribute('data-drawn', String(drawn), { timeout: 30_000 });

  // The learned cost model on a small training set: every figure finite.
  await page.getByTestId('ns-model-train').fill('200');
  await page.getByTestId('ns-model-run').click();
  await expect(page.getByTestId('ns-cost-state')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  const cells = await page
    .locator('[data-testid="ns-cost-report"] td[data-metric], [data-testid="ns-cost-timing"] td[data-metric]')
    .allTextContents();
  expect(cells.length).toBeGreaterThanOrEqual(17);
  for (const c of cells) expect(Number.isFinite(Number.parseFloat(c)), `cost-model figure "${c}"`).toBe(true);
  const check = page.getByTestId('ns-cost-check');
  for (const a of ['data-mape', 'data-within10', 'data-kendall'])
    expect(Number.isFinite(Number(await check.getAttribute(a)))).toBe(true);
  await expect(page.locator('[data-testid="ns-cost-scatter"] circle[data-point]')).not.toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('pause, resume and cancel a study; a bad model file is refused by field', async ({ page, pageErrors }) => {
  test.setTimeout(200_000);
  await page.goto('/#view=netstudy');
  await page.getByTestId('ns-count').fill('20000');
  await page.getByTestId('ns-run').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('ns-pause').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'paused');
  const at = await num(page, 'ns-progress', 'data-generated');
  await page.getByTestId('ns-resume').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => num(page, 'ns-progress', 'data-generated')).toBeGreaterThan(at);
  await page.getByTestId('ns-cancel').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'cancelled');
  // The batches in flight are still appended; then the workers stop.
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-active', 'false');
  const kept = await num(page, 'ns-progress', 'data-generated');
  expect(kept).toBeLessThan(20000);
  // A model file with a wrong field: the message names it, as text.
  await page.getByTestId('ns-model-file').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'archscope-costmodel', version: 1, classId: 7 })),
  });
  await expect(page.getByTestId('ns-cost-error')).toContainText('bad.json');
  await expect(page.getByTestId('ns-cost-error')).toContainText(/classId|version|format|field/);
  // Cancelled and stopped, the rows are kept: Resume is offered (it continues from there), Pause is not.
  await expect(page.getByTestId('ns-resume')).toBeEnabled();
  await expect(page.getByTestId('ns-pause')).toBeDisabled();
  // The cancelled study is kept across a reload, shown as cancelled (not paused), stopped where it was.
  await page.reload();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
  await expect(page.getByTestId('ns-progress')).toContainText('cancelled:');
  expect(await num(page, 'ns-progress', 'data-generated')).toBe(kept);
  expect(await num(page, 'ns-progress', 'data-unique')).toBeGreaterThan(0);
  // It stays stopped (no worker runs it) until Resume, which continues from the checkpoint.
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-active', 'false');
  await expect(page.getByTestId('ns-resume')).toBeEnabled();
  await page.getByTestId('ns-resume').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => num(page, 'ns-progress', 'data-generated')).toBeGreaterThan(kept);
  await page.getByTestId('ns-cancel').click();
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-active', 'false');
  expect(pageErrors.filter((e) => !e.includes('bad.json'))).toEqual([]);
});

/** The form's control values, as a fresh page must reproduce them. */
function formOf(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll('.network-study input, .network-study select').forEach((el) => {
      const e = el as HTMLInputElement;
      if (e.type === 'file' || !e.dataset.testid) return;
      out[e.dataset.testid] = e.type === 'checkbox' ? String(e.checked) : e.value;
    });
    return out;
  });
}

test('every Network-study control goes through the permalink into a fresh context', async ({
  page,
  browser,
  pageErrors,
}) => {
  test.setTimeout(200_000);
  await page.goto('/#view=netstudy');
  await expect(page.getByTestId('ns-seed')).toBeVisible();
  let hash = await page.evaluate(() => location.hash);
  const changes: [string, () => Promise<unknown>, string, string][] = [
    ['seed', () => page.getByTestId('ns-seed').fill('17'), 'ns-seed', '17'],
    ['count', () => page.getByTestId('ns-count').fill('100000'), 'ns-count', '100000'],
    ['class V2 off', () => page.getByTestId('ns-class-v2').uncheck(), 'ns-class-v2', 'false'],
    ['class V1 off', () => page.getByTestId('ns-class-v1').uncheck(), 'ns-class-v1', 'false'],
    ['class V2 on', () => page.getByTestId('ns-class-v2').check(), 'ns-class-v2', 'true'],
    ['class V3 off', () => page.getByTestId('ns-class-v3').uncheck(), 'ns-class-v3', 'false'],
    ['class V1 on', () => page.getByTestId('ns-class-v1').check(), 'ns-class-v1', 'true'],
    ['model class', () => page.getByTestId('ns-model-class').selectOption('v3'), 'ns-model-class', 'v3'],
    ['training networks', () => page.getByTestId('ns-model-train').fill('1500'), 'ns-model-train', '1500'],
    ['evaluator', () => page.getByTestId('ns-evaluator').selectOption('model'), 'ns-evaluator', 'model'],
  ];
  for (const [what, change, id, value] of changes) {
    await test.step(what, async () => {
      await change();
      await expect(page.getByTestId(id)).toHaveValue(/.*/);
      await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(hash);
      hash = await page.evaluate(() => location.hash);
      expect(hash).toMatch(/^#s=/);
      const form = await formOf(page);
      expect(form[id]).toBe(value);
      const ctx = await browser.newContext();
      try {
        const fresh = await ctx.newPage();
        await fresh.goto(`/${hash}`);
        await expect(fresh.getByTestId('tab-netstudy')).toHaveAttribute('aria-current', 'page');
        await expect.poll(() => formOf(fresh)).toEqual(form);
        await expect.poll(() => fresh.evaluate(() => location.hash)).toBe(hash);
      } finally {
        await ctx.close();
      }
    });
  }
  // The last class cannot be unchecked: a study needs one.
  await page.getByTestId('ns-class-v1').uncheck();
  await page.getByTestId('ns-class-v2').click();
  await expect(page.getByTestId('ns-class-v2')).toBeChecked();
  expect(pageErrors).toEqual([]);
});

test('the network-study lesson runs a small study and its steps point at sentences computed from it', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(200_000);
  await page.goto('/#view=lessons');
  await page.getByTestId('lesson-open-network-study').click();
  await expect(page.getByTestId('tab-netstudy')).toHaveAttribute('aria-current', 'page');
  await finished(page, 120_000);
  expect(await num(page, 'ns-progress', 'data-generated')).toBe(600);
  const sentences = await page.locator('[data-testid="ns-insights"] li').allTextContents();
  expect(sentences.length).toBeGreaterThanOrEqual(3);
  // The sentences carry the measured numbers (ps per MAC, Kendall τ), which no lesson file holds.
  expect(sentences.join(' ')).toMatch(/\d+(\.\d+)? ps per MAC/);
  expect(sentences.join(' ')).toMatch(/Kendall τ \d\.\d+/);
  const steps = 5;
  for (let i = 1; i < steps; i++) {
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-bar')).toHaveAttribute('data-step', String(i));
    // Later steps keep the study (they do not ask to run it again).
    await expect(page.getByTestId('ns-progress')).toHaveAttribute('data-state', 'done');
    expect(await page.locator('[data-testid="ns-insights"] li').allTextContents()).toEqual(sentences);
  }
  expect(pageErrors).toEqual([]);
});
