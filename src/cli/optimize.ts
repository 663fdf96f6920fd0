import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ParetoArchive } from '../core/analysis/pareto';
import type { ResultsStore } from '../core/analysis/results-store';
import { decodeDesign } from '../core/arch/index';
import type { Design } from '../core/arch/types';
import { type CsvValue, csvLines } from '../core/csv';
import { OPTIMIZER_KINDS, type OptimizerKind, optimizerLabel } from '../core/opt/optimizer';
import { METRICS, type Metric } from '../core/study/metrics';
import type { BatchExecutor } from '../core/study/runner';
import { createSimEvaluator, studyTemplate, templateSizes } from '../core/study/sim-evaluator';
import { type ObjectiveKind, StudyError, type StudySpec } from '../core/study/spec';
import { createStudyRunner, inlineExecutor } from '../core/study/study';
import { parseWarmStart, WarmStartError } from '../core/study/warm-start';
import type { Workload } from '../core/workload/workload';
import { intFlag, numFlag, parseFlags, UsageError } from './args';
import { loadWorkload } from './load-workload';
import { createNodePool } from './node-pool';

/** Designs × workloads below which evaluating in-process beats starting worker threads (~0.5 s each under tsx). */
const INLINE_LIMIT = 20_000;

export interface LoadedStudy {
  spec: StudySpec;
  workloads: Workload[];
}

/** Parses `--workload a,b,c` (zoo ids or files) and optional `--weights 1,2,1`. */
export function parseWorkloads(
  raw: string | undefined,
  weightsRaw: string | undefined,
): { refs: StudySpec['workloads']; workloads: Workload[] } {
  if (!raw) throw new UsageError('--workload is required (zoo ids or files, comma-separated)');
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError('--workload: no workload given');
  const weights = weightsRaw?.split(',').map((w) => Number(w));
  if (weights && (weights.length !== ids.length || weights.some((w) => !(w > 0 && Number.isFinite(w))))) {
    throw new UsageError(`--weights: need ${ids.length} positive numbers, got "${weightsRaw}"`);
  }
  const workloads = ids.map((id) => loadWorkload(id));
  return { refs: workloads.map((w, i) => ({ id: w.id, weight: weights?.[i] ?? 1 })), workloads };
}

