import { readFileSync } from 'node:fs';
import LZString from 'lz-string';
import { expect, test } from './fixtures';
import { BASE_STATE, linkTo } from './states';

interface IndexFile {
  lessons: { id: string; title: string }[];
}
interface LessonFile {
  id: string;
  steps: { title: string; state: { view?: string; workloads: unknown[] } }[];
}
const read = <T>(p: string): T => JSON.parse(readFileSync(new URL(`../public/lessons/${p}`, import.meta.url), 'utf8'));
const index = read<IndexFile>('index.json');
const SHOTS = process.env.LESSON_SHOTS;

const value = async (page: import('@playwright/test').Page, id: string) =>
  Number(await page.getByTestId(id).getAttribute('data-value'));

for (const entry of index.lessons) {
  test(`lesson "${entry.id}": every step loads its state without errors`, async ({ page, pageErrors }) => {
    const lesson = read<LessonFile>(`${entry.id}.json`);
    await page.goto('/#view=lessons');
    await page.getByTestId(`lesson-open-${entry.id}`).click();
    const bar = page.getByTestId('lesson-bar');
    for (const [i, step] of lesson.steps.entries()) {
      await expect(bar).toHaveAttribute('data-step', String(i));
      await expect(bar.getByRole('heading', { name: step.title })).toBeVisible();
      await expect(page.getByTestId('lesson-error')).toHaveCount(0);
      await expect(page.getByTestId('permalink-error')).toHaveCount(0);
      const view = step.state.view ?? 'explorer';
      await expect(page.getByTestId(`tab-${view}`)).toHaveAttribute('aria-current', 'page');
      if (view === 'explorer') {
        await expect(page.getByTestId('workload-chips').locator('li')).toHaveCount(step.state.workloads.length);
        await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
      }
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/${entry.id}-${i + 1}.png`, fullPage: true });
      if (i < lesson.steps.length - 1) {
        // keyboard-only: focus Next and press Enter
        await page.getByTestId('lesson-next').focus();
        await page.keyboard.press('Enter');
      }
    }
    await expect(page.getByTestId('lesson-next')).toBeDisabled();
    expect(pageErrors).toEqual([]);
  });
}

test('lesson steps are reachable with Alt+arrows and Back returns to the list', async ({ page, pageErrors }) => {
  await page.goto('/#view=lessons');
  await page.getByTestId('tab-lessons').click();
  await page.getByTestId('lesson-open-wide-array').focus();
  await page.keyboard.press('Enter');
  const bar = page.getByTestId('lesson-bar');
  await expect(bar).toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  const narrow = await value(page, 'total-latency');
  await page.keyboard.press('Alt+ArrowRight');
  await expect(bar).toHaveAttribute('data-step', '1');
  await expect.poll(() => value(page, 'total-latency')).not.toBe(narrow);
  const wide = await value(page, 'total-latency');
  // The lesson's claim: 16× the lanes buys MobileNetV2 well under a 4× speed-up (depthwise layers idle).
  expect(wide).toBeLessThan(narrow);
  expect(narrow / wide).toBeLessThan(4);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(bar).toHaveAttribute('data-step', '0');
  await page.getByTestId('lesson-exit').click();
  await expect(page.getByTestId('lesson-bar')).toHaveCount(0);
  await expect(page.getByTestId('lesson-list')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('a tampered lesson file is rejected with a message, and its text is never HTML', async ({ page, pageErrors }) => {
  const good = read<LessonFile & Record<string, unknown>>('roofline.json');
  const bad = structuredClone(good);
  const first = bad.steps[0] as unknown as { text: string; state: Record<string, unknown> };
  first.text = '<img src=x onerror="window.__pwned=1">';
  first.state.budgetMm2 = -5;
  await page.route('**/lessons/roofline.json', (r) => r.fulfill({ json: bad }));
  await page.goto('/#view=lessons');
  await page.getByTestId('lesson-open-roofline').click();
  await expect(page.getByTestId('lesson-error')).toContainText('budgetMm2');
  await expect(page.getByTestId('lesson-text')).toHaveText(first.text);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(pageErrors).toEqual([]);
});

// 16 lanes makes MobileNetV2 slower than the 0.8 ms target on this design; 64 lanes (the preset) meets it.
const challengeLink = linkTo({
  v: 1,
  view: 'explorer',
  workloads: [{ id: 'mobilenet_v2' }],
  template: 'edgetpu',
  design: { ...BASE_STATE.design, lanes: 16 },
  budgetMm2: 27,
  breakdown: 'cycles',
  sort: 'order',
  challenge: {
    template: 'edgetpu',
    workloads: [{ id: 'mobilenet_v2' }],
    budgetMm2: 27,
    target: { metric: 'latencyMs', max: 0.8 },
    locked: { dramBandwidth: 30 },
  },
});

test('a challenge link shows its goal, flips to met, exports a result that re-verifies; a tampered one is rejected', async ({
  page,
  pageErrors,
}) => {
  await page.goto(challengeLink);
  const ch = page.getByTestId('challenge');
  await expect(page.getByTestId('challenge-goal')).toContainText('latency at most 0.8 ms');
  await expect(page.getByTestId('challenge-goal')).toContainText('locked: DRAM bandwidth');
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  await expect(ch).toHaveAttribute('data-met', 'false');
  expect(await value(page, 'total-latency')).toBeGreaterThan(0.8);
  await page.getByTestId('manual-lanes').fill('64');
  await page.getByTestId('manual-lanes').press('Enter');
  await expect(ch).toHaveAttribute('data-met', 'true');
  expect(await value(page, 'total-latency')).toBeLessThanOrEqual(0.8);
  await expect(page.getByTestId('challenge-best')).not.toHaveText('—');
  // the challenge stays in the permalink the page writes back
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=/);
  const linked = JSON.parse(
    LZString.decompressFromEncodedURIComponent((await page.evaluate(() => location.hash)).slice(3)),
  );
  expect(linked.challenge.target).toEqual({ metric: 'latencyMs', max: 0.8 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('challenge-export').click()]);
  const result = JSON.parse(readFileSync((await download.path()) as string, 'utf8'));
  expect(result.design.lanes).toBe(64);
  await page.getByTestId('tab-lessons').click();
  const input = page.getByTestId('challenge-maker').locator('input[type=file]');
  const upload = (o: unknown) =>
    input.setInputFiles({ name: 'r.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(o)) });
  await upload(result);
  await expect(page.getByTestId('challenge-verdict')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('challenge-verdict')).toContainText('Verified by re-simulation');
  await upload({ ...result, design: { ...result.design, lanes: 16 }, values: [0.5] });
  await expect(page.getByTestId('challenge-verdict')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('challenge-verdict')).toContainText('re-simulation gives');
  await upload({ ...result, challenge: { ...result.challenge, target: { metric: 'latencyMs', max: 100 } } });
  await expect(page.getByTestId('challenge-verdict')).toContainText('differs from the one that was set');
  expect(pageErrors).toEqual([]);
});
