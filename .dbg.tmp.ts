import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (m) => console.log('console', m.text()));
await page.goto('http://127.0.0.1:4192/'); await page.waitForTimeout(1500);
const sel = page.getByTestId('template-select');
await sel.focus(); await page.keyboard.press('ArrowDown'); await page.waitForTimeout(800);
console.log(await sel.inputValue());
for (const [k, v] of [['rows', '24'], ['cols', '24']]) {
  const box = page.getByTestId(`manual-${k}`);
  if (!(await box.count())) { console.log('no', k); continue; }
  await box.fill(v); await box.press('Enter'); await page.waitForTimeout(400);
}
const open = () => page.evaluate(() => [...document.querySelectorAll('details')].map((d) => `${d.querySelector('summary')?.textContent}:${d.open}`));
console.log(await open(), await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80)));
const heights = () => page.evaluate(() => [...document.querySelectorAll('.design-editor > *, .workload-picker, .design-editor')].map((e) => `${e.className || e.tagName}:${Math.round(e.getBoundingClientRect().height)}`));
const h1 = await heights();
await page.evaluate(() => (document.activeElement as HTMLElement).blur()); await page.waitForTimeout(800);
const h2 = await heights();
console.log(h1.filter((x, i) => x !== h2[i]), h2.filter((x, i) => x !== h1[i]));
await browser.close();
