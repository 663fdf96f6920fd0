import type { Browser, Locator, Page } from '@playwright/test';
import { type ConstantSpec, type DesignTemplate, type ParamSpec, TEMPLATES } from '../src/core/arch';
import { primeLinkSchema, studyLinkSchema } from '../src/core/link/view-state';
import { expect, test } from './fixtures';

/**
 * The sweep of every control (issue 13): after each change there is no page or console error,
 * the link in the address bar is rewritten, and opening that link in a fresh browser context
 * shows the same totals (`data-value`) and the same controls. The cases are generated from the
 * templates' parameter specs and the study link schema, so a new parameter, preset, optimizer or
 * objective is swept without editing this file. Locators use labels, roles and the test ids the
 * app already had, so the sweep runs unchanged against older builds.
 */

/** Every value a fresh page must reproduce: data-value attributes, control values, workload chips, compare table. */
async function snapshot(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    const main = document.querySelector('main');
    if (!main) return out;
    const tabs = document.querySelector('nav.tabs [aria-current="page"]');
    out.view = tabs?.textContent ?? '';
    main.querySelectorAll('[data-value]').forEach((el, i) => {
      out[`value ${el.getAttribute('data-testid') ?? i}`] = el.getAttribute('data-value') ?? '';
    });
    main.querySelectorAll('input, select').forEach((el, i) => {
      const e = el as HTMLInputElement | HTMLSelectElement;
      if (e instanceof HTMLInputElement && e.type === 'file') return;
      const name = e.dataset.testid ?? e.getAttribute('aria-label') ?? e.closest('label')?.textContent ?? e.tagName;
      const checkable = e instanceof HTMLInputElement && (e.type === 'checkbox' || e.type === 'radio');
      out[`${i} ${name.trim().slice(0, 60)}`] = checkable ? String(e.checked) : e.value;
    });
    out.chips = [...main.querySelectorAll('[data-testid="workload-chips"] li button:first-child')]
      .map((b) => b.textContent)
      .join(' | ');
    out.compare = main.querySelector('.compare-totals')?.textContent ?? '';
    return out;
  });
}

/** Waits until the page's evaluation (and the pinned design's, when one is pinned) has landed. */
async function settled(page: Page): Promise<void> {
  if ((await page.locator('main .totals-panel').count()) > 0) {
    await expect(page.locator('main .totals-panel')).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });
    await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/, { timeout: 15_000 });
  }
  if ((await page.getByRole('button', { name: 'Unpin' }).count()) > 0) {
    await expect(page.locator('.compare-totals')).toBeVisible({ timeout: 15_000 });
  }
}

/** Console errors and uncaught exceptions of a page, as the fixture records them for the main page. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/**
 * One change and its checks. `change` acts on the page; then the hash must move on from the last
 * link, no error may have happened, and a fresh context opened on the new link must agree.
 */
class Sweep {
  private hash = '';
  constructor(
    private readonly page: Page,
    private readonly browser: Browser,
    private readonly pageErrors: string[],
  ) {}

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await settled(this.page);
    this.hash = await this.page.evaluate(() => location.hash);
  }

  async step(what: string, change: () => Promise<unknown>): Promise<void> {
    await test.step(what, async () => {
      await change();
      const hash = () => this.page.evaluate(() => location.hash);
      // Stop waiting as soon as an error happens, so a failure names the error rather than a timeout.
      await expect
        .poll(async () => (await hash()) !== this.hash || this.pageErrors.length > 0, {
          message: `${what}: the link is rewritten`,
        })
        .toBe(true);
      expect(this.pageErrors, `${what}: no page or console error`).toEqual([]);
      this.hash = await hash();
      expect(this.hash, `${what}: a permalink`).toMatch(/^#s=/);
      await settled(this.page);
      expect(this.pageErrors, `${what}: no page or console error`).toEqual([]);
      await expect(this.page.getByRole('alert'), `${what}: no error shown`).toHaveCount(0);
      const expected = await snapshot(this.page);
      const ctx = await this.browser.newContext();
      try {
        const fresh = await ctx.newPage();
        const freshErrors = errorsOf(fresh);
        await fresh.goto(`/${this.hash}`);
        await settled(fresh);
        await expect
          .poll(() => snapshot(fresh), { message: `${what}: the link opens the same view`, timeout: 15_000 })
          .toEqual(expected);
        expect(freshErrors, `${what}: no error in the fresh page`).toEqual([]);
      } finally {
        await ctx.close();
      }
    });
  }
}

