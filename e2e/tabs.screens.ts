import { expect, test } from '@playwright/test';
import { settled } from './settled';
import { linkTo, studyState } from './states';

/**
 * Every tab at 1440 px and 390 px, light and dark, into docs/screens/tab-<view>-<size>-<theme>.png:
 * `npx playwright test -c playwright.screens.config.ts e2e/tabs.screens.ts` (after `npx vite build`).
 */
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
const VIEWS = ['explorer', 'explore', 'workloads', 'prime', 'netstudy', 'lessons'] as const;
const only = process.env.SCREENS_SIZE;

for (const size of SIZES.filter((s) => !only || s.name === only)) {
  for (const theme of ['light', 'dark'] as const) {
    for (const view of VIEWS) {
      test(`${view} ${size.name} ${theme}`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`/#view=${view}`);
        await settled(page);
        await page.screenshot({ path: `docs/screens/tab-${view}-${size.name}-${theme}.png`, fullPage: true });
      });
    }
    // The Exploration tab with a finished study (evolution and NSGA-II: each in its own colour everywhere).
    test(`explore with a study ${size.name} ${theme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(linkTo(studyState(200, ['evolution', 'nsga2'])));
      await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '400', { timeout: 120_000 });
      await settled(page);
      await page.screenshot({ path: `docs/screens/tab-explore-study-${size.name}-${theme}.png`, fullPage: true });
    });
  }
}
