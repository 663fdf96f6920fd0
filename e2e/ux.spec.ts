import type { Page } from '@playwright/test';
import LZString from 'lz-string';
import { expect, test } from './fixtures';
import { frames, settled } from './settled';
import { BASE_STATE, linkTo, studyState } from './states';

async function waitStudyDone(page: Page, total: number) {
  await expect
    .poll(async () => Number(await page.getByTestId('study-progress').getAttribute('data-evaluations')), {
      timeout: 150_000,
    })
    .toBe(total);
  await expect(page.getByTestId('runs').locator('tbody tr', { hasText: 'running' })).toHaveCount(0);
}

/** Moves the pointer over the Pareto plot until the status names a point; returns where (the pointer stays there). */
async function hoverAParetoPoint(page: Page): Promise<[number, number]> {
  const box = await page.getByTestId('pareto').boundingBox();
  if (!box) throw new Error('no pareto box');
  for (let fy = 0.1; fy < 0.95; fy += 0.04) {
    for (let fx = 0.08; fx < 0.98; fx += 0.02) {
      const x = box.x + box.width * fx;
      const y = box.y + box.height * fy;
      await page.mouse.move(x, y);
      if (/#\d+/.test((await page.getByTestId('pareto-status').textContent()) ?? '')) {
        await frames(page);
        return [x, y];
      }
    }
  }
  throw new Error('no point found under the pointer');
}

/** The state a page URL's `#s=` permalink holds (decompressed as the app does), or null. */
function linkState(
  url: string,
): { active?: number; selectedLayer?: string; design?: Record<string, number | string> } | null {
  const h = new URL(url).hash;
  if (!h.startsWith('#s=')) return null;
  return JSON.parse(LZString.decompressFromEncodedURIComponent(h.slice(3)) ?? 'null');
}

const latency = (page: Page) => page.getByTestId('total-latency').getAttribute('data-value');

test.describe('1. a link reopens the same view', () => {
  test('the active workload and the highlighted layer survive a fresh browser', async ({
    page,
    browser,
    pageErrors,
  }) => {
    await page.goto('/');
    await settled(page);
    await page.getByTestId('add-workload').selectOption('vgg16');
    await page
      .getByTestId('workload-chips')
      .getByRole('button', { name: /^VGG-16/ })
      .click();
    await expect(page.getByTestId('layer-breakdown')).toContainText('VGG-16');
    await settled(page);
    await page.getByTestId('layer-select').selectOption('conv3_2');
    const vgg = await latency(page);
    await expect(page.getByTestId('breakdown-status')).toContainText('conv3_2');
    await settled(page);
    // The link is written at most every 150 ms: wait for the one that holds the view.
    await expect
      .poll(async () => {
        const v = linkState(page.url());
        return v && `${v.active}|${v.selectedLayer}`;
      })
      .toBe('1|VGG-16/conv3_2');
    const url = page.url();

    const ctx = await browser.newContext();
    const fresh = await ctx.newPage();
    await fresh.goto(url);
    await settled(fresh);
    await expect(fresh.getByTestId('workload-chips').getByRole('button', { name: /^VGG-16/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(fresh.getByTestId('layer-breakdown')).toContainText('VGG-16');
    await expect(fresh.getByTestId('layer-select')).toHaveValue('conv3_2');
    expect(await latency(fresh)).toBe(vgg);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });

  test('a link whose active workload is not in its list names the field', async ({ page }) => {
    await page.goto(linkTo({ ...BASE_STATE, active: 3 }));
    await expect(page.getByTestId('permalink-error')).toContainText('"active"');
    await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  });

  test('Copy link copies the current link, or shows it selected when the clipboard is refused', async ({
    browser,
    pageErrors,
  }) => {
    const ok = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await ok.newPage();
    await page.goto('/');
    await settled(page);
    await page.getByTestId('param-lanes').fill('2');
    await page.getByTestId('copy-link').click();
    await expect(page.getByTestId('copy-link-status')).toHaveText('Link copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());
    expect(copied).toContain('#s=');
    // The confirmation is about that click: it goes, rather than standing beside a later, different link.
    await expect(page.getByTestId('copy-link-status')).toHaveText('', { timeout: 10_000 });
    await ok.close();

    const refused = await browser.newContext();
    const p2 = await refused.newPage();
    await p2.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
      });
    });
    await p2.goto('/');
    await settled(p2);
    await p2.getByTestId('copy-link').click();
    const field = p2.getByTestId('copy-link-field');
    await expect(field).toHaveValue(p2.url());
    await expect(field).toBeFocused();
    expect(await field.evaluate((el: HTMLInputElement) => (el.selectionEnd ?? 0) - (el.selectionStart ?? 0))).toBe(
      p2.url().length,
    );
    await refused.close();
    expect(pageErrors).toEqual([]);
  });
});

