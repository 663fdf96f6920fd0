import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { csvParse } from 'd3-dsv';
import { expect, test } from './fixtures';

/** Per application, feasible rows and the best feasible latency of a `dataset --logged` CSV (the CLI's own generator). */
function cliSummary(file: string): Map<string, { rows: number; feasible: number; best: number }> {
  const out = new Map<string, { rows: number; feasible: number; best: number }>();
  for (const r of csvParse(readFileSync(file, 'utf8'))) {
    const w = out.get(r.workload as string) ?? { rows: 0, feasible: 0, best: Number.POSITIVE_INFINITY };
    w.rows++;
    if (r.feasible === '1' || r.feasible === 'true') {
      w.feasible++;
      w.best = Math.min(w.best, Number(r.latencyMs));
    }
    out.set(r.workload as string, w);
  }
  return out;
}

test("generated logged data: two applications × 10,000 rows from the worker pool, with progress, are the CLI's data and train with live curves and an ETA", async ({
  page,
  pageErrors,
}, info) => {
  test.setTimeout(240_000);
  await page.goto('/#view=prime');
  await page.getByTestId('prime-source-logged').check();
  await page.getByTestId('prime-app-lstm_encoder').check();
  await page.getByTestId('prime-rows').fill('10000');
  await expect(page.getByTestId('prime-memory')).toHaveAttribute('data-over', 'false');
  await expect(page.getByTestId('prime-memory')).toContainText('20,000 logged rows need about');
  await expect(page.getByTestId('prime-mode')).toContainText('single workload');
  await page.getByTestId('prime-steps').fill('100');
  await page.getByTestId('prime-seed').fill('3');
  await page.getByTestId('prime-train').click();
  const gen = page.getByTestId('prime-generation');
  await expect(gen).toHaveAttribute('data-total', '20000', { timeout: 30_000 });
  await expect(gen).toHaveAttribute('data-rows', '20000', { timeout: 120_000 });
  await expect(gen).toContainText('Generated 20,000 logged rows');
  const ds = page.getByTestId('prime-dataset');
  await expect(ds).toHaveAttribute('data-designs', '20000', { timeout: 30_000 });

  // The same plan in the CLI (one process, segments in order) gives the same feasible counts and best designs.
  const file = info.outputPath('logged.csv');
  execFileSync(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      'src/cli/main.ts',
      'dataset',
      '--logged',
      '--workload',
      'mobilenet_v2,lstm_encoder',
    ].concat(['--count', '10000', '--seed', '3', '--out', file]),
    { stdio: 'pipe' },
  );
  const cli = cliSummary(file);
  const rows = ds.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  for (const [i, id] of ['mobilenet_v2', 'lstm_encoder'].entries()) {
    const cells = await rows.nth(i).locator('td').allTextContents();
    const want = cli.get(id);
    expect(Number(cells[1]), `${id} rows`).toBe(10_000);
    expect(Number(cells[2]), `${id} feasible`).toBe(want?.feasible);
    // PRIME's logged data is 70–90 % infeasible.
    const share = Number.parseFloat(cells[3] as string);
    expect(share).toBeGreaterThan(10);
    expect(share).toBeLessThan(30);
    expect(Number(cells[4])).toBeCloseTo(want?.best ?? Number.NaN, 3);
  }

  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 150_000 });
  // Live curves (train loss and validation MSE) were drawn, and the ETA line ends with the measured speed.
  const curves = page.getByTestId('prime-curves');
  await expect(curves.locator('path.line[data-series="PRIME loss"]')).toHaveCount(1);
  await expect(curves.locator('path.line[data-series="PRIME validation MSE"]')).toHaveCount(1);
  const eta = page.getByTestId('prime-eta').locator('[data-model="prime"]');
  await expect(eta).toHaveAttribute('data-step', '100');
  await expect(eta).toContainText(/PRIME: 100 steps in \d+ s \([\d.]+ steps\/s\)/);
  expect(Number(await eta.getAttribute('data-rate'))).toBeGreaterThan(0);
  // The held-out report covers both applications.
  await expect(page.getByTestId('prime-report').locator('tbody tr')).toHaveCount(2);
  expect(pageErrors).toEqual([]);
});

test("holding back the best quarter of the feasible designs (Design-Bench): the CLI's data minus exactly those, in the link and a fresh context", async ({
  page,
  browser,
  pageErrors,
}, info) => {
  test.setTimeout(240_000);
  await page.goto('/#view=prime');
  await page.getByTestId('prime-source-logged').check();
  await page.getByTestId('prime-rows').fill('10000');
  await page.getByTestId('prime-seed').fill('3');
  await page.getByTestId('prime-steps').fill('25');
  await expect(page.getByTestId('prime-drop-top-note')).toContainText('Every logged design is kept');
  await page.getByTestId('prime-drop-top').fill('0.25');
  await expect(page.getByTestId('prime-drop-top-note')).toContainText("The best 25 % of each application's feasible");
  await page.getByTestId('prime-train').click();
  const held = page.getByTestId('prime-held-back');
  await expect(held).toBeVisible({ timeout: 150_000 });

  // The CLI's whole data for the same plan: the quarter of its feasible designs with the lowest latency
  // (ties at the threshold included) is what the tab took out.
  const file = info.outputPath('logged.csv');
  execFileSync(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', 'dataset', '--logged', '--workload', 'mobilenet_v2'].concat([
      '--count',
      '10000',
      '--seed',
      '3',
      '--out',
      file,
    ]),
    { stdio: 'pipe' },
  );
  const lat = csvParse(readFileSync(file, 'utf8'))
    .filter((r) => r.feasible === '1' || r.feasible === 'true')
    .map((r) => Number(r.latencyMs))
    .sort((a, b) => a - b);
  const threshold = lat[Math.floor(lat.length * 0.25) - 1] as number;
  const gone = lat.filter((v) => v <= threshold).length;
  await expect(held).toHaveAttribute('data-designs', String(gone));
  await expect(held).toContainText(`(${gone.toLocaleString('en-US')} designs)`);
  const ds = page.getByTestId('prime-dataset');
  await expect(ds).toHaveAttribute('data-designs', String(10_000 - gone));
  const cells = await ds.locator('tbody tr').first().locator('td').allTextContents();
  expect(Number(cells[2])).toBe(lat.length - gone);
  expect(Number(cells[4])).toBeCloseTo(lat[gone] as number, 3);

  // The share is in the link; a fresh context opens with it.
  await expect.poll(() => page.url()).toContain('#s=');
  const url = page.url();
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('prime-drop-top')).toHaveValue('0.25');
  await expect(fresh.getByTestId('prime-drop-top-note')).toContainText('The best 25 %');
  await other.close();
  expect(pageErrors).toEqual([]);
});

