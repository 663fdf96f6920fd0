import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { BASE_STATE, linkTo, studyState } from './states';

const evaluations = async (page: Page) =>
  Number(await page.getByTestId('study-progress').getAttribute('data-evaluations'));

async function waitDone(page: Page, total: number) {
  await expect.poll(() => evaluations(page), { timeout: 200_000 }).toBe(total);
  await expect(page.getByTestId('runs').locator('tbody tr', { hasText: /running|paused/ })).toHaveCount(0);
}

async function frontOf(page: Page) {
  return {
    best: await page.getByTestId('best-design').getAttribute('data-value'),
    count: await page.getByTestId('pareto').getAttribute('data-count'),
    front: await page.getByTestId('pareto').getAttribute('data-front'),
  };
}

/** The same study run start to finish in a fresh context: what an undisturbed run gives. */
async function reference(browser: Browser, link: string, total: number) {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(link);
  await waitDone(p, total);
  const front = await frontOf(p);
  await ctx.close();
  return front;
}

/** Rows of the exported study CSV (one per evaluation, after the header). */
async function exportedRows(page: Page): Promise<number> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-export-csv').click()]);
  const text = readFileSync(await download.path(), 'utf8').trim();
  return text.split('\n').length - 1;
}

/** Rows the page's IndexedDB holds for the current study (read the way the app wrote them). */
function storedRows(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const id = localStorage.getItem('archscope.currentStudy');
        const req = indexedDB.open('archscope');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const get = req.result
            .transaction('studies')
            .objectStore('studies')
            .get(id ?? '');
          get.onsuccess = () => {
            const runs = (get.result?.runs ?? {}) as Record<string, { rows: number }>;
            req.result.close();
            resolve(Object.values(runs).reduce((a, r) => a + r.rows, 0));
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

test.describe('crash recovery', () => {
  test('an evaluation worker that crashes mid-run is replaced, its batch re-run, and nothing is lost', async ({
    page,
    browser,
    pageErrors,
  }) => {
    test.setTimeout(300_000);
    // Long enough (a few seconds) for the crash to land mid-run: 4,000 evaluations took well under a second.
    const budget = 16_000;
    const link = linkTo(studyState(budget, ['evolution'], 11));
    const expected = await reference(browser, link, budget);

    // `?debug` exposes window.__archscope.crashEvalWorker() (src/bridge/pool.ts installDebugHooks).
    await page.goto(`/?debug${link.slice(1)}`);
    await expect.poll(() => evaluations(page), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(200);
    const crashed = await page.evaluate(() =>
      (window as unknown as { __archscope: { crashEvalWorker(): boolean } }).__archscope.crashEvalWorker(),
    );
    expect(crashed).toBe(true);
    expect(await evaluations(page)).toBeLessThan(budget); // the crash hit a run in progress
    await expect(page.getByTestId('recoveries')).toHaveAttribute('data-restarts', '1', { timeout: 60_000 });
    await expect(page.getByTestId('recoveries')).toContainText('1 worker restarted');
    await waitDone(page, budget);
    await expect(page.getByTestId('runs').locator('tbody tr').first()).toContainText('done');
    // Exactly `budget` rows, the same designs and results as the undisturbed run: no batch lost or doubled.
    expect(await frontOf(page)).toEqual(expected);
    expect(expected.count).toBe(String(budget));
    expect(await exportedRows(page)).toBe(budget);
    // The crash is a real uncaught error inside the worker; the pool handles it, so the page reports none.
    expect(pageErrors).toEqual([]);
  });

  test('closing the tab mid-run and opening the app again resumes from the checkpoint with every saved row', async ({
    browser,
    pageErrors,
  }) => {
    test.setTimeout(300_000);
    const budget = 400;
    const link = linkTo(studyState(budget, ['bo'], 5));
    const expected = await reference(browser, link, budget);

    const ctx = await browser.newContext();
    const first = await ctx.newPage();
    await first.goto(link);
    await expect.poll(() => evaluations(first), { timeout: 60_000 }).toBeGreaterThan(30);
    await first.getByTestId('study-pause').click();
    await expect(first.getByTestId('runs').locator('tbody tr').first()).toContainText('paused');
    // Paused: designs in flight finish, then the next checkpoint (about once a second) stores every row.
    await expect
      .poll(async () => (await storedRows(first)) === (await evaluations(first)), { timeout: 30_000 })
      .toBe(true);
    const saved = await evaluations(first);
    expect(saved).toBeLessThan(budget);
    await first.close(); // no unload handlers run: as when a tab is killed

    const second = await ctx.newPage();
    second.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    await second.goto('/'); // no link: the app reopens the study it was running
    // Every saved row is back at once; the optimizer then replays them (same seed ⇒ same designs).
    await expect.poll(() => evaluations(second)).toBeGreaterThanOrEqual(saved);
    const restored = async () => {
      const row = (await second.getByTestId('runs').locator('tbody tr').first().textContent()) ?? '';
      return Number(/\((\d+) restored\)/.exec(row)?.[1] ?? 0);
    };
    await expect.poll(restored, { timeout: 60_000 }).toBe(saved);
    await waitDone(second, budget);
    expect(await frontOf(second)).toEqual(expected);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});

test.describe('storage failures are reported, and the run goes on in memory', () => {
  const budget = 300;
  const link = linkTo(studyState(budget, ['random', 'evolution'], 3));

  async function runAndCheck(page: Page, cause: RegExp) {
    await page.goto(link);
    const alert = page.getByTestId('storage-alert');
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).toContainText('Results are not being saved');
    await expect(alert).toContainText(cause);
    await expect(alert).toContainText('export the study as CSV or JSON');
    await waitDone(page, 2 * budget);
    await expect(page.getByTestId('pareto')).toHaveAttribute('data-count', String(2 * budget));
    await expect(alert).toContainText(cause); // still shown after the run
    expect(await exportedRows(page)).toBe(2 * budget);
  }

  test('private mode: indexedDB.open throws', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('IndexedDB is not available in private browsing', 'InvalidStateError');
      };
    });
    await runAndCheck(page, /browser storage is unavailable .*private browsing.*\(InvalidStateError: /);
    // The saved-studies list says the same instead of pretending there are none.
    await expect(page.getByTestId('saved-error')).toContainText('InvalidStateError');
    expect(pageErrors).toEqual([]);
  });

  test('quota exceeded: every put raises QuotaExceededError', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await runAndCheck(page, /browser storage is full \(QuotaExceededError: The quota has been exceeded\.\)/);
    expect(pageErrors).toEqual([]);
  });

  /**
   * Replaces indexedDB.open with a real request (a deleteDatabase of a scratch name) whose success
   * is swallowed and turned into `event`: an open that fails late, or one blocked by another tab.
   */
  function fakeOpen(page: Page, event: 'error' | 'blocked') {
    return page.addInitScript((kind) => {
      IDBFactory.prototype.open = function (this: IDBFactory, name: string) {
        const req = this.deleteDatabase(`${name}-scratch`) as unknown as IDBOpenDBRequest;
        Object.defineProperty(req, 'error', { value: new DOMException('disk I/O failed', 'UnknownError') });
        req.addEventListener('success', (e) => {
          e.stopImmediatePropagation();
          req.dispatchEvent(new Event(kind));
        });
        return req;
      };
    }, event);
  }

  test('an open that fails with an error event is named', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await fakeOpen(page, 'error');
    await runAndCheck(page, /browser storage is unavailable .*\(UnknownError: disk I\/O failed\)/);
    expect(pageErrors).toEqual([]);
  });

  test('an open blocked by another tab is named', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await fakeOpen(page, 'blocked');
    await runAndCheck(page, /browser storage is blocked by another Archscope tab/);
    expect(pageErrors).toEqual([]);
  });
});

test('a chart that throws shows its own error; the rest of the page keeps working, and Retry redraws it', async ({
  page,
}) => {
  // React reports a caught render error on the console (that is expected here); uncaught ones would be pageerrors.
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto(`/?debug&fault=roofline${linkTo(BASE_STATE).slice(1)}`);
  const failed = page.locator('[data-testid="panel-error"][data-panel="roofline"]');
  await expect(failed).toContainText('The roofline failed to draw: fault injected');
  await expect(page.locator('[data-testid="roofline"]')).toHaveCount(0);
  // The breakdown and the totals still work, and still react to edits.
  await expect(page.locator('[data-testid="layer-breakdown"] [data-layer]')).toHaveCount(64);
  const latency = page.getByTestId('total-latency');
  const before = await latency.getAttribute('data-value');
  await page.getByTestId('manual-lanes').fill('128');
  await page.getByTestId('manual-lanes').press('Enter');
  await expect(latency).not.toHaveAttribute('data-value', before ?? '');
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(page.locator('[data-testid="roofline"] path[data-layer]')).toHaveCount(53);
  expect(uncaught).toEqual([]);
});
