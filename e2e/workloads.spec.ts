import { resolve } from 'node:path';
import { expect, test } from './fixtures';

test('opens on the workload browser with MobileNetV2 at 300.8 M MACs', async ({ page, pageErrors }) => {
  await page.goto('/#view=workloads');
  await expect(page.getByTestId('workload-macs')).toHaveText('300.8 M');
  await expect(page.getByTestId('workload-params')).toHaveText('3,504,872');
  const bars = page.locator('[data-testid="macs-chart"] rect[data-layer]');
  const rows = page.locator('[data-testid="layer-table"] tbody tr');
  // One bar per layer and one row per layer: MobileNetV2 has 64 layers in our IR (the chart draws
  // once its box has a width, so wait for it rather than counting a chart that is not there yet).
  await expect(rows).toHaveCount(64);
  await expect(bars).toHaveCount(64);
  expect(pageErrors).toEqual([]);
});

test('imports a SCALE-Sim CSV and a Keras model.json by file picker', async ({ page, pageErrors }) => {
  await page.goto('/#view=workloads');
  await page.getByTestId('import-file').setInputFiles(resolve('test/fixtures/scalesim-mobilenet.csv'));
  await expect(page.getByTestId('workload-select')).toHaveValue(/scalesim-mobilenet/);
  expect(await page.locator('[data-testid="layer-table"] tbody tr').count()).toBeGreaterThan(2);
  await page.getByTestId('import-file').setInputFiles(resolve('test/fixtures/keras-vgg16.json'));
  await expect(page.getByTestId('workload-macs')).toHaveText('15.47 G');
  expect(pageErrors).toEqual([]);
});

test('a broken file shows an error naming the problem and keeps the page working', async ({ page, pageErrors }) => {
  await page.goto('/#view=workloads');
  await page.getByTestId('import-file').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      '{"class_name": "Sequential", "config": {"layers": [{"class_name": "Frobnicate", "config": {"name": "<img src=x onerror=alert(1)>"}}]}}',
    ),
  });
  await expect(page.getByTestId('import-error')).toContainText('Frobnicate');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.getByTestId('workload-macs')).toHaveText('300.8 M');
  expect(pageErrors).toEqual([]);
});

test('imports a file dropped on the drop zone', async ({ page, pageErrors }) => {
  await page.goto('/#view=workloads');
  const csv =
    'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nConv1, 226, 226, 3, 3, 3, 32, 1,\n';
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return d;
  }, csv);
  await page.getByTestId('import-dropzone').dispatchEvent('drop', { dataTransfer: dt });
  // 224×224×32 outputs × 27-long window = 43,352,064 MACs (SCALE-Sim: Hout = ceil((226 − 3)/1) + 1)
  await expect(page.getByTestId('workload-macs')).toHaveText('43.35 M');
  expect(pageErrors).toEqual([]);
});
