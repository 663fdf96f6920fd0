import { expect, test } from '@playwright/test';
import { trainTiny } from './prime-steps';
import { settled } from './settled';
import { linkTo, studyState } from './states';

// Screenshots for review: npx playwright test -c playwright.screens.config.ts e2e/prime.screens.ts
for (const shot of [
  { name: 'desktop-light', width: 1440, height: 900, theme: 'light' as const },
  { name: 'phone-dark', width: 390, height: 844, theme: 'dark' as const },
]) {
  test(`screenshot prime ${shot.name}`, async ({ page }) => {
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme: shot.theme });
    await page.setViewportSize({ width: shot.width, height: shot.height });
    await trainTiny(page, true);
    await page.getByTestId('prime-propose').click();
    await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    await page.screenshot({ path: `docs/screens/prime-run-${shot.name}.png`, fullPage: true });
  });
}

test('screenshot PRIME proposals in the Exploration Pareto plot', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(linkTo(studyState(1500, ['random', 'evolution'], 5)));
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '3000', { timeout: 120_000 });
  await page.getByTestId('tab-prime').click();
  await page.getByTestId('prime-source-study').check();
  await page.getByTestId('prime-steps').fill('150');
  await page.getByTestId('prime-k').fill('8');
  await page.getByTestId('prime-train').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 120_000 });
  await page.getByTestId('prime-propose').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await page.getByTestId('prime-pareto').screenshot({ path: 'docs/screens/prime-pareto-study.png' });
  await page.getByTestId('tab-explore').click();
  await expect(page.getByTestId('pareto')).toHaveAttribute('data-count', '3008');
  await page.getByTestId('pareto').screenshot({ path: 'docs/screens/explore-with-prime.png' });
});

// The generated-logged-data source at PRIME's kind of scale: two applications, 20,000 rows from the worker pool,
// the best quarter of the feasible designs held back.
for (const shot of [
  { name: 'desktop-light', width: 1440, height: 900, theme: 'light' as const },
  { name: 'phone-dark', width: 390, height: 844, theme: 'dark' as const },
]) {
  test(`screenshot prime logged data ${shot.name}`, async ({ page }) => {
    test.setTimeout(600_000);
    await page.emulateMedia({ colorScheme: shot.theme });
    await page.setViewportSize({ width: shot.width, height: shot.height });
    await page.goto('/#view=prime');
    await page.getByTestId('prime-source-logged').check();
    await page.getByTestId('prime-app-lstm_encoder').check();
    await page.getByTestId('prime-rows').fill('10000');
    // Design-Bench's headroom: the best quarter of each application's feasible designs held back.
    await page.getByTestId('prime-drop-top').fill('0.25');
    await page.getByTestId('prime-steps').fill('400');
    await page.getByTestId('prime-k').fill('8');
    await page.getByTestId('prime-naive').check();
    await page.getByTestId('prime-train').click();
    await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 200_000 });
    await page.getByTestId('prime-propose').click();
    await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    await page.getByTestId('prime-compare').click();
    await expect(page.getByTestId('prime-compare-table')).toBeVisible({ timeout: 400_000 });
    await settled(page);
    await page.screenshot({ path: `docs/screens/prime-logged-${shot.name}.png`, fullPage: true });
  });
}
