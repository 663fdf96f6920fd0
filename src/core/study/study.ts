import { ResultsStore } from '../analysis/results-store';
import { createOptimizer } from '../opt/index';
import type { Observation, Optimizer, WarmStart } from '../opt/optimizer';
import { deriveSeed, Rng } from '../opt/rng';
import { type EvalColumns, METRICS, type Metric } from './metrics';
import { type BatchExecutor, type Progress, StudyRunner } from './runner';
import { normalizeStudy, objectiveCount, type StudySpec } from './spec';

export type NormalizedStudy = ReturnType<typeof normalizeStudy>;

/** The study's optimizer, seeded from the study seed (stream 0; other streams are free for other uses). */
export function studyOptimizer(spec: NormalizedStudy, sizes: readonly number[], warmStart?: WarmStart): Optimizer {
  return createOptimizer(spec.optimizer, {
    space: { sizes },
    rng: new Rng(deriveSeed(spec.seed, 0)),
    objectives: objectiveCount(spec.objective),
    warmStart,
  });
}

/**
 * An empty results store shaped for a study over a space with these value-set sizes; `capacity` rows are allocated
 * up front (e.g. the study budget, so streaming never pauses to grow the columns).
 */
export function studyStore(sizes: readonly number[], maxRows?: number, capacity?: number): ResultsStore<Metric> {
  return new ResultsStore({ dims: sizes.length, maxLevels: Math.max(...sizes), metrics: METRICS }, maxRows, capacity);
}

export interface StudyRunOptions {
  spec: StudySpec;
  sizes: readonly number[];
  executor: BatchExecutor;
  /** Existing results to replay (resume); default: a fresh store. */
  store?: ResultsStore<Metric>;
  warmStart?: WarmStart;
  /** Optimizer to drive instead of a local one (e.g. a remote one in a study worker). */
  optimizer?: { ask(n: number): Int32Array[] | Promise<Int32Array[]>; tell(b: Observation[]): void | Promise<void> };
  now?: () => number;
  onProgress?: (p: Progress) => void;
}

/** Wires spec, optimizer, executor and store into a runner (call `.run()`). */
export function createStudyRunner(o: StudyRunOptions): { runner: StudyRunner; store: ResultsStore<Metric> } {
  const spec = normalizeStudy(o.spec);
  const store = o.store ?? studyStore(o.sizes);
  const runner = new StudyRunner({
    dims: o.sizes.length,
    objective: spec.objective,
    constraints: spec.constraints,
    budget: spec.budget,
    batchSize: spec.batchSize,
    pipelineDepth: spec.pipelineDepth,
    optimizer: o.optimizer ?? studyOptimizer(spec, o.sizes, o.warmStart),
    executor: o.executor,
    store,
    now: o.now,
    onProgress: o.onProgress,
  });
  return { runner, store };
}

/** An executor that evaluates on the calling thread (tests, small CLI runs). */
export function inlineExecutor(evaluate: (codes: Int32Array, n: number) => EvalColumns): BatchExecutor {
  return { run: async (codes, n) => evaluate(codes, n) };
}

/** Best feasible row of a store (smallest objective), or −1. */
export function bestRow(store: ResultsStore<Metric>): number {
  const obj = store.metric('objective');
  const feas = store.feasible();
  let best = -1;
  for (let i = 0; i < store.length; i++) {
    if (feas[i] === 1 && (best < 0 || (obj[i] as number) < (obj[best] as number))) best = i;
  }
  return best;
}

/** A store's rows as a warm start for another study over the same template. */
export function warmStartFromStore(store: ResultsStore<Metric>): WarmStart {
  const obj = store.metric('objective');
  const sim = store.metric('simFeasible');
  const feas = store.feasible();
  return {
    points: Array.from({ length: store.length }, (_, i) => ({
      x: store.codesAt(i),
      y: obj[i] as number,
      feasible: feas[i] === 1,
      failed: sim[i] === 0,
    })),
  };
}

/** Observations in flat typed arrays (transferable): codes n × dims, f n × k, constraints n × c. */
export interface PackedObservations {
  n: number;
  k: number;
  /** Constraint values per observation (0 when the observations carry none). */
  c: number;
  codes: Int32Array;
  f: Float64Array;
  constraints: Float64Array;
  feasible: Uint8Array;
  /** 1 = ok, 0 = failed, 2 = not reported. */
  ok: Uint8Array;
  violation: Float64Array;
}

