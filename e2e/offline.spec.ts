import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { settled } from './settled';
import { linkTo, studyState } from './states';

/** The lessons the app lists (public/lessons/index.json): all of them must load from the cache offline. */
const LESSONS = (JSON.parse(readFileSync('public/lessons/index.json', 'utf8')) as { lessons: unknown[] }).lessons
  .length;

/** Issue 17 §7: installable (a manifest with icons) and, once loaded, reloads and runs a study with no network. */
test.use({ serviceWorkers: 'allow' });

test('the app is installable: a web app manifest with a name, start URL and 192 / 512 px icons', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const res = await page.request.get(href ?? '');
  expect(res.ok()).toBe(true);
  const m = await res.json();
  expect(m.name).toContain('Archscope');
  expect(m.start_url).toBe('/');
  expect(m.display).toBe('standalone');
  const sizes = (m.icons as { sizes: string; src: string }[]).map((i) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of m.icons as { src: string }[]) expect((await page.request.get(icon.src)).ok()).toBe(true);
});

test('after one visit the app reloads offline and runs a study in its workers', async ({
  page,
  context,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  const link = linkTo(studyState(60, ['random', 'evolution'], 3));
  await page.goto('/');
  // Wait until the service worker has precached the build and controls the page (clientsClaim).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve()),
      );
  });
  await context.setOffline(true);
  // Nothing reaches the server now: a fetch that bypasses the cache fails (its console line is expected).
  const before = pageErrors.length;
  const probe = await page.evaluate(() =>
    fetch(`/no-such-file-${Date.now()}`, { cache: 'no-store' }).then(
      () => 'online',
      () => 'offline',
    ),
  );
  expect(probe).toBe('offline');
  expect(pageErrors.splice(before).every((e) => e.includes('ERR_INTERNET_DISCONNECTED'))).toBe(true);
  await page.goto(link);
  await page.reload();
  await settled(page);
  await expect(page.getByTestId('tab-explore')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '120', { timeout: 90_000 });
  await expect(page.getByTestId('best-design')).toHaveAttribute('data-value', /\d/);
  // The explorer simulates offline too (the sim worker), and a lesson file loads from the cache.
  await page.getByTestId('tab-explorer').click();
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  await page.getByTestId('tab-lessons').click();
  await expect(page.getByTestId('lesson-list').locator('li')).toHaveCount(LESSONS);
  await context.setOffline(false);
  expect(pageErrors).toEqual([]);
});