/** Grid index of `v` among a parameter's values (the slider position), nearest in log distance. */
function gridIndex(p: ParamSpec, v: number): number {
  let best = 0;
  p.values.forEach((g, i) => {
    if (Math.abs(Math.log(v / (g as number))) < Math.abs(Math.log(v / (p.values[best] as number)))) best = i;
  });
  return best;
}

/** A value between two search values (a "manual" design), inside the parameter's range. */
function offGrid(
  p: { values?: readonly (number | string)[]; integer?: boolean; min?: number; max?: number },
  now: number,
) {
  const vals = (p.values ?? []) as number[];
  for (let i = vals.length - 2; i >= 0; i--) {
    const a = vals[i] as number;
    const b = vals[i + 1] as number;
    const mid = p.integer ? Math.round((a + b) / 2) : Number(((a + b) / 2).toPrecision(4));
    if (mid !== a && mid !== b && mid !== now) return mid;
  }
  return now + 1;
}

/** A constant's new value: halfway between its current value and its maximum (whole when integer). */
function constantValue(c: ConstantSpec, now: number): number {
  const v = now + (c.max - now) / 2;
  const out = c.integer ? Math.round(v) : Number(v.toPrecision(4));
  return out === now ? c.min : out;
}

const numeric = (t: DesignTemplate) => t.params.filter((p) => typeof p.values[0] === 'number');
const enums = (t: DesignTemplate) => t.params.filter((p) => typeof p.values[0] === 'string');

/** Opens the explorer on template `t`, switching to it with the keyboard when it is not the default. */
async function explorerOn(sweep: Sweep, page: Page, t: DesignTemplate): Promise<void> {
  await sweep.open();
  const select = page.getByTestId('template-select');
  if ((await select.inputValue()) === t.id) return;
  await sweep.step(`template ${t.name} (keyboard)`, async () => {
    await select.focus();
    // Chromium changes a closed select's value with the arrow keys, as a keyboard user would.
    const ids = TEMPLATES.map((x) => x.id);
    const key =
      ids.indexOf(t.id) > ids.indexOf((await select.inputValue()) as DesignTemplate['id']) ? 'ArrowDown' : 'ArrowUp';
    await page.keyboard.press(key);
    await expect(select).toHaveValue(t.id);
  });
  // A template without an area budget has none: "no budget", never "Infinity".
  const area = page.getByTestId('total-area').locator('xpath=..');
  await expect(area).toContainText(
    Number.isFinite(t.defaultAreaBudgetMm2) ? `of ${t.defaultAreaBudgetMm2} mm² budget` : 'no budget',
  );
  await expect(area).not.toContainText('Infinity');
}

async function sliderIndex(slider: Locator): Promise<{ idx: number; max: number }> {
  return { idx: Number(await slider.inputValue()), max: Number(await slider.getAttribute('max')) };
}

test.describe.configure({ mode: 'parallel' });

/**
 * A sweep test: opens the explorer (on template `t`, or the default page and then `tab`) and runs
 * `body` with the sweep. Each check opens a fresh context, so the timeouts scale with the cases.
 */
function sweepTest(
  name: string,
  start: { template?: DesignTemplate; tab?: string },
  body: (sweep: Sweep, page: Page, pageErrors: string[]) => Promise<void>,
) {
  test(name, async ({ page, browser, pageErrors }) => {
    test.setTimeout(150_000);
    const sweep = new Sweep(page, browser, pageErrors);
    if (start.template) await explorerOn(sweep, page, start.template);
    else await sweep.open();
    const tab = start.tab;
    if (tab) await sweep.step(`${tab} tab`, () => page.getByTestId(`tab-${tab}`).click());
    await body(sweep, page, pageErrors);
  });
}