export function packObservations(obs: readonly Observation[], dims: number): PackedObservations {
  const n = obs.length;
  const k = obs[0]?.f.length ?? 1;
  const c = obs[0]?.constraints?.length ?? 0;
  const p: PackedObservations = {
    n,
    k,
    c,
    codes: new Int32Array(n * dims),
    f: new Float64Array(n * k),
    constraints: new Float64Array(n * c),
    feasible: new Uint8Array(n),
    ok: new Uint8Array(n),
    violation: new Float64Array(n),
  };
  obs.forEach((o, i) => {
    p.codes.set(o.x, i * dims);
    for (let j = 0; j < k; j++) p.f[i * k + j] = o.f[j] as number;
    for (let j = 0; j < c; j++) p.constraints[i * c + j] = o.constraints?.[j] ?? Number.NaN;
    p.feasible[i] = o.feasible ? 1 : 0;
    p.ok[i] = o.failed === undefined ? 2 : o.failed ? 0 : 1;
    p.violation[i] = o.violation;
  });
  return p;
}

export function unpackObservations(p: PackedObservations, dims: number): Observation[] {
  return Array.from({ length: p.n }, (_, i) => ({
    x: p.codes.slice(i * dims, (i + 1) * dims),
    f: Array.from(p.f.subarray(i * p.k, (i + 1) * p.k)),
    feasible: p.feasible[i] === 1,
    violation: p.violation[i] as number,
    ...(p.c > 0 ? { constraints: Array.from(p.constraints.subarray(i * p.c, (i + 1) * p.c)) } : {}),
    ...(p.ok[i] === 2 ? {} : { failed: p.ok[i] === 0 }),
  }));
}

/** A warm start in flat arrays: codes row-major, objective, feasibility, optional simulator failure flags. */
export interface PackedWarmStart {
  codes: Int32Array;
  y: Float64Array;
  feasible: Uint8Array;
  failed?: Uint8Array;
}

/** A warm start as flat arrays (for `startStudy` / the optimizer worker). */
export function packWarmStart(w: WarmStart): PackedWarmStart {
  const n = w.points.length;
  const dims = w.points[0]?.x.length ?? 0;
  const p: PackedWarmStart = {
    codes: new Int32Array(n * dims),
    y: new Float64Array(n),
    feasible: new Uint8Array(n),
    failed: new Uint8Array(n),
  };
  w.points.forEach((pt, i) => {
    p.codes.set(pt.x, i * dims);
    p.y[i] = pt.y;
    p.feasible[i] = pt.feasible ? 1 : 0;
    (p.failed as Uint8Array)[i] = pt.failed ? 1 : 0;
  });
  if (w.points.some((pt) => pt.failed === undefined)) delete p.failed;
  return p;
}

/**
 * Host side of an optimizer living in a worker (workers/study.worker.ts): flat, transferable
 * ask/tell. `ask` returns codes row-major n × dims.
 */
export function createOptimizerHost() {
  let opt: Optimizer | undefined;
  let dims = 0;
  return {
    init(spec: StudySpec, sizes: readonly number[], warm?: PackedWarmStart) {
      const s = normalizeStudy(spec);
      dims = sizes.length;
      const warmStart = warm
        ? {
            points: Array.from(warm.y, (y, i) => ({
              x: warm.codes.slice(i * dims, (i + 1) * dims),
              y,
              feasible: warm.feasible[i] === 1,
              ...(warm.failed ? { failed: warm.failed[i] === 1 } : {}),
            })),
          }
        : undefined;
      opt = studyOptimizer(s, sizes, warmStart);
    },
    ask(n: number): Int32Array {
      if (!opt) throw new Error('optimizer host: init first');
      const xs = opt.ask(n);
      const out = new Int32Array(n * dims);
      for (let i = 0; i < xs.length; i++) out.set(xs[i] as Int32Array, i * dims);
      return out;
    },
    tell(p: PackedObservations): void {
      if (!opt) throw new Error('optimizer host: init first');
      opt.tell(unpackObservations(p, dims));
    },
  };
}
