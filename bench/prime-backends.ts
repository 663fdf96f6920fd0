/**
 * Training throughput per tfjs backend (`npm run bench:prime -- --backends`; not a test): the real
 * `trainSurrogate` loop — encoding done once, then per step a batch of logged rows (half feasible,
 * half infeasible), the mined negatives, Adam, and a mining round every 5 steps — at the benchmark's
 * model (64-64 MLP over the 10-parameter encoding plus the 14 context features) on the benchmark's
 * data (3,000 MobileNetV2 designs, ~80 % infeasible). Steps/s counts the steady state only:
 * from the first progress report to the last, each run stopped after `seconds` of it.
 */
import { EDGETPU } from '../src/core/arch/index';
import {
  backendLabel,
  generateDataset,
  initPrimeBackend,
  type PrimeBackendChoice,
  trainSurrogate,
} from '../src/core/prime/index';
import { contextsOf } from '../src/core/prime/run';
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

export function backendTable(rows: BackendRow[]): string[] {
  const lines = ['| backend | batch | steps/s | rows/s |', '|---|---|---|---|'];
  for (const r of rows)
    lines.push(
      `| ${r.backend} | ${r.batchSize} + 32 negatives | ${r.stepsPerSecond.toFixed(1)} | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} |`,
    );
  return lines;
}