for (const t of TEMPLATES) {
  sweepTest(`explorer, ${t.id}: the template switch and every preset`, { template: t }, async (sweep, page) => {
    const names = Object.keys(t.presets);
    // The preset shown first is already applied; visit the others, then come back to it.
    const current = await page.getByTestId('preset-select').inputValue();
    for (const name of [...names.filter((n) => n !== current), ...(names.includes(current) ? [current] : [])]) {
      await sweep.step(`preset ${name}`, () => page.getByTestId('preset-select').selectOption(name));
      await expect(page.getByTestId('preset-select')).toHaveValue(name);
    }
    for (const p of enums(t)) {
      const control = page.getByTestId(`param-${p.key}`);
      for (const v of p.values.filter((x) => x !== p.values[0])) {
        await sweep.step(`${p.key} = ${v} (select)`, () => control.selectOption(String(v)));
      }
      await sweep.step(`${p.key} (keyboard)`, async () => {
        await control.focus();
        await page.keyboard.press('ArrowUp');
      });
    }
  });

  sweepTest(`explorer, ${t.id}: every parameter's slider`, { template: t }, async (sweep, page) => {
    for (const p of numeric(t)) {
      const slider = page.getByTestId(`param-${p.key}`);
      const { idx, max } = await sliderIndex(slider);
      expect(max, `${p.key}: one slider stop per search value`).toBe(p.values.length - 1);
      const to = idx === 0 ? max : 0;
      await sweep.step(`${p.key} slider → ${p.values[to]}`, () => slider.fill(String(to)));
      await expect(page.getByTestId(`manual-${p.key}`)).toHaveValue(String(p.values[to]));
    }
  });

  sweepTest(`explorer, ${t.id}: every parameter with the keyboard arrows`, { template: t }, async (sweep, page) => {
    for (const p of numeric(t)) {
      const slider = page.getByTestId(`param-${p.key}`);
      const { idx, max } = await sliderIndex(slider);
      const up = idx < max;
      await sweep.step(`${p.key} ${up ? 'ArrowRight' : 'ArrowLeft'}`, async () => {
        await slider.focus();
        await page.keyboard.press(up ? 'ArrowRight' : 'ArrowLeft');
      });
      await expect(slider).toHaveValue(String(up ? idx + 1 : idx - 1));
    }
  });

  sweepTest(
    `explorer, ${t.id}: every parameter's and constant's exact-value box`,
    { template: t },
    async (sweep, page) => {
      for (const p of numeric(t)) {
        const box = page.getByTestId(`manual-${p.key}`);
        const v = offGrid(p, Number(await box.inputValue()));
        await sweep.step(`${p.key} exact value ${v}`, async () => {
          await box.fill(String(v));
          await box.press('Enter');
        });
        await expect(box).toHaveValue(String(v));
        await expect(page.getByTestId(`param-${p.key}`)).toHaveValue(String(gridIndex(p, v)));
      }
      await page.getByText('Template constants').click();
      for (const c of t.constants) {
        const box = page.getByTestId(`manual-${c.key}`);
        const v = constantValue(c, Number(await box.inputValue()));
        await sweep.step(`constant ${c.key} = ${v}`, async () => {
          await box.fill(String(v));
          await box.press('Enter');
        });
        await expect(box).toHaveValue(String(v));
      }
    },
  );
}

sweepTest(
  'explorer: budget, breakdown mode and sort, workloads, pin and compare',
  {},
  async (sweep, page, pageErrors) => {
    const budget = page.getByTestId('budget');
    await sweep.step('budget 12.5 mm²', () => budget.fill('12.5'));
    await expect(page.getByTestId('total-area').locator('xpath=..')).toContainText('of 12.5 mm² budget');
    // A budget the link cannot hold is refused at the field, not thrown from the link writer.
    await budget.fill('20000');
    await expect.soft(budget, 'a budget over the limit is marked invalid').toHaveAttribute('aria-invalid', 'true');
    await budget.blur();
    await expect.soft(budget, 'and reverts to the last good value').toHaveValue('12.5');
    expect(pageErrors, 'a refused budget raises no error').toEqual([]);
    await sweep.step('no budget (field cleared)', () => budget.fill(''));
    await expect(page.getByTestId('total-area').locator('xpath=..')).toContainText('no budget');
    await sweep.step('budget 27 mm² again', () => budget.fill('27'));
    const metric = page.getByLabel('Breakdown metric');
    const sort = page.getByLabel('Sort layers');
    await sweep.step('breakdown: energy', () => metric.selectOption('energy'));
    await sweep.step('sort: by cost', () => sort.selectOption('cost'));
    await sweep.step('breakdown: cycles', () => metric.selectOption('cycles'));
    await sweep.step('sort: network order', () => sort.selectOption('order'));
    const layer = page.getByTestId('layer-select');
    const firstLayer = await layer.locator('option').nth(2).getAttribute('value');
    await sweep.step(`highlight layer ${firstLayer}`, () => layer.selectOption(firstLayer ?? ''));
    await sweep.step('add ResNet-18', () => page.getByTestId('add-workload').selectOption('resnet18'));
    await sweep.step('ResNet-18 input 160', () => page.getByLabel(/Input size of ResNet-18/).fill('160'));
    await sweep.step('pin the design', () => page.getByTestId('pin').click());
    await sweep.step('change the current design after pinning', async () => {
      const slider = page.getByTestId('param-lanes');
      await slider.focus();
      await page.keyboard.press('ArrowLeft');
    });
    await sweep.step('swap current and pinned', () => page.getByRole('button', { name: 'Swap' }).click());
    await sweep.step('pin a systolic design against the edgetpu one', async () => {
      await page.getByTestId('template-select').selectOption('systolic');
    });
    await sweep.step('unpin', () => page.getByRole('button', { name: 'Unpin' }).click());
    await sweep.step('remove ResNet-18', () => page.getByRole('button', { name: /Remove ResNet-18/ }).click());
    await sweep.step('back to the Edge TPU template', () =>
      page.getByTestId('template-select').selectOption('edgetpu'),
    );
    await expect(page.getByTestId('total-area').locator('xpath=..')).toContainText('of 27 mm² budget');
  },
);

