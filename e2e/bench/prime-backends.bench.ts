import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { type Page, test } from '@playwright/test';

/**
 * PRIME training throughput in the browser's PRIME worker, per backend (`npm run bench:ui`, or this
 * file alone with `-c playwright.bench.config.ts e2e/bench/prime-backends.bench.ts`): the built worker,
 * driven through Comlink's wire format (the page has no handle on it), trains on the benchmark's data
 * (3,000 MobileNetV2 designs, ~80 % infeasible; 64-64 MLP, 32 mined negatives) at batch sizes
 * 128 / 256 / 1024. Steps/s is the difference of two trainings of different lengths, so encoding
 * and start-up cancel out. cpu is measured with the .wasm binaries blocked (the worker's fallback).
 * Prints figures; never fails on timing. Node's figures: `npm run bench:prime -- --backends`.
 */
const worker = readdirSync('dist/assets').find((f) => /^prime\.worker-[\w-]+\.js$/.test(f));

async function measure(page: Page, batches: number[], steps: Record<number, number>) {
  return page.evaluate(
    async ({ url, batches, steps }) => {
      const w = new Worker(url, { type: 'module' });
      let next = 0;
      const call = (name: string, ...args: unknown[]) =>
        new Promise<unknown>((resolve, reject) => {
          const id = `b${++next}`;
          const onMessage = (e: MessageEvent) => {
            if (e.data?.id !== id) return;
            w.removeEventListener('message', onMessage);
            if (e.data.type === 'HANDLER') reject(new Error(JSON.stringify(e.data.value)));
            else resolve(e.data.value);
          };
          w.addEventListener('message', onMessage);
          w.postMessage({
            id,
            type: 'APPLY',
            path: [name],
            argumentList: args.map((value) => ({ type: 'RAW', value })),
          });
        });
      await call('loadDataset', 'logged', {
        kind: 'generate',
        workloads: ['mobilenet_v2'],
        count: 3000,
        seed: 1000,
        inAreaShare: 0.3,
      });
      const backend = (await call('backend')) as { label: string };
      const out: { batch: number; stepsPerSecond: number }[] = [];
      const timed = async (batchSize: number, n: number) => {
        const t = performance.now();
        await call('train', 'bench', {
          dataset: 'logged',
          config: { seed: 1, steps: n, batchSize, progressEvery: 1e9 },
        });
        return performance.now() - t;
      };
      for (const batch of batches) {
        const n = steps[batch] as number;
        await timed(batch, 5); // warm-up: kernels compiled, caches filled
        const short = await timed(batch, 10);
        const long = await timed(batch, 10 + n);
        out.push({ batch, stepsPerSecond: n / ((long - short) / 1000) });
      }
      w.terminate();
      return { backend: backend.label, out };
    },
    { url: `/assets/${worker}`, batches, steps },
  );
}

test('PRIME training steps/s in the browser worker: wasm and cpu', async ({ browser }) => {
  test.setTimeout(600_000);
  if (!worker) throw new Error('no built prime worker in dist/assets: run vite build first');
  const batches = [128, 256, 1024];
  const rows: string[] = [];
  for (const blockWasm of [false, true]) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    if (blockWasm) await page.route(/\.wasm$/, (r) => r.abort());
    await page.goto('/');
    const r = await measure(
      page,
      batches,
      blockWasm ? { 128: 80, 256: 50, 1024: 20 } : { 128: 200, 256: 150, 1024: 80 },
    );
    for (const o of r.out)
      rows.push(`| browser worker, ${r.backend} | ${o.batch} + 32 negatives | ${o.stepsPerSecond.toFixed(1)} |`);
    await ctx.close();
  }
  console.log(['| backend | batch | steps/s |', '|---|---|---|', ...rows].join('\n'));
  console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)}`);
});
