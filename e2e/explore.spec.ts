import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { frames } from './settled';
import { linkTo, studyState } from './states';

function studyLink(budget: number, optimizers: string[] = ['random', 'evolution']) {
  return linkTo(studyState(budget, optimizers));
}

const evaluations = async (page: Page) =>
  Number(await page.getByTestId('study-progress').getAttribute('data-evaluations'));

async function waitDone(page: Page, total: number) {
  await expect.poll(() => evaluations(page), { timeout: 150_000 }).toBe(total);
  await expect(page.getByTestId('runs').locator('tbody tr', { hasText: 'running' })).toHaveCount(0);
}

/**
 * Rows checkpointed to IndexedDB (src/state/persist.ts: chunks of `batch.n` rows). Call only once
 * the study started (the page has created its database): a fresh context holds this study alone.
 */
const storedRows = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('archscope');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('chunks').objectStore('chunks').getAll();
          req.onsuccess = () => {
            db.close();
            resolve((req.result as { batch: { n: number } }[]).reduce((a, c) => a + c.batch.n, 0));
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

async function frontOf(page: Page) {
  return {
    best: await page.getByTestId('best-design').getAttribute('data-value'),
    count: await page.getByTestId('pareto').getAttribute('data-count'),
    front: await page.getByTestId('pareto').getAttribute('data-front'),
  };
}

test('a seeded study from a permalink runs to its budget and gives the same front on a second load', async ({
  browser,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  const url = studyLink(150);
  const first = await browser.newContext();
  const a = await first.newPage();
  await a.goto(url);
  await waitDone(a, 300);
  const one = await frontOf(a);
  expect(Number(one.best)).toBeGreaterThan(0);
  expect(one.count).toBe('300');
  await first.close();
  const second = await browser.newContext();
  const b = await second.newPage();
  await b.goto(url);
  await waitDone(b, 300);
  expect(await frontOf(b)).toEqual(one);
  await second.close();
  expect(pageErrors).toEqual([]);
});

test('pause and resume lose nothing: the run ends with the same results as an uninterrupted one', async ({
  page,
  browser,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  // 240 BO evaluations, and the pause is pressed as soon as the first results show (polled every
  // 20 ms): on a quiet machine 120 evaluations could all land before expect.poll's default back-off
  // looked again, leaving nothing to pause.
  const budget = 240;
  const ref = await browser.newContext();
  const r = await ref.newPage();
  await r.goto(studyLink(budget, ['bo']));
  await waitDone(r, budget);
  const expected = await frontOf(r);
  await ref.close();

  await page.goto(studyLink(budget, ['bo']));
  await expect.poll(() => evaluations(page), { intervals: [20] }).toBeGreaterThan(0);
  await page.getByTestId('study-pause').click();
  await expect(page.getByTestId('runs').locator('tbody tr').first()).toContainText('paused');
  // The batches in flight finish and are checkpointed (about once a second); from then on nothing is
  // asked: the page shows exactly the stored rows, fewer than the budget, and the run stays paused.
  // (Wait for the last batch in flight first: before it lands, stored and shown rows can agree for a moment.)
  await expect(page.getByTestId('runs').locator('tbody tr').first()).toHaveAttribute('data-in-flight', '0');
  await expect
    .poll(async () => {
      const stored = await storedRows(page);
      return stored > 0 && stored === (await evaluations(page));
    })
    .toBe(true);
  const paused = await evaluations(page);
  expect(paused).toBeLessThan(budget);
  expect(await storedRows(page)).toBe(paused);
  await expect(page.getByTestId('runs').locator('tbody tr').first()).toContainText('paused');
  await page.getByTestId('study-resume').click();
  await waitDone(page, budget);
  expect(await frontOf(page)).toEqual(expected);
  expect(pageErrors).toEqual([]);
});

test('a reload mid-run keeps the finished evaluations and resumes from the checkpoint', async ({
  page,
  browser,
  pageErrors,
}) => {
  test.setTimeout(240_000);
  const ref = await browser.newContext();
  const r = await ref.newPage();
  await r.goto(studyLink(400, ['bo']));
  await waitDone(r, 400);
  const expected = await frontOf(r);
  await ref.close();

  await page.goto(studyLink(400, ['bo']));
  await expect.poll(() => evaluations(page), { timeout: 60_000 }).toBeGreaterThan(40);
  await expect.poll(() => storedRows(page)).toBeGreaterThan(0); // a checkpoint landed
  const before = await evaluations(page);
  await page.reload();
  await expect(page.getByTestId('runs')).toContainText('restored');
  const restoredText = (await page.getByTestId('runs').locator('tbody tr').first().textContent()) ?? '';
  const restored = Number(/\((\d+) restored\)/.exec(restoredText)?.[1]);
  expect(restored).toBeGreaterThan(0);
  expect(restored).toBeLessThanOrEqual(before);
  await waitDone(page, 400);
  // Replayed rows + the rest of the run = exactly the uninterrupted study (same seed ⇒ same designs).
  expect(await frontOf(page)).toEqual(expected);
  expect(pageErrors).toEqual([]);
});

test('clicking a Pareto point opens that design in the explorer', async ({ page, pageErrors }) => {
  await page.goto(studyLink(150, ['random']));
  await waitDone(page, 150);
  const box = await page.getByTestId('pareto').boundingBox();
  if (!box) throw new Error('no pareto box');
  let status = '';
  let at: [number, number] | null = null;
  for (let fy = 0.1; fy < 0.95 && !at; fy += 0.04) {
    for (let fx = 0.08; fx < 0.98 && !at; fx += 0.02) {
      const x = box.x + box.width * fx;
      const y = box.y + box.height * fy;
      await page.mouse.move(x, y);
      if (!/#\d+/.test((await page.getByTestId('pareto-status').textContent()) ?? '')) continue;
      // The status is React state: confirm it describes the point under the pointer now, not a previous position.
      await page.mouse.move(x + 0.5, y);
      await frames(page);
      status = (await page.getByTestId('pareto-status').textContent()) ?? '';
      if (/#\d+/.test(status)) at = [x + 0.5, y];
    }
  }
  expect(at).not.toBeNull();
  const lanes = /SIMD lanes per core (\d+)/.exec(status)?.[1];
  const peX = /PE columns (\d+)/.exec(status)?.[1];
  await page.mouse.click(...(at as [number, number]));
  await expect(page.getByTestId('design-editor')).toBeVisible();
  await expect(page.getByTestId('manual-lanes')).toHaveValue(String(lanes));
  await expect(page.getByTestId('manual-peX')).toHaveValue(String(peX));
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  expect(pageErrors).toEqual([]);
});