const OPTIMIZERS = studyLinkSchema.shape.optimizers.element.options;
const OBJECTIVES = studyLinkSchema.shape.objective.options;
const AGGREGATIONS = studyLinkSchema.shape.aggregation.options;

sweepTest(
  'exploration study form: template, workloads, every objective, aggregation, constraint and optimizer',
  { tab: 'explore' },
  async (sweep, page) => {
    const form = page.getByRole('region', { name: 'Study' });
    for (const t of [...TEMPLATES].reverse()) {
      await sweep.step(`study template ${t.id}`, () => form.getByLabel('Template').selectOption(t.id));
    }
    await sweep.step('add ResNet-50 to the study', () =>
      form.getByTestId('study-add-workload').selectOption('resnet50'),
    );
    await sweep.step('weight of ResNet-50 = 2.5', () => form.getByLabel('Weight of resnet50').fill('2.5'));
    for (const o of [...OBJECTIVES.filter((x) => x !== 'latency'), 'latency']) {
      await sweep.step(`objective ${o}`, () => form.getByLabel('Objective').selectOption(o));
    }
    for (const a of AGGREGATIONS) {
      const current = await form.getByLabel('Across workloads').inputValue();
      if (a !== current)
        await sweep.step(`aggregation ${a}`, () => form.getByLabel('Across workloads').selectOption(a));
    }
    const constraints: [string, string][] = [
      ['area ≤', '14'],
      ['latency ≤', '3.5'],
      ['power ≤', '2'],
    ];
    for (const [label, value] of constraints) {
      await sweep.step(`constraint ${label} ${value}`, () => form.getByLabel(label).fill(value));
      await sweep.step(`constraint ${label} cleared`, () => form.getByLabel(label).fill(''));
    }
    await sweep.step('constraint area ≤ 27 again', () => form.getByLabel('area ≤').fill('27'));
    for (const o of OPTIMIZERS) {
      const box = form.getByTestId(`study-opt-${o}`);
      const on = await box.isChecked();
      if (await box.isDisabled()) continue;
      await sweep.step(`optimizer ${o} ${on ? 'off' : 'on'}`, () => box.setChecked(!on));
      if (on) await sweep.step(`optimizer ${o} on again`, () => box.setChecked(true));
    }
    await sweep.step('budget 250', () => form.getByLabel('budget', { exact: true }).fill('250'));
    await sweep.step('seed 42', () => form.getByLabel('seed', { exact: true }).fill('42'));
    await sweep.step('3 seeds each', () => form.getByLabel('seeds each').fill('3'));
    await sweep.step('remove ResNet-50 from the study', () =>
      form.getByRole('button', { name: 'Remove resnet50' }).click(),
    );
  },
);

sweepTest('Pareto plot: every axis metric and the colouring', { tab: 'explore' }, async (sweep, page) => {
  const x = page.getByLabel('x axis', { exact: true });
  const y = page.getByLabel('y axis', { exact: true });
  const metrics = await x.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(metrics.length).toBeGreaterThanOrEqual(5);
  for (const m of metrics.filter((v) => v !== 'latencyMs')) await sweep.step(`x axis ${m}`, () => x.selectOption(m));
  for (const m of metrics.filter((v) => v !== 'energyMj')) await sweep.step(`y axis ${m}`, () => y.selectOption(m));
  await sweep.step('colour by evaluation order', () =>
    page.getByLabel('Colour by', { exact: true }).selectOption('order'),
  );
  await expect(page.locator('figure.chart figcaption').filter({ hasText: 'Pareto front' })).toBeVisible();
  await sweep.step('back to latency × energy by optimizer', async () => {
    await x.selectOption('latencyMs');
    await y.selectOption('energyMj');
    await page.getByLabel('Colour by', { exact: true }).selectOption('group');
  });
});