test('logged data too large for the tab is refused before anything runs; cancelling a generation releases the pool', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  await page.goto('/#view=prime');
  await page.getByTestId('prime-source-logged').check();
  await page.getByTestId('prime-apps-all').click();
  await expect(page.getByTestId('prime-apps').locator('input[type="checkbox"]:checked')).toHaveCount(8);
  await expect(page.getByTestId('prime-apps-all')).toBeDisabled();
  await page.getByTestId('prime-rows').fill('1000000');
  const mem = page.getByTestId('prime-memory');
  await expect(mem).toHaveAttribute('data-over', 'true');
  await expect(mem).toContainText('Too large: 8,000,000 logged rows need about');
  await expect(mem).toContainText(/Use at most [\d,]+ rows per application/);
  await expect(page.getByTestId('prime-train')).toBeDisabled();
  // One application at 10^6 rows fits; start it and cancel while the pool works.
  for (const id of ['mobilenet_edgetpu', 'mobilenet_v3_large', 'efficientnet_lite0', 'resnet50', 'unet'])
    await page.getByTestId(`prime-app-${id}`).uncheck();
  await page.getByTestId('prime-app-lstm_encoder').uncheck();
  await page.getByTestId('prime-app-lstm_decoder').uncheck();
  await expect(page.getByTestId('prime-app-mobilenet_v2')).toBeDisabled();
  await expect(mem).toHaveAttribute('data-over', 'false');
  await page.getByTestId('prime-train').click();
  const gen = page.getByTestId('prime-generation');
  await expect(gen).toHaveAttribute('data-total', '1000000', { timeout: 30_000 });
  await expect.poll(async () => Number(await gen.getAttribute('data-rows')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(gen).toContainText(/rows\/s · about \d+ (s|min) left/);
  await page.getByTestId('prime-cancel').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'cancelled');
  await expect(page.getByTestId('prime-train')).toBeEnabled();
  await expect(page.getByTestId('prime-dataset')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('the comparison table for the current task: PRIME vs naive MBO, best logged, online search at k, 10k, 100k; CSV export', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(300_000);
  await page.goto('/#view=prime');
  await page.getByTestId('prime-source-logged').check();
  await page.getByTestId('prime-rows').fill('10000');
  await page.getByTestId('prime-steps').fill('100');
  await page.getByTestId('prime-k').fill('4');
  await page.getByTestId('prime-train').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 150_000 });
  await page.getByTestId('prime-compare').click();
  await expect(page.getByTestId('prime-compare-progress')).toBeVisible();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 240_000 });
  const table = page.getByTestId('prime-compare-table');
  // PRIME, naive, naive gated, best logged, and random / evolution / BO at 4, 40 and 400 simulations.
  await expect(table).toHaveAttribute('data-rows', '13');
  for (const kind of ['random', 'evolution', 'bo'])
    for (const b of [4, 40, 400])
      await expect(table.locator(`tr[data-method="${kind}"][data-budget="${b}"]`)).toHaveCount(1);
  const prime = table.locator('tr[data-method="prime"]');
  await expect(prime.locator('td').first()).toHaveText('4');
  await expect(table.locator('tr[data-method="logged"] td').first()).toHaveText('0');
  await expect(page.getByTestId('prime-compare-panel')).toContainText("Reused the tab's prime model");
  const savings = page.getByTestId('prime-compare-savings');
  await expect(savings).toContainText(/PRIME/);
  // The CSV holds the table's rows and numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('prime-compare-csv').click()]);
  const csv = (await (await download.createReadStream()).toArray()).join('');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe(
    'method,newSimulations,budget,latencyMs,latencyOverPrime,feasibleProposals,predictedOverSimulated,simulationMs',
  );
  expect(lines).toHaveLength(14);
  const primeMs = await prime.locator('td').nth(1).getAttribute('data-value');
  const primeCsv = lines.find((l) => l.startsWith('prime,'))?.split(',');
  if (primeMs) expect(Number(primeCsv?.[3])).toBeCloseTo(Number(primeMs), 9);
  // The model's predicted / simulated latency of its own proposals: a positive ratio for the surrogates
  // when they proposed something feasible, "—" for the logged design and the online searches.
  const optimism = await prime.getByTestId('prime-compare-optimism').textContent();
  if (primeMs) {
    expect(Number(optimism)).toBeGreaterThan(0);
    expect(Number(primeCsv?.[6])).toBeCloseTo(Number(optimism), 2);
  }
  await expect(table.locator('tr[data-method="logged"]').getByTestId('prime-compare-optimism')).toHaveText('—');
  await expect(
    table.locator('tr[data-method="random"][data-budget="4"]').getByTestId('prime-compare-optimism'),
  ).toHaveText('—');
  expect(pageErrors).toEqual([]);
});
