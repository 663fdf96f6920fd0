import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const w of [320, 390]) {
  const page = await browser.newPage({ viewport: { width: w, height: 800 } });
  await page.goto('http://127.0.0.1:4192/#view=lessons'); await page.waitForTimeout(1200);
  await page.getByRole('button', { name: /The roofline/ }).click(); await page.waitForTimeout(1500);
  console.log(w, await page.evaluate(() => document.documentElement.scrollWidth));
  if (w === 320) await page.screenshot({ path: '/tmp/ux/lesson320.png' });
  await page.close();
}
await browser.close();
