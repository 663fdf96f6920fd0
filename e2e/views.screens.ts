import { test } from '@playwright/test';
import { settled } from './settled';

const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
const VIEWS = [
  { name: 'explorer', url: '/' },
  { name: 'workloads', url: '/#view=workloads' },
  { name: 'explore', url: '/#view=explore' },
  { name: 'prime', url: '/#view=prime' },
];

for (const size of SIZES) {
  for (const theme of ['light', 'dark'] as const) {
    for (const view of VIEWS) {
      test(`${view.name} ${size.name} ${theme}`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(view.url);
        await settled(page);
        await page.screenshot({ path: `docs/screens/${view.name}-${size.name}-${theme}.png`, fullPage: true });
      });
    }
  }
}
