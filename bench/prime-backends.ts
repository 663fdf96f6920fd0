/**
 * Training throughput per tfjs backend (`npm run bench:prime -- --backends`; not a test): the real
 * `trainSurrogate` loop — encoding done once, then per step a batch of logged rows (half feasible,
 * half infeasible), the mined negatives, Adam, and a mining round every 5 steps — at the benchmark's
 * model (64-64 MLP over the 10-parameter encoding plus the 14 context features) on the benchmark's
 * data (3,000 MobileNetV2 designs, ~80 % infeasible). Steps/s counts the steady state only:
 * from the first progress report to the last, each run stopped after `seconds` of it.
 */
import { EDGETPU } from '../src/core/arch/index';
import { Rng } from '../src/core/opt/rng';
import { randomPoint } from '../src/core/opt/space';
import { CONTEXT_DIMS } from '../src/core/prime/context';
import { splitDesigns } from '../src/core/prime/dataset';
import { createEncoder } from '../src/core/prime/features';
import {
  backendLabel,
  generateDataset,
  initPrimeBackend,
  type PrimeBackendChoice,
  trainSurrogate,
} from '../src/core/prime/index';
import { generateLogged } from '../src/core/prime/logged';
import { contextsOf } from '../src/core/prime/run';
import { disposeTransformer, trainTransformer } from '../src/core/prime/transformer';
import { buildZooModel } from '../src/core/workload/zoo';

export interface BackendRow {
  backend: string;
  batchSize: number;
  stepsPerSecond: number;
  /** Logged rows through the network per second (batch + negatives per step). */
  rowsPerSecond: number;
}

export async function benchBackends(opts: {
  backends: PrimeBackendChoice[];
  batchSizes: number[];
  seconds: number;
  count: number;
  inAreaShare: number;
}): Promise<BackendRow[]> {
  const wl = buildZooModel('mobilenet_v2');
  const data = generateDataset({
    template: EDGETPU,
    workloads: [wl],
    count: opts.count,
    seed: 1000,
    areaBudgetMm2: 27,
    inAreaShare: opts.inAreaShare,
  });
  const contexts = contextsOf([wl]);
  const rows: BackendRow[] = [];
  for (const choice of opts.backends) {
    const info = await initPrimeBackend({ backend: choice });
    if (choice !== 'cpu' && info.name === 'cpu') console.log(`note: ${info.note}`);
    for (const batchSize of opts.batchSizes) {
      let first: { step: number; t: number } | undefined;
      let last: { step: number; t: number } | undefined;
      await trainSurrogate(
        { template: EDGETPU, data, contexts, config: { seed: 1, steps: 1_000_000, batchSize, progressEvery: 5 } },
        {
          onProgress: (p) => {
            const t = performance.now();
            if (!first) first = { step: p.step, t };
            else last = { step: p.step, t };
          },
          shouldStop: () => first !== undefined && performance.now() - first.t > opts.seconds * 1000,
        },
      );
      if (!first || !last) throw new Error('training stopped before two progress reports');
      const sps = (last.step - first.step) / ((last.t - first.t) / 1000);
      rows.push({
        backend: backendLabel(info),
        batchSize,
        stepsPerSecond: sps,
        rowsPerSecond: sps * (batchSize + 32),
      });
      console.error(`${backendLabel(info)} batch ${batchSize}: ${sps.toFixed(1)} steps/s`);
    }
  }
  await initPrimeBackend({ backend: 'cpu' });
  return rows;
}

/**
 * PRIME's Transformer surrogate (transformer.ts, width 64, 8 heads, 2 layers) at `batchSize`: steps/s
 * of its MSE fit alone (the throughput probe; train.ts trains it with PRIME's loss) on random encoded rows,
 * `steps` steps per backend.
 */
export async function benchTransformer(
  backends: PrimeBackendChoice[],
  batchSize: number,
  steps: number,
): Promise<BackendRow[]> {
  const enc = createEncoder(EDGETPU, 27, CONTEXT_DIMS);
  const sizes = EDGETPU.params.map((p) => p.values.length);
  const n = 4096;
  const x = new Float32Array(n * enc.width);
  const rng = new Rng(1);
  for (let i = 0; i < n; i++)
    enc.encode(randomPoint({ sizes }, rng), new Float32Array(CONTEXT_DIMS).fill(0.5), x, i * enc.width);
  const y = Float32Array.from({ length: n }, () => rng.float());
  const rows: BackendRow[] = [];
  for (const choice of backends) {
    const info = await initPrimeBackend({ backend: choice });
    const fit = trainTransformer(enc, sizes, CONTEXT_DIMS, { x, y, n }, { steps, batchSize, seed: 1 });
    disposeTransformer(fit.vars);
    rows.push({
      backend: `${backendLabel(info)}, Transformer`,
      batchSize,
      stepsPerSecond: fit.stepsPerSecond,
      rowsPerSecond: fit.stepsPerSecond * batchSize,
    });
    console.error(`${backendLabel(info)} Transformer batch ${batchSize}: ${fit.stepsPerSecond.toFixed(2)} steps/s`);
  }
  await initPrimeBackend({ backend: 'cpu' });
  return rows;
}

export function backendTable(rows: BackendRow[]): string[] {
  const lines = ['| backend | batch | steps/s | rows/s |', '|---|---|---|---|'];
  for (const r of rows)
    lines.push(
      `| ${r.backend} | ${r.batchSize}${r.backend.includes('Transformer') ? '' : ' + 32 negatives'} | ${r.stepsPerSecond.toFixed(1)} | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} |`,
    );
  return lines;
}

/**
 * Time to the best validation MSE when training on `rows` logged MobileNetV2 designs (the logged
 * generator; 20 % of the designs held out), `steps` steps at `batchSize`, on `backend`. Prints
 * (seconds, step, validation MSE) at every report; the wall clock includes encoding and the
 * validation passes (plain-JS forward over the held-out feasible rows).
 */
export async function benchLarge(backend: PrimeBackendChoice, rows: number, steps: number, batchSize: number) {
  const wl = buildZooModel('mobilenet_v2');
  const data = await generateLogged({
    template: EDGETPU,
    workloads: [wl],
    rowsPerApplication: rows,
    seed: 1,
    areaBudgetMm2: 27,
  });
  const { train, test } = splitDesigns(data, 0.2, 1);
  const info = await initPrimeBackend({ backend });
  const t0 = performance.now();
  const curve: { s: number; step: number; mse: number }[] = [];
  await trainSurrogate(
    {
      template: EDGETPU,
      data: train,
      validation: test,
      contexts: contextsOf([wl]),
      config: { seed: 1, steps, batchSize, progressEvery: 50 },
    },
    {
      onProgress: (p) =>
        void curve.push({ s: (performance.now() - t0) / 1000, step: p.step, mse: p.validationMse ?? Number.NaN }),
    },
  );
  const best = curve.reduce((a, c) => (c.mse < a.mse ? c : a));
  console.log(
    `${backendLabel(info)}: ${rows} logged rows (${train.n} train), batch ${batchSize}, ${steps} steps in ${curve[curve.length - 1]?.s.toFixed(1)} s; best validation MSE ${best.mse.toFixed(3)} at step ${best.step}, ${best.s.toFixed(1)} s`,
  );
  for (const c of curve.filter((_, i) => i % 4 === 0))
    console.log(`  ${c.s.toFixed(1)} s  step ${c.step}  val MSE ${c.mse.toFixed(3)}`);
  await initPrimeBackend({ backend: 'cpu' });
}
