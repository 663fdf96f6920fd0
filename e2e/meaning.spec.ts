import { expect, test } from './fixtures';
import { trainTiny } from './prime-steps';
import { settled } from './settled';
import { BASE_STATE, linkTo, studyState } from './states';

/** Issue 17 §8: every figure says what it is — units, feasibility, direction — in words, never e-notation. */

const E_NOTATION = /\d(\.\d+)?e[+-]?\d/i;

test('an infeasible design marks its totals; big numbers are written out, not in e-notation', async ({
  page,
  pageErrors,
}) => {
  // U-Net on prime-baseline: 8 KiB memories are too small for its 9 KiB tiles (infeasible), and its EDP is
  // 11,640 mJ·ms, which toPrecision(3) printed as "1.16e+4".
  await page.goto(linkTo({ ...BASE_STATE, workloads: [{ id: 'unet' }] }));
  await settled(page);
  await expect(page.getByTestId('feasibility')).toHaveAttribute('data-value', 'infeasible');
  await expect(page.getByTestId('totals-infeasible')).toContainText('Infeasible design');
  await expect(page.getByTestId('total-latency')).toContainText('(infeasible)');
  await expect(page.getByTestId('total-energy')).toContainText('(infeasible)');
  const totals = ((await page.locator('.totals-panel').textContent()) ?? '').replace(/\s+/g, ' ');
  expect(totals).not.toMatch(E_NOTATION);
  expect(totals).toContain('11,600 mJ·ms');
  expect(pageErrors).toEqual([]);
});

test('a feasible design over the area budget is not shown in the "feasible" green', async ({ page, pageErrors }) => {
  await page.goto(linkTo({ ...BASE_STATE, budgetMm2: 5 }));
  await settled(page);
  const box = page.getByTestId('feasibility');
  await expect(box).toHaveAttribute('data-value', 'feasible');
  await expect(box).toContainText('over the area budget');
  await expect(box).not.toContainText('✓ Feasible');
  const [colour, ok] = await box.evaluate((el) => [
    getComputedStyle(el).color,
    getComputedStyle(el).getPropertyValue('--ok'),
  ]);
  const okRgb = await page.evaluate((c) => {
    const d = document.createElement('div');
    d.style.color = c;
    document.body.append(d);
    const v = getComputedStyle(d).color;
    d.remove();
    return v;
  }, ok.trim());
  expect(colour).not.toBe(okRgb);
  // Within the budget it is the feasible green again.
  await page.getByTestId('budget').fill('27');
  await expect(box).toContainText('✓ Feasible');
  await expect.poll(() => box.evaluate((el) => getComputedStyle(el).color)).toBe(okRgb);
  expect(pageErrors).toEqual([]);
});

test("the study's best feasible objective and run table carry the objective's name and unit", async ({
  page,
  pageErrors,
}) => {
  await page.goto(linkTo(studyState(40, ['random'], 3)));
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '40', { timeout: 60_000 });
  const best = page.getByTestId('best-design');
  await expect(best).toHaveText(/^best feasible latency: [\d,.]+ ms$/);
  await expect(page.getByTestId('runs').locator('th').last()).toHaveText('best latency');
  await expect(page.getByTestId('runs').locator('tbody td').last()).toHaveText(/^[\d,.]+ ms$/);
  expect(pageErrors).toEqual([]);
});

test('exact-value errors name the parameter, are marked aria-invalid and clear once the value is valid', async ({
  page,
  pageErrors,
}) => {
  await page.goto('/');
  await settled(page);
  const box = page.getByTestId('manual-dramBandwidth');
  await expect(box).toHaveAccessibleName('DRAM bandwidth exact value');
  await box.fill('100000');
  await box.press('Enter');
  const error = page.getByTestId('manual-error-dramBandwidth');
  await expect(error).toContainText('DRAM bandwidth: 100000 is outside');
  await expect(error).not.toContainText('dramBandwidth');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveAccessibleDescription(/DRAM bandwidth: 100000 is outside/);
  // Typing a valid value clears the error at once, before it is committed.
  await box.fill('20');
  await expect(error).toHaveCount(0);
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  // An error also goes when the slider sets the value.
  await box.fill('0.001');
  await box.press('Enter');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  const slider = page.getByTestId('param-dramBandwidth');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(error).toHaveCount(0);
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  expect(pageErrors).toEqual([]);
});

test('the lesson list numbers each lesson once', async ({ page, pageErrors }) => {
  await page.goto('/#view=lessons');
  const first = page.getByTestId('lesson-list').locator('li button').first();
  await expect(first).toHaveText('The roofline: compute- and memory-bound layers');
  expect(pageErrors).toEqual([]);
});

test('challenge messages use names and units, not internal keys', async ({ page, pageErrors }) => {
  const challenge = {
    template: 'edgetpu',
    workloads: [{ id: 'mobilenet_v2' }],
    budgetMm2: 27,
    target: { metric: 'latencyMs', max: 0.1 },
    locked: { dramBandwidth: 30 },
  };
  await page.goto(linkTo({ ...BASE_STATE, challenge }));
  await settled(page);
  await expect(page.getByTestId('challenge-goal')).toContainText('on MobileNetV2');
  await expect(page.getByTestId('challenge-goal')).toContainText('locked: DRAM bandwidth');
  await expect(page.getByTestId('challenge-state')).toHaveText(/latency [\d.]+ ms is above the 0\.1 ms target/);
  await expect(page.getByTestId('challenge')).not.toContainText('mobilenet_v2');
  await expect(page.getByTestId('challenge')).not.toContainText('dramBandwidth');
  expect(pageErrors).toEqual([]);
});

test("PRIME's ratio against the best logged design says what it compares and which way is better", async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  await trainTiny(page);
  await page.getByTestId('prime-propose').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  const best = page.getByTestId('prime-best-prime');
  const v = Number(await best.getAttribute('data-value'));
  const text = (await best.textContent()) ?? '';
  const logged = Number(
    ((await page.getByTestId('prime-proposals').locator('p').first().textContent()) ?? '')
      .match(/Best logged design: ([\d.,]+) ms/)?.[1]
      ?.replace(/,/g, ''),
  );
  expect(text).toContain("× the best logged design's latency; lower is better");
  const ratio = Number(text.match(/\(([\d.]+)×/)?.[1]);
  expect(ratio).toBeCloseTo(v / logged, 1);
  expect(pageErrors).toEqual([]);
});

test('no tab shows e-notation or fractional cycles', async ({ page, pageErrors }) => {
  const pages = [
    linkTo({ ...BASE_STATE, workloads: [{ id: 'unet' }, { id: 'vgg16' }] }),
    '/#view=workloads',
    '/#view=prime',
    '/#view=lessons',
  ];
  for (const url of pages) {
    await page.goto(url);
    await page.reload();
    await settled(page);
    // Table views too: they print every drawn value.
    for (const t of await page.getByRole('button', { name: 'Table', exact: true }).all()) await t.click();
    await settled(page);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text, url).not.toMatch(E_NOTATION);
    expect(text, url).not.toMatch(/\d\.\d+\s*cycles/);
  }
  await page.goto(linkTo(studyState(60, ['random'], 3)));
  await page.reload();
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-evaluations', '60', { timeout: 60_000 });
  for (const t of await page.getByRole('button', { name: 'Table', exact: true }).all()) await t.click();
  await settled(page);
  expect((await page.locator('body').textContent()) ?? '').not.toMatch(E_NOTATION);
  expect(pageErrors).toEqual([]);
});
