import { readFileSync } from 'node:fs';
import { csvParse } from 'd3-dsv';
import LZString from 'lz-string';
import { expect, test } from './fixtures';
import { BASE_STATE } from './states';

const value = async (page: import('@playwright/test').Page, id: string) =>
  Number(await page.getByTestId(id).getAttribute('data-value'));

/** The view state the page's URL hash holds (null while there is none). */
const linkState = async (page: import('@playwright/test').Page): Promise<Record<string, unknown> | null> => {
  const hash = await page.evaluate(() => location.hash);
  if (!hash.startsWith('#s=')) return null;
  return JSON.parse(LZString.decompressFromEncodedURIComponent(hash.slice(3)) ?? 'null');
};

test('opens on MobileNetV2 on prime-baseline with totals, feasibility and one mark per layer', async ({
  page,
  pageErrors,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  expect(await value(page, 'total-latency')).toBeGreaterThan(0);
  expect(await value(page, 'total-energy')).toBeGreaterThan(0);
  expect(await value(page, 'total-area')).toBeGreaterThan(1);
  await expect(page.getByTestId('feasibility')).toBeVisible();
  await expect(page.getByTestId('preset-select')).toHaveValue('prime-baseline');
  // MobileNetV2 has 64 layers in our IR (52 conv/depthwise + 1 FC + 10 residual adds + 1 pool): a bar for each...
  await expect(page.locator('[data-testid="layer-breakdown"] [data-layer]')).toHaveCount(64);
  // ...and a roofline point for each layer that does MACs (the adds and the pool do none).
  await expect(page.locator('[data-testid="roofline"] path[data-layer]')).toHaveCount(53);
  expect(pageErrors).toEqual([]);
});

test('editing a parameter re-simulates and changes the totals', async ({ page, pageErrors }) => {
  await page.goto('/');
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  const before = await value(page, 'total-latency');
  const areaBefore = await value(page, 'total-area');
  const slider = page.getByTestId('param-lanes');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => value(page, 'total-latency')).not.toBe(before);
  // Fewer SIMD lanes: a smaller chip that cannot be faster.
  expect(await value(page, 'total-latency')).toBeGreaterThan(before);
  expect(await value(page, 'total-area')).toBeLessThan(areaBefore);
  expect(pageErrors).toEqual([]);
});

test('a permalink round-trips: same design and totals in a fresh page', async ({ page, browser, pageErrors }) => {
  await page.goto('/');
  await page.getByTestId('add-workload').selectOption('resnet50');
  await page.getByTestId('manual-dramBandwidth').fill('12.5');
  await page.getByTestId('manual-dramBandwidth').press('Enter');
  await expect(page.getByTestId('param-dataflow')).toHaveCount(0); // edgetpu has no dataflow: no such control
  await expect(page.getByTestId('param-dramBandwidth')).toBeVisible();
  // Wait until the link holds this state (it is written after the edit) and the totals are for it.
  await expect
    .poll(async () => {
      const st = (await linkState(page)) as { design?: { dramBandwidth?: number }; workloads?: unknown[] } | null;
      return [st?.design?.dramBandwidth, st?.workloads?.length];
    })
    .toEqual([12.5, 2]);
  await expect(page.locator('.totals-panel')).toHaveAttribute('aria-busy', 'false');
  const url = page.url();
  const latency = await value(page, 'total-latency');
  const energy = await value(page, 'total-energy');
  const ctx = await browser.newContext();
  const fresh = await ctx.newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('total-latency')).toHaveAttribute('data-value', String(latency));
  expect(await value(fresh, 'total-energy')).toBe(energy);
  await expect(fresh.getByTestId('manual-dramBandwidth')).toHaveValue('12.5');
  await expect(fresh.getByTestId('workload-chips').locator('li')).toHaveCount(2);
  // state → link → state → link: the fresh page writes back the very same link
  await fresh.getByTestId('param-lanes').focus();
  await fresh.keyboard.press('ArrowLeft');
  await fresh.keyboard.press('ArrowRight');
  await expect.poll(() => fresh.url()).toBe(url);
  await ctx.close();
  expect(pageErrors).toEqual([]);
});