test.describe('2. clicks land', () => {
  test('hovering a Pareto point moves nothing, and the first click opens its design', async ({ page, pageErrors }) => {
    await page.goto(linkTo(studyState(150, ['random'])));
    await waitStudyDone(page, 150);
    await settled(page);
    const before = await page.getByTestId('pareto').boundingBox();
    const at = await hoverAParetoPoint(page);
    const status = (await page.getByTestId('pareto-status').textContent()) ?? '';
    expect(await page.getByTestId('pareto').boundingBox()).toEqual(before);
    const lanes = /SIMD lanes per core (\d+)/.exec(status)?.[1];
    await page.mouse.click(...at);
    await expect(page.getByTestId('design-editor')).toBeVisible();
    await expect(page.getByTestId('manual-lanes')).toHaveValue(String(lanes));
    expect(pageErrors).toEqual([]);
  });

  for (const width of [1280, 390]) {
    test(`hovering a breakdown bar leaves the chart where it was (${width} px)`, async ({ page, pageErrors }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/');
      await settled(page);
      const svg = page.getByTestId('layer-breakdown').locator('svg[role="img"]');
      await svg.scrollIntoViewIfNeeded();
      const before = await svg.boundingBox();
      if (!before) throw new Error('no breakdown chart');
      await page.getByTestId('layer-breakdown').locator('g.layer rect.hit').nth(20).hover();
      await expect(page.getByTestId('breakdown-status')).toContainText('-bound, mapping');
      await frames(page);
      expect(await svg.boundingBox()).toEqual(before);
      expect(pageErrors).toEqual([]);
    });
  }
});

test('2. hovering or focusing a parameter moves no other control of the design editor', async ({ page }) => {
  await page.goto('/');
  await settled(page);
  const next = page.getByTestId('param-peY');
  const before = await next.boundingBox();
  await page.getByTestId('param-peX').hover();
  await expect(page.locator('.param', { has: page.getByTestId('param-peX') }).locator('.param-doc')).toBeVisible();
  expect(await next.boundingBox()).toEqual(before);
  await page.getByTestId('manual-peX').focus();
  expect(await next.boundingBox()).toEqual(before);
});

test.describe('3. phone', () => {
  for (const width of [320, 390, 430]) {
    test(`no sideways scroll on any tab at ${width} px, every tab in reach`, async ({ page, pageErrors }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('/');
      await settled(page);
      for (const tab of ['explorer', 'explore', 'workloads', 'prime', 'lessons']) {
        const button = page.getByTestId(`tab-${tab}`);
        const box = await button.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width, `tab ${tab} inside the screen`).toBe(true);
        await button.click();
        await expect(button).toHaveAttribute('aria-current', 'page');
        await settled(page);
        const { sw, iw } = await page.evaluate(() => ({
          sw: document.documentElement.scrollWidth,
          iw: window.innerWidth,
        }));
        expect(sw, `page width on ${tab}`).toBeLessThanOrEqual(iw);
      }
      expect(pageErrors).toEqual([]);
    });
  }

  test('the totals keep "% of budget" on a phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await settled(page);
    await expect(page.getByTestId('area-budget')).toBeVisible();
    await expect(page.getByTestId('area-budget')).toContainText('% of 27 mm² budget');
  });
});

test('4. one colour per optimizer: convergence curves, Pareto legend and tables agree', async ({
  page,
  pageErrors,
}) => {
  // Evolution and NSGA-II without random or BO: positions in the run list differ from positions in OPTIMIZER_KINDS.
  await page.goto(linkTo(studyState(40, ['evolution', 'nsga2'])));
  await waitStudyDone(page, 80);
  await settled(page);
  const curve = (name: string) =>
    page
      .getByTestId('convergence')
      .locator(`path.line[data-series="${name}"]`)
      .evaluate((el) => getComputedStyle(el).stroke);
  const legend = (name: string) =>
    page
      .getByTestId('pareto')
      .locator('g.legend-item', { hasText: name })
      .locator('circle')
      .first()
      .evaluate((el) => getComputedStyle(el).fill);
  const colours: Record<string, string> = {};
  for (const name of ['Regularized evolution', 'NSGA-II']) {
    colours[name] = await legend(name);
    expect(await curve(name), name).toBe(colours[name]);
  }
  expect(colours['Regularized evolution']).not.toBe(colours['NSGA-II']);
  // The legend lists the optimizers the study ran, not every one there is.
  await expect(page.getByTestId('pareto').locator('g.legend-item', { hasText: 'Random search' })).toHaveCount(0);
  await page.getByTestId('pareto-table-toggle').click();
  for (const row of await page.getByTestId('pareto-summary-row').all()) {
    const name = ((await row.locator('th').textContent()) ?? '').trim();
    const dot = await row.locator('.op-dot').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(dot, name).toBe(colours[name]);
  }
  expect(pageErrors).toEqual([]);
});

