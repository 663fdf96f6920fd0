import { expect, test } from '@playwright/test';
import { trainTiny } from './prime-steps';

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
