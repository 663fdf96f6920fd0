import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { trainTiny } from './prime-steps';
import { settled } from './settled';

/** Issue 17 §6: a model file dropped on any tab imports; imports and PRIME results survive a reload. */

/** Drops a file with these bytes on `target`, as a user dragging it from the desktop does (the event bubbles). */
async function dropFile(page: Page, target: Locator, name: string, bytes: Uint8Array) {
  const dt = await page.evaluateHandle(
    ({ name, data }) => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(data)], name));
      return d;
    },
    { name, data: [...bytes] },
  );
  await target.dispatchEvent('dragenter', { dataTransfer: dt });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await target.dispatchEvent('drop', { dataTransfer: dt });
}

const fixture = (f: string) => new Uint8Array(readFileSync(`test/fixtures/${f}`));

test('a model file dropped on the explorer or the PRIME tab imports, and a broken one says why', async ({
  page,
  pageErrors,
}) => {
  await page.goto('/');
  await settled(page);
  await dropFile(page, page.getByTestId('design-editor'), 'resnet50.onnx', fixture('onnx/resnet50.onnx'));
  await expect(page.getByTestId('tab-workloads')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('workload-select')).toHaveValue('import:resnet50.onnx');
  await expect(page.getByTestId('workload-macs')).toHaveAttribute('data-value', '4089184256');
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await page.getByTestId('tab-prime').click();
  await dropFile(page, page.getByTestId('prime-panel'), 'vgg16.json', fixture('keras-vgg16.json'));
  await expect(page.getByTestId('workload-select')).toHaveValue('import:vgg16.json');
  await expect(page.getByTestId('workload-macs')).toHaveText('15.47 G');
  await page.getByTestId('tab-lessons').click();
  await dropFile(page, page.locator('main'), 'notes.txt', new TextEncoder().encode('<b>not a model</b>'));
  await expect(page.getByTestId('import-error')).toContainText('notes.txt');
  await expect(page.locator('b', { hasText: 'not a model' })).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('imported workloads survive a reload', async ({ page, pageErrors }) => {
  await page.goto('/#view=workloads');
  await page.getByTestId('import-file').setInputFiles('test/fixtures/keras-vgg16.json');
  await expect(page.getByTestId('workload-select')).toHaveValue('import:keras-vgg16.json');
  await page.getByTestId('import-file').setInputFiles('test/fixtures/onnx/resnet50.onnx');
  await expect(page.getByTestId('workload-select')).toHaveValue('import:resnet50.onnx');
  await expect(page.getByTestId('kept-note')).toHaveCount(0);
  // Saved once the put has committed: wait on the store rather than a delay.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const req = indexedDB.open('archscope');
            req.onsuccess = () => {
              const db = req.result;
              const n = db.objectStoreNames.contains('imports')
                ? db.transaction('imports').objectStore('imports').count()
                : null;
              if (!n) return resolve(0);
              n.onsuccess = () => resolve(n.result);
            };
          }),
      ),
    )
    .toBe(2);
  await page.reload();
  const select = page.getByTestId('workload-select');
  await expect(select.locator('option[value="import:keras-vgg16.json"]')).toHaveCount(1);
  await expect(select.locator('option[value="import:resnet50.onnx"]')).toHaveCount(1);
  await select.selectOption('import:resnet50.onnx');
  await expect(page.getByTestId('workload-macs')).toHaveAttribute('data-value', '4089184256');
  expect(pageErrors).toEqual([]);
});

test('without storage the page says imports will not survive a reload', async ({ page, pageErrors }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('IndexedDB is not available in private browsing', 'InvalidStateError');
    };
  });
  await page.goto('/#view=workloads');
  await expect(page.getByTestId('kept-note')).toContainText('will not survive a reload');
  await page.getByTestId('import-file').setInputFiles('test/fixtures/keras-vgg16.json');
  await expect(page.getByTestId('workload-macs')).toHaveText('15.47 G');
  await expect(page.getByTestId('kept-note')).toContainText('InvalidStateError');
  await page.getByTestId('tab-prime').click();
  await expect(page.getByTestId('kept-note')).toContainText('PRIME results will not survive a reload');
  expect(pageErrors).toEqual([]);
});

test("PRIME's results survive a reload, saying the models were not kept", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await trainTiny(page);
  await page.getByTestId('prime-propose').click();
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  const rows = page.getByTestId('prime-proposals').locator('[data-proposal]');
  await expect(rows).toHaveCount(4);
  const best = await page.getByTestId('prime-best-prime').getAttribute('data-value');
  const latencies = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent));
  await page.reload();
  await expect(page.getByTestId('prime-restored')).toContainText('The trained models are not kept');
  await expect(rows).toHaveCount(4);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent))).toEqual(latencies);
  await expect(page.getByTestId('prime-best-prime')).toHaveAttribute('data-value', best ?? '');
  await expect(page.getByTestId('prime-report')).toBeVisible();
  await expect(page.getByTestId('prime-propose')).toBeDisabled();
  expect(pageErrors).toEqual([]);
});
