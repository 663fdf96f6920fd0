import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { trainTiny } from './prime-steps';
import { settled } from './settled';
import { linkTo, studyState } from './states';

/**
 * Issue 17 §9: axe-core (WCAG 2.1 A/AA rules) on every tab in both themes finds no serious or critical
 * violation. The Exploration tab is checked with a finished study, so its charts, tables and legends are drawn.
 */
const VIEWS = [
  { name: 'explorer', url: '/' },
  { name: 'explore', url: linkTo(studyState(60, ['random', 'evolution'], 2)) },
  { name: 'workloads', url: '/#view=workloads' },
  { name: 'prime', url: '/#view=prime' },
  { name: 'lessons', url: '/#view=lessons' },
];

/** Serious or critical WCAG 2.1 A/AA violations axe-core finds on the page, one line each (prefixed). */
async function seriousViolations(page: Page, prefix: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${prefix}${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

/** Switches the theme as a user does (it follows the system only at load) and runs axe in each. */
async function expectNoViolationsInBothThemes(page: Page): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme)
      await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await settled(page);
    expect(await seriousViolations(page, `${theme}: `)).toEqual([]);
  }
}

for (const theme of ['light', 'dark'] as const) {
  for (const view of VIEWS) {
    test(`axe: ${view.name} tab, ${theme} theme`, async ({ page, pageErrors }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(view.url);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      if (view.name === 'explore') {
        await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '120', {
          timeout: 60_000,
        });
      }
      await settled(page);
      const bad = await seriousViolations(page, '');
      expect(bad).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }
}

test('axe: PRIME tab with a trained model and verified proposals, both themes', async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await trainTiny(page);
  await page.getByTestId('prime-propose').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  await expectNoViolationsInBothThemes(page);
  expect(pageErrors).toEqual([]);
});

test('axe: PRIME tab with generated logged data (form open, best designs held back) and the comparison table, both themes', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(240_000);
  await page.goto('/#view=prime');
  await page.getByTestId('prime-source-logged').check();
  await page.getByTestId('prime-rows').fill('10000');
  await page.getByTestId('prime-drop-top').fill('0.25');
  await page.getByTestId('prime-steps').fill('25');
  await page.getByTestId('prime-k').fill('2');
  await page.getByTestId('prime-train').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 150_000 });
  await expect(page.getByTestId('prime-held-back')).toBeVisible();
  await page.getByTestId('prime-compare').click();
  await expect(page.getByTestId('prime-compare-table')).toBeVisible({ timeout: 200_000 });
  await expectNoViolationsInBothThemes(page);
  expect(pageErrors).toEqual([]);
});

/** WCAG relative-luminance contrast of two computed CSS colours (rgb()/rgba()). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

for (const theme of ['light', 'dark'] as const) {
  test(`the active tab's label has ≥ 4.5:1 contrast on its fill, ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/');
    const tab = page.getByTestId('tab-explorer');
    await expect(tab).toHaveAttribute('aria-current', 'page');
    const [fg, bg] = await tab.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });
}

test('a skip link takes keyboard users past the design editor to the results', async ({ page, pageErrors }) => {
  await page.goto('/');
  await settled(page);
  const skip = page.getByTestId('skip-editor');
  for (let k = 0; k < 12 && !(await skip.evaluate((el) => el === document.activeElement)); k++) {
    await page.keyboard.press('Tab');
  }
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#explorer-results')).toBeFocused();
  await page.keyboard.press('Tab');
  const inEditor = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="design-editor"]'));
  const inResults = await page.evaluate(() => !!document.activeElement?.closest('#explorer-results'));
  expect(inEditor).toBe(false);
  expect(inResults).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('every parameter slider is named by its visible label alone, with the explanation as its description', async ({
  page,
}) => {
  await page.goto('/');
  await settled(page);
  const params = page.getByTestId('design-editor').locator('.param');
  const n = await params.count();
  expect(n).toBeGreaterThanOrEqual(10);
  let sliders = 0;
  for (let k = 0; k < n; k++) {
    const p = params.nth(k);
    const slider = p.locator('input[type="range"], select');
    if ((await slider.count()) === 0) continue;
    sliders++;
    const label = (await p.locator('.param-label > span').first().textContent()) ?? '';
    const doc = (await p.locator('.param-doc').textContent()) ?? '';
    await expect(slider).toHaveAccessibleName(label.trim());
    await expect(slider).toHaveAccessibleDescription(doc.trim());
  }
  expect(sliders).toBe(10);
});

test('a scrolling table is reached with Tab and scrolled with the arrow keys', async ({ page }) => {
  await page.goto('/#view=workloads');
  await settled(page);
  const table = page.getByTestId('layer-table');
  await expect(table).toBeVisible();
  const region = page.getByRole('region', { name: /^Layers of / });
  await expect(region).toHaveAttribute('tabindex', '0');
  await region.focus();
  await expect(region).toBeFocused();
  const before = await region.evaluate((el) => el.scrollTop);
  await page.keyboard.press('PageDown');
  await expect.poll(() => region.evaluate((el) => el.scrollTop)).toBeGreaterThan(before);
});

test('the Pareto plot is walked along its front with the arrow keys, and Enter opens the design', async ({
  page,
  pageErrors,
}) => {
  await page.goto(linkTo(studyState(300, ['random', 'evolution'], 4)));
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '600', { timeout: 90_000 });
  await settled(page);
  const plot = page.getByTestId('pareto');
  await expect(plot).toHaveAttribute('data-count', '600');
  const front = Number(await plot.getAttribute('data-front'));
  expect(front, 'a front of several designs to walk').toBeGreaterThan(2);
  await plot.focus();
  await expect(plot).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const first = await plot.getAttribute('data-key-point');
  expect(first).toMatch(/^\d+$/);
  await expect(page.getByTestId('pareto-status')).toContainText('#');
  await expect(page.getByTestId('pareto-key-point')).toContainText(`Front point 1 of ${front}`);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('pareto-key-point')).toContainText(`Front point 2 of ${front}`);
  expect(await plot.getAttribute('data-key-point')).not.toBe(first);
  await page.keyboard.press('End');
  await expect(page.getByTestId('pareto-key-point')).toContainText(`Front point ${front} of ${front}`);
  const status = (await page.getByTestId('pareto-status').textContent()) ?? '';
  const lanes = status.match(/SIMD lanes per core (\d+)/)?.[1];
  expect(lanes).toBeDefined();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-explorer')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('manual-lanes')).toHaveValue(String(lanes));
  expect(pageErrors).toEqual([]);
});
