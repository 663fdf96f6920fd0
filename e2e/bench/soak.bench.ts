import { readdirSync, readFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium';
import { linkTo, studyState } from '../states';

/**
 * Browser soak (`npm run bench:soak:ui`; not a test): a 1,000,000-evaluation random study in the
 * Exploration view — eval workers, checkpoints to IndexedDB, the Pareto and convergence plots —
 * sampling memory every second: the page's JS heap (performance.memory, precise with
 * --enable-precise-memory-info, and CDP Performance.getMetrics JSHeapUsedSize) and the resident
 * memory of the renderer processes (Linux /proc; the page and its workers share one process, and
 * typed arrays live outside the JS heap). `SOAK_BUDGET=…` changes the budget, `SOAK_MINUTES=…`
 * (default 30) stops early and extrapolates from the measured rate.
 */
test.use({
  launchOptions: { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] },
});

/** Resident memory (bytes) of every Chromium renderer descended from this test process. */
function rendererRss(): number {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let rss = 0;
  for (const pid of parent.keys()) {
    if (!isOurs(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      rss += Number(kb ?? 0) * 1024;
    } catch {
      // ended
    }
  }
  return rss;
}

test('soak: 1,000,000 evaluations in the Exploration view, memory sampled every second', async ({ page }) => {
  const budget = Number(process.env.SOAK_BUDGET ?? 1_000_000);
  const limitMs = Number(process.env.SOAK_MINUTES ?? 30) * 60_000;
  test.setTimeout(limitMs + 180_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(linkTo(studyState(budget, ['random'], 1, false)));
  await page.getByTestId('study-run').waitFor();

  const MB = 1024 * 1024;
  const samples: { t: number; evaluations: number; heap: number; cdpHeap: number; rss: number }[] = [];
  const t0 = Date.now();
  await page.getByTestId('study-run').click();
  let evaluations = 0;
  while (evaluations < budget && Date.now() - t0 < limitMs) {
    await page.waitForTimeout(1000);
    const s = await page.evaluate(() => ({
      evaluations: Number(
        document.querySelector('[data-testid="study-progress"]')?.getAttribute('data-evaluations') ?? 0,
      ),
      heap: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    }));
    const { metrics } = await cdp.send('Performance.getMetrics');
    const cdpHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    evaluations = s.evaluations;
    samples.push({ t: (Date.now() - t0) / 1000, evaluations, heap: s.heap, cdpHeap, rss: rendererRss() });
    if (samples.length % 30 === 0) {
      const l = samples[samples.length - 1];
      if (l)
        console.log(
          `${l.t.toFixed(0)} s: ${l.evaluations} evaluations, heap ${(l.cdpHeap / MB).toFixed(1)} MB, renderer RSS ${(l.rss / MB).toFixed(0)} MB`,
        );
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  const peak = (k: 'heap' | 'cdpHeap' | 'rss') => Math.round((Math.max(...samples.map((s) => s[k])) / MB) * 10) / 10;
  // Heap at each tenth of what was run, to see its slope (GC makes single samples noisy).
  const byDecile = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => {
    const at = samples.find((s) => s.evaluations >= (evaluations * d) / 10) ?? samples[samples.length - 1];
    return at
      ? { evaluations: at.evaluations, heapMb: Math.round((at.cdpHeap / MB) * 10) / 10, rssMb: Math.round(at.rss / MB) }
      : null;
  });
  const rate = evaluations / seconds;
  console.log(
    JSON.stringify({
      bench: 'soak-browser',
      budget,
      evaluations,
      finished: evaluations >= budget,
      seconds: Math.round(seconds),
      evalsPerSecond: Math.round(rate),
      extrapolatedMinutesFor1e6: Math.round((1e6 / rate / 60) * 10) / 10,
      peakUsedJSHeapMb: peak('heap'),
      peakCdpJSHeapUsedMb: peak('cdpHeap'),
      peakRendererRssMb: peak('rss'),
      samples: samples.length,
      byDecile,
      drawn: await page.getByTestId('pareto').getAttribute('data-count'),
      storageAlert: await page
        .getByTestId('storage-alert')
        .textContent({ timeout: 1000 })
        .catch(() => null),
    }),
  );
});
