import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { settled } from './settled';
import { linkTo, studyState } from './states';

/** Issue 17 §10: axis titles that fit, log axes labelled inside a decade, exported images that say what they show. */

async function tickLabels(axis: Locator): Promise<string[]> {
  return axis.locator('.tick text').evaluateAll((ts) => ts.map((t) => t.textContent ?? ''));
}

/** A tick label that is not a power of ten ("50", "200", "30G"): a tick inside a decade. */
const inDecade = (labels: string[]) => labels.some((l) => /^(0\.0*)?[2-9]/.test(l.replace(/[kMGTP]$/, '')));

test('log axes spanning few decades label ticks inside a decade (roofline, Pareto plot)', async ({
  page: first,
  pageErrors,
}) => {
  let page = first;
  await page.goto('/');
  await settled(page);
  // MobileNetV2 on prime-baseline: intensities 100…1k MAC/B and rates 100G…1T MAC/s drew just two labels per axis.
  const [x, y] = await Promise.all(
    [0, 1].map((k) => tickLabels(page.getByTestId('roofline').locator('g.axis').nth(k))),
  );
  for (const labels of [x, y] as string[][]) {
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expect(inDecade(labels), labels.join(' ')).toBe(true);
  }
  // A fresh page: a hash change alone does not start a study.
  page = await page.context().newPage();
  // Energies of this study span 0.2 … 60 mJ: only "1" and "10" were labelled.
  await page.goto(linkTo(studyState(300, ['random', 'evolution'], 2)));
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '600', { timeout: 90_000 });
  await settled(page);
  // Latency × energy is the default; once the runs stop the axes fit the data (no axis change needed).
  await expect(page.getByLabel('y axis')).toHaveValue('energyMj');
  await settled(page);
  const energyAxis = page.getByTestId('pareto').locator('g.axis').nth(1);
  await expect
    .poll(async () => inDecade(await tickLabels(energyAxis)), { message: 'energy ticks inside a decade' })
    .toBe(true);
  expect(pageErrors).toEqual([]);
});

test("the hypervolume chart's axis title fits inside the chart", async ({ page, pageErrors }) => {
  const state = studyState(60, ['random'], 2);
  state.study.objective = 'multi';
  await page.goto(linkTo(state));
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '60', { timeout: 60_000 });
  await settled(page);
  const svg = page.getByTestId('convergence').locator('svg').first();
  const title = svg.locator('text.axis-label', { hasText: 'hypervolume' });
  await expect(title).toHaveCount(1);
  const [s, t] = [await svg.boundingBox(), await title.boundingBox()];
  if (!s || !t) throw new Error('no layout');
  expect(t.y).toBeGreaterThanOrEqual(s.y);
  expect(t.y + t.height).toBeLessThanOrEqual(s.y + s.height);
  expect(t.x).toBeGreaterThanOrEqual(s.x);
  expect((await title.textContent())?.replace(/\s+/g, ' ')).toContain('(higher is better)');
  expect(pageErrors).toEqual([]);
});

async function download(page: Page, button: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  if (!path) throw new Error('download failed');
  return readFile(path);
}

test('exported SVG and PNG images carry the chart title and the design and workload they show', async ({
  page,
  pageErrors,
}) => {
  await page.goto('/');
  await settled(page);
  const frame = page.getByTestId('layer-breakdown');
  const svg = (await download(page, frame.getByRole('button', { name: /as SVG$/ }))).toString('utf8');
  expect(svg).toMatch(/<title>Per-layer latency — MobileNetV2 1\.0 — MobileNetV2 1\.0 on Edge TPU/);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
  expect(texts).toContain('Per-layer latency — MobileNetV2 1.0');
  expect(texts).toContain('preset prime-baseline');
  expect(texts).toContain('SIMD lanes per core 64');
  // The PNG holds the same: the chart plus the caption band above it, at 2× (IHDR width and height, big-endian).
  const png = await download(page, frame.getByRole('button', { name: /as PNG$/ }));
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const box = await frame.locator('.chart-box > svg').evaluate((el) => {
    // The export's size rule (src/charts/export.ts svgSize): the viewBox, else the layout box.
    const vb = (el as SVGSVGElement).viewBox.baseVal;
    if (vb && vb.width > 0) return { width: vb.width, height: vb.height };
    const r = el.getBoundingClientRect();
    return { width: Math.round(r.width), height: Math.round(r.height) };
  });
  expect(w).toBe(Math.round(box.width * 2));
  expect(h).toBeGreaterThan(Math.round(box.height * 2) + 2 * 30);
  expect(pageErrors).toEqual([]);
});
