import { expect, test } from '@playwright/test';
import { settled } from './settled';
import { BASE_STATE, linkTo, studyState } from './states';

/** Classroom screens to look at: the Pareto table view and a challenge with locked parameters, in both themes. */
const challenge = {
  title: 'Fast MobileNetV2',
  template: 'edgetpu',
  workloads: [{ id: 'mobilenet_v2' }],
  budgetMm2: 27,
  target: { metric: 'latencyMs', max: 0.8 },
  locked: { dramBandwidth: 30, peMemory: 524288 },
};

for (const theme of ['light', 'dark'] as const) {
  test(`challenge with locked parameters ${theme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(linkTo({ ...BASE_STATE, design: { ...BASE_STATE.design, lanes: 16 }, challenge }));
    await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
    await expect(page.getByTestId('challenge-best')).not.toHaveText('—');
    // Focus a locked box: its note and the parameter's description show as a keyboard user meets them.
    await page.getByTestId('manual-dramBandwidth').focus();
    await settled(page);
    await page.screenshot({ path: `docs/screens/challenge-locked-${theme}.png`, fullPage: true });
    await page.getByTestId('design-editor').screenshot({ path: `docs/screens/challenge-locked-editor-${theme}.png` });
  });

  test(`challenge maker ${theme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(linkTo({ ...BASE_STATE, view: 'lessons' }));
    const maker = page.getByTestId('challenge-maker');
    await maker.getByTestId('challenge-max').fill('0.8');
    await maker.getByTestId('challenge-lock-dramBandwidth').check();
    await maker.getByTestId('challenge-create').click();
    await expect(maker.getByTestId('challenge-link')).toBeVisible();
    await maker.screenshot({ path: `docs/screens/challenge-maker-${theme}.png` });
  });
}

test('pareto table', async ({ page }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(linkTo(studyState(150, ['random', 'evolution'])));
  await expect
    .poll(async () => Number(await page.getByTestId('study-progress').getAttribute('data-evaluations')), {
      timeout: 150_000,
    })
    .toBe(300);
  await page.getByTestId('pareto-table-toggle').click();
  await expect(page.getByTestId('pareto-front-row').first()).toBeVisible();
  await settled(page);
  await page.screenshot({ path: 'docs/screens/pareto-table-light.png', fullPage: true });
  await page.getByTestId('pareto-table').screenshot({ path: 'docs/screens/pareto-table-detail-light.png' });
  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  await expect(page.getByRole('button', { name: /Switch to light theme/ })).toBeVisible();
  await settled(page);
  await page.getByTestId('pareto-table').screenshot({ path: 'docs/screens/pareto-table-detail-dark.png' });
});