function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${flag} is required (${allowed.join(' | ')})`);
    return fallback;
  }
  if (!allowed.includes(raw as T))
    throw new UsageError(`--${flag} must be one of ${allowed.join(' | ')}, got "${raw}"`);
  return raw as T;
}

/** Non-finite numbers have no JSON form; the CLI prints them as null. */
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** `optimize --workload IDS --optimizer K --budget N --seed S [...]` */
export async function optimizeCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const f = parseFlags(argv, {
    workload: { type: 'string' },
    weights: { type: 'string' },
    optimizer: { type: 'string' },
    budget: { type: 'string' },
    seed: { type: 'string' },
    objective: { type: 'string' },
    aggregate: { type: 'string' },
    template: { type: 'string' },
    preset: { type: 'string' },
    'area-max': { type: 'string' },
    'latency-max': { type: 'string' },
    'power-max': { type: 'string' },
    'warm-start': { type: 'string' },
    batch: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
  });
  const kind = oneOf<OptimizerKind>('optimizer', f.optimizer, OPTIMIZER_KINDS);
  const budget = intFlag('budget', f.budget, 1, 10_000_000);
  const seed = intFlag('seed', f.seed, 0, 0xffffffff);
  const objective = oneOf<ObjectiveKind>('objective', f.objective, ['latency', 'energy', 'edp'], 'latency');
  const aggregation = oneOf('aggregate', f.aggregate, ['mean', 'geomean'] as const, 'geomean');
  const { refs, workloads } = parseWorkloads(f.workload, f.weights);
  let template: ReturnType<typeof studyTemplate>['template'];
  try {
    template = studyTemplate({ template: f.template ?? 'edgetpu', preset: f.preset }).template;
  } catch (e) {
    throw new UsageError(
      `--${e instanceof StudyError ? e.field : 'template'}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  // PRIME's feasibility includes the template's area budget (27 mm² for edgetpu) unless overridden.
  const areaMm2 = numFlag('area-max', f['area-max'], 1e-6, 1e9) ?? template.defaultAreaBudgetMm2;
  const spec: StudySpec = {
    template: template.id,
    preset: f.preset,
    workloads: refs,
    objective,
    aggregation,
    constraints: {
      areaMm2,
      latencyMs: numFlag('latency-max', f['latency-max'], 1e-9, 1e12),
      powerW: numFlag('power-max', f['power-max'], 1e-9, 1e9),
    },
    optimizer: { kind },
    seed,
    budget,
    batchSize: f.batch === undefined ? undefined : intFlag('batch', f.batch, 1, 4096),
  };
  let warmStart: ReturnType<typeof parseWarmStart> | undefined;
  if (f['warm-start'] !== undefined) {
    let text: string;
    try {
      text = readFileSync(f['warm-start'], 'utf8');
    } catch {
      throw new UsageError(`--warm-start: cannot read file "${f['warm-start']}"`);
    }
    try {
      warmStart = parseWarmStart(text, template);
    } catch (e) {
      if (e instanceof WarmStartError) throw new UsageError(`--warm-start: ${e.message}`);
      throw e;
    }
  }
  const sizes = templateSizes(template);
  const workers =
    f.workers === undefined
      ? budget * workloads.length <= INLINE_LIMIT
        ? 0
        : availableParallelism()
      : intFlag('workers', f.workers, 0, 256);
  const init = { kind: 'study' as const, spec, workloads };
  const pool = workers > 0 ? createNodePool(init, { size: workers }) : undefined;
  const executor: BatchExecutor = pool ?? inlineExecutor(createSimEvaluator(init).evaluate);
  const t0 = performance.now();
  let store: ResultsStore<Metric>;
  try {
    const r = createStudyRunner({ spec, sizes, executor, warmStart, now: () => performance.now() });
    store = r.store;
    await r.runner.run();
  } catch (e) {
    if (e instanceof StudyError) throw new UsageError(`--${e.field}: ${e.message}`);
    throw e;
  } finally {
    pool?.terminate();
  }
  const seconds = (performance.now() - t0) / 1000;

  const designOf = (row: number): Design => decodeDesign(template, store.codesAt(row));
  const m = (k: Metric) => store.metric(k);
  const feas = store.feasible();
  // Best feasible design; with none, the least-violating one (reported as infeasible).
  let best = -1;
  for (let i = 0; i < store.length; i++) {
    if (best < 0) best = i;
    const a = feas[i] === 1;
    const b = feas[best] === 1;
    if (a !== b) {
      if (a) best = i;
      continue;
    }
    const key = (r: number) => (a ? (m('objective')[r] as number) : (m('violation')[r] as number));
    if (key(i) < key(best)) best = i;
  }

  if (f.out)
    writeFileSync(
      f.out,
      resultsCsv(
        store,
        template.params.map((p) => p.key),
        designOf,
      ),
    );

  if (f.json) {
    const doc = {
      best: {
        design: designOf(best),
        latencyMs: num(m('latencyMs')[best] as number),
        energyMj: num(m('energyMj')[best] as number),
        areaMm2: num(m('areaMm2')[best] as number),
        feasible: feas[best] === 1,
      },
      history: Array.from({ length: store.length }, (_, i) => ({
        index: i,
        design: designOf(i),
        objective: num(m('objective')[i] as number),
        feasible: feas[i] === 1,
      })),
    };
    out(JSON.stringify(doc));
    return 0;
  }
  const front = new ParetoArchive(2, [Number.MAX_VALUE, Number.MAX_VALUE]);
  for (let i = 0; i < store.length; i++)
    if (feas[i]) front.insert(i, [m('objective')[i] as number, m('areaMm2')[i] as number]);
  const nFeasible = feas.reduce((s, v) => s + v, 0);
  out(
    `${optimizerLabel(kind)}: ${store.length} evaluations in ${seconds.toFixed(2)} s (${(store.length / seconds).toFixed(0)}/s, ${workers || 'no'} worker threads)`,
  );
  out(
    `feasible: ${nFeasible} (${((100 * nFeasible) / store.length).toFixed(1)} %), ${objective} × area front: ${front.size} designs`,
  );
  if (warmStart) out(`warm start: ${warmStart.points.length} designs (${warmStart.skipped} off-grid rows skipped)`);
  out(`best (row ${best}${feas[best] ? '' : ', INFEASIBLE'}): ${objective} ${fmt(m('objective')[best] as number)}`);
  out(
    `  latency ${fmt(m('latencyMs')[best] as number)} ms, energy ${fmt(m('energyMj')[best] as number)} mJ, area ${fmt(m('areaMm2')[best] as number)} mm², power ${fmt(m('powerW')[best] as number)} W`,
  );
  out(
    `  ${Object.entries(designOf(best))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  return 0;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}

/** Every evaluation as CSV: index, parameter values, metrics, feasible (1/0). Readable by --warm-start. */
export function resultsCsv(store: ResultsStore<Metric>, keys: string[], designOf: (row: number) => Design): string {
  const header = ['index', ...keys, ...METRICS, 'feasible'];
  const rows: CsvValue[][] = [header];
  const cols = METRICS.map((k) => store.metric(k));
  const feas = store.feasible();
  for (let i = 0; i < store.length; i++) {
    const d = designOf(i);
    rows.push([i, ...keys.map((k) => d[k]), ...cols.map((c) => c[i]), feas[i]]);
  }
  return `${csvLines(rows)}\n`;
}