test.describe('5. undo and Back', () => {
  test('Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y step through design edits; a slider drag is one step', async ({
    page,
    browser,
    pageErrors,
  }) => {
    await page.goto('/');
    await settled(page);
    const lanes = page.getByTestId('manual-lanes');
    const peX = page.getByTestId('manual-peX');
    await expect(lanes).toHaveValue('64');
    await expect(peX).toHaveValue('4');
    const base = await latency(page);

    // A drag across the lanes slider passes through several values: one undo step.
    const slider = page.getByTestId('param-lanes');
    const sb = await slider.boundingBox();
    if (!sb) throw new Error('no slider');
    const y = sb.y + sb.height / 2;
    await page.mouse.move(sb.x + sb.width * 0.66, y);
    await page.mouse.down();
    for (const f of [0.55, 0.45, 0.35, 0.25, 0.15]) await page.mouse.move(sb.x + sb.width * f, y);
    await page.mouse.up();
    const dragged = await lanes.inputValue();
    expect(Number(dragged)).toBeLessThan(64);
    await page.getByTestId('param-peX').fill('3');
    await expect(peX).toHaveValue('6');
    await settled(page);
    const edited = await latency(page);

    await page.keyboard.press('Control+z');
    await expect(peX).toHaveValue('4');
    await expect(lanes).toHaveValue(dragged);
    await page.keyboard.press('Control+z');
    await expect(lanes).toHaveValue('64');
    await settled(page);
    expect(await latency(page)).toBe(base);
    await expect(page.getByTestId('undo')).toBeDisabled();
    await page.keyboard.press('Control+Shift+Z');
    await expect(lanes).toHaveValue(dragged);
    await page.keyboard.press('Control+y');
    await expect(peX).toHaveValue('6');
    await settled(page);
    expect(await latency(page)).toBe(edited);
    await expect(page.getByTestId('redo')).toBeDisabled();
    // The buttons do the same.
    await page.getByTestId('undo').click();
    await expect(peX).toHaveValue('4');
    await page.getByTestId('redo').click();
    await expect(peX).toHaveValue('6');
    // Inside a text field Ctrl+Z is the field's own undo, not a design step.
    await lanes.fill('100');
    await page.keyboard.press('Control+z');
    await expect(peX).toHaveValue('6');
    await lanes.fill(dragged);
    await lanes.press('Enter');

    // The link follows undo and redo: a fresh browser opens the same design.
    await settled(page);
    await expect
      .poll(() => {
        const d = linkState(page.url())?.design;
        return d && `${d.peX}|${d.lanes}`;
      })
      .toBe(`6|${dragged}`);
    const url = page.url();
    const ctx = await browser.newContext();
    const fresh = await ctx.newPage();
    await fresh.goto(url);
    await settled(fresh);
    await expect(fresh.getByTestId('manual-peX')).toHaveValue('6');
    await expect(fresh.getByTestId('manual-lanes')).toHaveValue(dragged);
    expect(await latency(fresh)).toBe(edited);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });

  test('tab switches are history entries; slider moves are not', async ({ page, pageErrors }) => {
    await page.goto('/');
    await settled(page);
    const entries = () => page.evaluate(() => history.length);
    const start = await entries();
    for (const v of ['1', '2', '3']) {
      await page.getByTestId('param-peX').fill(v);
      await settled(page);
    }
    await expect.poll(() => page.url()).toContain('#s=');
    expect(await entries()).toBe(start);
    await page.getByTestId('tab-workloads').click();
    await expect.poll(entries).toBe(start + 1);
    await settled(page);
    await page.getByTestId('tab-lessons').click();
    await expect.poll(entries).toBe(start + 2);
    await settled(page);
    await page.goBack();
    await expect(page.getByTestId('tab-workloads')).toHaveAttribute('aria-current', 'page');
    await page.goBack();
    await expect(page.getByTestId('tab-explorer')).toHaveAttribute('aria-current', 'page');
    // Back from the first tab switch lands on the edited design, not on each slider position before it.
    await expect(page.getByTestId('manual-peX')).toHaveValue('6');
    await page.goForward();
    await expect(page.getByTestId('tab-workloads')).toHaveAttribute('aria-current', 'page');
    expect(pageErrors).toEqual([]);
  });

  test('after "open in explorer" from the Pareto plot, Back returns to the plot', async ({ page, pageErrors }) => {
    await page.goto(linkTo(studyState(150, ['random'])));
    await waitStudyDone(page, 150);
    await settled(page);
    const count = await page.getByTestId('pareto').getAttribute('data-count');
    const at = await hoverAParetoPoint(page);
    await page.mouse.click(...at);
    await expect(page.getByTestId('design-editor')).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId('tab-explore')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('pareto')).toHaveAttribute('data-count', String(count));
    await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '150');
    expect(pageErrors).toEqual([]);
  });

  test('a study link pasted into the address bar of an open page runs its study, and Back does not re-run it', async ({
    page,
    pageErrors,
  }) => {
    await page.goto('/');
    await settled(page);
    // Same document: only the hash changes, as when a link is pasted into the address bar of this tab.
    await page.goto(linkTo(studyState(90, ['random'])));
    await expect(page.getByTestId('tab-explore')).toHaveAttribute('aria-current', 'page');
    await waitStudyDone(page, 90);
    await page.getByTestId('tab-explorer').click();
    await page.goBack();
    await expect(page.getByTestId('tab-explore')).toHaveAttribute('aria-current', 'page');
    await frames(page);
    await expect(page.getByTestId('runs').locator('tbody tr', { hasText: 'running' })).toHaveCount(0);
    await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '90');
    expect(pageErrors).toEqual([]);
  });
});
