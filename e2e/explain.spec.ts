import { EXPLANATIONS, type ExplainTopic } from '../src/ui/explanations';
import { expect, test } from './fixtures';
import { linkTo, studyState } from './states';

// Every metric and chart of the explorer carries an "Explain this" button.
const EXPLORER_TOPICS: ExplainTopic[] = [
  'latency',
  'energy',
  'power',
  'area',
  'utilisation',
  'edp',
  'feasibility',
  'breakdown',
  'roofline',
  'compare',
];

test('each explain button on the explorer opens with Enter and closes with Escape', async ({ page, pageErrors }) => {
  await page.goto('/');
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  for (const topic of EXPLORER_TOPICS) {
    const button = page.getByTestId(`explain-${topic}`);
    const text = page.getByTestId(`explain-${topic}-text`);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(text).toBeHidden();
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(text).toBeVisible();
    await expect(text).toHaveText(EXPLANATIONS[topic]);
    // aria-controls names the element that holds the text.
    expect(await button.getAttribute('aria-controls')).toBe(await text.getAttribute('id'));
    await page.keyboard.press('Escape');
    await expect(text).toBeHidden();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toBeFocused();
  }
  expect(pageErrors).toEqual([]);
});

test('the breakdown and roofline have table views of the drawn data', async ({ page, pageErrors }) => {
  await page.goto('/');
  await expect(page.locator('[data-testid="layer-breakdown"] [data-layer]')).toHaveCount(64);
  const toggle = page.getByTestId('layer-breakdown-table-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  // MobileNetV2: one row per layer, as one bar per layer in the chart.
  const rows = page.locator('[data-testid="layer-breakdown-table"] tbody tr');
  await expect(rows).toHaveCount(64);
  // Each row's total is the sum of its segments (cycles: compute + memory stall + overhead).
  const cells = await rows.first().locator('td').allTextContents();
  const nums = cells.slice(2).map((c) => Number(c.replace(/[^\d.]/g, '')));
  const total = nums.pop() ?? Number.NaN;
  expect(Math.abs(nums.reduce((a, b) => a + b, 0) - total)).toBeLessThanOrEqual(nums.length);
  await toggle.click();
  await expect(page.getByTestId('layer-breakdown-table')).toHaveCount(0);

  // The roofline table lists the 53 layers that do MACs, as the chart draws 53 points.
  await page.getByTestId('roofline-table-toggle').click();
  await expect(page.locator('[data-testid="roofline-table"] tbody tr')).toHaveCount(53);
  expect(pageErrors).toEqual([]);
});

test('the convergence table lists each optimizer up to its last evaluation; Pareto has an explanation', async ({
  page,
  pageErrors,
}) => {
  await page.goto(linkTo(studyState(60, ['random', 'evolution'])));
  const progress = page.getByTestId('study-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-evaluations')), { timeout: 60_000 }).toBe(120);
  await page.getByTestId('convergence-table-toggle').click();
  const table = page.getByTestId('convergence-table');
  // ~10 sample points per optimizer, the last at its final (60th) evaluation.
  for (const name of ['Random', 'Evolution']) {
    const rows = table.locator('tbody tr', { hasText: new RegExp(name, 'i') });
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    expect(await rows.count()).toBeLessThanOrEqual(10);
    await expect(rows.last().locator('td').nth(1)).toHaveText('60');
  }
  await page.getByTestId('explain-pareto').click();
  await expect(page.getByTestId('explain-pareto-text')).toHaveText(EXPLANATIONS.pareto);
  await page.getByTestId('explain-convergence').click();
  await expect(page.getByTestId('explain-convergence-text')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