/** The PRIME form's number fields by link key: test id and a new value inside the field's range. */
const PRIME_NUMBERS: Record<string, [string, string]> = {
  count: ['prime-count', '300'],
  rows: ['prime-rows', '20000'],
  dropTop: ['prime-drop-top', '0.25'],
  steps: ['prime-steps', '120'],
  seed: ['prime-seed', '9'],
  alpha: ['prime-alpha', '0.5'],
  beta: ['prime-beta', '2'],
  areaMm2: ['prime-area', '20'],
  k: ['prime-k', '4'],
};
const PRIME_KEYS = Object.keys(primeLinkSchema.shape) as (keyof typeof primeLinkSchema.shape)[];
/** A link field's type, looking through `.optional()` (fields newer links added are optional for older links). */
function primeType(k: keyof typeof primeLinkSchema.shape): string {
  const s = primeLinkSchema.shape[k];
  return s.type === 'optional' ? (s as { unwrap(): { type: string } }).unwrap().type : s.type;
}
const PRIME_FLAGS = PRIME_KEYS.filter((k) => primeType(k) === 'boolean');
/** Fields shown only with the generated-logged-data source: swept after switching to it. */
const PRIME_LOGGED_ONLY = new Set<string>(['rows', 'dropTop']);

sweepTest('PRIME form: every number, flag, workload list and data source', { tab: 'prime' }, async (sweep, page) => {
  const setup = page.getByRole('region', { name: 'PRIME setup' });
  // Every number the link holds has a case here: a new field fails this line until it gets one.
  const numbers = PRIME_KEYS.filter((k) => primeType(k) === 'number');
  expect([...numbers].sort()).toEqual(Object.keys(PRIME_NUMBERS).sort());
  for (const key of numbers.filter((k) => !PRIME_LOGGED_ONLY.has(k))) {
    const [id, value] = PRIME_NUMBERS[key] as [string, string];
    await sweep.step(`PRIME ${key} = ${value}`, () => setup.getByTestId(id).fill(value));
    await expect(setup.getByTestId(id)).not.toHaveAttribute('aria-invalid', 'true');
  }
  for (const key of PRIME_FLAGS) {
    await sweep.step(`PRIME ${key} on`, () => setup.getByTestId(`prime-${key}`).check());
  }
  const adders = setup.getByRole('combobox', { name: /add a workload/ });
  const lists = await adders.count();
  for (let i = 0; i < lists; i++) {
    await sweep.step(`PRIME list ${i + 1}: add ResNet-18`, () => adders.nth(i).selectOption('resnet18'));
  }
  await expect(setup.getByRole('button', { name: 'Remove resnet18' })).toHaveCount(lists);
  await sweep.step('PRIME: remove ResNet-18 again', () =>
    setup.getByRole('button', { name: 'Remove resnet18' }).first().click(),
  );
  const sources = primeLinkSchema.shape.source.options;
  for (const source of [...sources.filter((x) => x !== 'generate'), 'generate']) {
    await sweep.step(`PRIME source ${source}`, () => page.getByTestId(`prime-source-${source}`).check());
  }
  // Generated logged data: its number fields, an application on and off, and PRIME's whole set.
  await sweep.step('PRIME source logged again', () => page.getByTestId('prime-source-logged').check());
  for (const key of numbers.filter((k) => PRIME_LOGGED_ONLY.has(k))) {
    const [id, value] = PRIME_NUMBERS[key] as [string, string];
    await sweep.step(`PRIME ${key} = ${value}`, () => setup.getByTestId(id).fill(value));
    await expect(setup.getByTestId(id)).not.toHaveAttribute('aria-invalid', 'true');
  }
  await sweep.step('PRIME application U-Net on', () => setup.getByTestId('prime-app-unet').check());
  await sweep.step('PRIME application MobileNetV2 off', () => setup.getByTestId('prime-app-mobilenet_v2').uncheck());
  await sweep.step("PRIME's application set", () => setup.getByTestId('prime-apps-all').click());
  await expect(setup.getByTestId('prime-apps').locator('input:checked')).toHaveCount(8);
});
