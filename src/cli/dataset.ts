import { closeSync, openSync, writeSync } from 'node:fs';
import { decodeDesign } from '../core/arch/index';
import type { DesignTemplate } from '../core/arch/types';
import { csvLines } from '../core/csv';
import { datasetDesign } from '../core/prime/dataset';
import { createSimEvaluator, type DetailedBatch, studyTemplate, templateSizes } from '../core/study/sim-evaluator';
import { StudyError, type StudySpec } from '../core/study/spec';
import { intFlag, numFlag, parseFlags, UsageError } from './args';
import { loggedDatasetCommand } from './dataset-logged';
import { NodeEvalWorker } from './node-pool';
import { parseWorkloads } from './optimize';

/** Designs per evaluation chunk (and per write). */
const CHUNK = 1000;

/** Metrics per design × workload row, in column order. */
const METRIC_COLUMNS = [
  'latencyMs',
  'latencyCycles',
  'energyMj',
  'powerW',
  'areaMm2',
  'utilisation',
  'dramBytes',
  'macs',
] as const;

/** Parses `--shard i/n` (0-based i). */
export function parseShard(raw: string | undefined): { index: number; count: number } {
  if (raw === undefined) return { index: 0, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!m) throw new UsageError(`--shard must be i/n with 0 ≤ i < n, got "${raw}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1) || index >= count) throw new UsageError(`--shard must be i/n with 0 ≤ i < n, got "${raw}"`);
  return { index, count };
}

/**
 * `dataset --workload IDS --count N --seed S --out FILE [--shard i/n] [--format csv|jsonl]
 *  [--template T] [--preset P] [--area-max A] [--workers N]`
 * One row per design × workload: design index, workload id, every parameter, the simulator's
 * totals, `simFeasible` (the simulator mapped every layer) and `feasible` (also area ≤ A, PRIME's
 * definition). Shard i of n holds designs [⌊iN/n⌋, ⌊(i+1)N/n⌋) and only shard 0 writes the CSV
 * header, so `cat shard-0 … shard-(n−1)` is byte-identical to the unsharded file. With `--logged`:
 * PRIME-like logged data instead (src/cli/dataset-logged.ts).
 */
export async function datasetCommand(argv: string[], out: (s: string) => void): Promise<number> {
  if (argv.includes('--logged'))
    return loggedDatasetCommand(
      argv.filter((a) => a !== '--logged'),
      out,
    );
  const f = parseFlags(argv, {
    workload: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    shard: { type: 'string' },
    format: { type: 'string' },
    template: { type: 'string' },
    preset: { type: 'string' },
    'area-max': { type: 'string' },
    workers: { type: 'string' },
  });
  const count = intFlag('count', f.count, 1, 1_000_000_000);
  const seed = intFlag('seed', f.seed, 0, 0xffffffff);
  if (!f.out) throw new UsageError('--out is required');
  const format = f.format ?? (f.out.endsWith('.jsonl') ? 'jsonl' : 'csv');
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`--format must be csv | jsonl, got "${f.format}"`);
  const shard = parseShard(f.shard);
  const workers = intFlag('workers', f.workers, 0, 256, 0);
  const { refs, workloads } = parseWorkloads(f.workload, undefined);
  let template: DesignTemplate;
  try {
    template = studyTemplate({ template: f.template ?? 'edgetpu', preset: f.preset }).template;
  } catch (e) {
    throw new UsageError(
      `--${e instanceof StudyError ? e.field : 'template'}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const areaMax = numFlag('area-max', f['area-max'], 1e-6, 1e9) ?? template.defaultAreaBudgetMm2;
  const spec: StudySpec = {
    template: template.id,
    preset: f.preset,
    workloads: refs,
    objective: 'latency',
    aggregation: 'mean',
    constraints: { areaMm2: areaMax },
    optimizer: { kind: 'random' },
    seed,
    budget: count,
  };
  const sizes = templateSizes(template);
  const keys = template.params.map((p) => p.key);
  const lo = Math.floor((shard.index * count) / shard.count);
  const hi = Math.floor(((shard.index + 1) * count) / shard.count);

  const init = { kind: 'study' as const, spec, workloads };
  const local = workers === 0 ? createSimEvaluator(init) : undefined;
  const threads = await Promise.all(Array.from({ length: workers }, () => NodeEvalWorker.spawn(init)));
  const evaluateChunk = (start: number, n: number, slot: number): Promise<DetailedBatch> => {
    const codes = new Int32Array(n * sizes.length);
    for (let i = 0; i < n; i++) codes.set(datasetDesign(sizes, seed, start + i), i * sizes.length);
    if (local) return Promise.resolve(local.evaluateDetailed(codes, n));
    return (threads[slot % threads.length] as NodeEvalWorker).evaluateDetailed(codes, n);
  };

  const fd = openSync(f.out, 'w');
  let rows = 0;
  try {
    if (format === 'csv' && shard.index === 0) {
      writeSync(fd, `${csvLines([['design', 'workload', ...keys, ...METRIC_COLUMNS, 'simFeasible', 'feasible']])}\n`);
    }
    // Keep one chunk per thread in flight; write strictly in design order.
    const inFlight: Promise<{ start: number; batch: DetailedBatch }>[] = [];
    let next = lo;
    let slot = 0;
    const launch = () => {
      const start = next;
      const n = Math.min(CHUNK, hi - start);
      next += n;
      inFlight.push(evaluateChunk(start, n, slot++).then((batch) => ({ start, batch })));
    };
    while (next < hi && inFlight.length < Math.max(1, workers)) launch();
    while (inFlight.length > 0) {
      const { start, batch } = await (inFlight.shift() as Promise<{ start: number; batch: DetailedBatch }>);
      if (next < hi) launch();
      const lines: string[] = [];
      for (let i = 0; i < batch.n; i++) {
        const design = decodeDesign(template, datasetDesign(sizes, seed, start + i));
        for (let w = 0; w < batch.workloads; w++) {
          const t = batch.totals[i * batch.workloads + w];
          if (!t) continue;
          const feasible = t.feasible && t.areaMm2 <= areaMax;
          const wl = refs[w]?.id ?? '';
          if (format === 'csv') {
            lines.push(
              csvLines([
                [
                  start + i,
                  wl,
                  ...keys.map((k) => design[k]),
                  ...METRIC_COLUMNS.map((k) => t[k]),
                  t.feasible ? 1 : 0,
                  feasible ? 1 : 0,
                ],
              ]),
            );
          } else {
            const obj: Record<string, unknown> = { design: start + i, workload: wl, ...design };
            for (const k of METRIC_COLUMNS) obj[k] = Number.isFinite(t[k]) ? t[k] : null;
            obj.simFeasible = t.feasible;
            obj.feasible = feasible;
            lines.push(JSON.stringify(obj));
          }
          rows++;
        }
      }
      if (lines.length) writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
    for (const t of threads) t.terminate();
  }
  out(`dataset: designs ${lo}…${hi - 1} of ${count} × ${workloads.length} workloads → ${rows} rows in ${f.out}`);
  return 0;
}
