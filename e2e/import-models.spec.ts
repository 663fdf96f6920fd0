import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * ONNX and TFLite files dropped on the workload browser's drop zone (issue 16): the workload,
 * its per-layer table (named after the source nodes) and chart appear as for a zoo model, it is
 * offered in the explorer, and a broken file shows a message with none of its markup in the DOM.
 */

/** Drops a file with these bytes on the drop zone, as a user dragging it from the desktop does. */
async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  const dt = await page.evaluateHandle(
    ({ name, data }) => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(data)], name));
      return d;
    },
    { name, data: [...bytes] },
  );
  await page.getByTestId('import-dropzone').dispatchEvent('drop', { dataTransfer: dt });
}

const fixture = (f: string) => new Uint8Array(readFileSync(`test/fixtures/${f}`));
const rows = (page: Page) => page.locator('[data-testid="layer-table"] tbody tr');
const bars = (page: Page) => page.locator('[data-testid="macs-chart"] rect[data-layer]');

test('a dropped .onnx imports with the zoo counts, a table naming each node and a chart', async ({
  page,
  pageErrors,
}) => {
  await page.goto('/#view=workloads');
  await dropFile(page, 'resnet50.onnx', fixture('onnx/resnet50.onnx'));
  await expect(page.getByTestId('workload-select')).toHaveValue('import:resnet50.onnx');
  await expect(page.getByTestId('workload-macs')).toHaveAttribute('data-value', '4089184256');
  await expect(page.getByTestId('workload-params')).toHaveText('25,557,032');
  await expect(rows(page)).toHaveCount(72);
  await expect(bars(page)).toHaveCount(72);
  await expect(rows(page).first()).toContainText('conv1');
  await expect(rows(page).first()).toContainText('BN "batchnormalization1" folded');
  await expect(page.getByTestId('import-notes')).toContainText('267 initializers use external data files');
  // The explorer offers it like a zoo model and simulates it exactly as the zoo's ResNet-50.
  await page.getByTestId('tab-explorer').click();
  await page.getByTestId('add-workload').selectOption('resnet50');
  await page.getByTestId('add-workload').selectOption('import:resnet50.onnx');
  const chips = page.getByTestId('workload-chips').getByRole('button');
  const latency = page.getByTestId('total-latency');
  await chips.filter({ hasText: /^ResNet-50/ }).click();
  await expect(page.getByRole('region', { name: /^Totals for ResNet-50/ })).toHaveAttribute('aria-busy', 'false');
  const zoo = await latency.getAttribute('data-value');
  expect(Number(zoo)).toBeGreaterThan(0);
  await chips.filter({ hasText: /^resnet50$/ }).click();
  await expect(page.getByRole('region', { name: 'Totals for resnet50' })).toHaveAttribute('aria-busy', 'false');
  await expect(latency).toHaveAttribute('data-value', zoo as string);
  expect(pageErrors).toEqual([]);
});

test('a dropped .tflite imports, whatever its name, and shows its table and chart', async ({ page, pageErrors }) => {
  await page.goto('/#view=workloads');
  // Named .bin: the "TFL3" identifier, not the extension, says what it is.
  await dropFile(page, 'model.bin', fixture('tflite/mobilenet_v2_int8.tflite'));
  await expect(page.getByTestId('workload-macs')).toHaveText('300.8 M');
  await expect(rows(page)).toHaveCount(64);
  await expect(bars(page)).toHaveCount(64);
  await expect(rows(page).nth(1)).toContainText('DEPTHWISE_CONV_2D');
  await expect(page.getByTestId('import-notes')).toContainText('activation tensors: int8');
  await dropFile(page, 'edgetpu.tflite', fixture('tflite/edgetpu.tflite'));
  await expect(page.getByTestId('import-error')).toContainText('compiled for the Edge TPU');
  expect(pageErrors).toEqual([]);
});

test('a broken model shows a message and none of its markup reaches the DOM', async ({ page, pageErrors }) => {
  await page.goto('/#view=workloads');
  // An ONNX graph whose node is named with markup and has an op Archscope does not map.
  const evil = '<img src=x onerror=window.__pwned=1>';
  const name = new TextEncoder().encode(evil);
  const op = new TextEncoder().encode('TopK');
  const inp = new TextEncoder().encode('x');
  const node = [0x0a, inp.length, ...inp, 0x12, 1, 0x79, 0x1a, name.length, ...name, 0x22, op.length, ...op];
  const dims = [0x0a, 2, 0x08, 1, 0x0a, 2, 0x08, 4]; // shape { dim 1, dim 4 }
  const tensorType = [0x08, 1, 0x12, dims.length, ...dims];
  const type = [0x0a, tensorType.length, ...tensorType];
  const input = [0x0a, 1, 0x78, 0x12, type.length, ...type];
  const graph = [0x0a, node.length, ...node, 0x5a, input.length, ...input];
  await dropFile(page, 'evil.onnx', new Uint8Array([0x08, 8, 0x3a, graph.length, ...graph]));
  await expect(page.getByTestId('import-error')).toContainText(`node "${evil}" (TopK): unsupported op type TopK`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // Bytes that are no model at all.
  await dropFile(page, 'noise.onnx', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x3c, 0x62, 0x3e]));
  await expect(page.getByTestId('import-error')).toContainText('noise.onnx:');
  await expect(page.getByTestId('workload-macs')).toHaveText('300.8 M');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(pageErrors).toEqual([]);
});