const pack = (o: unknown) => LZString.compressToEncodedURIComponent(JSON.stringify(o));
const goodState = BASE_STATE;

const BAD_LINKS: [string, string, RegExp][] = [
  ['truncated', `#s=${pack(goodState).slice(0, 40)}`, /truncated|decompress/],
  ['garbage', '#s=%3Cscript%3Ealert(1)%3C%2Fscript%3E', /characters|truncated/],
  ['future version', `#s=${pack({ ...goodState, v: 99 })}`, /newer Archscope/],
  ['out-of-range value', `#s=${pack({ ...goodState, design: { ...goodState.design, lanes: 1e9 } })}`, /lanes/],
  ['tampered workload', `#s=${pack({ ...goodState, workloads: [{ id: 'alexnet_evil' }] })}`, /workloads\[0\]\.id/],
  ['not a permalink', '#<img src=x onerror=alert(1)>', /not an Archscope permalink/],
];

for (const [kind, hash, message] of BAD_LINKS) {
  test(`bad link (${kind}): shows permalink-error and a working default page`, async ({ page, pageErrors }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await page.goto(`/${hash}`);
    await expect(page.getByTestId('permalink-error')).toContainText(message);
    await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
    await expect(page.getByTestId('preset-select')).toHaveValue('prime-baseline');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toBe(0);
    expect(pageErrors).toEqual([]);
  });
}

test('per-layer CSV export parses with one row per layer', async ({ page, pageErrors }) => {
  await page.goto('/');
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const rows = csvParse(readFileSync(await download.path(), 'utf8'));
  expect(rows).toHaveLength(64);
  expect(rows.columns).toEqual(expect.arrayContaining(['layer', 'op', 'macs', 'cycles', 'dramBytes', 'energyMj']));
  const macs = rows.reduce((a, r) => a + Number(r.macs), 0);
  expect(Math.abs(macs / 300.77e6 - 1)).toBeLessThan(0.005);
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export Roofline as SVG' }).click(),
  ]);
  expect(readFileSync(await svg.path(), 'utf8')).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(pageErrors).toEqual([]);
});

test('pin a design, change another: compare shows both and the per-layer deltas', async ({ page, pageErrors }) => {
  await page.goto('/');
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  await page.getByTestId('pin').click();
  await page.getByTestId('param-peX').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('compare')).toContainText('PE columns 4 → 6');
  await expect(page.getByTestId('layer-deltas').locator('tbody tr').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('clicking a breakdown bar highlights that layer in the roofline', async ({ page, pageErrors }) => {
  await page.goto('/');
  await expect(page.locator('[data-testid="layer-breakdown"] [data-layer]')).toHaveCount(64);
  await page.locator('[data-testid="layer-breakdown"] [data-layer="b2_expand"] rect').first().click({ force: true });
  await expect(page.locator('[data-testid="roofline"] path.selected')).toHaveAttribute('data-layer', 'b2_expand');
  expect(pageErrors).toEqual([]);
});

test('keyboard alone can select a layer and read its details', async ({ page, pageErrors }) => {
  await page.goto('/');
  await expect(page.locator('[data-testid="layer-breakdown"] [data-layer]')).toHaveCount(64);
  await page.getByTestId('layer-select').focus();
  await page.getByTestId('layer-select').selectOption('b2_dw');
  await expect(page.getByTestId('breakdown-status')).toContainText('b2_dw (depthwise, 96×112×112 → 96×56×56, 3×3/2)');
  await expect(page.locator('[data-testid="roofline"] path.selected')).toHaveAttribute('data-layer', 'b2_dw');
  // every control in the explorer is reachable with Tab (nothing interactive has tabindex -1; the results section
  // is the skip button's focus target, not a control)
  expect(await page.locator('main [tabindex="-1"]:not(#explorer-results)').count()).toBe(0);
  expect(pageErrors).toEqual([]);
});
