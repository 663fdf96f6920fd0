import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { trainTiny } from './prime-steps';
import { linkTo, studyState } from './states';

/** One `securitypolicyviolation` as the page saw it. */
interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

const WORKER_MARK = '[csp-violation in worker]';

/**
 * Records every CSP violation: the document's (the binding survives navigations) and the
 * workers'. A worker's violations fire on its own global scope, which neither the page nor
 * Playwright sees, so each worker script is served with a listener prepended that logs them
 * (worker console messages reach the page's console). The policy header is kept.
 */
async function watchCsp(page: Page) {
  const violations: Violation[] = [];
  const inWorkers: Violation[] = [];
  /** Worker kinds whose script was served with the listener. */
  const watched = new Set<string>();
  await page.exposeFunction('__cspViolation', (v: Violation) => violations.push(v));
  await page.addInitScript(() => {
    const report = (window as unknown as { __cspViolation: (v: unknown) => void }).__cspViolation;
    document.addEventListener('securitypolicyviolation', (e) =>
      report({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}`,
      }),
    );
  });
  await page.route(/\/assets\/[\w-]+\.worker-[\w-]+\.js$/, async (route) => {
    watched.add(/\/(\w+)\.worker-/.exec(route.request().url())?.[1] ?? '?');
    try {
      const res = await route.fetch();
      const listener = `self.addEventListener('securitypolicyviolation', (e) => console.error(${JSON.stringify(WORKER_MARK)} + JSON.stringify({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile + ':' + e.lineNumber })));`;
      await route.fulfill({ response: res, body: `${listener}\n${await res.text()}` });
    } catch {
      // The test is ending (context closing) while a worker script loads: nothing left to watch.
      await route.continue().catch(() => {});
    }
  });
  page.on('console', (m) => {
    if (m.text().startsWith(WORKER_MARK)) inWorkers.push(JSON.parse(m.text().slice(WORKER_MARK.length)));
  });
  return { violations, inWorkers, watched };
}

test('the served page carries the policy as a header and a meta tag, and so does every script', async ({
  page,
  pageErrors,
}) => {
  const scripts: { url: string; csp: string | undefined }[] = [];
  page.on('response', (r) => {
    if (/\.js(\?|$)/.test(r.url())) scripts.push({ url: r.url(), csp: r.headers()['content-security-policy'] });
  });
  const res = await page.goto('/#view=prime');
  const header = res?.headers()['content-security-policy'] ?? '';
  // Scripts from our origin, plus compiling WebAssembly (tfjs's wasm backend in the PRIME worker): nothing else.
  expect(header).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(header).toContain("object-src 'none'");
  expect(header).toContain("frame-ancestors 'none'");
  expect(header.replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  const meta = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  expect(meta).toContain("script-src 'self'");
  expect(meta).toContain("base-uri 'none'");
  // Browsers ignore frame-ancestors in a meta policy (and warn about it): it is header-only.
  expect(meta).not.toContain('frame-ancestors');
  expect(header.startsWith(meta)).toBe(true);
  // Workers take the policy of their own response, not the page's.
  await page.getByTestId('prime-train').waitFor();
  await expect.poll(() => scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s.csp, s.url).toBe(header);
  expect(pageErrors).toEqual([]);
});

test('no policy violation while using every view, a study and a PRIME training', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  const csp = await watchCsp(page);
  await page.goto(linkTo(studyState(300, ['random', 'evolution'])));
  await expect
    .poll(async () => Number(await page.getByTestId('study-progress').getAttribute('data-evaluations')), {
      timeout: 120_000,
    })
    .toBe(600);
  await expect(page.getByTestId('pareto')).toHaveAttribute('data-count', '600');
  for (const view of ['explorer', 'workloads', 'lessons', 'explore', 'prime']) {
    await page.getByTestId(`tab-${view}`).click();
    await expect(page.getByTestId(`tab-${view}`)).toHaveAttribute('aria-current', 'page');
  }
  await page.getByTestId('tab-explorer').click();
  await expect(page.getByTestId('total-latency')).toHaveAttribute('data-value', /\d/);
  await page.getByTestId('tab-lessons').click();
  await expect(page.getByTestId('lesson-list').locator('li').first()).toBeVisible();
  await trainTiny(page);
  // PRIME trained on the WebAssembly backend (SIMD in Chromium; no threads without cross-origin
  // isolation), which the policy allows with 'wasm-unsafe-eval' alone.
  await expect(page.getByTestId('prime-backend')).toHaveAttribute('data-backend', 'wasm (SIMD)');
  expect(csp.violations).toEqual([]);
  expect(csp.inWorkers).toEqual([]);
  expect([...csp.watched].sort()).toEqual(['eval', 'prime', 'sim', 'study']);
  expect(pageErrors.filter((e) => !e.includes(WORKER_MARK))).toEqual([]);
});

test('a 20,000-row logged Arrow file (apache-arrow in the worker) trains PRIME on wasm with no policy violation', async ({
  page,
  pageErrors,
}, info) => {
  test.setTimeout(240_000);
  const file = info.outputPath('logged.arrow');
  const cli = ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', 'dataset', '--logged', '--workload', 'mobilenet_v2'];
  execFileSync(process.execPath, [...cli, '--count', '20000', '--seed', '2', '--out', file], { stdio: 'pipe' });
  const csp = await watchCsp(page);
  await page.goto('/#view=prime');
  await page.getByTestId('prime-source-file').check();
  await page.getByTestId('prime-file').setInputFiles(file);
  await expect(page.getByTestId('prime-source')).toContainText('Loaded logged.arrow');
  await page.getByTestId('prime-steps').fill('100');
  await page.getByTestId('prime-train').click();
  await expect(page.getByTestId('prime-dataset')).toHaveAttribute('data-designs', '20000', { timeout: 60_000 });
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 150_000 });
  await expect(page.getByTestId('prime-backend')).toHaveAttribute('data-backend', 'wasm (SIMD)');
  expect(csp.violations).toEqual([]);
  expect(csp.inWorkers).toEqual([]);
  expect(csp.watched.has('prime')).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('generated logged data (the pool of logged-data workers → the PRIME worker) trains PRIME with no policy violation', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(240_000);
  const csp = await watchCsp(page);
  await page.goto('/#view=prime');
  await page.getByTestId('prime-source-logged').check();
  await page.getByTestId('prime-rows').fill('20000');
  await page.getByTestId('prime-steps').fill('100');
  await page.getByTestId('prime-train').click();
  await expect(page.getByTestId('prime-dataset')).toHaveAttribute('data-designs', '20000', { timeout: 120_000 });
  await expect(page.getByTestId('prime-phase')).toHaveAttribute('data-phase', 'trained', { timeout: 150_000 });
  await expect(page.getByTestId('prime-backend')).toHaveAttribute('data-backend', 'wasm (SIMD)');
  expect(csp.violations).toEqual([]);
  expect(csp.inWorkers).toEqual([]);
  // Both workers of the path were watched (the page's simulation worker may start too).
  expect(csp.watched.has('logged')).toBe(true);
  expect(csp.watched.has('prime')).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('importing ONNX and TFLite files (protobuf and flatbuffers readers) raises no policy violation', async ({
  page,
  pageErrors,
}) => {
  const csp = await watchCsp(page);
  await page.goto('/#view=workloads');
  for (const f of ['onnx/mobilenet_v2.onnx', 'tflite/ops_float.tflite']) {
    await page.getByTestId('import-file').setInputFiles(`test/fixtures/${f}`);
    await expect(page.getByTestId('workload-select')).toHaveValue(`import:${f.split('/')[1]}`);
  }
  await expect(page.getByTestId('layer-table').locator('tbody tr')).toHaveCount(10); // ops_float's 10 layers
  expect(csp.violations).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('markup in an imported file stays text, and injected inline script, eval and string timers do not run', async ({
  page,
}) => {
  const csp = await watchCsp(page);
  await page.goto('/#view=workloads');
  const evil = '<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>';
  await page.getByTestId('import-file').setInputFiles({
    name: 'evil.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n${evil}, 226, 226, 3, 3, 3, 32, 1,\n`,
    ),
  });
  await expect(page.getByTestId('layer-table')).toContainText(evil);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(csp.violations).toEqual([]);

  // Suppose markup did reach the DOM: the policy still refuses to run it. The attempts run in a
  // task of the page's own: DevTools lets code it evaluates call eval even under a CSP.
  await page.evaluate(() => {
    setTimeout(() => {
      const w = window as unknown as { __pwned?: number; __attempts?: Record<string, unknown> };
      const a: Record<string, unknown> = {};
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 1';
      document.body.append(s);
      a.inlineScript = w.__pwned ?? 'blocked';
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__pwned = 2');
      img.src = 'data:,broken';
      document.body.append(img);
      const attempt = (f: () => unknown) => {
        try {
          f();
          return w.__pwned ?? 'ran';
        } catch (e) {
          return e instanceof Error ? e.name : String(e);
        }
      };
      // biome-ignore lint/security/noGlobalEval: the point is to prove the policy blocks it
      a.eval = attempt(() => window.eval('window.__pwned = 3'));
      a.newFunction = attempt(() => new Function('window.__pwned = 4')());
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__pwned = 5', 0);
      setTimeout(() => {
        a.pwned = w.__pwned ?? 'never';
        w.__attempts = a;
      }, 300);
    }, 0);
  });
  const r = await (
    await page.waitForFunction(() => (window as unknown as { __attempts?: unknown }).__attempts)
  ).jsonValue();
  expect(r).toEqual({ inlineScript: 'blocked', eval: 'EvalError', newFunction: 'EvalError', pwned: 'never' });
  // Each attempt was refused as script, and reported.
  const directives = new Set(csp.violations.map((v) => v.directive));
  expect([...directives].every((d) => d === 'script-src-elem' || d === 'script-src-attr' || d === 'script-src')).toBe(
    true,
  );
  expect(csp.violations.filter((v) => v.blocked === 'inline').length).toBeGreaterThanOrEqual(2);
  expect(csp.violations.filter((v) => v.blocked === 'eval').length).toBeGreaterThanOrEqual(2);
});
